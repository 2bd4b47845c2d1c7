/* bench/rlock.c: the recursive-lock family on the steady-state loop of syncbench/loop.h (the same
 * loop as mutex/IMPL/contended, so the two carry the same loop overhead), one worker function per
 * implementation and scenario, the lock's operations inlined (bench/rlock_op.h).
 *
 * An operation takes the lock D times (--depth), works on the protected counter at the innermost
 * level, and releases it D times; every unlock's return value is checked (a refused unlock is a
 * failure the worker records).
 *   nesting    one worker, depth swept: ops counts lock/unlock PAIRS (levels), so ns/op is the
 *              cost of one level; the latency sample is one whole nest.
 *   contended  N workers, depth 2, --cs inside the innermost level, --think outside: ops counts
 *              outermost acquisitions (a nest), as the mutex family counts lock/unlock.
 * Check after the join: the protected counter (a plain read, the delay, a write back plus one)
 * equals the nests the workers counted (mutual exclusion); the lock is free at the end (the
 * controller's trylock succeeds, and the levels it holds are 0 where the lock can tell). */
#include "bench/family.h"
#include "bench/rlock_op.h"
#include "prim/rlock_list.h"
#include "syncbench/loop.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

/* The worker of every implementation: the steady-state loop around one nest. The loop counts
 * nests (the check's figure, kept in w->aux); per_level turns them into levels afterwards, the
 * figure of the nesting scenario. */
static SB_ALWAYS_INLINE void rlock_run(sb_worker *w, void *lock, sb_loop_op op, const int per_level)
{
	rlock_shared *sh = w->shared;
	rlock_ctx c = {
		.lock = lock,
		.depth = sh->depth,
		.counter = &sh->counter,
		.cs_iters = w->team_params->cs_iters,
	};
	sb_loop_steady(w, op, &c, NULL);
	w->aux = w->warm_ops + w->ops;
	if (per_level) {
		w->warm_ops *= (uint64_t)c.depth;
		w->ops *= (uint64_t)c.depth;
	}
	if (c.bad)
		snprintf(w->fail, sizeof w->fail, "%" PRIu64 " unlocks refused to the owner", c.bad);
}

#define RLOCK_WORKERS(NAME, FLAGS)                                                                 \
	static void rlock_nest_worker_##NAME(sb_worker *w)                                         \
	{ rlock_run(w, &((rlock_shared *)w->shared)->lock.NAME, rlock_op_##NAME, 1); }             \
	static void rlock_worker_##NAME(sb_worker *w)                                              \
	{ rlock_run(w, &((rlock_shared *)w->shared)->lock.NAME, rlock_op_##NAME, 0); }
SB_RLOCK_IMPLS(RLOCK_WORKERS)
#undef RLOCK_WORKERS

static int rlock_setup_done(rlock_shared *sh, int r, const sb_case_params *p, const char *name, void **out,
			    char *err, size_t errlen)
{
	if (r) {
		snprintf(err, errlen, "cannot initialise the %s lock (errno %d)", name, -r);
		free(sh);
		return r;
	}
	sh->counter = 0;
	sh->depth = (int)sb_param(p, "depth", 1);
	*out = sh;
	return 0;
}

/* After the join, with the workers gone: the counter against the nests, then whether the lock is
 * free (trylock and unlock succeed, levels back to 0). */
static int rlock_check_counts(const rlock_shared *sh, const sb_team *t, char *msg, size_t len)
{
	uint64_t nests = 0;
	for (int i = 0; i < t->o.nthreads; i++)
		nests += t->workers[i].aux;
	if (sh->counter == nests)
		return 0;
	snprintf(msg, len, "mutual exclusion violated: counter %" PRIu64 " != %" PRIu64 " acquisitions (%" PRIu64 " lost)",
		 sh->counter, nests, nests > sh->counter ? nests - sh->counter : 0);
	return -1;
}

static void rlock_check_free(int trylock, int unlock, int levels, char *msg, size_t len)
{
	if (trylock)
		snprintf(msg, len, "the lock is still held after the join (trylock: errno %d)", -trylock);
	else if (unlock)
		snprintf(msg, len, "trylock then unlock by the same thread refused (errno %d)", -unlock);
	else if (levels > 0)
		snprintf(msg, len, "count %d, not 0, after the last unlock", levels);
}

#define RLOCK_LIFE(NAME, FLAGS)                                                                    \
	static int rlock_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{                                                                                          \
		long long depth = sb_param(p, "depth", 1);                                         \
		if (depth < 1 || depth > 1000000) {                                                \
			snprintf(err, errlen, "depth %lld out of range 1..1000000", depth);        \
			return -EINVAL;                                                            \
		}                                                                                  \
		rlock_shared *sh = aligned_alloc(SB_CACHELINE, sizeof *sh);                        \
		int r = sh ? sb_rlock_##NAME##_init(&sh->lock.NAME) : -ENOMEM;                     \
		return rlock_setup_done(sh, r, p, #NAME, out, err, errlen);                        \
	}                                                                                          \
	static void rlock_check_##NAME(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len) \
	{                                                                                          \
		sb_rlock_##NAME *l = &((rlock_shared *)shared)->lock.NAME;                         \
		(void)p;                                                                           \
		if (rlock_check_counts(shared, t, msg, len))                                       \
			return;                                                                    \
		int tr = sb_rlock_##NAME##_trylock(l), un = tr ? 0 : sb_rlock_##NAME##_unlock(l);  \
		rlock_check_free(tr, un, sb_rlock_##NAME##_levels(l), msg, len);                   \
	}                                                                                          \
	static void rlock_teardown_##NAME(void *shared)                                            \
	{                                                                                          \
		sb_rlock_##NAME##_destroy(&((rlock_shared *)shared)->lock.NAME);                   \
		free(shared);                                                                      \
	}
SB_RLOCK_IMPLS(RLOCK_LIFE)
#undef RLOCK_LIFE

#define RLOCK_ROWS(NAME, FLAGS)                                                                    \
	{ .family = "rlock", .impl = #NAME, .scenario = "nesting",                                 \
	  .flags = SB_CASE_ONE_THREAD | SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS),              \
	  .about = "one worker: lock D times, unlock D times; ns/op = one level",                 \
	  .sweep = "depth=1,8",                                                                    \
	  .setup = rlock_setup_##NAME, .worker = rlock_nest_worker_##NAME, .check = rlock_check_##NAME, \
	  .teardown = rlock_teardown_##NAME },                                                     \
	{ .family = "rlock", .impl = #NAME, .scenario = "contended",                               \
	  .flags = SB_CASE_MIN2 | SB_CASE_IMPL_FLAGS(FLAGS),                                       \
	  .about = "N workers: lock twice, --cs, unlock twice, --think; ns/op = one nest",         \
	  .sweep = "depth=2",                                                                      \
	  .setup = rlock_setup_##NAME, .worker = rlock_worker_##NAME, .check = rlock_check_##NAME, \
	  .teardown = rlock_teardown_##NAME },

static const sb_case rlock_cases[] = { SB_RLOCK_IMPLS(RLOCK_ROWS) };

const sb_family sb_family_rlock = { "rlock", rlock_cases, sizeof rlock_cases / sizeof rlock_cases[0] };
