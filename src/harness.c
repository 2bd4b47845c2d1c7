/* harness.c: the team of workers, its phases, pinning and the watchdog. */
#include "syncbench/harness.h"
#include "syncbench/log.h"
#include "syncbench/topo.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* The start gate: workers check in, the controller opens it for all at once. */
typedef struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int ready, open;
} gate;

typedef struct {
	sb_worker *w;
	sb_worker_fn fn;
	gate *g;
} start_arg;

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
	while (sb_phase(phase) == SB_PHASE_WARMUP)
		sb_sleep_until_ns(sb_now_ns() + 1000000, NULL);
	sb_worker_window_begin(w, 0);
	while (sb_phase(phase) == SB_PHASE_MEASURE)
		sb_sleep_until_ns(sb_now_ns() + 1000000, NULL);
	sb_worker_window_end(w, 0);
}

static void *worker_main(void *p)
{
	start_arg *a = p;
	sb_worker *w = a->w;
	char name[32];
	snprintf(name, sizeof name, "worker-%d", w->id);
	sb_log_set_thread_name(name);
	pthread_mutex_lock(&a->g->mu);
	a->g->ready++;
	pthread_cond_broadcast(&a->g->cv);
	while (!a->g->open)
		pthread_cond_wait(&a->g->cv, &a->g->mu);
	pthread_mutex_unlock(&a->g->mu);
	w->t_ready = sb_now_ns();
	a->fn(w);
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
	sb_pin_spec spec = { .kind = o->pin };
	if (o->pin == SB_PIN_LIST) {
		spec.ncpus = o->ncpu_list < SB_PIN_MAX_CPUS ? o->ncpu_list : SB_PIN_MAX_CPUS;
		memcpy(spec.cpus, o->cpu_list, sizeof(int) * (size_t)spec.ncpus);
	}
	if (sb_topo_place(topo, &spec, n, cpus, why, sizeof why)) {
		snprintf(t->err, sizeof t->err, "%.150s", why);
		return -EINVAL;
	}
	snprintf(t->relation, sizeof t->relation, "%s", sb_topo_relation(topo, cpus, n));
	return 0;
}

static int join_until(pthread_t th, uint64_t deadline_ns)
{
	/* pthread_timedjoin_np measures against CLOCK_REALTIME: convert the remaining time */
	uint64_t now = sb_now_ns();
	uint64_t left = deadline_ns > now ? deadline_ns - now : 0;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t abs = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec + left;
	ts.tv_sec = (time_t)(abs / 1000000000u);
	ts.tv_nsec = (long)(abs % 1000000000u);
	return pthread_timedjoin_np(th, NULL, &ts);
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

	gate g = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };
	int created = 0, rc = 0;
	for (int i = 0; i < n; i++) {
		sb_worker *w = &t->workers[i];
		w->team = t;
		w->shared = shared;
		w->id = i;
		w->cpu = ncpu > 0 ? cpus[i] : -1;
		w->timer_ns = o->timer_ns;
		w->team_params = o->params;
		sb_hist_init(&w->hist);
		args[i] = (start_arg){ .w = w, .fn = fn, .g = &g };
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
	/* all created workers check in; then the gate opens for all of them at once (if creation
	 * failed, the phase is already STOP and they fall through their loops) */
	atomic_store_explicit(&t->phase, created < n ? SB_PHASE_STOP : SB_PHASE_WARMUP, memory_order_relaxed);
	pthread_mutex_lock(&g.mu);
	while (g.ready < created)
		pthread_cond_wait(&g.cv, &g.mu);
	g.open = 1;
	pthread_cond_broadcast(&g.cv);
	pthread_mutex_unlock(&g.mu);
	if (created < n) {
		for (int i = 0; i < created; i++)
			pthread_join(th[i], NULL);
		free(th); free(args); free(cpus);
		return -rc;
	}

	uint64_t now = sb_now_ns();
	if (o->warmup_ns)
		sb_sleep_until_ns(now + o->warmup_ns, o->interrupted);
	t->t_begin = sb_now_ns();
	atomic_store_explicit(&t->phase, SB_PHASE_MEASURE, memory_order_relaxed);
	sb_sleep_until_ns(t->t_begin + o->duration_ns, o->interrupted);
	atomic_store_explicit(&t->phase, SB_PHASE_STOP, memory_order_relaxed);
	t->t_end = sb_now_ns();
	if (o->interrupted && *o->interrupted)
		t->interrupted = 1;
	if (o->release)
		o->release(shared);

	uint64_t wd = o->watchdog_ns ? o->watchdog_ns : 10000000000ull + o->duration_ns;
	uint64_t deadline = sb_now_ns() + wd;
	int nhung = 0, first_hung = -1;
	for (int i = 0; i < n; i++) {
		/* after the first hung worker, the others get a short wait: the ones that finished
		 * are still joined, so reading their figures is ordered after their writes */
		int r = join_until(th[i], nhung ? sb_now_ns() + 100000000ull : deadline);
		if (r == ETIMEDOUT && !nhung) {
			/* one more release and a short grace period before calling it hung */
			if (o->release)
				o->release(shared);
			r = join_until(th[i], sb_now_ns() + 1000000000ull);
		}
		if (r) {
			if (!nhung++)
				first_hung = i;
			continue;
		}
		t->workers[i].joined = 1;
	}
	if (nhung) {
		t->hung = 1;
		snprintf(t->err, sizeof t->err, "%d of %d workers (the first: worker %d) did not finish within %.1f s of the window's end",
			 nhung, n, first_hung, (double)wd / 1e9);
		/* the hung threads still use the team and the case's memory: both are leaked on purpose */
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
