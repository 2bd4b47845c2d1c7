/* bench/semaphore.c: the semaphore family on the loops of syncbench/loop.h, one worker function
 * per implementation and scenario, the semaphore's operations inlined.
 *
 * pool (--permits K): N workers share K slots, the connection-pool use, on the steady-state loop:
 *   wait; inside += 1 (must stay <= K); --cs; inside -= 1; post; --think (bench/semaphore_op.h).
 *   ns/op is one wait..post; the latency sample is one wait..post. Check: never more than K
 *   inside (each worker counts what it saw), and all K permits back at the end. uncontended is
 *   the pool with one worker and one permit.
 * pingpong: the workers pass one turn around a ring of semaphores (worker i waits on sem[i], then
 *   posts sem[i+1]); with two workers it is a ping-pong. A pass is an operation, on the
 *   every-operation-timed loop, so ns/op is one full round of the ring (the round trip, for two).
 *   Worker 0 times its passes: the time from one of its passes to the next is one round of the
 *   ring (the round trip costs microseconds, two clock reads do not bend it; the figure IS this
 *   latency); the others take part untimed. Check: every worker finds the turn is its own (a turn
 *   word each passer sets for the next), and the workers' pass counts differ by at most one.
 * Release (end of the window): every ring semaphore gets one post, so a worker asleep in wait
 * wakes, sees the phase and leaves. The pool needs none: every holder posts before it leaves. */
#include "bench/family.h"
#include "bench/semaphore_op.h"
#include "prim/semaphore_list.h"
#include "syncbench/loop.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

/* The pool's worker of every implementation: the steady-state loop around wait..post. */
static SB_ALWAYS_INLINE void sem_pool_run(sb_worker *w, void *sem, sb_loop_op op)
{
	sem_shared *sh = w->shared;
	sem_pool_ctx c = {
		.sem = sem,
		.inside = &sh->inside,
		.permits = (unsigned)sh->permits,
		.cs_iters = w->team_params->cs_iters,
	};
	sb_loop_steady(w, op, &c, NULL);
	if (c.over)
		snprintf(w->fail, sizeof w->fail, "more than %u permits in use: seen %" PRIu64 " times", c.permits,
			 c.over);
}

/* One worker's place in the ring: the semaphore it waits on, its neighbour's, the turn word. */
typedef struct sem_ring_ctx {
	void *me, *next;          /* sb_sem_IMPL: this worker's and the next worker's */
	atomic_int *turn;
	const _Atomic int *phase;
	int id, next_id;
	uint64_t wrong;           /* passes that found the turn was not this worker's */
} sem_ring_ctx;

/* Between the wait and the post of a pass: leave (0) if the release woke us at the end, else
 * check the turn is ours and give it to the next worker. Relaxed: the semaphores order the
 * passes. */
static SB_ALWAYS_INLINE int sem_ring_turn(sem_ring_ctx *c)
{
	if (sb_phase(c->phase) == SB_PHASE_STOP)
		return 0;
	c->wrong += atomic_load_explicit(c->turn, memory_order_relaxed) != c->id;
	atomic_store_explicit(c->turn, c->next_id, memory_order_relaxed);
	return 1;
}

#define SEM_RING_OP_DEFINE(NAME, FLAGS)                          \
	static SB_ALWAYS_INLINE int sem_ring_op_##NAME(void *ctx) \
	{                                                        \
		sem_ring_ctx *c = ctx;                           \
		sb_sem_##NAME##_wait(c->me);                     \
		if (!sem_ring_turn(c))                           \
			return 0;                                \
		sb_sem_##NAME##_post(c->next);                   \
		return 1;                                        \
	}
SB_SEM_IMPLS(SEM_RING_OP_DEFINE)
#undef SEM_RING_OP_DEFINE

/* The ring's worker of every implementation: every pass on the every-operation-timed loop,
 * worker 0 timed, the others untimed. */
static SB_ALWAYS_INLINE void sem_ring_run(sb_worker *w, void *me, void *next, int next_id, sb_loop_timed_op op)
{
	sem_shared *sh = w->shared;
	sem_ring_ctx c = {
		.me = me,
		.next = next,
		.turn = &sh->turn,
		.phase = &w->team->phase,
		.id = w->id,
		.next_id = next_id,
	};
	if (w->id == 0)
		sb_loop_timed(w, op, &c, 1, 0);
	else
		sb_loop_timed(w, op, &c, 0, 0);
	if (c.wrong)
		snprintf(w->fail, sizeof w->fail, "ran out of turn %" PRIu64 " times", c.wrong);
}

#define SEM_WORKERS(NAME, FLAGS)                                                                   \
	static void sem_pool_worker_##NAME(sb_worker *w)                                           \
	{                                                                                          \
		sem_pool_run(w, &((sem_shared *)w->shared)->sem[0].s.NAME, sem_pool_op_##NAME);    \
	}                                                                                          \
	static void sem_ring_worker_##NAME(sb_worker *w)                                           \
	{                                                                                          \
		sem_shared *sh = w->shared;                                                        \
		int nid = (w->id + 1) % sh->nsem;                                                  \
		sem_ring_run(w, &sh->sem[w->id].s.NAME, &sh->sem[nid].s.NAME, nid, sem_ring_op_##NAME); \
	}
SB_SEM_IMPLS(SEM_WORKERS)
#undef SEM_WORKERS

typedef int (*sem_init_fn)(sem_slot *slot, unsigned value);
typedef void (*sem_destroy_fn)(sem_slot *slot);

/* The shared state of a pool (ring = 0: one semaphore with --permits) or a ring (one semaphore
 * per worker, the turn at worker 0), initialised with the implementation's init. */
static int sem_setup(const sb_case_params *p, int ring, sem_init_fn init, sem_destroy_fn destroy,
		     const char *name, void **out, char *err, size_t errlen)
{
	int nsem = ring ? p->threads : 1;
	long long k = ring ? 1 : sb_param(p, "permits", 1);
	if (k < 1 || k > 1000000) {
		snprintf(err, errlen, "permits %lld out of range 1..1000000", k);
		return -EINVAL;
	}
	size_t sz = sizeof(sem_shared) + sizeof(sem_slot) * (size_t)nsem;
	sem_shared *sh = aligned_alloc(SB_CACHELINE, (sz + SB_CACHELINE - 1) / SB_CACHELINE * SB_CACHELINE);
	if (!sh)
		return -ENOMEM;
	for (int i = 0; i < nsem; i++) {
		int r = init(&sh->sem[i], ring ? (i == 0) : (unsigned)k);
		if (r) {
			snprintf(err, errlen, "cannot initialise the %s semaphore (errno %d)", name, -r);
			while (i--)
				destroy(&sh->sem[i]);
			free(sh);
			return r;
		}
	}
	atomic_init(&sh->inside, 0);
	atomic_init(&sh->turn, 0);
	sh->nsem = nsem;
	sh->permits = (int)k;
	*out = sh;
	return 0;
}

static void pool_check_value(const sem_shared *sh, int value, char *msg, size_t len)
{
	unsigned in = atomic_load_explicit(&sh->inside, memory_order_relaxed);
	if (value != sh->permits)
		snprintf(msg, len, "%d of %d permits back at the end", value, sh->permits);
	else if (in != 0)
		snprintf(msg, len, "%u workers still counted inside after the join", in);
}

/* Setup, checks, release and teardown of every implementation: its own calls, no table. */
#define SEM_LIFE(NAME, FLAGS)                                                                      \
	static int sem_init_##NAME(sem_slot *x, unsigned v) { return sb_sem_##NAME##_init(&x->s.NAME, v); } \
	static void sem_destroy_##NAME(sem_slot *x) { sb_sem_##NAME##_destroy(&x->s.NAME); }       \
	static int pool_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{ return sem_setup(p, 0, sem_init_##NAME, sem_destroy_##NAME, #NAME, out, err, errlen); }  \
	static int ring_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{ return sem_setup(p, 1, sem_init_##NAME, sem_destroy_##NAME, #NAME, out, err, errlen); }  \
	static void pool_check_##NAME(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len) \
	{                                                                                          \
		sem_shared *sh = shared;                                                           \
		(void)p, (void)t;                                                                  \
		pool_check_value(sh, sb_sem_##NAME##_value(&sh->sem[0].s.NAME), msg, len);         \
	}                                                                                          \
	static void sem_release_##NAME(void *shared)                                               \
	{                                                                                          \
		sem_shared *sh = shared;                                                           \
		for (int i = 0; i < sh->nsem; i++)                                                 \
			sb_sem_##NAME##_post(&sh->sem[i].s.NAME);                                  \
	}                                                                                          \
	static void sem_teardown_##NAME(void *shared)                                              \
	{                                                                                          \
		sem_shared *sh = shared;                                                           \
		for (int i = 0; i < sh->nsem; i++)                                                 \
			sb_sem_##NAME##_destroy(&sh->sem[i].s.NAME);                               \
		free(sh);                                                                          \
	}
SB_SEM_IMPLS(SEM_LIFE)
#undef SEM_LIFE

static void ring_check(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)p;
	(void)shared;
	uint64_t lo = UINT64_MAX, hi = 0;
	for (int i = 0; i < t->o.nthreads; i++) {
		uint64_t x = t->workers[i].aux; /* every pass, warm-up included (sb_loop_timed) */
		lo = x < lo ? x : lo;
		hi = x > hi ? x : hi;
	}
	if (hi - lo > 1)
		snprintf(msg, len, "turns lost or duplicated: passes per worker range %" PRIu64 "..%" PRIu64, lo, hi);
}

#define SEM_ROWS(NAME, FLAGS)                                                                      \
	{ .family = "semaphore", .impl = #NAME, .scenario = "uncontended",                         \
	  .flags = SB_CASE_ONE_THREAD | SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS),              \
	  .about = "one worker: wait, post on a semaphore with one permit",                        \
	  .sweep = "permits=1",                                                                    \
	  .setup = pool_setup_##NAME, .worker = sem_pool_worker_##NAME, .check = pool_check_##NAME, \
	  .teardown = sem_teardown_##NAME },                                                       \
	{ .family = "semaphore", .impl = #NAME, .scenario = "pool",                                \
	  .flags = SB_CASE_MIN2 | SB_CASE_IMPL_FLAGS(FLAGS),                                       \
	  .about = "N workers share K permits: wait, --cs, post, --think; never more than K inside", \
	  .sweep = "permits=1,2",                                                                  \
	  .setup = pool_setup_##NAME, .worker = sem_pool_worker_##NAME, .check = pool_check_##NAME, \
	  .teardown = sem_teardown_##NAME },                                                       \
	{ .family = "semaphore", .impl = #NAME, .scenario = "pingpong",                            \
	  .flags = SB_CASE_MIN2 | SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS),                    \
	  .about = "a turn passed around a ring of N workers (2: ping-pong); ns/op = one round trip", \
	  .setup = ring_setup_##NAME, .worker = sem_ring_worker_##NAME, .check = ring_check,       \
	  .release = sem_release_##NAME, .teardown = sem_teardown_##NAME },

static const sb_case sem_cases[] = { SB_SEM_IMPLS(SEM_ROWS) };

const sb_family sb_family_semaphore = { "semaphore", sem_cases, sizeof sem_cases / sizeof sem_cases[0] };
