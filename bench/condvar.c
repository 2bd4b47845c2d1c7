/* bench/condvar.c: the condition-variable family (a mutex and its condition variables). Loops
 * instantiated per implementation, the operations inlined.
 *
 * pingpong: workers 2k and 2k+1 take turns: under the mutex, a turn variable says whose turn it
 *   is; each waits on the condition variable until it is its own, hands it over and signals.
 *   Worker 2k times every round trip on its own clock (the figure is that latency); both count
 *   their turns, so ns_per_op = one round trip. Check: the turns counted by the two match the
 *   hand-overs counted under the mutex.
 * prodcons: a bounded buffer (capacity `capacity`, default 16) under the mutex with two condition
 *   variables (not_full, not_empty); the first `producers` workers (default half) put items, the
 *   others take them; `broadcast=1` wakes with pthread_cond_broadcast instead of _signal. Puts are
 *   write_ops, takes read_ops; one operation in k is timed (sampled). Checks: a put that finds
 *   the buffer over capacity is a FAIL; after the join, the items put = items taken + items left,
 *   and so do the sums of their distinct values (each item is put once and taken once).
 *
 * Blocking: `release` sets stop under the mutex and broadcasts every condition variable; every
 * wait loop re-tests stop. The negative control `broken` has a mutex that does not exclude. */
#include "bench/condvar_op.h"
#include "bench/family.h"
#include "prim/condvar_list.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef union cv_mutex_any {
#define X(NAME, HID, PP) sb_condvar_##NAME##_mutex NAME;
	SB_CONDVAR_IMPLS(X)
#undef X
} cv_mutex_any;

typedef union cv_cond_any {
#define X(NAME, HID, PP) sb_condvar_##NAME##_cond NAME;
	SB_CONDVAR_IMPLS(X)
#undef X
} cv_cond_any;

/* One pingpong pair, or the bounded buffer: a mutex, two condition variables, the state they
 * protect. The broken control races on these fields on purpose, so they are volatile (the
 * compiler must not keep them in registers across its yielding "wait"). */
typedef struct cv_group {
	_Alignas(SB_CACHELINE) cv_mutex_any m;
	cv_cond_any c[2];          /* pingpong: c[0] only; buffer: not_full, not_empty */
	volatile int turn;         /* pingpong: whose turn, 0 or 1 */
	volatile uint64_t passes;  /* pingpong: hand-overs */
	volatile unsigned count;   /* buffer: items inside */
	volatile uint64_t head, tail;
	atomic_int stop;
} cv_group;

typedef struct cv_tally {
	uint64_t items, sum;
} cv_tally;

typedef struct condvar_shared {
	cv_group *g;
	int ngroups, ninit, prodcons, broadcast, producers;
	unsigned cap, mask;
	uint64_t *buf;
	void (*destroy)(cv_group *);
	void (*release)(cv_group *);
} condvar_shared;

#define CV(NAME, OP) sb_condvar_##NAME##_##OP

#define CONDVAR_LOOPS(NAME, HID, PP)                                                               \
	/* pingpong: wait for turn `me`, hand the turn to the other; 0 when stopped */            \
	static inline __attribute__((always_inline)) int cv_turn_##NAME(cv_group *g, int me)       \
	{                                                                                          \
		CV(NAME, lock)(&g->m.NAME);                                                        \
		while (g->turn != me && !atomic_load_explicit(&g->stop, memory_order_relaxed))     \
			CV(NAME, wait)(&g->c[0].NAME, &g->m.NAME);                                 \
		int go = !atomic_load_explicit(&g->stop, memory_order_relaxed);                    \
		if (go) {                                                                          \
			g->turn = !me;                                                             \
			g->passes++;                                                               \
			CV(NAME, signal)(&g->c[0].NAME);                                           \
		}                                                                                  \
		CV(NAME, unlock)(&g->m.NAME);                                                      \
		return go;                                                                         \
	}                                                                                          \
	static void condvar_pingpong_##NAME(sb_worker *w)                                          \
	{                                                                                          \
		condvar_shared *sh = w->shared;                                                    \
		if (w->id / 2 >= sh->ngroups) {                                                    \
			sb_worker_idle(w);                                                                \
			return;                                                                    \
		}                                                                                  \
		cv_group *g = &sh->g[w->id / 2];                                                   \
		const int me = w->id % 2;                                                          \
		const _Atomic int *phase = &w->team->phase;                                        \
		uint64_t n = 0, t0 = sb_now_ns();                                                  \
		while (sb_phase(phase) == SB_PHASE_WARMUP && cv_turn_##NAME(g, me))                \
			n++;                                                                       \
		sb_worker_window_begin(w, n);                                                      \
		n = 0;                                                                             \
		while (sb_phase(phase) == SB_PHASE_MEASURE && cv_turn_##NAME(g, me)) {             \
			/* worker 2k: from one of its turns to the next = one round trip, timed   \
			 * every round (the round trip is the figure) */                           \
			if (me == 0) {                                                             \
				uint64_t t1 = sb_now_ns();                                         \
				if (n)                                                             \
					sb_worker_sample(w, t0, t1);                               \
				t0 = t1;                                                           \
			}                                                                          \
			n++;                                                                       \
		}                                                                                  \
		w->aux = w->warm_ops + n;                                                          \
		sb_worker_window_end(w, n);                                                        \
	}                                                                                          \
	/* prodcons: one put (producer) or take (consumer); 0 when stopped */                     \
	static inline __attribute__((always_inline)) int cv_put_##NAME(sb_worker *w, condvar_shared *sh, \
								       uint64_t v, int bcast)      \
	{                                                                                          \
		cv_group *g = sh->g;                                                               \
		CV(NAME, lock)(&g->m.NAME);                                                        \
		while (g->count >= sh->cap && !atomic_load_explicit(&g->stop, memory_order_relaxed)) \
			CV(NAME, wait)(&g->c[0].NAME, &g->m.NAME);                                 \
		int go = !atomic_load_explicit(&g->stop, memory_order_relaxed);                    \
		if (go) {                                                                          \
			uint64_t t = g->tail;                                                      \
			sh->buf[t & sh->mask] = v;                                                 \
			g->tail = t + 1;                                                           \
			unsigned c = g->count + 1;                                                 \
			g->count = c;                                                              \
			if (c > sh->cap && !w->fail[0])                                            \
				snprintf(w->fail, sizeof w->fail, "%u items in a buffer of %u", c, sh->cap); \
			if (bcast)                                                                 \
				CV(NAME, broadcast)(&g->c[1].NAME);                                \
			else                                                                       \
				CV(NAME, signal)(&g->c[1].NAME);                                   \
		}                                                                                  \
		CV(NAME, unlock)(&g->m.NAME);                                                      \
		return go;                                                                         \
	}                                                                                          \
	static inline __attribute__((always_inline)) int cv_take_##NAME(condvar_shared *sh, cv_tally *tl, \
									int bcast)                 \
	{                                                                                          \
		cv_group *g = sh->g;                                                               \
		CV(NAME, lock)(&g->m.NAME);                                                        \
		while (g->count == 0 && !atomic_load_explicit(&g->stop, memory_order_relaxed))     \
			CV(NAME, wait)(&g->c[1].NAME, &g->m.NAME);                                 \
		int go = !atomic_load_explicit(&g->stop, memory_order_relaxed);                    \
		if (go) {                                                                          \
			uint64_t h = g->head;                                                      \
			tl->sum += sh->buf[h & sh->mask];                                          \
			tl->items++;                                                               \
			g->head = h + 1;                                                           \
			g->count = g->count - 1;                                                   \
			if (bcast)                                                                 \
				CV(NAME, broadcast)(&g->c[0].NAME);                                \
			else                                                                       \
				CV(NAME, signal)(&g->c[0].NAME);                                   \
		}                                                                                  \
		CV(NAME, unlock)(&g->m.NAME);                                                      \
		return go;                                                                         \
	}                                                                                          \
	/* one put or take, timed when sampled (one in k: the operation is short when nobody waits) */ \
	static inline __attribute__((always_inline)) int cv_op_##NAME(sb_worker *w, condvar_shared *sh, \
								      int prod, uint64_t *seq,     \
								      cv_tally *tl, int bcast)     \
	{                                                                                          \
		if (prod) {                                                                        \
			/* a distinct value per item: producer id in the high bits */              \
			uint64_t v = ((uint64_t)(w->id + 1) << 40) | *seq;                         \
			if (!cv_put_##NAME(w, sh, v, bcast))                                       \
				return 0;                                                          \
			(*seq)++;                                                                  \
			tl->items++;                                                               \
			tl->sum += v;                                                              \
			return 1;                                                                  \
		}                                                                                  \
		return cv_take_##NAME(sh, tl, bcast);                                              \
	}                                                                                          \
	static inline __attribute__((always_inline)) void condvar_prodcons_loop_##NAME(sb_worker *w, int bcast) \
	{                                                                                          \
		condvar_shared *sh = w->shared;                                                    \
		cv_tally *tl = (cv_tally *)w->local;                                               \
		const int prod = w->id < sh->producers;                                            \
		const _Atomic int *phase = &w->team->phase;                                        \
		uint64_t n = 0, seq = 0;                                                           \
		tl->items = tl->sum = 0;                                                           \
		while (sb_phase(phase) == SB_PHASE_WARMUP && cv_op_##NAME(w, sh, prod, &seq, tl, bcast)) \
			n++;                                                                       \
		sb_worker_window_begin(w, n);                                                      \
		const uint64_t mask = w->sample_mask;                                              \
		n = 0;                                                                             \
		while (sb_phase(phase) == SB_PHASE_MEASURE) {                                      \
			if ((n & mask) == 0) {                                                     \
				uint64_t t0 = sb_now_ns();                                         \
				if (!cv_op_##NAME(w, sh, prod, &seq, tl, bcast))                   \
					break;                                                     \
				sb_worker_sample(w, t0, sb_now_ns());                              \
			} else if (!cv_op_##NAME(w, sh, prod, &seq, tl, bcast)) {                  \
				break;                                                             \
			}                                                                          \
			n++;                                                                       \
		}                                                                                  \
		if (prod)                                                                          \
			w->write_ops = n;                                                          \
		else                                                                               \
			w->read_ops = n;                                                           \
		sb_worker_window_end(w, n);                                                        \
	}                                                                                          \
	static void condvar_prodcons_s_##NAME(sb_worker *w) { condvar_prodcons_loop_##NAME(w, 0); } \
	static void condvar_prodcons_b_##NAME(sb_worker *w) { condvar_prodcons_loop_##NAME(w, 1); } \
	static sb_worker_fn condvar_pick_prodcons_##NAME(const sb_case_params *p)                  \
	{                                                                                          \
		return sb_param(p, "broadcast", 0) ? condvar_prodcons_b_##NAME : condvar_prodcons_s_##NAME; \
	}                                                                                          \
	__attribute__((unused)) static sb_worker_fn condvar_pick_pingpong_##NAME(const sb_case_params *p)                  \
	{                                                                                          \
		(void)p;                                                                           \
		return condvar_pingpong_##NAME;                                                    \
	}                                                                                          \
	static int condvar_init_##NAME(cv_group *g)                                                \
	{                                                                                          \
		int r = CV(NAME, mutex_init)(&g->m.NAME);                                          \
		if (r)                                                                             \
			return r;                                                                  \
		if ((r = CV(NAME, cond_init)(&g->c[0].NAME))) {                                    \
			CV(NAME, mutex_destroy)(&g->m.NAME);                                       \
			return r;                                                                  \
		}                                                                                  \
		if ((r = CV(NAME, cond_init)(&g->c[1].NAME))) {                                    \
			CV(NAME, cond_destroy)(&g->c[0].NAME);                                     \
			CV(NAME, mutex_destroy)(&g->m.NAME);                                       \
		}                                                                                  \
		return r;                                                                          \
	}                                                                                          \
	static void condvar_destroy_##NAME(cv_group *g)                                            \
	{                                                                                          \
		CV(NAME, cond_destroy)(&g->c[1].NAME);                                             \
		CV(NAME, cond_destroy)(&g->c[0].NAME);                                             \
		CV(NAME, mutex_destroy)(&g->m.NAME);                                               \
	}                                                                                          \
	static void condvar_release_##NAME(cv_group *g)                                            \
	{                                                                                          \
		CV(NAME, lock)(&g->m.NAME);                                                        \
		atomic_store_explicit(&g->stop, 1, memory_order_relaxed);                          \
		CV(NAME, broadcast)(&g->c[0].NAME);                                                \
		CV(NAME, broadcast)(&g->c[1].NAME);                                                \
		CV(NAME, unlock)(&g->m.NAME);                                                      \
	}

SB_CONDVAR_IMPLS(CONDVAR_LOOPS)

static void condvar_teardown(void *shared)
{
	condvar_shared *sh = shared;
	for (int i = 0; i < sh->ninit; i++)
		sh->destroy(&sh->g[i]);
	free(sh->g);
	free(sh->buf);
	free(sh);
}

static int condvar_setup(const sb_case_params *p, void **out, char *err, size_t errlen, int prodcons,
			 int (*init)(cv_group *), void (*destroy)(cv_group *), void (*release)(cv_group *))
{
	condvar_shared *sh = calloc(1, sizeof *sh);
	if (!sh)
		return -ENOMEM;
	sh->prodcons = prodcons;
	sh->destroy = destroy;
	sh->release = release;
	if (prodcons) {
		long long cap = sb_param(p, "capacity", 16);
		long long prod = sb_param(p, "producers", p->threads / 2);
		long long cons = sb_param(p, "consumers", p->threads - prod);
		if (cap < 1 || cap > (1 << 20) || prod < 1 || cons < 1 || prod + cons != p->threads) {
			snprintf(err, errlen,
				 "prodcons needs capacity 1..2^20 and producers + consumers = threads, each >= 1 "
				 "(capacity %lld, producers %lld, consumers %lld, threads %d)", cap, prod, cons, p->threads);
			free(sh);
			return -EINVAL;
		}
		sh->cap = (unsigned)cap;
		unsigned slots = 1;
		while (slots < sh->cap)
			slots <<= 1;
		sh->mask = slots - 1;
		sh->producers = (int)prod;
		sh->ngroups = 1;
		sh->buf = calloc(slots, sizeof *sh->buf);
	} else {
		sh->ngroups = p->threads / 2;
	}
	sh->g = aligned_alloc(SB_CACHELINE, sizeof(cv_group) * (size_t)(sh->ngroups ? sh->ngroups : 1));
	if (!sh->g || (prodcons && !sh->buf)) {
		condvar_teardown(sh);
		return -ENOMEM;
	}
	memset(sh->g, 0, sizeof(cv_group) * (size_t)(sh->ngroups ? sh->ngroups : 1));
	for (int i = 0; i < sh->ngroups; i++) {
		atomic_init(&sh->g[i].stop, 0);
		int r = init(&sh->g[i]);
		if (r) {
			snprintf(err, errlen, "cannot initialise the condition variable (errno %d)", -r);
			condvar_teardown(sh);
			return r;
		}
		sh->ninit++;
	}
	*out = sh;
	return 0;
}

static void condvar_release(void *shared)
{
	condvar_shared *sh = shared;
	for (int i = 0; i < sh->ngroups; i++)
		sh->release(&sh->g[i]);
}

static void condvar_check(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)p;
	condvar_shared *sh = shared;
	if (!sh->prodcons) {
		for (int k = 0; k < sh->ngroups; k++) {
			uint64_t a = t->workers[2 * k].aux, b = t->workers[2 * k + 1].aux;
			if (sh->g[k].passes != a + b || (a > b ? a - b : b - a) > 1) {
				snprintf(msg, len, "pair %d: %" PRIu64 " hand-overs, turns counted %" PRIu64 " + %" PRIu64,
					 k, sh->g[k].passes, a, b);
				return;
			}
		}
		return;
	}
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

/* uncontended: one worker, CONDVAR_UNC_OP (bench/condvar_op.h, shared with google-benchmark) */
#define CONDVAR_UNC(NAME, HID, PP)                                                                 \
	typedef CONDVAR_UNC_STATE(NAME) cv_unc_##NAME;                                             \
	static int cv_unc_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{                                                                                          \
		(void)p;                                                                           \
		cv_unc_##NAME *g = aligned_alloc(SB_CACHELINE, sizeof *g);                         \
		if (!g)                                                                            \
			return -ENOMEM;                                                            \
		memset(g, 0, sizeof *g);                                                           \
		int r = sb_condvar_##NAME##_mutex_init(&g->m);                                     \
		if (!r && (r = sb_condvar_##NAME##_cond_init(&g->c)))                              \
			sb_condvar_##NAME##_mutex_destroy(&g->m);                                  \
		if (r) {                                                                           \
			snprintf(err, errlen, "cannot create the condvar (errno %d)", -r);         \
			free(g);                                                                   \
			return r;                                                                  \
		}                                                                                  \
		*out = g;                                                                          \
		return 0;                                                                          \
	}                                                                                          \
	static void cv_unc_teardown_##NAME(void *shared)                                           \
	{                                                                                          \
		cv_unc_##NAME *g = shared;                                                         \
		sb_condvar_##NAME##_cond_destroy(&g->c);                                           \
		sb_condvar_##NAME##_mutex_destroy(&g->m);                                          \
		free(g);                                                                           \
	}                                                                                          \
	static void cv_unc_loop_##NAME(sb_worker *w)                                               \
	{                                                                                          \
		cv_unc_##NAME *g = w->shared;                                                      \
		SB_MEASURE_LOOP(w, CONDVAR_UNC_OP(NAME, g), (void)0, (void)0);                     \
	}                                                                                          \
	static sb_worker_fn cv_unc_pick_##NAME(const sb_case_params *p)                            \
	{                                                                                          \
		(void)p;                                                                           \
		return cv_unc_loop_##NAME;                                                         \
	}                                                                                          \
	static void cv_unc_check_##NAME(const sb_case_params *p, void *shared, const sb_team *t,   \
					char *msg, size_t len)                                     \
	{                                                                                          \
		(void)p;                                                                           \
		cv_unc_##NAME *g = shared;                                                         \
		uint64_t ops = t->workers[0].warm_ops + t->workers[0].ops;                         \
		if (g->signals != ops)                                                             \
			snprintf(msg, len, "signals counted under the mutex %" PRIu64 " != %" PRIu64 " operations", \
				 g->signals, ops);                                                 \
	}
SB_CONDVAR_IMPLS(CONDVAR_UNC)

#define CONDVAR_SETUPS(NAME, HID, PP)                                                              \
	__attribute__((unused)) static int condvar_setup_pingpong_##NAME(const sb_case_params *p, void **out, char *err, size_t n) \
	{ return condvar_setup(p, out, err, n, 0, condvar_init_##NAME, condvar_destroy_##NAME, condvar_release_##NAME); } \
	static int condvar_setup_prodcons_##NAME(const sb_case_params *p, void **out, char *err, size_t n) \
	{ return condvar_setup(p, out, err, n, 1, condvar_init_##NAME, condvar_destroy_##NAME, condvar_release_##NAME); }
SB_CONDVAR_IMPLS(CONDVAR_SETUPS)

#define CONDVAR_ROW_PP_0(NAME, HID)
#define CONDVAR_ROW_PP_1(NAME, HID)                                                                \
	{ .family = "condvar", .impl = #NAME, .scenario = "pingpong",                              \
	  .flags = SB_CASE_MIN2 | SB_CASE_NO_DELAY | ((HID) ? SB_CASE_HIDDEN : 0),                 \
	  .about = "pairs of workers take turns under a mutex and a condvar; round-trip latency",  \
	  .setup = condvar_setup_pingpong_##NAME, .pick = condvar_pick_pingpong_##NAME,            \
	  .check = condvar_check, .release = condvar_release, .teardown = condvar_teardown },
#define CONDVAR_ROWS(NAME, HID, PP)                                                                \
	{ .family = "condvar", .impl = #NAME, .scenario = "uncontended",                           \
	  .flags = SB_CASE_ONE_THREAD | SB_CASE_NO_DELAY | ((HID) ? SB_CASE_HIDDEN : 0),           \
	  .about = "one worker: lock, signal with no waiter, unlock (a producer nobody waits for)", \
	  .setup = cv_unc_setup_##NAME, .pick = cv_unc_pick_##NAME, .check = cv_unc_check_##NAME,  \
	  .teardown = cv_unc_teardown_##NAME },                                                    \
	CONDVAR_ROW_PP_##PP(NAME, HID)                                                             \
	{ .family = "condvar", .impl = #NAME, .scenario = "prodcons",                              \
	  .flags = SB_CASE_MIN2 | SB_CASE_NO_DELAY | ((HID) ? SB_CASE_HIDDEN : 0),                 \
	  .about = "bounded buffer, half producers, half consumers; signal or broadcast",          \
	  .sweep = "broadcast=0,1;capacity=16", .setup = condvar_setup_prodcons_##NAME,            \
	  .pick = condvar_pick_prodcons_##NAME, .check = condvar_check,                            \
	  .release = condvar_release, .teardown = condvar_teardown },

static const sb_case condvar_cases[] = { SB_CONDVAR_IMPLS(CONDVAR_ROWS) };

const sb_family sb_family_condvar = { "condvar", condvar_cases, sizeof condvar_cases / sizeof condvar_cases[0] };
