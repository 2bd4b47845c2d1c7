/* bench/semaphore.c: the semaphore family. The loops are instantiated per implementation, with
 * the semaphore's operations inlined.
 *
 * pool (--permits K): N workers share K slots, the connection-pool use: wait; inside += 1 (must
 *   stay <= K); --cs; inside -= 1; post; --think. ns/op is one wait..post; the latency sample is
 *   one wait..post. Check: never more than K inside (each worker counts what it saw), and all K
 *   permits back at the end.
 * pingpong: the workers pass one turn around a ring of semaphores (worker i waits on sem[i], then
 *   posts sem[i+1]); with two workers it is a ping-pong. A pass is an operation, so ns/op is one
 *   full round of the ring (the round trip, for two). Worker 0 reads the shared clock when it
 *   passes the turn on and again when the turn comes back: one latency sample per round trip (the
 *   round trip costs microseconds, two clock reads do not bend it; the figure IS this latency).
 *   Check: every worker finds the turn is its own (a turn word each passer sets for the next), and
 *   the workers' pass counts differ by at most one.
 * Release (end of the window): every ring semaphore gets one post, so a worker asleep in wait
 * wakes, sees the phase and leaves. The pool needs none: every holder posts before it leaves. */
#include "bench/family.h"
#include "bench/semaphore_op.h"
#include "prim/semaphore_list.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct sem_slot {
	_Alignas(SB_CACHELINE) union {
#define X(NAME, HID) sb_sem_##NAME NAME;
		SB_SEM_IMPLS(X)
#undef X
	} s;
} sem_slot; /* one semaphore per cache line */

typedef struct sem_shared {
	_Alignas(SB_CACHELINE) atomic_uint inside; /* pool: workers between wait and post */
	_Alignas(SB_CACHELINE) atomic_int turn;    /* pingpong: whose turn it is */
	_Alignas(SB_CACHELINE) int nsem, permits;
	void (*release)(struct sem_shared *);
	int (*value)(struct sem_shared *, int);
	void (*destroy)(struct sem_shared *);
	sem_slot sem[]; /* pool: 1; pingpong: one per worker */
} sem_shared;

/* One pass of the turn: wait for it; leave (0) if the window is over, else check it and pass it. */
#define RING_PASS(NAME)                                                                        \
	({                                                                                     \
		int ok_ = 1;                                                                   \
		sb_sem_##NAME##_wait(me);                                                      \
		if (timed)                                                                     \
			t_back = sb_now_ns();                                                  \
		if (sb_phase(phase) == SB_PHASE_STOP) {                                        \
			ok_ = 0;                                                               \
		} else {                                                                       \
			wrong += atomic_load_explicit(turn, memory_order_relaxed) != w->id;    \
			atomic_store_explicit(turn, nid, memory_order_relaxed);                \
			if (timed)                                                             \
				t_pass = sb_now_ns();                                          \
			sb_sem_##NAME##_post(next);                                            \
		}                                                                              \
		ok_;                                                                           \
	})

#define SEM_LOOP(NAME, HID)                                                                        \
	static inline __attribute__((always_inline)) void pool_loop_##NAME(sb_worker *w, const int has_cs, \
									   const int has_think)        \
	{                                                                                          \
		sem_shared *sh = w->shared;                                                        \
		sb_sem_##NAME *s = &sh->sem[0].s.NAME;                                             \
		atomic_uint *inside = &sh->inside;                                                 \
		const unsigned permits = (unsigned)sh->permits;                                    \
		const sb_case_params *p = w->team_params;                                          \
		const uint64_t cs_it = p->cs_iters, th_it = p->think_iters;                        \
		uint64_t over = 0;                                                                               \
		SB_MEASURE_LOOP(w, POOL_OP(NAME), has_think ? sb_spin(th_it) : (void)0, (void)0);  \
		if (over)                                                                          \
			snprintf(w->fail, sizeof w->fail, "more than %u permits in use: seen %" PRIu64 " times", \
				 permits, over);                                                   \
	}                                                                                          \
	SB_DELAY_VARIANTS(pool, NAME)                                                              \
	static void ring_##NAME(sb_worker *w)                                                      \
	{                                                                                          \
		sem_shared *sh = w->shared;                                                        \
		const int nid = (w->id + 1) % sh->nsem;                                            \
		sb_sem_##NAME *me = &sh->sem[w->id].s.NAME, *next = &sh->sem[nid].s.NAME;          \
		atomic_int *turn = &sh->turn;                                                      \
		const _Atomic int *phase = &w->team->phase;                                        \
		uint64_t n = 0, wrong = 0, t_pass = 0, t_back = 0;                                 \
		int timed = 0;                                                                     \
		while (sb_phase(phase) == SB_PHASE_WARMUP && RING_PASS(NAME))                      \
			n++;                                                                       \
		w->aux = n;                                                                        \
		sb_worker_window_begin(w, n);                                                      \
		n = 0;                                                                             \
		timed = w->id == 0;                                                                \
		t_pass = 0;                                                                        \
		while (sb_phase(phase) == SB_PHASE_MEASURE) {                                      \
			uint64_t t_sent = t_pass;                                                  \
			if (!RING_PASS(NAME))                                                      \
				break;                                                             \
			/* worker 0: the turn came back (its wait returned) */                     \
			if (timed && t_sent)                                                       \
				sb_worker_sample(w, t_sent, t_back);                               \
			n++;                                                                       \
		}                                                                                  \
		w->aux += n;                                                                       \
		sb_worker_window_end(w, n);                                                        \
		if (wrong)                                                                         \
			snprintf(w->fail, sizeof w->fail, "ran out of turn %" PRIu64 " times", wrong); \
	}                                                                                          \
	static sb_worker_fn ring_pick_##NAME(const sb_case_params *p)                              \
	{                                                                                          \
		(void)p;                                                                           \
		return ring_##NAME;                                                                \
	}                                                                                          \
	static void sem_release_##NAME(sem_shared *sh)                                             \
	{                                                                                          \
		for (int i = 0; i < sh->nsem; i++)                                                 \
			sb_sem_##NAME##_post(&sh->sem[i].s.NAME);                                  \
	}                                                                                          \
	static int sem_value_##NAME(sem_shared *sh, int i) { return sb_sem_##NAME##_value(&sh->sem[i].s.NAME); } \
	static void sem_destroy_##NAME(sem_shared *sh)                                             \
	{                                                                                          \
		for (int i = 0; i < sh->nsem; i++)                                                 \
			sb_sem_##NAME##_destroy(&sh->sem[i].s.NAME);                               \
	}                                                                                          \
	static int sem_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen, int ring) \
	{                                                                                          \
		int nsem = ring ? p->threads : 1;                                                  \
		long long k = ring ? 1 : sb_param(p, "permits", 1);                                \
		if (k < 1 || k > 1000000) {                                                        \
			snprintf(err, errlen, "permits %lld out of range 1..1000000", k);          \
			return -EINVAL;                                                            \
		}                                                                                  \
		size_t sz = sizeof(sem_shared) + sizeof(sem_slot) * (size_t)nsem;                  \
		sem_shared *sh = aligned_alloc(SB_CACHELINE, (sz + SB_CACHELINE - 1) / SB_CACHELINE * SB_CACHELINE); \
		if (!sh)                                                                           \
			return -ENOMEM;                                                            \
		for (int i = 0; i < nsem; i++) {                                                   \
			/* the ring starts with the turn at worker 0 */                            \
			int r = sb_sem_##NAME##_init(&sh->sem[i].s.NAME, ring ? (i == 0) : (unsigned)k); \
			if (r) {                                                                   \
				snprintf(err, errlen, "cannot initialise the %s semaphore (errno %d)", #NAME, -r); \
				for (int j = 0; j < i; j++)                                        \
					sb_sem_##NAME##_destroy(&sh->sem[j].s.NAME);               \
				free(sh);                                                          \
				return r;                                                          \
			}                                                                          \
		}                                                                                  \
		atomic_init(&sh->inside, 0);                                                       \
		atomic_init(&sh->turn, 0);                                                         \
		sh->nsem = nsem;                                                                   \
		sh->permits = (int)k;                                                              \
		sh->release = sem_release_##NAME;                                                  \
		sh->value = sem_value_##NAME;                                                      \
		sh->destroy = sem_destroy_##NAME;                                                  \
		*out = sh;                                                                         \
		return 0;                                                                          \
	}                                                                                          \
	static int pool_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{ return sem_setup_##NAME(p, out, err, errlen, 0); }                                        \
	static int ring_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{ return sem_setup_##NAME(p, out, err, errlen, 1); }

SB_SEM_IMPLS(SEM_LOOP)

static void pool_check(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)p;
	(void)t;
	sem_shared *sh = shared;
	int v = sh->value(sh, 0);
	unsigned in = atomic_load_explicit(&sh->inside, memory_order_relaxed);
	if (v != sh->permits)
		snprintf(msg, len, "%d of %d permits back at the end", v, sh->permits);
	else if (in != 0)
		snprintf(msg, len, "%u workers still counted inside after the join", in);
}

static void ring_check(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)p;
	(void)shared;
	uint64_t lo = UINT64_MAX, hi = 0;
	for (int i = 0; i < t->o.nthreads; i++) {
		uint64_t x = t->workers[i].aux;
		lo = x < lo ? x : lo;
		hi = x > hi ? x : hi;
	}
	if (hi - lo > 1)
		snprintf(msg, len, "turns lost or duplicated: passes per worker range %" PRIu64 "..%" PRIu64, lo, hi);
}

static void sem_release(void *shared)
{
	sem_shared *sh = shared;
	sh->release(sh);
}

static void sem_teardown(void *shared)
{
	sem_shared *sh = shared;
	sh->destroy(sh);
	free(sh);
}

#define SEM_ROWS(NAME, HID)                                                                        \
	{ .family = "semaphore", .impl = #NAME, .scenario = "uncontended",                         \
	  .flags = SB_CASE_ONE_THREAD | SB_CASE_NO_DELAY | (HID ? SB_CASE_HIDDEN : 0),             \
	  .about = "one worker: wait, post on a semaphore with one permit",                        \
	  .sweep = "permits=1",                                                                    \
	  .setup = pool_setup_##NAME, .pick = pool_pick_##NAME, .check = pool_check,               \
	  .teardown = sem_teardown },                                                              \
	{ .family = "semaphore", .impl = #NAME, .scenario = "pool",                                \
	  .flags = SB_CASE_MIN2 | (HID ? SB_CASE_HIDDEN : 0),                                      \
	  .about = "N workers share K permits: wait, --cs, post, --think; never more than K inside", \
	  .sweep = "permits=1,2",                                                                  \
	  .setup = pool_setup_##NAME, .pick = pool_pick_##NAME, .check = pool_check,               \
	  .teardown = sem_teardown },                                                              \
	{ .family = "semaphore", .impl = #NAME, .scenario = "pingpong",                            \
	  .flags = SB_CASE_MIN2 | SB_CASE_NO_DELAY | (HID ? SB_CASE_HIDDEN : 0),                   \
	  .about = "a turn passed around a ring of N workers (2: ping-pong); ns/op = one round trip", \
	  .setup = ring_setup_##NAME, .pick = ring_pick_##NAME, .check = ring_check,               \
	  .release = sem_release, .teardown = sem_teardown },

static const sb_case sem_cases[] = { SB_SEM_IMPLS(SEM_ROWS) };

const sb_family sb_family_semaphore = { "semaphore", sem_cases, sizeof sem_cases / sizeof sem_cases[0] };
