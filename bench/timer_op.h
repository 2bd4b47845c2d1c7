/* bench/timer_op.h: one operation of the timer family, shared by the suite's loop (bench/timer.c)
 * and google-benchmark's (bench/gbench/timer.c), so both harnesses time the same code.
 *
 * timer_op_IMPL(ctx): deadline = now + ctx->timeout_ns, wait until it, read the clock. Returns
 * what the wait returned (0 at the deadline, 1 interrupted, -errno) and leaves the deadline and
 * the clock read after the wait in ctx: their difference is the wait's overshoot (negative: it
 * woke early, which the caller reports). */
#ifndef SB_BENCH_TIMER_OP_H
#define SB_BENCH_TIMER_OP_H
#include "prim/timer_list.h"
#include "syncbench/clock.h"

#include <stdint.h>

typedef struct timer_ctx {
	void *timer;         /* sb_timer_IMPL, used by the calling thread alone */
	uint64_t timeout_ns; /* from the wait's start to its deadline */
	uint64_t deadline;   /* of the last wait (CLOCK_MONOTONIC ns) */
	uint64_t woke;       /* sb_now_ns() when the last wait returned */
} timer_ctx;

/* The operation, for the implementation's wait_until (a constant at each call: inlined). */
static inline __attribute__((always_inline)) int timer_op(timer_ctx *c, int (*wait_until)(void *, uint64_t))
{
	c->deadline = sb_now_ns() + c->timeout_ns;
	int r = wait_until(c->timer, c->deadline);
	c->woke = sb_now_ns();
	return r;
}

/* timer_op_IMPL for every implementation of the list. */
#define TIMER_OP_DEFINE(NAME, FLAGS)                                                               \
	static inline int timer_wait_until_##NAME(void *t, uint64_t deadline_ns)                   \
	{                                                                                          \
		return sb_timer_##NAME##_wait_until(t, deadline_ns);                               \
	}                                                                                          \
	static inline int timer_op_##NAME(timer_ctx *c) { return timer_op(c, timer_wait_until_##NAME); }
SB_TIMER_IMPLS(TIMER_OP_DEFINE)
#undef TIMER_OP_DEFINE
#endif
