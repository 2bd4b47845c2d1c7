/* bench/rlock.c: the recursive-lock family. One measured loop, instantiated per implementation
 * (and per delay variant, as in bench/mutex.c), with the lock's operations inlined.
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
 * controller's trylock succeeds; our lock's count is 0). */
#include "bench/family.h"
#include "bench/rlock_op.h"
#include "prim/rlock_list.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct rlock_shared {
	_Alignas(SB_CACHELINE) union {
#define X(NAME, HID) sb_rlock_##NAME NAME;
		SB_RLOCK_IMPLS(X)
#undef X
	} lock;
	_Alignas(SB_CACHELINE) volatile uint64_t counter; /* protected data, on its own line */
	int depth;
	int (*free_at_end)(struct rlock_shared *, char *, size_t);
	void (*destroy)(struct rlock_shared *);
} rlock_shared;

#define RLOCK_LOOP(NAME, HID)                                                                      \
	static inline __attribute__((always_inline)) void rlock_loop_##NAME(sb_worker *w, const int has_cs, \
									    const int has_think, const int per_level) \
	{                                                                                          \
		rlock_shared *sh = w->shared;                                                      \
		sb_rlock_##NAME *l = &sh->lock.NAME;                                               \
		const int depth = sh->depth;                                                       \
		volatile uint64_t *cnt = &sh->counter;                                             \
		const sb_case_params *p = w->team_params;                                          \
		const uint64_t cs_it = p->cs_iters, th_it = p->think_iters;                        \
		const _Atomic int *phase = &w->team->phase;                                        \
		uint64_t n = 0, bad = 0;                                                           \
		while (sb_phase(phase) == SB_PHASE_WARMUP) {                                       \
			RLOCK_OP(NAME);                                                            \
			if (has_think)                                                             \
				sb_spin(th_it);                                                    \
			n++;                                                                       \
		}                                                                                  \
		w->aux = n; /* nests, for the check */                                             \
		sb_worker_window_begin(w, per_level ? n * (uint64_t)depth : n);                    \
		const uint64_t mask = w->sample_mask;                                              \
		n = 0;                                                                             \
		while (sb_phase(phase) == SB_PHASE_MEASURE) {                                      \
			if ((n & mask) == 0) {                                                     \
				uint64_t t0 = sb_now_ns();                                         \
				RLOCK_OP(NAME);                                                    \
				sb_worker_sample(w, t0, sb_now_ns());                              \
			} else {                                                                   \
				RLOCK_OP(NAME);                                                    \
			}                                                                          \
			if (has_think)                                                             \
				sb_spin(th_it);                                                    \
			n++;                                                                       \
		}                                                                                  \
		w->aux += n;                                                                       \
		sb_worker_window_end(w, per_level ? n * (uint64_t)depth : n);                      \
		if (bad)                                                                           \
			snprintf(w->fail, sizeof w->fail, "%" PRIu64 " unlocks refused to the owner", bad); \
	}                                                                                          \
	static void rlock_lvl_##NAME(sb_worker *w) { rlock_loop_##NAME(w, 0, 0, 1); }              \
	static void rlock_w00_##NAME(sb_worker *w) { rlock_loop_##NAME(w, 0, 0, 0); }              \
	static void rlock_w10_##NAME(sb_worker *w) { rlock_loop_##NAME(w, 1, 0, 0); }              \
	static void rlock_w01_##NAME(sb_worker *w) { rlock_loop_##NAME(w, 0, 1, 0); }              \
	static void rlock_w11_##NAME(sb_worker *w) { rlock_loop_##NAME(w, 1, 1, 0); }              \
	static sb_worker_fn rlock_pick_nest_##NAME(const sb_case_params *p)                        \
	{                                                                                          \
		(void)p;                                                                           \
		return rlock_lvl_##NAME;                                                           \
	}                                                                                          \
	static sb_worker_fn rlock_pick_##NAME(const sb_case_params *p)                             \
	{                                                                                          \
		static const sb_worker_fn v[4] = { rlock_w00_##NAME, rlock_w10_##NAME,             \
						   rlock_w01_##NAME, rlock_w11_##NAME };           \
		return v[(p->cs_iters ? 1 : 0) + (p->think_iters ? 2 : 0)];                        \
	}                                                                                          \
	static int rlock_free_##NAME(rlock_shared *sh, char *msg, size_t len)                      \
	{                                                                                          \
		int r = sb_rlock_##NAME##_trylock(&sh->lock.NAME);                                 \
		if (r) {                                                                           \
			snprintf(msg, len, "the lock is still held after the join (trylock: errno %d)", -r); \
			return -1;                                                                 \
		}                                                                                  \
		r = sb_rlock_##NAME##_unlock(&sh->lock.NAME);                                      \
		if (r) {                                                                           \
			snprintf(msg, len, "trylock then unlock by the same thread refused (errno %d)", -r); \
			return -1;                                                                 \
		}                                                                                  \
		return 0;                                                                          \
	}                                                                                          \
	static void rlock_destroy_##NAME(rlock_shared *sh) { sb_rlock_##NAME##_destroy(&sh->lock.NAME); } \
	static int rlock_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{                                                                                          \
		rlock_shared *sh = aligned_alloc(SB_CACHELINE, sizeof *sh);                        \
		if (!sh)                                                                           \
			return -ENOMEM;                                                            \
		int r = sb_rlock_##NAME##_init(&sh->lock.NAME);                                    \
		if (r) {                                                                           \
			snprintf(err, errlen, "cannot initialise the %s lock (errno %d)", #NAME, -r); \
			free(sh);                                                                  \
			return r;                                                                  \
		}                                                                                  \
		sh->counter = 0;                                                                   \
		sh->depth = (int)sb_param(p, "depth", 1);                                          \
		if (sh->depth < 1 || sh->depth > 1000000) {                                        \
			snprintf(err, errlen, "depth %d out of range 1..1000000", sh->depth);      \
			sb_rlock_##NAME##_destroy(&sh->lock.NAME);                                 \
			free(sh);                                                                  \
			return -EINVAL;                                                            \
		}                                                                                  \
		sh->free_at_end = rlock_free_##NAME;                                               \
		sh->destroy = rlock_destroy_##NAME;                                                \
		*out = sh;                                                                         \
		return 0;                                                                          \
	}

SB_RLOCK_IMPLS(RLOCK_LOOP)

static void rlock_check(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)p;
	rlock_shared *sh = shared;
	uint64_t nests = 0;
	for (int i = 0; i < t->o.nthreads; i++)
		nests += t->workers[i].aux;
	if (sh->counter != nests) {
		snprintf(msg, len, "mutual exclusion violated: counter %" PRIu64 " != %" PRIu64 " acquisitions (%" PRIu64 " lost)",
			 sh->counter, nests, nests > sh->counter ? nests - sh->counter : 0);
		return;
	}
	if (sh->free_at_end(sh, msg, len))
		return;
	if (sh->free_at_end == rlock_free_futex && sb_rlock_futex_count(&sh->lock.futex) != 0)
		snprintf(msg, len, "count %u, not 0, after the last unlock", sb_rlock_futex_count(&sh->lock.futex));
}

static void rlock_teardown(void *shared)
{
	rlock_shared *sh = shared;
	sh->destroy(sh);
	free(sh);
}

#define RLOCK_ROWS(NAME, HID)                                                                      \
	{ .family = "rlock", .impl = #NAME, .scenario = "nesting",                                 \
	  .flags = SB_CASE_ONE_THREAD | SB_CASE_NO_DELAY | (HID ? SB_CASE_HIDDEN : 0),             \
	  .about = "one worker: lock D times, unlock D times; ns/op = one level",                 \
	  .sweep = "depth=1,8",                                                                    \
	  .setup = rlock_setup_##NAME, .pick = rlock_pick_nest_##NAME, .check = rlock_check,       \
	  .teardown = rlock_teardown },                                                            \
	{ .family = "rlock", .impl = #NAME, .scenario = "contended",                               \
	  .flags = SB_CASE_MIN2 | (HID ? SB_CASE_HIDDEN : 0),                                      \
	  .about = "N workers: lock twice, --cs, unlock twice, --think; ns/op = one nest",         \
	  .sweep = "depth=2",                                                                      \
	  .setup = rlock_setup_##NAME, .pick = rlock_pick_##NAME, .check = rlock_check,            \
	  .teardown = rlock_teardown },

static const sb_case rlock_cases[] = { SB_RLOCK_IMPLS(RLOCK_ROWS) };

const sb_family sb_family_rlock = { "rlock", rlock_cases, sizeof rlock_cases / sizeof rlock_cases[0] };
