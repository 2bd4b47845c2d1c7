/* syncbench/harness.h: runs one case on a team of worker threads.
 *
 * sb_team_run() creates N workers (always threads of their own, even for N = 1: glibc skips the
 * atomic in its mutex while a process has a single thread), pins them by policy, releases them
 * together from a barrier, lets them warm up, opens the measured window, closes it with a phase
 * flag, joins them under a watchdog and leaves per-thread figures in team->workers[].
 *
 * A worker function is the measured loop, instantiated per implementation (the primitive's
 * operations are static inline in it). It must follow this shape:
 *
 *     while (sb_phase(w) == SB_PHASE_WARMUP) { op; warm++; }
 *     sb_worker_window_begin(w, warm);          // rusage, sampling period, start time
 *     while (sb_phase(w) == SB_PHASE_MEASURE) { one timed op; w->sample_mask more ops; n += ... }
 *     sb_worker_window_end(w, n);
 *
 * syncbench/loop.h writes this loop once, in two forms: steady state (sb_loop_steady) and every
 * operation timed (sb_loop_timed).
 *
 * Nothing in the window allocates, logs or calls through a pointer. Per-thread state is on its own
 * cache lines. The team and its workers are owned by the caller of sb_team_run (sb_team_free).
 */
#ifndef SYNCBENCH_HARNESS_H
#define SYNCBENCH_HARNESS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "syncbench/clock.h"
#include "syncbench/hist.h"

enum { SB_PHASE_INIT = 0, SB_PHASE_WARMUP, SB_PHASE_MEASURE, SB_PHASE_STOP };

/* Pin policies (syncbench/topo.h says what each means and how it is placed). */
enum sb_pin { SB_PIN_NONE = 0, SB_PIN_COMPACT, SB_PIN_SPREAD, SB_PIN_LIST,
	      SB_PIN_SMT, SB_PIN_CORE, SB_PIN_LLC, SB_PIN_NUMA, SB_PIN_PACKAGE };

#define SB_MAX_THREADS 1024
#define SB_CACHELINE 64
#define SB_WORKER_LOCAL 256 /* bytes of per-thread scratch a case gets (sb_worker.local) */

typedef struct sb_team sb_team;
struct sb_case_params;
struct sb_counters;

typedef struct sb_worker {
	_Alignas(SB_CACHELINE) sb_team *team;
	void *shared;           /* the case's shared state */
	int id;                 /* 0 .. nthreads-1 */
	int cpu;                /* CPU it is pinned to, -1 if not pinned */
	uint64_t sample_mask;   /* sample when (n & sample_mask) == 0 */
	uint64_t timer_ns;      /* clock overhead to subtract from a sample, ns */
	const struct sb_case_params *team_params; /* the case's parameters (read-only) */
	/* results, written by the worker itself */
	uint64_t warm_ops, ops;  /* operations in warm-up and in the window */
	uint64_t read_ops, write_ops;
	uint64_t aux;            /* case-defined count (e.g. acquisitions seen by a check) */
	uint64_t t_ready, t_begin, t_end;
	uint64_t speed_before_ns, speed_after_ns; /* the speed probe on this worker's CPU (0: not run) */
	int idle;                /* sb_worker_idle: takes no part, does not count for the window's minimum */
	int publishes;           /* its loop publishes progress (syncbench/loop.h): the window may be lengthened */
	int entered;             /* the harness called its function (0: not yet scheduled since the warm-up began) */
	double user_s, sys_s;
	long vol_cs, invol_cs;
	char fail[120];          /* set by the worker on an invariant violation it saw itself */
	int joined;              /* set by the controller: the thread was joined (its figures are final) */
	_Alignas(SB_CACHELINE) volatile uint64_t priv;     /* a private counter on its own line */
	_Alignas(SB_CACHELINE) unsigned char local[SB_WORKER_LOCAL]; /* per-thread scratch for the case (a lock's thread context...) */
	_Alignas(SB_CACHELINE) _Atomic uint64_t progress; /* window operations so far, published per burst */
	_Alignas(SB_CACHELINE) sb_hist hist;
} sb_worker;

typedef void (*sb_worker_fn)(sb_worker *w);

typedef struct sb_team_opts {
	int nthreads;
	enum sb_pin pin;
	const int *cpu_list;     /* SB_PIN_LIST: the CPUs to use, in order (wrapped) */
	int ncpu_list;
	const struct sb_topo *topo; /* where to place the workers (NULL: this machine, loaded once) */
	uint64_t warmup_ns, duration_ns;
	uint64_t timer_ns;       /* clock overhead to subtract from samples */
	uint64_t watchdog_ns;    /* how long to wait for the join after the window (0: 10 s + duration) */
	void (*release)(void *shared); /* wakes anything a worker may be blocked on, after the window */
	const volatile int *interrupted; /* set by a signal handler: ends the window early */
	const struct sb_case_params *params; /* handed to every worker as team_params */
	struct sb_counters *counters; /* where the case's check leaves its counters (syncbench/case.h; NULL: nowhere) */
	uint64_t min_ops;        /* lengthen the window (doubling) until the workers did this many... */
	uint64_t min_ops_per_worker; /* ...and each taking part did this many, */
	uint64_t max_window_ns;  /* up to this window (0: never lengthen) */
	uint64_t startup_ns;     /* how long the workers may take to start (0: 10 s) */
	int probes;              /* run the speed and cache-line probes before and after the window */
} sb_team_opts;

struct sb_team {
	_Alignas(SB_CACHELINE) _Atomic int phase; /* read by every worker every burst; written 3 times */
	/* the harness's own coordination: counters and flags waited on with raw futexes, never with a
	 * primitive that a family measures (a broken system mutex must not break the harness) */
	_Alignas(SB_CACHELINE) atomic_uint ready, probed, finished, gate;
	_Alignas(SB_CACHELINE) atomic_uint ping;          /* the cache-line probe's line */
	_Alignas(SB_CACHELINE) atomic_uint probe_arrive[2];
	_Alignas(SB_CACHELINE) sb_team_opts o;
	sb_worker *workers;
	uint64_t t_begin, t_end; /* the controller's window: the wall time of the measurement */
	uint64_t window_ns;      /* the window asked for, after any lengthening */
	int lengthened;          /* times the window was doubled to reach the minimum of operations */
	double c2c_before_ns, c2c_after_ns; /* one-way cache-line transfer between workers 0 and 1 (NAN: none) */
	int cpus_used;           /* distinct CPUs the workers were pinned to (0: unpinned) */
	int oversubscribed;      /* more workers than CPUs */
	char relation[16];       /* closest relation of the workers' CPUs (sb_topo_relation; "" unpinned or 1 worker) */
	int hung;                /* a worker did not finish within the watchdog */
	int interrupted;         /* the window was cut short by a signal */
	char err[160];
};

/* Start the team, run the window, join. 0 on success (check team->hung), -errno if threads could
 * not be created (err says why). */
int sb_team_run(sb_team *t, const sb_team_opts *o, sb_worker_fn fn, void *shared);
void sb_team_free(sb_team *t);

static inline int sb_phase(const _Atomic int *phase)
{
	/* relaxed: the flag only says when to stop; the join orders the results */
	return atomic_load_explicit(phase, memory_order_relaxed);
}

void sb_worker_window_begin(sb_worker *w, uint64_t warm_ops);
void sb_worker_window_end(sb_worker *w, uint64_t ops);

/* A worker with nothing to do in this case (e.g. the odd one out of a pairing): sleeps through the
 * warm-up and the window in 1 ms steps and reports no operation (and is marked idle). */
void sb_worker_idle(sb_worker *w);

/* Publishes the window's operation count so far (the controller reads it to lengthen a window
 * that has too few). Relaxed: a progress report, ordered by nothing; once per burst. */
static inline void sb_worker_progress(sb_worker *w, uint64_t ops)
{
	atomic_store_explicit(&w->progress, ops, memory_order_relaxed);
}

/* A sampled latency, overhead subtracted. */
static inline void sb_worker_sample(sb_worker *w, uint64_t t0, uint64_t t1)
{
	uint64_t d = t1 - t0;
	sb_hist_record(&w->hist, d > w->timer_ns ? d - w->timer_ns : 0);
}

/* CPUs this process may run on, ordered by policy (compact: hyperthread siblings adjacent;
 * spread: one per core first, round-robin over packages, NUMA nodes and L3 domains), from this
 * machine's hwloc topology (syncbench/topo.h). Returns how many, or -errno. A team pinned by a
 * relation policy (smt, core, llc, numa, package) that the machine cannot satisfy is refused by
 * sb_team_run with -EINVAL and the reason in err. */
int sb_cpu_order(enum sb_pin pin, int *cpus, int max);

#endif
