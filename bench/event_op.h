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
#endif
