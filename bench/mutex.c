/* bench/mutex.c: the mutex family on the steady-state loop of syncbench/loop.h, one worker function
 * per implementation, the lock's operations inlined (bench/mutex_op.h).
 *
 * Invariant checked while it runs: inside the critical section a plain (non-atomic) counter is
 * read, the critical-section delay runs, and the counter is written back plus one. If two threads
 * are ever inside together, an increment is lost, and at the end the counter no longer equals
 * the acquisitions the workers counted: the case is recorded "FAIL: mutual exclusion ...".
 * The null lock does the same work on a counter of its own thread (it has nothing to exclude). */
#include "bench/family.h"
#include "bench/mutex_op.h"
#include "prim/mutex_list.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

/* The worker of every implementation: its thread context in the worker's own space, then the
 * steady-state loop around the implementation's operation. */
static SB_ALWAYS_INLINE void mutex_run(sb_worker *w, void *lock, void *thread, sb_loop_op op)
{
	mutex_shared *sh = w->shared;
	mutex_ctx c = {
		.lock = lock,
		.thread = thread,
		.counter = sh->excludes ? &sh->counter : &w->priv,
		.cs_iters = w->team_params->cs_iters,
	};
	sb_loop_steady(w, op, &c, NULL);
}

#define MUTEX_WORKER(NAME, FLAGS)                                                                  \
	_Static_assert(sizeof(sb_mutex_##NAME##_thread) <= SB_WORKER_LOCAL, #NAME ": thread context too big"); \
	static void mutex_worker_##NAME(sb_worker *w)                                              \
	{                                                                                          \
		sb_mutex_##NAME *m = &((mutex_shared *)w->shared)->lock.NAME;                      \
		sb_mutex_##NAME##_thread *t = (sb_mutex_##NAME##_thread *)w->local;                \
		sb_mutex_##NAME##_thread_init(m, t, w->id);                                        \
		mutex_run(w, m, t, mutex_op_##NAME);                                               \
	}
SB_MUTEX_IMPLS(MUTEX_WORKER)
#undef MUTEX_WORKER

static mutex_shared *mutex_shared_new(int excludes)
{
	mutex_shared *sh = aligned_alloc(SB_CACHELINE, sizeof *sh);
	if (sh) {
		sh->counter = 0;
		sh->excludes = excludes;
	}
	return sh;
}

#define MUTEX_LIFE(NAME, FLAGS)                                                                    \
	static int mutex_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{                                                                                          \
		(void)p;                                                                           \
		mutex_shared *sh = mutex_shared_new(!((FLAGS) & SB_IMPL_NO_EXCLUSION));            \
		int r = sh ? sb_mutex_##NAME##_init(&sh->lock.NAME) : -ENOMEM;                     \
		return mutex_setup_done(sh, r, #NAME, out, err, errlen);                           \
	}                                                                                          \
	static void mutex_teardown_##NAME(void *shared)                                            \
	{                                                                                          \
		sb_mutex_##NAME##_destroy(&((mutex_shared *)shared)->lock.NAME);                   \
		free(shared);                                                                      \
	}

static int mutex_setup_done(mutex_shared *sh, int r, const char *name, void **out, char *err, size_t errlen)
{
	if (r) {
		snprintf(err, errlen, "cannot initialise the %s lock (errno %d)", name, -r);
		free(sh);
		return r;
	}
	*out = sh;
	return 0;
}
SB_MUTEX_IMPLS(MUTEX_LIFE)
#undef MUTEX_LIFE

static void mutex_check(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)p;
	mutex_shared *sh = shared;
	uint64_t acq = 0;
	for (int i = 0; i < t->o.nthreads; i++) {
		const sb_worker *w = &t->workers[i];
		uint64_t mine = w->warm_ops + w->ops;
		acq += mine;
		if (!sh->excludes && w->priv != mine) {
			snprintf(msg, len, "worker %d counted %" PRIu64 " of %" PRIu64 " operations", i, w->priv, mine);
			return;
		}
	}
	if (sh->excludes && sh->counter != acq)
		snprintf(msg, len, "mutual exclusion violated: counter %" PRIu64 " != %" PRIu64 " acquisitions (%" PRIu64 " lost)",
			 sh->counter, acq, acq > sh->counter ? acq - sh->counter : 0);
}

#define MUTEX_ROWS(NAME, FLAGS)                                                                    \
	{ .family = "mutex", .impl = #NAME, .scenario = "uncontended",                             \
	  .flags = SB_CASE_ONE_THREAD | SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS) |             \
		   (((FLAGS) & SB_IMPL_NO_EXCLUSION) ? SB_CASE_NULL_PROBE : 0u),                    \
	  .about = "one worker: lock, unlock; the cost with no other thread",                      \
	  .setup = mutex_setup_##NAME, .worker = mutex_worker_##NAME,                          \
	  .check = mutex_check, .teardown = mutex_teardown_##NAME },                               \
	{ .family = "mutex", .impl = #NAME, .scenario = "contended", .flags = SB_CASE_IMPL_FLAGS(FLAGS), \
	  .about = "N workers: lock, --cs busy loop, unlock, --think busy loop",                   \
	  .setup = mutex_setup_##NAME, .worker = mutex_worker_##NAME,                          \
	  .check = mutex_check, .teardown = mutex_teardown_##NAME },

static const sb_case mutex_cases[] = { SB_MUTEX_IMPLS(MUTEX_ROWS) };

const sb_family sb_family_mutex = { "mutex", mutex_cases, sizeof mutex_cases / sizeof mutex_cases[0] };
