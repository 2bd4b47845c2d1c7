/* bench/gbench/mutex.c: every mutex of src/prim/mutex_list.h under google-benchmark.
 *   mutex/IMPL/uncontended            one thread
 *   mutex/IMPL/contended/threads:N    N = 1, 2, 4 .. max_threads threads on one lock
 * One loop, instantiated per implementation from the list (the lock's operations are inlined into
 * it); it runs what sb_gb_keep_running_batch hands out with no call between operations. The
 * operation is the suite's mutex_op_IMPL (bench/mutex_op.h, no --cs): lock, read a volatile counter,
 * write it back plus one, unlock. The counter is shared, so a lock that lets two threads in loses
 * increments: the last thread out compares it with the iterations run and fails the run if they
 * differ (the broken lock races on purpose, as in the suite: ThreadSanitizer reports it). The null
 * lock (excludes = 0) increments a counter of its own thread instead. The lock and the counter are
 * the suite's own mutex/IMPL/uncontended state (its setup, run at registration), as its workers see it.
 * google-benchmark runs a fixed iteration count, estimated from the previous run, and has no
 * watchdog: with more threads than CPUs a FIFO spinlock (ticket, MCS) hands the lock to a preempted
 * waiter and waits for the scheduler at every handoff, so a run estimated at a second can take
 * hours. Multi-threaded runs therefore read the clock every GB_MUTEX_CHUNK operations and end
 * with an error past o->run_limit_s (the suite's own harness measures a time window instead). */
#include "gbench_cases.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#include "bench/mutex_op.h"
#include "prim/mutex_list.h"
#include "syncbench/clock.h"
#include "syncbench/gbench.h"

/* The run limit, and the tally of the run that is going on (google-benchmark runs one benchmark at
 * a time; thread 0 resets the tally when a run starts). */
struct gb_mutex_cfg {
	uint64_t limit_ns;      /* longest wall time of one multi-threaded run */
	_Alignas(64) _Atomic uint64_t iters; /* iterations of the threads done so far */
	_Atomic int finished;
};
static struct gb_mutex_cfg gb_mutex_cfg;

#define GB_MUTEX_CHUNK 256      /* operations between two clock reads (multi-threaded runs) */

/* Ends this thread's run with an error once it has run longer than the limit. */
static inline void gb_mutex_deadline(sb_gb_state *st, const struct gb_mutex_cfg *cfg, uint64_t *deadline)
{
	uint64_t now = sb_now_ns();
	if (!*deadline) {
		*deadline = now + cfg->limit_ns;
	} else if (now > *deadline) {
		char msg[160];
		snprintf(msg, sizeof msg, "run exceeded %.0f s (--run-limit): a convoy of preempted waiters?",
			 (double)cfg->limit_ns / 1e9);
		sb_gb_skip_with_error(st, msg);
	}
}

static void gb_mutex_check(sb_gb_state *st, uint64_t count, uint64_t iters);

#define GB_MUTEX_CASE(IMPL, FLAGS)                                                                 \
	static void gb_##IMPL##_run(sb_gb_state *st, void *arg)                                     \
	{                                                                                           \
		enum { EXCLUDES = !((FLAGS) & SB_IMPL_NO_EXCLUSION) };                              \
		mutex_shared *sh = arg;                                                             \
		struct gb_mutex_cfg *cfg = &gb_mutex_cfg;                                           \
		sb_mutex_##IMPL##_thread th;                                                        \
		sb_mutex_##IMPL##_thread_init(&sh->lock.IMPL, &th, sb_gb_thread_index(st));         \
		volatile uint64_t mine = 0;                                                         \
		const mutex_ctx c = { .lock = &sh->lock.IMPL, .thread = &th,                        \
				      .counter = EXCLUDES ? &sh->counter : &mine };                 \
		int64_t n;                                                                          \
		/* thread 0 resets; the loop's start barrier orders this before every thread's loop */ \
		if (sb_gb_thread_index(st) == 0) {                                                  \
			/* a fresh lock: a queue lock (CLH) keeps a node of the last run, on a stack  \
			 * that is gone */                                                          \
			sb_mutex_##IMPL##_destroy(&sh->lock.IMPL);                                  \
			sb_mutex_##IMPL##_init(&sh->lock.IMPL);                                     \
			sh->counter = 0;                                                            \
			atomic_store_explicit(&cfg->iters, 0, memory_order_relaxed);                \
			atomic_store_explicit(&cfg->finished, 0, memory_order_relaxed);             \
		}                                                                                   \
		if (sb_gb_threads_count(st) == 1) {                                                 \
			while ((n = sb_gb_keep_running_batch(st, 0)) > 0)                           \
				for (int64_t i = 0; i < n; i++)                                     \
					mutex_op_##IMPL((void *)&c, 0);                            \
		} else {                                                                            \
			/* google-benchmark runs a fixed count: bound its wall time (see above) */   \
			uint64_t deadline = 0;                                                      \
			while ((n = sb_gb_keep_running_batch(st, GB_MUTEX_CHUNK)) > 0) {             \
				for (int64_t i = 0; i < n; i++)                                     \
					mutex_op_##IMPL((void *)&c, 0);                            \
				gb_mutex_deadline(st, cfg, &deadline);                              \
			}                                                                           \
		}                                                                                   \
		uint64_t k = (uint64_t)sb_gb_iterations(st);                                        \
		if (!EXCLUDES) {                                                                    \
			if (mine != k)                                                              \
				sb_gb_skip_with_error(st, "null lock: lost a thread's own count");  \
			return;                                                                     \
		}                                                                                   \
		atomic_fetch_add_explicit(&cfg->iters, k, memory_order_relaxed);                    \
		/* acq_rel: the last thread out sees every thread's count and iterations */        \
		if (atomic_fetch_add_explicit(&cfg->finished, 1, memory_order_acq_rel) ==           \
		    sb_gb_threads_count(st) - 1)                                                    \
			gb_mutex_check(st, sh->counter,                                             \
				       atomic_load_explicit(&cfg->iters, memory_order_relaxed));    \
	}

static void gb_mutex_check(sb_gb_state *st, uint64_t count, uint64_t iters)
{
	char msg[128];
	if (count == iters)
		return;
	snprintf(msg, sizeof msg, "mutual exclusion violated: counter %llu != %llu acquisitions (%llu lost)",
		 (unsigned long long)count, (unsigned long long)iters,
		 (unsigned long long)(iters > count ? iters - count : 0));
	sb_gb_skip_with_error(st, msg);
}

SB_MUTEX_IMPLS(GB_MUTEX_CASE)
#undef GB_MUTEX_CASE

int sb_gbench_mutex_register(const sb_gbench_opts *o, char *err, size_t len)
{
	gb_mutex_cfg.limit_ns = (uint64_t)(o->run_limit_s * 1e9);
#define GB_MUTEX_ROW(IMPL, FLAGS)                                                                  \
	{ .family = "mutex", .impl = #IMPL, .impl_flags = (FLAGS), .fn = gb_##IMPL##_run,          \
	  .suite = "uncontended", .contended = true },
	static const sb_gbench_case rows[] = { SB_MUTEX_IMPLS(GB_MUTEX_ROW) };
#undef GB_MUTEX_ROW
	return sb_gbench_add(o, rows, sizeof rows / sizeof rows[0], err, len);
}
