/* bench/event.c: the event family (Python's threading.Event: set, clear, is_set, wait with a
 * timeout) on the loops of syncbench/loop.h, one worker function per implementation and scenario,
 * the event's calls inlined (bench/event_op.h).
 *
 * uncontended: one worker, event_op_IMPL on the steady-state loop (set, is_set, wait, clear,
 *   is_set; nobody waits). Check: is_set and wait saw the state the worker left.
 * fanout: worker 0 sets, `waiters` workers wait (threads = waiters + 1, swept by --waiters), on
 *   the every-operation-timed loop, one round per operation. A round: every waiter announces it
 *   is about to wait and waits; once all have announced, the setter stamps sb_now_ns() into the
 *   shared line and sets; each waiter reads the clock when its wait returns and records (return -
 *   stamp): the wake-up latency from set() to the return of that waiter, every round (the
 *   operation times itself; the clock overhead is subtracted). When all have answered, the setter
 *   clears and opens the next round. ns_per_op = the length of one round (every thread counts
 *   rounds). Checks: a waiter whose wait returns while the event is clear, or before this round's
 *   set, is a FAIL; after the join every waiter must have woken in every round the setter
 *   completed (and at most in one more: the round the window's end cut short).
 *   Not run for a spinning event (SB_IMPL_SPINS): a spinning waiter per CPU starves the setter.
 * pingpong: workers 2k and 2k+1 hand a turn back and forth through two events (set the other's,
 *   wait for one's own, clear it). Worker 2k times every round trip (set to the return of its
 *   wait); both count their turns, so ns_per_op = one round trip. Checks: a wait that returns on
 *   a clear event or out of turn is a FAIL; after the join the turns counted match the ball passed.
 *
 * Blocking: at the end of the window `release` stores `stop` and sets every event, so each wait
 * returns; an operation tests `stop` after every wake-up. The negative control `lossy` sets
 * without waking the sleepers: its waiters (and release's wake-up) are lost, and the watchdog
 * records it hung. */
#include "bench/event_op.h"
#include "bench/family.h"
#include "prim/event_list.h"
#include "prim/futex.h"
#include "syncbench/loop.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Event i of the case (0 .. nslots-1): the one event, or the pairs' in turn. */
static inline event_any *event_slot(event_shared *sh, int i)
{
	return sh->pairs_layout ? &sh->pairs[i / 2].e[i % 2] : &sh->ev;
}

static __attribute__((cold, noinline)) void ev_fail(sb_worker *w, const char *what, unsigned long long round)
{
	if (!w->fail[0])
		snprintf(w->fail, sizeof w->fail, "%s (round %llu)", what, round);
}

/* --- uncontended ----------------------------------------------------------------------------- */

static SB_ALWAYS_INLINE void event_uncontended_run(sb_worker *w, sb_loop_op op)
{
	event_ctx c = { .event = &((event_shared *)w->shared)->ev, .bad = 0 };
	sb_loop_steady(w, op, &c, NULL);
	if (c.bad)
		snprintf(w->fail, sizeof w->fail, "%" PRIu64 " is_set/wait calls saw the wrong state", c.bad);
}

/* --- fanout: the round's bookkeeping (not the event being measured) ------------------------- */

typedef struct fo_ctx {
	event_shared *sh;
	sb_worker *w;
	unsigned gen; /* a waiter's round */
} fo_ctx;

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

/* The setter's operation: one round; 1 when complete, 0 when stopped. */
static SB_ALWAYS_INLINE int fo_set_round(fo_ctx *c, const event_calls ev)
{
	event_shared *sh = c->sh;
	unsigned n = sh->nwaiters;
	fo_wait_count(sh, n);
	if (atomic_load(&sh->stop))
		return 0;
	unsigned g = atomic_load_explicit(&sh->gen, memory_order_relaxed);
	atomic_store_explicit(&sh->set_gen, g + 1, memory_order_relaxed);
	atomic_store_explicit(&sh->t_set, sb_now_ns(), memory_order_relaxed);
	ev.set(&sh->ev); /* publishes set_gen and t_set to the waiters it wakes */
	fo_wait_count(sh, 2 * n);
	if (atomic_load(&sh->stop))
		return 0;
	ev.clear(&sh->ev);
	if (atomic_load(&sh->stop)) {
		ev.set(&sh->ev); /* release may have set before this clear */
		return 0;
	}
	atomic_store_explicit(&sh->count, 0, memory_order_relaxed);
	atomic_fetch_add_explicit(&sh->gen, 1, memory_order_release);
	sb_futex_wake(&sh->gen, INT_MAX);
	return 1;
}

/* A waiter's operation: one round; 1 when it woke on the set (its latency recorded), 0 when
 * stopped. */
static SB_ALWAYS_INLINE int fo_wait_round(fo_ctx *c, const event_calls ev)
{
	event_shared *sh = c->sh;
	unsigned n = sh->nwaiters;
	fo_count_add(sh, n);
	int r = ev.wait(&sh->ev);
	uint64_t t1 = sb_now_ns();
	if (atomic_load(&sh->stop))
		return 0;
	if (!r || !ev.is_set(&sh->ev))
		ev_fail(c->w, "wait returned while the event was clear", c->gen);
	else if (atomic_load_explicit(&sh->set_gen, memory_order_relaxed) != c->gen + 1)
		ev_fail(c->w, "wait returned before this round's set", c->gen);
	sb_worker_sample(c->w, atomic_load_explicit(&sh->t_set, memory_order_relaxed), t1);
	fo_count_add(sh, 2 * n);
	c->gen = fo_wait_gen(sh, c->gen);
	return 1;
}

/* Worker 0 sets (takes part, times nothing); the others wait and time their own wake-ups. */
static SB_ALWAYS_INLINE void event_fanout_run(sb_worker *w, sb_loop_timed_op set_round, sb_loop_timed_op wait_round)
{
	fo_ctx c = { .sh = w->shared, .w = w, .gen = 0 };
	if (w->id == 0)
		sb_loop_timed(w, set_round, &c, 0, 0);
	else
		sb_loop_timed(w, wait_round, &c, 1, 1);
}

/* --- pingpong -------------------------------------------------------------------------------- */

typedef struct pp_ctx {
	event_shared *sh;
	ev_pair *pr;
	sb_worker *w;
} pp_ctx;

/* Worker 2k: pass the turn, wait for it back; times the round trip (set to wake-up). */
static SB_ALWAYS_INLINE int pp_serve(pp_ctx *c, const event_calls ev)
{
	ev_pair *pr = c->pr;
	unsigned long b = atomic_load_explicit(&pr->ball, memory_order_relaxed);
	if (b & 1)
		ev_fail(c->w, "worker 2k has the turn while the ball is on the other side", b);
	atomic_store_explicit(&pr->ball, b + 1, memory_order_relaxed);
	uint64_t t0 = sb_now_ns();
	ev.set(&pr->e[1]);
	int r = ev.wait(&pr->e[0]);
	uint64_t t1 = sb_now_ns();
	if (atomic_load(&c->sh->stop))
		return 0;
	if (!r || !ev.is_set(&pr->e[0]))
		ev_fail(c->w, "wait returned while the event was clear", b);
	ev.clear(&pr->e[0]);
	sb_worker_sample(c->w, t0, t1);
	return 1;
}

/* Worker 2k+1: wait for the turn, pass it back. */
static SB_ALWAYS_INLINE int pp_return(pp_ctx *c, const event_calls ev)
{
	ev_pair *pr = c->pr;
	int r = ev.wait(&pr->e[1]);
	if (atomic_load(&c->sh->stop))
		return 0;
	unsigned long b = atomic_load_explicit(&pr->ball, memory_order_relaxed);
	if (!r || !ev.is_set(&pr->e[1]))
		ev_fail(c->w, "wait returned while the event was clear", b);
	ev.clear(&pr->e[1]);
	if (!(b & 1))
		ev_fail(c->w, "worker 2k+1 woke before the turn was passed to it", b);
	atomic_store_explicit(&pr->ball, b + 1, memory_order_relaxed);
	ev.set(&pr->e[0]);
	return 1;
}

/* Workers 2k and 2k+1 play pair k; the odd one out idles. */
static SB_ALWAYS_INLINE void event_pingpong_run(sb_worker *w, sb_loop_timed_op serve, sb_loop_timed_op ret)
{
	event_shared *sh = w->shared;
	if (w->id / 2 >= sh->npairs) {
		sb_worker_idle(w);
		return;
	}
	pp_ctx c = { .sh = sh, .pr = &sh->pairs[w->id / 2], .w = w };
	if (w->id % 2 == 0)
		sb_loop_timed(w, serve, &c, 1, 1);
	else
		sb_loop_timed(w, ret, &c, 0, 0);
}

/* The workers of every implementation: its calls inlined into each scenario's operations. */
#define EVENT_WORKERS(NAME, FLAGS)                                                                  \
	static SB_ALWAYS_INLINE int event_fo_set_##NAME(void *c) { return fo_set_round(c, EVENT_CALLS(NAME)); } \
	static SB_ALWAYS_INLINE int event_fo_wait_##NAME(void *c) { return fo_wait_round(c, EVENT_CALLS(NAME)); } \
	static SB_ALWAYS_INLINE int event_pp_serve_##NAME(void *c) { return pp_serve(c, EVENT_CALLS(NAME)); } \
	static SB_ALWAYS_INLINE int event_pp_return_##NAME(void *c) { return pp_return(c, EVENT_CALLS(NAME)); } \
	static void event_uncontended_##NAME(sb_worker *w) { event_uncontended_run(w, event_op_##NAME); } \
	static void event_fanout_##NAME(sb_worker *w) { event_fanout_run(w, event_fo_set_##NAME, event_fo_wait_##NAME); } \
	static void event_pingpong_##NAME(sb_worker *w) { event_pingpong_run(w, event_pp_serve_##NAME, event_pp_return_##NAME); }
SB_EVENT_IMPLS(EVENT_WORKERS)
#undef EVENT_WORKERS

/* --- setup, release, teardown ---------------------------------------------------------------- */

static void event_shared_free(event_shared *sh)
{
	free(sh->pairs);
	free(sh);
}

/* The shared state for p, its events not yet initialised (NULL: out of memory). pairs: the
 * pingpong's layout (threads / 2 pairs of events); else one event and threads - 1 waiters. */
static event_shared *event_shared_new(const sb_case_params *p, int pairs)
{
	event_shared *sh = aligned_alloc(SB_CACHELINE, sizeof *sh);
	if (!sh)
		return NULL;
	memset(sh, 0, sizeof *sh);
	atomic_init(&sh->count, 0);
	atomic_init(&sh->gen, 0);
	atomic_init(&sh->set_gen, 0);
	atomic_init(&sh->t_set, 0);
	atomic_init(&sh->stop, 0);
	sh->pairs_layout = pairs;
	sh->npairs = pairs ? p->threads / 2 : 0;
	sh->nwaiters = pairs ? 0 : (unsigned)(p->threads - 1);
	sh->nslots = pairs ? 2 * sh->npairs : 1;
	if (sh->npairs > 0 && !(sh->pairs = aligned_alloc(SB_CACHELINE, sizeof(ev_pair) * (size_t)sh->npairs))) {
		free(sh);
		return NULL;
	}
	for (int i = 0; i < sh->npairs; i++)
		atomic_init(&sh->pairs[i].ball, 0);
	return sh;
}

/* The end of an implementation's setup: r = 0 hands sh out, else it is torn down and err says why. */
static SB_ALWAYS_INLINE int event_setup_done(event_shared *sh, int r, void (*teardown)(void *), void **out, char *err,
					     size_t errlen)
{
	if (!r) {
		*out = sh;
		return 0;
	}
	if (sh)
		teardown(sh);
	snprintf(err, errlen, "cannot create the event (errno %d)", -r);
	return r;
}

static int event_no_waiter(char *err, size_t errlen)
{
	snprintf(err, errlen, "fanout needs at least one waiter (--waiters)");
	return -EINVAL;
}

/* Stops the rounds: every futex word the bookkeeping sleeps on is changed before it is woken, so
 * a worker between its test of stop and its sleep finds the word changed instead of sleeping
 * through the wake-up. The implementation's release then sets every event. */
static void event_stop(event_shared *sh)
{
	atomic_store(&sh->stop, 1);
	atomic_fetch_add(&sh->count, 1u << 24);
	sb_futex_wake(&sh->count, INT_MAX);
	atomic_fetch_add(&sh->gen, 1);
	sb_futex_wake(&sh->gen, INT_MAX);
}

#define EVENT_LIFE(NAME, FLAGS)                                                                     \
	static void event_teardown_##NAME(void *shared)                                             \
	{                                                                                           \
		event_shared *sh = shared;                                                          \
		for (int i = 0; i < sh->nevents; i++)                                               \
			sb_event_##NAME##_destroy(&event_slot(sh, i)->NAME);                        \
		event_shared_free(sh);                                                              \
	}                                                                                           \
	static int event_setup_##NAME(event_shared *sh, void **out, char *err, size_t errlen)       \
	{                                                                                           \
		int r = sh ? 0 : -ENOMEM;                                                           \
		while (!r && sh->nevents < sh->nslots)                                              \
			if (!(r = sb_event_##NAME##_init(&event_slot(sh, sh->nevents)->NAME)))      \
				sh->nevents++;                                                      \
		return event_setup_done(sh, r, event_teardown_##NAME, out, err, errlen);            \
	}                                                                                           \
	static void event_release_##NAME(void *shared)                                              \
	{                                                                                           \
		event_shared *sh = shared;                                                          \
		event_stop(sh);                                                                     \
		for (int i = 0; i < sh->nevents; i++)                                               \
			sb_event_##NAME##_set(&event_slot(sh, i)->NAME);                            \
	}
SB_EVENT_IMPLS(EVENT_LIFE)
#undef EVENT_LIFE

/* The setup of each scenario, for every implementation: the layout, then the events. */
#define EVENT_SETUPS(NAME, FLAGS)                                                                   \
	static int event_setup_uncontended_##NAME(const sb_case_params *p, void **out, char *err, size_t len) \
	{ return event_setup_##NAME(event_shared_new(p, 0), out, err, len); }                       \
	static int event_setup_fanout_##NAME(const sb_case_params *p, void **out, char *err, size_t len) \
	{ return p->waiters < 1 ? event_no_waiter(err, len) : event_setup_##NAME(event_shared_new(p, 0), out, err, len); } \
	static int event_setup_pingpong_##NAME(const sb_case_params *p, void **out, char *err, size_t len) \
	{ return event_setup_##NAME(event_shared_new(p, 1), out, err, len); }
SB_EVENT_IMPLS(EVENT_SETUPS)
#undef EVENT_SETUPS

static void event_check(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)p;
	event_shared *sh = shared;
	if (!sh->pairs_layout) {
		/* fanout: the setter's aux = the rounds it completed; a waiter also answers the one
		 * the window's end cut short (uncontended: no waiter) */
		uint64_t sets = t->workers[0].aux;
		for (int i = 1; i < t->o.nthreads; i++) {
			uint64_t woke = t->workers[i].aux;
			if (woke != sets && woke != sets + 1) {
				snprintf(msg, len, "waiter %d woke %" PRIu64 " times in %" PRIu64 " rounds", i, woke, sets);
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

/* --- the table ------------------------------------------------------------------------------- */

/* A spinning event takes no part in the fanout (a spinning waiter per CPU starves the setter). */
#define EVENT_RUNS_FANOUT(FLAGS) (((FLAGS) & SB_IMPL_SPINS) == 0)

/* Every implementation x scenario; a row without a family is a scenario the implementation does
 * not run: event_table_build leaves it out of the family's table. */
#define EVENT_ROWS(NAME, FLAGS)                                                                     \
	{ .family = "event", .impl = #NAME, .scenario = "uncontended",                              \
	  .flags = SB_CASE_ONE_THREAD | SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS),               \
	  .about = "one worker: set, is_set, wait (returns at once), clear, is_set: no one waits",  \
	  /* no release: the one worker never blocks, and a set from outside would break its check */ \
	  .setup = event_setup_uncontended_##NAME, .worker = event_uncontended_##NAME,              \
	  .check = event_check, .teardown = event_teardown_##NAME },                                \
	{ .family = EVENT_RUNS_FANOUT(FLAGS) ? "event" : NULL, .impl = #NAME, .scenario = "fanout", \
	  .flags = SB_CASE_WAITERS | SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS),                  \
	  .about = "1 setter, N waiters (--waiters): latency from set() to each waiter's return",   \
	  .sweep = "waiters=1,4", .setup = event_setup_fanout_##NAME, .worker = event_fanout_##NAME, \
	  .check = event_check, .release = event_release_##NAME, .teardown = event_teardown_##NAME }, \
	{ .family = "event", .impl = #NAME, .scenario = "pingpong",                                 \
	  .flags = SB_CASE_MIN2 | SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS),                     \
	  .about = "pairs of workers pass a turn through two events; round-trip latency",           \
	  .setup = event_setup_pingpong_##NAME, .worker = event_pingpong_##NAME,                    \
	  .check = event_check, .release = event_release_##NAME, .teardown = event_teardown_##NAME },

static const sb_case event_rows[] = { SB_EVENT_IMPLS(EVENT_ROWS) };

#define X(NAME, FLAGS) +2 + EVENT_RUNS_FANOUT(FLAGS)
enum { EVENT_NCASES = 0 SB_EVENT_IMPLS(X) };
#undef X

/* Written once, before main, then only read. */
static sb_case event_cases[EVENT_NCASES];

__attribute__((constructor)) static void event_table_build(void)
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof event_rows / sizeof event_rows[0] && n < EVENT_NCASES; i++)
		if (event_rows[i].family)
			event_cases[n++] = event_rows[i];
}

const sb_family sb_family_event = { "event", event_cases, EVENT_NCASES };
