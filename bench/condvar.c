/* bench/condvar.c: the condition-variable family (a mutex and its condition variables) on the
 * loops of syncbench/loop.h, one worker function per implementation and scenario, the calls
 * inlined (bench/condvar_op.h).
 *
 * uncontended: one worker, condvar_op_IMPL on the steady-state loop (lock, count, signal with no
 *   waiter, unlock). Check: the count kept under the mutex equals the operations.
 * pingpong: workers 2k and 2k+1 take turns, on the every-operation-timed loop: under the mutex, a
 *   turn variable says whose turn it is; each waits on the condition variable until it is its
 *   own, hands it over and signals. Worker 2k times every round trip (from one of its turns to
 *   the next; the figure is that latency); both count their turns, so ns_per_op = one round
 *   trip. Check: the turns counted by the two match the hand-overs counted under the mutex.
 *   Not run for a mutex that does not exclude (SB_IMPL_NO_EXCLUSION): its check cannot catch it.
 * prodcons: a bounded buffer (capacity `capacity`, default 16) under the mutex with two condition
 *   variables (not_full, not_empty), on the steady-state loop (one operation in a burst timed);
 *   the first `producers` workers (default half) put items, the others take them; `broadcast=1`
 *   wakes with pthread_cond_broadcast instead of _signal (a worker of its own: no branch on it per
 *   operation). Puts are write_ops, takes read_ops. Checks: a put that finds the buffer over
 *   capacity is a FAIL; after the join, the items put = items taken + items left, and so do the
 *   sums of their distinct values (each item is put once and taken once).
 *
 * Blocking: `release` sets stop under the mutex and broadcasts every condition variable; every
 * wait loop re-tests stop, and an operation that finds it set does nothing (the steady-state loop
 * then ends at its next look at the phase: the few operations of that burst are counted but do
 * nothing; the checks count items, not operations). The negative control `broken` has a mutex
 * that does not exclude. */
#include "bench/condvar_op.h"
#include "bench/family.h"
#include "prim/condvar_list.h"
#include "syncbench/loop.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A worker's items put or taken, and the sum of their values: in its w->local, read by the check
 * after the join. */
typedef struct cv_tally {
	uint64_t items, sum;
} cv_tally;
_Static_assert(sizeof(cv_tally) <= SB_WORKER_LOCAL, "tally too big");

/* --- uncontended ----------------------------------------------------------------------------- */

static SB_ALWAYS_INLINE void condvar_uncontended_run(sb_worker *w, sb_loop_op op)
{
	cv_group *g = ((condvar_shared *)w->shared)->g;
	condvar_ctx c = { .mutex = &g->m, .cond = &g->c[0], .signals = &g->signals };
	sb_loop_steady(w, op, &c, NULL);
}

/* --- pingpong -------------------------------------------------------------------------------- */

typedef struct pp_ctx {
	cv_group *g;
	int me; /* 0 or 1: the turn this worker waits for */
} pp_ctx;

static inline int cv_stopped(cv_group *g)
{
	/* relaxed: written under the mutex, read under it */
	return atomic_load_explicit(&g->stop, memory_order_relaxed);
}

/* Wait for turn `me`, hand the turn to the other; 0 when stopped. */
static SB_ALWAYS_INLINE int cv_turn(pp_ctx *c, const condvar_calls cv)
{
	cv_group *g = c->g;
	cv.lock(&g->m);
	while (g->turn != c->me && !cv_stopped(g))
		cv.wait(&g->c[0], &g->m);
	int go = !cv_stopped(g);
	if (go) {
		g->turn = !c->me;
		g->passes++;
		cv.signal(&g->c[0]);
	}
	cv.unlock(&g->m);
	return go;
}

/* Workers 2k and 2k+1 play pair k (2k times the round trips); the odd one out idles. */
static SB_ALWAYS_INLINE void condvar_pingpong_run(sb_worker *w, sb_loop_timed_op turn)
{
	condvar_shared *sh = w->shared;
	if (w->id / 2 >= sh->ngroups) {
		sb_worker_idle(w);
		return;
	}
	pp_ctx c = { .g = &sh->g[w->id / 2], .me = w->id % 2 };
	if (c.me == 0)
		sb_loop_timed(w, turn, &c, 1, 0);
	else
		sb_loop_timed(w, turn, &c, 0, 0);
}

/* --- prodcons -------------------------------------------------------------------------------- */

typedef struct pc_ctx {
	condvar_shared *sh;
	cv_group *g;
	cv_tally *tl;      /* the worker's own (in its w->local) */
	uint64_t tag, seq; /* a producer's next item: tag | seq, distinct across producers */
	sb_worker *w;
} pc_ctx;

static __attribute__((cold, noinline)) void cv_over_capacity(sb_worker *w, unsigned count, unsigned cap)
{
	if (!w->fail[0])
		snprintf(w->fail, sizeof w->fail, "%u items in a buffer of %u", count, cap);
}

/* One put: waits for room (not_full = c[0]), wakes a taker (not_empty = c[1]). */
static SB_ALWAYS_INLINE void cv_put(pc_ctx *c, const condvar_calls cv, const int bcast)
{
	cv_group *g = c->g;
	const condvar_shared *sh = c->sh;
	const uint64_t v = c->tag | c->seq;
	cv.lock(&g->m);
	while (g->count >= sh->cap && !cv_stopped(g))
		cv.wait(&g->c[0], &g->m);
	int go = !cv_stopped(g);
	if (go) {
		uint64_t t = g->tail;
		sh->buf[t & sh->mask] = v;
		g->tail = t + 1;
		unsigned n = g->count + 1;
		g->count = n;
		if (n > sh->cap)
			cv_over_capacity(c->w, n, sh->cap);
		if (bcast)
			cv.broadcast(&g->c[1]);
		else
			cv.signal(&g->c[1]);
	}
	cv.unlock(&g->m);
	if (go) {
		c->seq++;
		c->tl->items++;
		c->tl->sum += v;
	}
}

/* One take: waits for an item (not_empty = c[1]), wakes a putter (not_full = c[0]). */
static SB_ALWAYS_INLINE void cv_take(pc_ctx *c, const condvar_calls cv, const int bcast)
{
	cv_group *g = c->g;
	const condvar_shared *sh = c->sh;
	cv.lock(&g->m);
	while (g->count == 0 && !cv_stopped(g))
		cv.wait(&g->c[1], &g->m);
	if (!cv_stopped(g)) {
		uint64_t h = g->head;
		c->tl->sum += sh->buf[h & sh->mask];
		c->tl->items++;
		g->head = h + 1;
		g->count = g->count - 1;
		if (bcast)
			cv.broadcast(&g->c[0]);
		else
			cv.signal(&g->c[0]);
	}
	cv.unlock(&g->m);
}

/* The first `producers` workers put, the others take. */
static SB_ALWAYS_INLINE void condvar_prodcons_run(sb_worker *w, sb_loop_op put, sb_loop_op take)
{
	condvar_shared *sh = w->shared;
	cv_tally *tl = (cv_tally *)w->local;
	tl->items = tl->sum = 0;
	pc_ctx c = { .sh = sh, .g = sh->g, .tl = tl, .tag = (uint64_t)(w->id + 1) << 40, .seq = 0, .w = w };
	if (w->id < sh->producers) {
		sb_loop_steady(w, put, &c, NULL);
		w->write_ops = w->ops;
	} else {
		sb_loop_steady(w, take, &c, NULL);
		w->read_ops = w->ops;
	}
}

/* The workers of every implementation: its calls inlined into each scenario's operations. */
#define CV_BUFFER_OP(NAME, OP, BCAST)                                                               \
	static SB_ALWAYS_INLINE void cv_##OP##_##BCAST##_##NAME(void *c, int has_cs)                \
	{                                                                                           \
		(void)has_cs;                                                                       \
		cv_##OP(c, CONDVAR_CALLS(NAME), BCAST);                                             \
	}
#define CONDVAR_WORKERS(NAME, FLAGS)                                                                \
	static SB_ALWAYS_INLINE int cv_turn_##NAME(void *c) { return cv_turn(c, CONDVAR_CALLS(NAME)); } \
	CV_BUFFER_OP(NAME, put, 0) CV_BUFFER_OP(NAME, take, 0) CV_BUFFER_OP(NAME, put, 1) CV_BUFFER_OP(NAME, take, 1) \
	static void condvar_uncontended_##NAME(sb_worker *w) { condvar_uncontended_run(w, condvar_op_##NAME); } \
	static void condvar_pingpong_##NAME(sb_worker *w) { condvar_pingpong_run(w, cv_turn_##NAME); } \
	static void condvar_prodcons_##NAME(sb_worker *w) { condvar_prodcons_run(w, cv_put_0_##NAME, cv_take_0_##NAME); } \
	static void condvar_prodcons_bcast_##NAME(sb_worker *w) { condvar_prodcons_run(w, cv_put_1_##NAME, cv_take_1_##NAME); } \
	static sb_worker_fn condvar_pick_prodcons_##NAME(const sb_case_params *p)                   \
	{                                                                                           \
		return sb_param(p, "broadcast", 0) ? condvar_prodcons_bcast_##NAME : condvar_prodcons_##NAME; \
	}
SB_CONDVAR_IMPLS(CONDVAR_WORKERS)
#undef CONDVAR_WORKERS
#undef CV_BUFFER_OP

/* --- setup, release, teardown ---------------------------------------------------------------- */

static SB_ALWAYS_INLINE int cv_group_init(cv_group *g, const condvar_calls cv)
{
	atomic_init(&g->stop, 0);
	int r = cv.mutex_init(&g->m);
	if (r)
		return r;
	if ((r = cv.cond_init(&g->c[0])))
		goto no_c0;
	if ((r = cv.cond_init(&g->c[1])))
		goto no_c1;
	return 0;
no_c1:
	cv.cond_destroy(&g->c[0]);
no_c0:
	cv.mutex_destroy(&g->m);
	return r;
}

static SB_ALWAYS_INLINE void condvar_teardown(condvar_shared *sh, const condvar_calls cv)
{
	for (int i = 0; i < sh->ninit; i++) {
		cv.cond_destroy(&sh->g[i].c[1]);
		cv.cond_destroy(&sh->g[i].c[0]);
		cv.mutex_destroy(&sh->g[i].m);
	}
	free(sh->g);
	free(sh->buf);
	free(sh);
}

/* The bounded buffer's parameters into sh; 0 or -EINVAL with a message. */
static int condvar_buffer_params(condvar_shared *sh, const sb_case_params *p, char *err, size_t errlen)
{
	long long cap = sb_param(p, "capacity", 16);
	long long prod = sb_param(p, "producers", p->threads / 2);
	long long cons = sb_param(p, "consumers", p->threads - prod);
	if (cap < 1 || cap > (1 << 20) || prod < 1 || cons < 1 || prod + cons != p->threads) {
		snprintf(err, errlen,
			 "prodcons needs capacity 1..2^20 and producers + consumers = threads, each >= 1 "
			 "(capacity %lld, producers %lld, consumers %lld, threads %d)", cap, prod, cons, p->threads);
		return -EINVAL;
	}
	sh->cap = (unsigned)cap;
	unsigned slots = 1;
	while (slots < sh->cap)
		slots <<= 1;
	sh->mask = slots - 1;
	sh->producers = (int)prod;
	sh->buf = calloc(slots, sizeof *sh->buf);
	return sh->buf ? 0 : -ENOMEM;
}

static SB_ALWAYS_INLINE int condvar_setup(const sb_case_params *p, enum cv_layout layout, const condvar_calls cv,
					  void **out, char *err, size_t errlen)
{
	condvar_shared *sh = calloc(1, sizeof *sh);
	if (!sh)
		return -ENOMEM;
	sh->layout = layout;
	sh->ngroups = layout == CV_PAIRS ? p->threads / 2 : 1;
	int r = layout == CV_BUFFER ? condvar_buffer_params(sh, p, err, errlen) : 0;
	size_t size = sizeof(cv_group) * (size_t)(sh->ngroups ? sh->ngroups : 1);
	if (!r && !(sh->g = aligned_alloc(SB_CACHELINE, size)))
		r = -ENOMEM;
	if (!r)
		memset(sh->g, 0, size);
	while (!r && sh->ninit < sh->ngroups)
		if (!(r = cv_group_init(&sh->g[sh->ninit], cv)))
			sh->ninit++;
	if (r) {
		if (r != -EINVAL)
			snprintf(err, errlen, "cannot initialise the condition variable (errno %d)", -r);
		condvar_teardown(sh, cv);
		return r;
	}
	*out = sh;
	return 0;
}

static SB_ALWAYS_INLINE void condvar_release(condvar_shared *sh, const condvar_calls cv)
{
	for (int i = 0; i < sh->ninit; i++) {
		cv_group *g = &sh->g[i];
		cv.lock(&g->m);
		atomic_store_explicit(&g->stop, 1, memory_order_relaxed);
		cv.broadcast(&g->c[0]);
		cv.broadcast(&g->c[1]);
		cv.unlock(&g->m);
	}
}

#define CONDVAR_LIFE(NAME, FLAGS)                                                                   \
	static int condvar_setup_one_##NAME(const sb_case_params *p, void **out, char *err, size_t n) \
	{ return condvar_setup(p, CV_ONE, CONDVAR_CALLS(NAME), out, err, n); }                      \
	static int condvar_setup_pairs_##NAME(const sb_case_params *p, void **out, char *err, size_t n) \
	{ return condvar_setup(p, CV_PAIRS, CONDVAR_CALLS(NAME), out, err, n); }                    \
	static int condvar_setup_buffer_##NAME(const sb_case_params *p, void **out, char *err, size_t n) \
	{ return condvar_setup(p, CV_BUFFER, CONDVAR_CALLS(NAME), out, err, n); }                   \
	static void condvar_teardown_##NAME(void *sh) { condvar_teardown(sh, CONDVAR_CALLS(NAME)); } \
	static void condvar_release_##NAME(void *sh) { condvar_release(sh, CONDVAR_CALLS(NAME)); }
SB_CONDVAR_IMPLS(CONDVAR_LIFE)
#undef CONDVAR_LIFE

/* --- checks ---------------------------------------------------------------------------------- */

static void condvar_check_buffer(const condvar_shared *sh, const sb_team *t, char *msg, size_t len)
{
	const cv_group *g = sh->g;
	uint64_t put = 0, put_sum = 0, took = 0, took_sum = 0, left = 0, left_sum = 0;
	for (int i = 0; i < t->o.nthreads; i++) {
		const cv_tally *tl = (const cv_tally *)t->workers[i].local;
		if (i < sh->producers) {
			put += tl->items;
			put_sum += tl->sum;
		} else {
			took += tl->items;
			took_sum += tl->sum;
		}
	}
	if (g->tail - g->head != g->count || g->count > sh->cap) {
		snprintf(msg, len, "buffer state broken: %" PRIu64 " put, %" PRIu64 " taken, count %u, capacity %u",
			 g->tail, g->head, g->count, sh->cap);
		return;
	}
	for (uint64_t i = g->head; i != g->tail; i++) {
		left++;
		left_sum += sh->buf[i & sh->mask];
	}
	if (put != took + left || put_sum != took_sum + left_sum)
		snprintf(msg, len, "items not consumed exactly once: %" PRIu64 " put, %" PRIu64 " taken + %" PRIu64
			 " left (%s)", put, took, left, put == took + left ? "same count, other items" : "count differs");
}

static void condvar_check(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)p;
	condvar_shared *sh = shared;
	if (sh->layout == CV_BUFFER) {
		condvar_check_buffer(sh, t, msg, len);
	} else if (sh->layout == CV_ONE) {
		uint64_t ops = t->workers[0].warm_ops + t->workers[0].ops;
		if (sh->g[0].signals != ops)
			snprintf(msg, len, "signals counted under the mutex %" PRIu64 " != %" PRIu64 " operations",
				 sh->g[0].signals, ops);
	} else {
		for (int k = 0; k < sh->ngroups; k++) {
			uint64_t a = t->workers[2 * k].aux, b = t->workers[2 * k + 1].aux;
			if (sh->g[k].passes != a + b || (a > b ? a - b : b - a) > 1) {
				snprintf(msg, len, "pair %d: %" PRIu64 " hand-overs, turns counted %" PRIu64 " + %" PRIu64,
					 k, sh->g[k].passes, a, b);
				return;
			}
		}
	}
}

/* --- the table ------------------------------------------------------------------------------- */

/* The pingpong's check relies on the mutex: it is run only where the mutex excludes. */
#define CONDVAR_RUNS_PINGPONG(FLAGS) (((FLAGS) & SB_IMPL_NO_EXCLUSION) == 0)

/* Every implementation x scenario; a row without a family is a scenario the implementation does
 * not run: condvar_table_build leaves it out of the family's table. */
#define CONDVAR_ROWS(NAME, FLAGS)                                                                   \
	{ .family = "condvar", .impl = #NAME, .scenario = "uncontended",                            \
	  .flags = SB_CASE_ONE_THREAD | SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS),               \
	  .about = "one worker: lock, signal with no waiter, unlock (a producer nobody waits for)", \
	  .setup = condvar_setup_one_##NAME, .worker = condvar_uncontended_##NAME,                  \
	  .check = condvar_check, .teardown = condvar_teardown_##NAME },                            \
	{ .family = CONDVAR_RUNS_PINGPONG(FLAGS) ? "condvar" : NULL, .impl = #NAME, .scenario = "pingpong", \
	  .flags = SB_CASE_MIN2 | SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS),                     \
	  .about = "pairs of workers take turns under a mutex and a condvar; round-trip latency",   \
	  .setup = condvar_setup_pairs_##NAME, .worker = condvar_pingpong_##NAME,                   \
	  .check = condvar_check, .release = condvar_release_##NAME, .teardown = condvar_teardown_##NAME }, \
	{ .family = "condvar", .impl = #NAME, .scenario = "prodcons",                               \
	  .flags = SB_CASE_MIN2 | SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS),                     \
	  .about = "bounded buffer, half producers, half consumers; signal or broadcast",           \
	  .sweep = "broadcast=0,1;capacity=16", .setup = condvar_setup_buffer_##NAME,               \
	  .pick = condvar_pick_prodcons_##NAME, .check = condvar_check,                             \
	  .release = condvar_release_##NAME, .teardown = condvar_teardown_##NAME },

static const sb_case condvar_rows[] = { SB_CONDVAR_IMPLS(CONDVAR_ROWS) };

#define X(NAME, FLAGS) +2 + CONDVAR_RUNS_PINGPONG(FLAGS)
enum { CONDVAR_NCASES = 0 SB_CONDVAR_IMPLS(X) };
#undef X

/* Written once, before main, then only read. */
static sb_case condvar_cases[CONDVAR_NCASES];

__attribute__((constructor)) static void condvar_table_build(void)
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof condvar_rows / sizeof condvar_rows[0] && n < CONDVAR_NCASES; i++)
		if (condvar_rows[i].family)
			condvar_cases[n++] = condvar_rows[i];
}

const sb_family sb_family_condvar = { "condvar", condvar_cases, CONDVAR_NCASES };
