/* bench/event.c: the event family (Python's threading.Event: set, clear, is_set, wait with a
 * timeout). Loops instantiated per implementation, the event's operations inlined.
 *
 * fanout: worker 0 sets, `waiters` workers wait (threads = waiters + 1, swept by --waiters). A
 *   round: every waiter announces it is about to wait and waits; once all have announced, the
 *   setter stamps sb_now_ns() into the shared line and sets; each waiter reads the clock when its
 *   wait returns and records (return - stamp) in its histogram: the wake-up latency from set() to
 *   the return of that waiter, every round (the figure is this latency, so every round is timed;
 *   the clock overhead w->timer_ns is subtracted). When all have answered, the setter clears and
 *   opens the next round. ns_per_op = the length of one round (every thread counts rounds).
 *   Checks: a waiter whose wait returns while the event is clear, or before this round's set, is a
 *   FAIL; after the join every waiter must have woken in every round the setter set.
 * pingpong: workers 2k and 2k+1 hand a turn back and forth through two events (set the other's,
 *   wait for one's own, clear it). Worker 2k times every round trip (its own clock at both ends);
 *   both count their turns, so ns_per_op = one round trip. Checks: a wait that returns on a clear
 *   event or out of turn is a FAIL; after the join the turns counted match the ball passed.
 *
 * Blocking: at the end of the window `release` stores `stop` and sets every event, so each wait
 * returns; loops test `stop` after every wake-up. The negative control `lossy` sets without waking
 * the sleepers: its waiters (and release's wake-up) are lost, and the watchdog records it hung. */
#include "bench/event_op.h"
#include "bench/family.h"
#include "prim/event_list.h"
#include "prim/futex.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef union event_any {
#define X(NAME, HID, FO) sb_event_##NAME NAME;
	SB_EVENT_IMPLS(X)
#undef X
} event_any;

typedef struct event_shared event_shared;

/* One pingpong pair: the two events on lines of their own, the ball (turns passed) beside. */
typedef struct ev_pair {
	_Alignas(SB_CACHELINE) event_any e[2]; /* e[0]: worker 2k's turn, e[1]: worker 2k+1's */
	_Alignas(SB_CACHELINE) atomic_ulong ball;
} ev_pair;

struct event_shared {
	/* fanout: the event, and the round's bookkeeping on its own line */
	_Alignas(SB_CACHELINE) event_any ev;
	_Alignas(SB_CACHELINE) atomic_uint count; /* arrivals (to n) then answers (to 2n); futex word */
	atomic_uint gen;                          /* round number; futex word the waiters sleep on */
	atomic_uint set_gen;                      /* the round the event was last set for */
	atomic_ullong t_set;                      /* sb_now_ns() just before set() */
	_Alignas(SB_CACHELINE) atomic_int stop;   /* written once by release */
	unsigned nwaiters;
	int npairs, nevents, fanout;
	ev_pair *pairs;
	void (*destroy)(event_any *);
	void (*set)(event_any *);
};

/* --- the round's bookkeeping (not the event being measured) -------------------------------- */

static inline void fo_count_add(event_shared *sh, unsigned target)
{
	/* acq_rel: the setter that sees the count also sees what the waiter did before */
	if (atomic_fetch_add_explicit(&sh->count, 1, memory_order_acq_rel) + 1 == target)
		sb_futex_wake(&sh->count, 1);
}

static inline void fo_wait_count(event_shared *sh, unsigned target)
{
	for (;;) {
		unsigned c = atomic_load_explicit(&sh->count, memory_order_acquire);
		if (c >= target || atomic_load(&sh->stop))
			return;
		/* release changes the word before it wakes, so this cannot sleep through it */
		sb_futex_wait(&sh->count, c, NULL);
	}
}

static inline unsigned fo_wait_gen(event_shared *sh, unsigned g)
{
	unsigned v;
	while ((v = atomic_load_explicit(&sh->gen, memory_order_acquire)) == g && !atomic_load(&sh->stop))
		sb_futex_wait(&sh->gen, g, NULL);
	return v;
}

static void ev_fail(sb_worker *w, const char *what, unsigned long long round)
{
	if (!w->fail[0])
		snprintf(w->fail, sizeof w->fail, "%s (round %llu)", what, round);
}

#define EV(NAME, OP) sb_event_##NAME##_##OP

#define EVENT_LOOPS(NAME, HID, FO)                                                                 \
	/* fanout, the setter: one round; 1 when complete, 0 when stopped */                      \
	static inline __attribute__((always_inline)) int fo_set_round_##NAME(sb_worker *w, event_shared *sh) \
	{                                                                                          \
		sb_event_##NAME *e = &sh->ev.NAME;                                                 \
		unsigned n = sh->nwaiters;                                                         \
		fo_wait_count(sh, n);                                                              \
		if (atomic_load(&sh->stop))                                                        \
			return 0;                                                                  \
		unsigned g = atomic_load_explicit(&sh->gen, memory_order_relaxed);                 \
		atomic_store_explicit(&sh->set_gen, g + 1, memory_order_relaxed);                  \
		atomic_store_explicit(&sh->t_set, sb_now_ns(), memory_order_relaxed);              \
		EV(NAME, set)(e); /* publishes set_gen and t_set to the waiters it wakes */        \
		w->aux++;                                                                          \
		fo_wait_count(sh, 2 * n);                                                          \
		if (atomic_load(&sh->stop))                                                        \
			return 0;                                                                  \
		EV(NAME, clear)(e);                                                                \
		if (atomic_load(&sh->stop)) {                                                      \
			EV(NAME, set)(e); /* release may have set before this clear */             \
			return 0;                                                                  \
		}                                                                                  \
		atomic_store_explicit(&sh->count, 0, memory_order_relaxed);                        \
		atomic_fetch_add_explicit(&sh->gen, 1, memory_order_release);                      \
		sb_futex_wake(&sh->gen, INT_MAX);                                                  \
		return 1;                                                                          \
	}                                                                                          \
	/* fanout, a waiter: one round of generation *g; 1 when it woke on the set, 0 when stopped */ \
	static inline __attribute__((always_inline)) int fo_wait_round_##NAME(sb_worker *w, event_shared *sh, \
									      unsigned *g, int rec) \
	{                                                                                          \
		sb_event_##NAME *e = &sh->ev.NAME;                                                 \
		unsigned n = sh->nwaiters;                                                         \
		fo_count_add(sh, n);                                                               \
		int r = EV(NAME, wait)(e);                                                         \
		uint64_t t1 = sb_now_ns();                                                         \
		if (atomic_load(&sh->stop))                                                        \
			return 0;                                                                  \
		if (!r || !EV(NAME, is_set)(e))                                                    \
			ev_fail(w, "wait returned while the event was clear", *g);                 \
		else if (atomic_load_explicit(&sh->set_gen, memory_order_relaxed) != *g + 1)       \
			ev_fail(w, "wait returned before this round's set", *g);                   \
		if (rec)                                                                           \
			sb_worker_sample(w, atomic_load_explicit(&sh->t_set, memory_order_relaxed), t1); \
		w->aux++;                                                                          \
		fo_count_add(sh, 2 * n);                                                           \
		*g = fo_wait_gen(sh, *g);                                                          \
		return 1;                                                                          \
	}                                                                                          \
	static void event_fanout_##NAME(sb_worker *w)                                              \
	{                                                                                          \
		event_shared *sh = w->shared;                                                      \
		const _Atomic int *phase = &w->team->phase;                                        \
		uint64_t n = 0;                                                                    \
		if (w->id == 0) {                                                                  \
			while (sb_phase(phase) == SB_PHASE_WARMUP && fo_set_round_##NAME(w, sh))   \
				n++;                                                               \
			sb_worker_window_begin(w, n);                                              \
			n = 0;                                                                     \
			while (sb_phase(phase) == SB_PHASE_MEASURE && fo_set_round_##NAME(w, sh))  \
				n++;                                                               \
		} else {                                                                           \
			unsigned g = 0;                                                            \
			while (sb_phase(phase) == SB_PHASE_WARMUP && fo_wait_round_##NAME(w, sh, &g, 0)) \
				n++;                                                               \
			sb_worker_window_begin(w, n);                                              \
			n = 0;                                                                     \
			while (sb_phase(phase) == SB_PHASE_MEASURE && fo_wait_round_##NAME(w, sh, &g, 1)) \
				n++;                                                               \
		}                                                                                  \
		sb_worker_window_end(w, n);                                                        \
	}                                                                                          \
	/* pingpong, worker 2k: pass the turn, wait for it back; times the round trip */          \
	static inline __attribute__((always_inline)) int pp_serve_##NAME(sb_worker *w, event_shared *sh, \
									 ev_pair *pr, int rec)     \
	{                                                                                          \
		unsigned long b = atomic_load_explicit(&pr->ball, memory_order_relaxed);           \
		if (b & 1)                                                                         \
			ev_fail(w, "worker 2k has the turn while the ball is on the other side", b); \
		atomic_store_explicit(&pr->ball, b + 1, memory_order_relaxed);                     \
		uint64_t t0 = sb_now_ns();                                                         \
		EV(NAME, set)(&pr->e[1].NAME);                                                     \
		int r = EV(NAME, wait)(&pr->e[0].NAME);                                            \
		uint64_t t1 = sb_now_ns();                                                         \
		if (atomic_load(&sh->stop))                                                        \
			return 0;                                                                  \
		if (!r || !EV(NAME, is_set)(&pr->e[0].NAME))                                       \
			ev_fail(w, "wait returned while the event was clear", b);                  \
		EV(NAME, clear)(&pr->e[0].NAME);                                                   \
		/* every round trip is timed: the round trip is the figure, at tens of us each */  \
		if (rec)                                                                           \
			sb_worker_sample(w, t0, t1);                                               \
		return 1;                                                                          \
	}                                                                                          \
	/* pingpong, worker 2k+1: wait for the turn, pass it back */                              \
	static inline __attribute__((always_inline)) int pp_return_##NAME(sb_worker *w, event_shared *sh, \
									  ev_pair *pr)              \
	{                                                                                          \
		int r = EV(NAME, wait)(&pr->e[1].NAME);                                            \
		if (atomic_load(&sh->stop))                                                        \
			return 0;                                                                  \
		unsigned long b = atomic_load_explicit(&pr->ball, memory_order_relaxed);           \
		if (!r || !EV(NAME, is_set)(&pr->e[1].NAME))                                       \
			ev_fail(w, "wait returned while the event was clear", b);                  \
		EV(NAME, clear)(&pr->e[1].NAME);                                                   \
		if (!(b & 1))                                                                      \
			ev_fail(w, "worker 2k+1 woke before the turn was passed to it", b);        \
		atomic_store_explicit(&pr->ball, b + 1, memory_order_relaxed);                     \
		EV(NAME, set)(&pr->e[0].NAME);                                                     \
		return 1;                                                                          \
	}                                                                                          \
	static void event_pingpong_##NAME(sb_worker *w)                                            \
	{                                                                                          \
		event_shared *sh = w->shared;                                                      \
		if (w->id / 2 >= sh->npairs) {                                                     \
			sb_worker_idle(w);                                                                \
			return;                                                                    \
		}                                                                                  \
		ev_pair *pr = &sh->pairs[w->id / 2];                                               \
		const _Atomic int *phase = &w->team->phase;                                        \
		uint64_t n = 0;                                                                    \
		if (w->id % 2 == 0) {                                                              \
			while (sb_phase(phase) == SB_PHASE_WARMUP && pp_serve_##NAME(w, sh, pr, 0)) \
				n++;                                                               \
			sb_worker_window_begin(w, n);                                              \
			n = 0;                                                                     \
			while (sb_phase(phase) == SB_PHASE_MEASURE && pp_serve_##NAME(w, sh, pr, 1)) \
				n++;                                                               \
		} else {                                                                           \
			while (sb_phase(phase) == SB_PHASE_WARMUP && pp_return_##NAME(w, sh, pr))  \
				n++;                                                               \
			sb_worker_window_begin(w, n);                                              \
			n = 0;                                                                     \
			while (sb_phase(phase) == SB_PHASE_MEASURE && pp_return_##NAME(w, sh, pr)) \
				n++;                                                               \
		}                                                                                  \
		w->aux = w->warm_ops + n;                                                          \
		sb_worker_window_end(w, n);                                                        \
	}                                                                                          \
	__attribute__((unused)) static sb_worker_fn event_pick_fanout_##NAME(const sb_case_params *p)                      \
	{                                                                                          \
		(void)p;                                                                           \
		return event_fanout_##NAME;                                                        \
	}                                                                                          \
	static sb_worker_fn event_pick_pingpong_##NAME(const sb_case_params *p)                    \
	{                                                                                          \
		(void)p;                                                                           \
		return event_pingpong_##NAME;                                                      \
	}                                                                                          \
	static void event_destroy_##NAME(event_any *e) { EV(NAME, destroy)(&e->NAME); }            \
	static void event_set_##NAME(event_any *e) { EV(NAME, set)(&e->NAME); }                   \
	static int event_init_##NAME(event_any *e) { return EV(NAME, init)(&e->NAME); }

SB_EVENT_IMPLS(EVENT_LOOPS)

static void event_teardown(void *shared)
{
	event_shared *sh = shared;
	if (sh->fanout) {
		if (sh->nevents)
			sh->destroy(&sh->ev);
	} else {
		for (int i = 0; i < sh->nevents; i++)
			sh->destroy(&sh->pairs[i / 2].e[i % 2]);
	}
	free(sh->pairs);
	free(sh);
}

static int event_setup(const sb_case_params *p, void **out, char *err, size_t errlen, int fanout,
		       int (*init)(event_any *), void (*destroy)(event_any *), void (*set)(event_any *))
{
	if (fanout && p->waiters < 1) {
		snprintf(err, errlen, "fanout needs at least one waiter (--waiters)");
		return -EINVAL;
	}
	event_shared *sh = aligned_alloc(SB_CACHELINE, sizeof *sh);
	if (!sh)
		return -ENOMEM;
	memset(sh, 0, sizeof *sh);
	sh->fanout = fanout;
	sh->destroy = destroy;
	sh->set = set;
	sh->nwaiters = fanout ? (unsigned)(p->threads - 1) : 0;
	sh->npairs = fanout ? 0 : p->threads / 2;
	atomic_init(&sh->count, 0);
	atomic_init(&sh->gen, 0);
	atomic_init(&sh->set_gen, 0);
	atomic_init(&sh->t_set, 0);
	atomic_init(&sh->stop, 0);
	int r = 0;
	if (fanout) {
		r = init(&sh->ev);
		sh->nevents = r ? 0 : 1;
	} else if (sh->npairs > 0) {
		sh->pairs = aligned_alloc(SB_CACHELINE, sizeof(ev_pair) * (size_t)sh->npairs);
		if (!sh->pairs) {
			free(sh);
			return -ENOMEM;
		}
		for (int i = 0; i < sh->npairs; i++)
			atomic_init(&sh->pairs[i].ball, 0);
		for (int i = 0; i < 2 * sh->npairs && !r; i++)
			if (!(r = init(&sh->pairs[i / 2].e[i % 2])))
				sh->nevents++;
	}
	if (r) {
		snprintf(err, errlen, "cannot create the event (errno %d)", -r);
		event_teardown(sh);
		return r;
	}
	*out = sh;
	return 0;
}

static void event_release(void *shared)
{
	event_shared *sh = shared;
	atomic_store(&sh->stop, 1);
	/* change every futex word before waking it, so a worker between its test of stop and its
	 * sleep finds the word changed instead of sleeping through the wake-up */
	atomic_fetch_add(&sh->count, 1u << 24);
	sb_futex_wake(&sh->count, INT_MAX);
	atomic_fetch_add(&sh->gen, 1);
	sb_futex_wake(&sh->gen, INT_MAX);
	if (sh->fanout) {
		if (sh->nevents)
			sh->set(&sh->ev);
	} else {
		for (int i = 0; i < sh->nevents; i++)
			sh->set(&sh->pairs[i / 2].e[i % 2]);
	}
}

static void event_check(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)p;
	event_shared *sh = shared;
	if (sh->fanout) {
		uint64_t sets = t->workers[0].aux;
		for (int i = 1; i < t->o.nthreads; i++) {
			uint64_t woke = t->workers[i].aux;
			/* the last set may have come with the stop: its wake-up is not counted */
			if (woke != sets && woke + 1 != sets) {
				snprintf(msg, len, "waiter %d woke %" PRIu64 " times for %" PRIu64 " sets", i, woke, sets);
				return;
			}
		}
		return;
	}
	for (int k = 0; k < sh->npairs; k++) {
		uint64_t a = t->workers[2 * k].aux, b = t->workers[2 * k + 1].aux;
		unsigned long ball = atomic_load(&sh->pairs[k].ball);
		/* worker 2k moves the ball before its round trip: its last one may be unfinished */
		if (ball != a + b && ball != a + b + 1) {
			snprintf(msg, len, "pair %d: ball passed %lu times, turns counted %" PRIu64 " + %" PRIu64,
				 k, ball, a, b);
			return;
		}
	}
}

#define EVENT_SETUPS(NAME, HID, FO)                                                                \
	__attribute__((unused)) static int event_setup_fanout_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{ return event_setup(p, out, err, errlen, 1, event_init_##NAME, event_destroy_##NAME, event_set_##NAME); } \
	static int event_setup_pingpong_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{ return event_setup(p, out, err, errlen, 0, event_init_##NAME, event_destroy_##NAME, event_set_##NAME); }
SB_EVENT_IMPLS(EVENT_SETUPS)

/* uncontended: one worker, EVENT_UNC_OP (bench/event_op.h, shared with google-benchmark); the
 * fanout layout's event is used, with no waiter */
#define EVENT_UNC(NAME, HID, FO)                                                                   \
	static int event_setup_unc_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{                                                                                          \
		sb_case_params q = *p;                                                             \
		q.waiters = 1; /* the fanout layout, one event; no worker waits on it */           \
		return event_setup(&q, out, err, errlen, 1, event_init_##NAME, event_destroy_##NAME, event_set_##NAME); \
	}                                                                                          \
	static void event_unc_loop_##NAME(sb_worker *w)                                            \
	{                                                                                          \
		event_shared *sh = w->shared;                                                      \
		sb_event_##NAME *e = &sh->ev.NAME;                                                 \
		uint64_t bad = 0;                                                                  \
		SB_MEASURE_LOOP(w, EVENT_UNC_OP(NAME, e, bad), (void)0, (void)0);                  \
		if (bad)                                                                           \
			snprintf(w->fail, sizeof w->fail, "%" PRIu64 " is_set/wait calls saw the wrong state", bad); \
	}                                                                                          \
	static sb_worker_fn event_pick_unc_##NAME(const sb_case_params *p)                         \
	{                                                                                          \
		(void)p;                                                                           \
		return event_unc_loop_##NAME;                                                      \
	}
SB_EVENT_IMPLS(EVENT_UNC)

/* Rows: fanout only where the implementation takes part (FO), pingpong always. */
#define EVENT_ROW_FANOUT(NAME, HID)                                                                \
	{ .family = "event", .impl = #NAME, .scenario = "fanout",                                  \
	  .flags = SB_CASE_WAITERS | SB_CASE_NO_DELAY | ((HID) ? SB_CASE_HIDDEN : 0),             \
	  .about = "1 setter, N waiters (--waiters): latency from set() to each waiter's return",  \
	  .sweep = "waiters=1,4", .setup = event_setup_fanout_##NAME,                              \
	  .pick = event_pick_fanout_##NAME, .check = event_check, .release = event_release,       \
	  .teardown = event_teardown },
#define EVENT_ROW_FANOUT_0(NAME, HID)
#define EVENT_ROW_FANOUT_1(NAME, HID) EVENT_ROW_FANOUT(NAME, HID)
#define EVENT_ROWS(NAME, HID, FO)                                                                  \
	{ .family = "event", .impl = #NAME, .scenario = "uncontended",                             \
	  .flags = SB_CASE_ONE_THREAD | SB_CASE_NO_DELAY | ((HID) ? SB_CASE_HIDDEN : 0),           \
	  .about = "one worker: set, is_set, wait (returns at once), clear, is_set: no one waits", \
	  /* no release: the one worker never blocks, and a set from outside would break its check */ \
	  .setup = event_setup_unc_##NAME, .pick = event_pick_unc_##NAME, .check = event_check,    \
	  .teardown = event_teardown },                                                            \
	EVENT_ROW_FANOUT_##FO(NAME, HID)                                                           \
	{ .family = "event", .impl = #NAME, .scenario = "pingpong",                                \
	  .flags = SB_CASE_MIN2 | SB_CASE_NO_DELAY | ((HID) ? SB_CASE_HIDDEN : 0),                 \
	  .about = "pairs of workers pass a turn through two events; round-trip latency",         \
	  .setup = event_setup_pingpong_##NAME, .pick = event_pick_pingpong_##NAME,                \
	  .check = event_check, .release = event_release, .teardown = event_teardown },

static const sb_case event_cases[] = { SB_EVENT_IMPLS(EVENT_ROWS) };

const sb_family sb_family_event = { "event", event_cases, sizeof event_cases / sizeof event_cases[0] };
