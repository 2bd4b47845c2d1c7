/* harness.c: the team of workers, its phases, pinning and the watchdog. */
#include "syncbench/harness.h"
#include "syncbench/log.h"
#include "syncbench/spin.h"
#include "prim/futex.h"
#include "syncbench/topo.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* The harness coordinates with C11 atomics and raw futexes only: no pthread mutex, condition
 * variable, rwlock or semaphore, so a broken system primitive under test cannot break it. */
static void word_wake(atomic_uint *word)
{
	sb_futex_wake(word, INT_MAX);
}

/* Add one to a counter and wake the controller waiting on it. Release: what the worker wrote
 * before (its figures) is visible to the controller that sees the count. */
static void word_count(atomic_uint *word)
{
	atomic_fetch_add_explicit(word, 1, memory_order_release);
	word_wake(word);
}

/* Wait until *word >= target, or deadline (CLOCK_MONOTONIC ns), or *stop: 0, -ETIMEDOUT or -EINTR.
 * Sleeps in the kernel, waking at least every 100 ms to look at stop. */
static int word_wait_count(atomic_uint *word, unsigned target, uint64_t deadline, const volatile int *stop)
{
	for (;;) {
		unsigned v = atomic_load_explicit(word, memory_order_acquire);
		if (v >= target)
			return 0;
		uint64_t now = sb_now_ns();
		if (now >= deadline)
			return -ETIMEDOUT;
		if (stop && *stop)
			return -EINTR;
		uint64_t left = deadline - now;
		if (left > 100000000ull)
			left = 100000000ull;
		struct timespec rel = { .tv_sec = 0, .tv_nsec = (long)left };
		sb_futex_wait(word, v, &rel);
	}
}

/* A worker waits for a flag to become nonzero (no deadline: the controller always sets it). */
static void word_wait_set(atomic_uint *word)
{
	unsigned v;
	while ((v = atomic_load_explicit(word, memory_order_acquire)) == 0)
		sb_futex_wait(word, 0, NULL);
}

typedef struct {
	sb_worker *w;
	sb_worker_fn fn;
} start_arg;

/* The case's release (it wakes blocked workers after the window) runs on a thread of its own,
 * waited for until the watchdog's deadline: it takes the primitive under test (a condition
 * variable's mutex), and a broken primitive can block it for ever (a condition variable whose
 * wait returns at once leaves a worker spinning with the mutex held). Called on the controller,
 * that would hang the whole run with no watchdog to see it. */
typedef struct {
	void (*fn)(void *shared);
	void *shared;
	atomic_uint done;
} release_arg;

static void *release_main(void *p)
{
	release_arg *a = p;
	a->fn(a->shared);
	word_count(&a->done);
	return NULL;
}

/* 0 when release returned by deadline (or a signal and one more second); -ETIMEDOUT when it is
 * still blocked: its thread and argument are leaked on purpose (they use the case's memory). */
static int release_bounded(void (*fn)(void *), void *shared, uint64_t deadline, const volatile int *stop)
{
	release_arg *a = malloc(sizeof *a);
	pthread_t th;
	if (a) {
		a->fn = fn;
		a->shared = shared;
		atomic_init(&a->done, 0);
	}
	if (!a || pthread_create(&th, NULL, release_main, a) != 0) {
		free(a); /* no thread to spare: release on the controller, unbounded as before */
		fn(shared);
		return 0;
	}
	int r = word_wait_count(&a->done, 1, deadline, stop);
	if (r == -EINTR)
		r = word_wait_count(&a->done, 1, sb_now_ns() + 1000000000ull, NULL);
	if (r) {
		pthread_detach(th);
		return -ETIMEDOUT;
	}
	pthread_join(th, NULL);
	free(a);
	return 0;
}

static double tv_s(struct timeval tv) { return (double)tv.tv_sec + (double)tv.tv_usec * 1e-6; }

void sb_worker_window_begin(sb_worker *w, uint64_t warm_ops)
{
	uint64_t now = sb_now_ns();
	w->warm_ops = warm_ops;
	/* Sample one operation in k, k a power of two chosen so that two clock reads per sample
	 * cost under 2% of the time: k >= 100 * clock cost / op cost, op cost from the warm-up. */
	uint64_t k = 64;
	if (warm_ops > 0 && now > w->t_ready) {
		double op_ns = (double)(now - w->t_ready) / (double)warm_ops;
		double need = 100.0 * (double)(w->timer_ns ? w->timer_ns : 20) / (op_ns > 0.1 ? op_ns : 0.1);
		k = 1;
		while ((double)k < need && k < (1u << 20))
			k <<= 1;
	}
	w->sample_mask = k - 1;
	struct rusage ru;
	getrusage(RUSAGE_THREAD, &ru);
	w->user_s = -tv_s(ru.ru_utime);
	w->sys_s = -tv_s(ru.ru_stime);
	w->vol_cs = -ru.ru_nvcsw;
	w->invol_cs = -ru.ru_nivcsw;
	w->t_begin = sb_now_ns();
}

void sb_worker_window_end(sb_worker *w, uint64_t ops)
{
	w->t_end = sb_now_ns();
	w->ops = ops;
	struct rusage ru;
	getrusage(RUSAGE_THREAD, &ru);
	w->user_s += tv_s(ru.ru_utime);
	w->sys_s += tv_s(ru.ru_stime);
	w->vol_cs += ru.ru_nvcsw;
	w->invol_cs += ru.ru_nivcsw;
}

void sb_worker_idle(sb_worker *w)
{
	const _Atomic int *phase = &w->team->phase;
	__atomic_store_n(&w->idle, 1, __ATOMIC_RELAXED); /* read by the controller in the window */
	while (sb_phase(phase) == SB_PHASE_WARMUP)
		sb_sleep_until_ns(sb_now_ns() + 1000000, NULL);
	sb_worker_window_begin(w, 0);
	while (sb_phase(phase) == SB_PHASE_MEASURE)
		sb_sleep_until_ns(sb_now_ns() + 1000000, NULL);
	sb_worker_window_end(w, 0);
}

/* The speed probe: a fixed chain of dependent multiply-adds (about 2-3 us), its fastest of five
 * timings. The same chain on the same CPU takes the same time unless the CPU runs at another
 * speed (frequency, a sibling thread, the host taking the core's time). */
#define SPEED_CHAIN 2048
static uint64_t speed_probe(void)
{
	uint64_t best = UINT64_MAX;
	for (int r = 0; r < 5; r++) {
		uint64_t x = (uint64_t)r + 1;
		uint64_t t0 = sb_now_ns();
		for (int i = 0; i < SPEED_CHAIN; i++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			__asm__ __volatile__("" : "+r"(x)); /* keep the chain: no folding, no vectorising */
		}
		uint64_t d = sb_now_ns() - t0;
		if (d < best)
			best = d;
	}
	return best;
}

/* The cache-line probe between workers 0 and 1: both arrive, then 64 round trips on one line
 * (worker 0 writes an odd value, worker 1 answers with the next even one). One-way transfer time
 * = the fastest of four batches / (2 x 16). Every wait is bounded (2 ms): two workers on one CPU,
 * or a partner that never comes, give NAN instead of a stall. */
#define C2C_BATCHES 4
#define C2C_TRIPS 16
#define C2C_WAIT_NS 2000000ull
static int spin_until(atomic_uint *word, unsigned want, uint64_t deadline)
{
	unsigned n = 0;
	while (atomic_load_explicit(word, memory_order_acquire) != want) {
		sb_cpu_relax();
		if ((++n & 255) == 0 && sb_now_ns() > deadline)
			return -1;
	}
	return 0;
}

static double c2c_probe(sb_team *t, int id, int round, uint64_t arrive_wait_ns)
{
	/* arrive: each sets its flag to round; both then see the other's */
	atomic_store_explicit(&t->probe_arrive[id], (unsigned)round, memory_order_release);
	if (spin_until(&t->probe_arrive[!id], (unsigned)round, sb_now_ns() + arrive_wait_ns))
		return NAN;
	uint64_t best = UINT64_MAX;
	unsigned base = (unsigned)round * 1000u;
	for (int b = 0; b < C2C_BATCHES; b++) {
		uint64_t t0 = sb_now_ns(), dl = t0 + C2C_WAIT_NS;
		for (unsigned i = 0; i < C2C_TRIPS; i++) {
			unsigned odd = base + (unsigned)(b * C2C_TRIPS) * 2u + 2u * i + 1u;
			if (id == 0) {
				atomic_store_explicit(&t->ping, odd, memory_order_release);
				if (spin_until(&t->ping, odd + 1, dl))
					return NAN;
			} else {
				if (spin_until(&t->ping, odd, dl))
					return NAN;
				atomic_store_explicit(&t->ping, odd + 1, memory_order_release);
			}
		}
		uint64_t d = sb_now_ns() - t0;
		if (d < best)
			best = d;
	}
	return (double)best / (2.0 * C2C_TRIPS);
}

static void *worker_main(void *p)
{
	start_arg *a = p;
	sb_worker *w = a->w;
	sb_team *t = w->team;
	char name[32];
	snprintf(name, sizeof name, "worker-%d", w->id);
	sb_log_set_thread_name(name);
	word_count(&t->ready);
	word_wait_set(&t->gate);
	if (t->o.probes && atomic_load_explicit(&t->phase, memory_order_relaxed) != SB_PHASE_STOP) {
		w->speed_before_ns = speed_probe();
		if (t->o.nthreads >= 2 && w->id < 2) {
			double c = c2c_probe(t, w->id, 1, 20000000ull);
			if (w->id == 0)
				t->c2c_before_ns = c;
		}
	}
	word_count(&t->probed);
	/* wait for the controller to start the warm-up (or to stop a team that could not start) */
	int ph;
	while ((ph = atomic_load_explicit(&t->phase, memory_order_acquire)) == SB_PHASE_INIT)
		syscall(SYS_futex, (int *)&t->phase, FUTEX_WAIT_PRIVATE, SB_PHASE_INIT, NULL, NULL, 0);
	w->t_ready = sb_now_ns();
	__atomic_store_n(&w->entered, 1, __ATOMIC_RELAXED); /* read by the controller in the window */
	if (ph != SB_PHASE_STOP)
		a->fn(w);
	if (t->o.probes && ph != SB_PHASE_STOP) {
		if (t->o.nthreads >= 2 && w->id < 2) {
			/* the partner may finish its loop later (a blocked worker woken by the release) */
			double c = c2c_probe(t, w->id, 2, 50000000ull);
			if (w->id == 0)
				t->c2c_after_ns = c;
		}
		w->speed_after_ns = speed_probe();
	}
	word_count(&t->finished);
	return NULL;
}

/* --- pinning: where each worker runs (syncbench/topo.h places them) ------------------------ */

int sb_cpu_order(enum sb_pin pin, int *cpus, int max)
{
	const sb_topo *topo = sb_topo_machine(NULL, 0);
	if (!topo)
		return -ENODEV;
	int m = topo->ncpus < max ? topo->ncpus : max;
	if (m < 1)
		return 0;
	sb_pin_spec spec = { .kind = pin == SB_PIN_SPREAD ? SB_PIN_SPREAD : SB_PIN_COMPACT };
	char err[160];
	return sb_topo_place(topo, &spec, m, cpus, err, sizeof err) ? -EINVAL : m;
}

/* cpus[i] = worker i's CPU for the team's policy; the relation of those CPUs into t->relation.
 * 0, or -errno with t->err set (a policy this machine cannot satisfy for n workers). */
static int place_workers(sb_team *t, const sb_team_opts *o, int n, int *cpus)
{
	char why[160];
	const sb_topo *topo = o->topo ? o->topo : sb_topo_machine(why, sizeof why);
	if (!topo) {
		snprintf(t->err, sizeof t->err, "cannot pin workers: %.130s", why);
		return -ENODEV;
	}
	sb_pin_spec spec = sb_pin_spec_make(o->pin, o->cpu_list, o->ncpu_list);
	if (sb_topo_place(topo, &spec, n, cpus, why, sizeof why)) {
		snprintf(t->err, sizeof t->err, "%.150s", why);
		return -EINVAL;
	}
	snprintf(t->relation, sizeof t->relation, "%s", sb_topo_relation(topo, cpus, n));
	return 0;
}

int sb_team_run(sb_team *t, const sb_team_opts *o, sb_worker_fn fn, void *shared)
{
	memset(t, 0, sizeof *t);
	t->o = *o;
	int n = o->nthreads;
	if (n < 1 || n > SB_MAX_THREADS) {
		snprintf(t->err, sizeof t->err, "thread count %d out of range 1..%d", n, SB_MAX_THREADS);
		return -EINVAL;
	}
	atomic_init(&t->phase, SB_PHASE_INIT);
	atomic_init(&t->ready, 0);
	atomic_init(&t->probed, 0);
	atomic_init(&t->finished, 0);
	atomic_init(&t->gate, 0);
	atomic_init(&t->ping, 0);
	atomic_init(&t->probe_arrive[0], 0);
	atomic_init(&t->probe_arrive[1], 0);
	t->c2c_before_ns = t->c2c_after_ns = NAN;
	t->workers = aligned_alloc(SB_CACHELINE, sizeof(sb_worker) * (size_t)n);
	pthread_t *th = calloc((size_t)n, sizeof *th);
	start_arg *args = calloc((size_t)n, sizeof *args);
	int *cpus = calloc(CPU_SETSIZE, sizeof *cpus);
	if (!t->workers || !th || !args || !cpus) {
		free(th); free(args); free(cpus);
		snprintf(t->err, sizeof t->err, "out of memory for %d workers", n);
		return -ENOMEM;
	}
	memset(t->workers, 0, sizeof(sb_worker) * (size_t)n);

	int ncpu = 0; /* workers pinned: all or none */
	if (o->pin != SB_PIN_NONE) {
		int prc = place_workers(t, o, n, cpus);
		if (prc) {
			free(th); free(args); free(cpus);
			free(t->workers); /* no thread exists yet: nothing can touch them */
			t->workers = NULL;
			return prc;
		}
		ncpu = n;
	}
	{
		cpu_set_t avail;
		int navail = 0;
		if (sched_getaffinity(0, sizeof avail, &avail) == 0)
			navail = CPU_COUNT(&avail);
		if (ncpu > 0) {
			cpu_set_t used;
			CPU_ZERO(&used);
			for (int i = 0; i < n; i++)
				CPU_SET(cpus[i], &used);
			t->cpus_used = CPU_COUNT(&used);
			t->oversubscribed = n > t->cpus_used;
		} else {
			t->cpus_used = navail;
			t->oversubscribed = n > navail;
		}
	}

	int created = 0, rc = 0;
	for (int i = 0; i < n; i++) {
		sb_worker *w = &t->workers[i];
		w->team = t;
		w->shared = shared;
		w->id = i;
		w->cpu = ncpu > 0 ? cpus[i] : -1;
		w->timer_ns = o->timer_ns;
		w->team_params = o->params;
		atomic_init(&w->progress, 0);
		sb_hist_init(&w->hist);
		args[i] = (start_arg){ .w = w, .fn = fn };
		pthread_attr_t attr;
		pthread_attr_init(&attr);
		if (w->cpu >= 0) {
			cpu_set_t one;
			CPU_ZERO(&one);
			CPU_SET(w->cpu, &one);
			pthread_attr_setaffinity_np(&attr, sizeof one, &one);
		}
		rc = pthread_create(&th[i], &attr, worker_main, &args[i]);
		pthread_attr_destroy(&attr);
		if (rc) {
			snprintf(t->err, sizeof t->err, "cannot create worker %d: %s", i, strerror(rc));
			break;
		}
		created++;
	}
	uint64_t startup = o->startup_ns ? o->startup_ns : 10000000000ull;
	int started = created == n &&
		      word_wait_count(&t->ready, (unsigned)created, sb_now_ns() + startup, o->interrupted) == 0;
	/* open the gate; the workers run their probes, then wait for the warm-up */
	atomic_store_explicit(&t->gate, 1, memory_order_release);
	word_wake(&t->gate);
	if (started)
		started = word_wait_count(&t->probed, (unsigned)n, sb_now_ns() + startup, o->interrupted) == 0;
	if (!started) {
		/* creation failed, or the workers did not start in time: stop them where they are */
		atomic_store_explicit(&t->phase, SB_PHASE_STOP, memory_order_release);
		syscall(SYS_futex, (int *)&t->phase, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
		int all = word_wait_count(&t->finished, (unsigned)created, sb_now_ns() + 1000000000ull, NULL) == 0;
		if (all) {
			for (int i = 0; i < created; i++)
				pthread_join(th[i], NULL);
		} else {
			t->hung = 1; /* the stuck threads still use the team: leaked on purpose */
		}
		if (!rc) {
			rc = o->interrupted && *o->interrupted ? EINTR : ETIMEDOUT;
			snprintf(t->err, sizeof t->err, "the workers did not start within %.1f s", (double)startup / 1e9);
			if (rc == EINTR) {
				t->interrupted = 1;
				snprintf(t->err, sizeof t->err, "interrupted while the workers started");
			}
		}
		free(th); free(args); free(cpus);
		return -rc;
	}

	/* release: the workers' reads of their options and the probes' results are ordered before */
	atomic_store_explicit(&t->phase, SB_PHASE_WARMUP, memory_order_release);
	syscall(SYS_futex, (int *)&t->phase, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
	uint64_t now = sb_now_ns();
	if (o->warmup_ns)
		sb_sleep_until_ns(now + o->warmup_ns, o->interrupted);
	t->t_begin = sb_now_ns();
	atomic_store_explicit(&t->phase, SB_PHASE_MEASURE, memory_order_relaxed);
	t->window_ns = o->duration_ns;
	sb_sleep_until_ns(t->t_begin + t->window_ns, o->interrupted);
	/* too few operations for a figure: double the window, up to max_window */
	while (o->max_window_ns && t->window_ns < o->max_window_ns && !(o->interrupted && *o->interrupted)) {
		uint64_t sum = 0, low = UINT64_MAX;
		int silent = 0; /* a loop that does not publish its progress cannot be judged */
		for (int i = 0; i < n; i++) {
			const sb_worker *w = &t->workers[i];
			uint64_t p = atomic_load_explicit(&w->progress, memory_order_relaxed);
			sum += p;
			int idle = __atomic_load_n(&w->idle, __ATOMIC_RELAXED);
			if (!idle && p < low)
				low = p;
			/* a worker in its function whose loop does not publish cannot be judged; one
			 * not yet scheduled since the warm-up began has done nothing yet: lengthen.
			 * (Relaxed reads of flags set once: a stale value costs one doubling at most.) */
			if (!idle && __atomic_load_n(&w->entered, __ATOMIC_RELAXED) &&
			    !__atomic_load_n(&w->publishes, __ATOMIC_RELAXED))
				silent = 1;
		}
		if (silent || (sum >= o->min_ops && (low == UINT64_MAX || low >= o->min_ops_per_worker)))
			break;
		t->window_ns = t->window_ns * 2 < o->max_window_ns ? t->window_ns * 2 : o->max_window_ns;
		t->lengthened++;
		sb_sleep_until_ns(t->t_begin + t->window_ns, o->interrupted);
	}
	atomic_store_explicit(&t->phase, SB_PHASE_STOP, memory_order_relaxed);
	t->t_end = sb_now_ns();
	if (o->interrupted && *o->interrupted)
		t->interrupted = 1;

	/* the watchdog: every worker reports it finished; a signal cuts the wait to one second */
	uint64_t wd = o->watchdog_ns ? o->watchdog_ns : 10000000000ull + o->duration_ns;
	uint64_t deadline = sb_now_ns() + wd;
	int release_blocked = o->release ? release_bounded(o->release, shared, deadline, o->interrupted) : 0;
	int r = release_blocked ? -ETIMEDOUT : word_wait_count(&t->finished, (unsigned)n, deadline, o->interrupted);
	if (r == -EINTR) {
		t->interrupted = 1;
		r = word_wait_count(&t->finished, (unsigned)n, sb_now_ns() + 1000000000ull, NULL);
	}
	if (r == -ETIMEDOUT && o->release && !release_blocked) {
		/* one more release and a short grace period before calling it hung */
		o->release(shared);
		r = word_wait_count(&t->finished, (unsigned)n, sb_now_ns() + 1000000000ull, NULL);
	}
	if (r == 0) {
		for (int i = 0; i < n; i++) {
			pthread_join(th[i], NULL); /* each has reported, so each returns at once */
			t->workers[i].joined = 1;
		}
	} else {
		/* join the ones that finished (their figures are final); the others are hung */
		int nhung = 0, first_hung = -1;
		for (int i = 0; i < n; i++) {
			if (pthread_tryjoin_np(th[i], NULL) == 0) {
				t->workers[i].joined = 1;
			} else {
				if (!nhung++)
					first_hung = i;
			}
		}
		if (nhung) {
			t->hung = 1;
			snprintf(t->err, sizeof t->err, "%s%d of %d workers (the first: worker %d) did not finish within %.1f s of the window's end",
				 release_blocked ? "the case's release blocked; " : "", nhung, n, first_hung, (double)wd / 1e9);
			/* the hung threads still use the team and the case's memory: both are leaked on purpose */
		}
	}
	if (release_blocked && !t->hung) {
		t->hung = 1; /* the blocked release still uses the case's memory */
		snprintf(t->err, sizeof t->err, "the case's release did not return within %.1f s of the window's end",
			 (double)wd / 1e9);
	}
	free(th); free(args); free(cpus);
	return 0;
}

void sb_team_free(sb_team *t)
{
	if (t->hung)
		return; /* hung workers may still touch it */
	free(t->workers);
	t->workers = NULL;
}
