/* bench/event_op.h: the event family's operations over an explicit context, shared by the suite's
 * loops (bench/event.c) and google-benchmark's (bench/gbench/event.c), so both harnesses time
 * the same code.
 *
 * event_calls   an implementation's calls on an untyped event (EVENT_CALLS(IMPL)): passed by
 *               value to the always-inline functions below, they are constants there, and the
 *               compiler inlines the implementation (no call through a pointer is left).
 * event_op_IMPL(ctx, has_cs)   the one-thread operation: set, is_set, wait (returns at once: the
 *               event is set), clear, is_set again: the calls' cost when no thread waits. ctx is
 *               an event_ctx; `bad` counts an is_set or wait that saw the wrong state (the check). */
#ifndef SB_BENCH_EVENT_OP_H
#define SB_BENCH_EVENT_OP_H
#include "prim/event_list.h"
#include "syncbench/harness.h"

#include <stdatomic.h>
#include <stdint.h>

typedef struct event_calls {
	void (*set)(void *e);
	void (*clear)(void *e);
	int (*is_set)(void *e);
	int (*wait)(void *e);
} event_calls;

typedef struct event_ctx {
	void *event;  /* sb_event_IMPL */
	uint64_t bad; /* is_set or wait calls that saw the wrong state */
} event_ctx;

static inline __attribute__((always_inline)) void event_cycle(event_ctx *c, const event_calls ev)
{
	ev.set(c->event);
	c->bad += !ev.is_set(c->event);
	c->bad += ev.wait(c->event) != 1;
	ev.clear(c->event);
	c->bad += ev.is_set(c->event) != 0;
}

/* The calls of every implementation on an untyped event, and its event_op_IMPL. */
#define EVENT_CALLS_DEFINE(NAME, FLAGS)                                                             \
	static inline void event_set_##NAME(void *e) { sb_event_##NAME##_set(e); }                  \
	static inline void event_clear_##NAME(void *e) { sb_event_##NAME##_clear(e); }              \
	static inline int event_is_set_##NAME(void *e) { return sb_event_##NAME##_is_set(e); }      \
	static inline int event_wait_##NAME(void *e) { return sb_event_##NAME##_wait(e); }          \
	static inline void event_op_##NAME(void *ctx, int has_cs)                                   \
	{                                                                                           \
		(void)has_cs;                                                                       \
		event_cycle(ctx, EVENT_CALLS(NAME));                                                \
	}
#define EVENT_CALLS(NAME)                                                                           \
	((event_calls){ event_set_##NAME, event_clear_##NAME, event_is_set_##NAME, event_wait_##NAME })
SB_EVENT_IMPLS(EVENT_CALLS_DEFINE)
#undef EVENT_CALLS_DEFINE

/* The state the operations work on, as the suite's setup (bench/event.c) makes it: the suite's
 * workers and google-benchmark's loop (bench/gbench/event.c) see the same layout. */
/* Any implementation's event. Every member starts at the union's address, so a pointer to the
 * union is a pointer to the implementation's event (what the untyped calls take). */
typedef union event_any {
#define X(NAME, FLAGS) sb_event_##NAME NAME;
	SB_EVENT_IMPLS(X)
#undef X
} event_any;

/* One pingpong pair: the two events on lines of their own, the ball (turns passed) beside. */
typedef struct ev_pair {
	_Alignas(SB_CACHELINE) event_any e[2]; /* e[0]: worker 2k's turn, e[1]: worker 2k+1's */
	_Alignas(SB_CACHELINE) atomic_ulong ball;
} ev_pair;

typedef struct event_shared {
	/* uncontended and fanout: the event, and the fanout round's bookkeeping on its own line */
	_Alignas(SB_CACHELINE) event_any ev;
	_Alignas(SB_CACHELINE) atomic_uint count; /* arrivals (to n) then answers (to 2n); futex word */
	atomic_uint gen;                          /* round number; futex word the waiters sleep on */
	atomic_uint set_gen;                      /* the round the event was last set for */
	atomic_ullong t_set;                      /* sb_now_ns() just before set() */
	_Alignas(SB_CACHELINE) atomic_int stop;   /* written once by release */
	unsigned nwaiters;
	int pairs_layout;                         /* pingpong: the events are the pairs' */
	int npairs, nslots, nevents;              /* events needed, and initialised so far */
	ev_pair *pairs;
} event_shared;

#endif
