/* syncbench/loop.h: the two measured loops, written once, as real code.
 *
 * Every benchmark's worker runs one of them:
 *
 *   sb_loop_steady  steady state: bursts of operations between two looks at the phase flag, one
 *                   operation of each burst timed (the sampled latency). For operations whose
 *                   cost is the figure: lock+unlock, a read side, a push/pop pair.
 *   sb_loop_timed   every operation timed, one after another (each sample is the time from the
 *                   end of one operation to the end of the next): for operations that are
 *                   themselves a latency (a handoff, a wake-up, a grace period, a timed wait).
 *
 * Both are static inline and always inlined: a family calls them from one small worker function
 * per implementation, passing the implementation's static inline operation as a function
 * pointer that is a constant at the call, so the compiler inlines the operation into the loop
 * (no indirect call is left; tests/disasm.sh checks the binary) while gdb and perf still see the
 * loop's own lines. The operation gets an explicit context (the implementation's shared state
 * and its per-thread part) and never reaches for names of its caller.
 *
 * Thread-safety: a loop runs on its own worker thread and writes only that worker's fields.
 */
#ifndef SYNCBENCH_LOOP_H
#define SYNCBENCH_LOOP_H

#include <stdint.h>

#include "syncbench/case.h"
#include "syncbench/clock.h"
#include "syncbench/harness.h"
#include "syncbench/spin.h"

#define SB_ALWAYS_INLINE inline __attribute__((always_inline))

/* One operation of a steady-state loop. has_cs is a constant in each of the loop's four copies,
 * so an operation's critical-section delay costs nothing when --cs is 0. */
typedef void (*sb_loop_op)(void *ctx, int has_cs);
/* One operation of an every-operation-timed loop: nonzero to go on, 0 when it was stopped (a
 * blocking operation woken by the case's release at the end of the window). */
typedef int (*sb_loop_timed_op)(void *ctx);
/* Runs once when the window opens, after the warm-up (e.g. reset per-window counts); may be NULL. */
typedef void (*sb_loop_hook)(void *ctx);
/* The window's operations so far as the family counts them, where an operation can do nothing
 * (a queue's push that finds its pool empty): what the loop publishes once per burst, so that the
 * controller lengthens a window in which too few operations got done, not too few were tried.
 * NULL (sb_loop_steady): every operation counts. */
typedef uint64_t (*sb_loop_count)(void *ctx);

/* The steady-state loop for one choice of delays. op runs until the window opens (warm-up),
 * then through the window in bursts: one operation timed on the shared clock, then sample_mask
 * operations with nothing around them, then a look at the phase flag. The harness picks
 * sample_mask + 1 (a power of two) from the warm-up so that a burst lasts about 100 clock reads:
 * sampling costs under 2 % and the window's end is seen within a burst. The operations counted
 * are published once per burst (a relaxed store to the worker's own line) so that the
 * controller can lengthen a window that has too few. */
static SB_ALWAYS_INLINE void sb_loop_steady_delays(sb_worker *w, sb_loop_op op, void *ctx, sb_loop_hook at_window,
						   sb_loop_count count, const int has_cs, const int has_think)
{
	const _Atomic int *phase = &w->team->phase;
	const uint64_t think_iters = w->team_params->think_iters;
	uint64_t n = 0;
	__atomic_store_n(&w->publishes, 1, __ATOMIC_RELAXED); /* read by the controller in the window */
	while (sb_phase(phase) == SB_PHASE_WARMUP) {
		op(ctx, has_cs);
		if (has_think)
			sb_spin(think_iters);
		n++;
	}
	sb_worker_window_begin(w, n);
	if (at_window)
		at_window(ctx);
	const uint64_t burst = w->sample_mask;
	n = 0;
	while (sb_phase(phase) == SB_PHASE_MEASURE) {
		uint64_t t0 = sb_now_ns();
		op(ctx, has_cs);
		sb_worker_sample(w, t0, sb_now_ns());
		if (has_think)
			sb_spin(think_iters);
		for (uint64_t i = burst; i; i--) {
			op(ctx, has_cs);
			if (has_think)
				sb_spin(think_iters);
		}
		n += burst + 1;
		sb_worker_progress(w, count ? count(ctx) : n);
	}
	sb_worker_window_end(w, n);
}

/* The steady-state loop with the family's own count of operations done (count: a constant at the
 * call, inlined like op); picks the copy for this case's --cs and --think once, before the
 * warm-up (a delay of 0 runs no delay code at all). */
static SB_ALWAYS_INLINE void sb_loop_steady_counted(sb_worker *w, sb_loop_op op, void *ctx, sb_loop_hook at_window,
						    sb_loop_count count)
{
	const sb_case_params *p = w->team_params;
	if (p->cs_iters && p->think_iters)
		sb_loop_steady_delays(w, op, ctx, at_window, count, 1, 1);
	else if (p->cs_iters)
		sb_loop_steady_delays(w, op, ctx, at_window, count, 1, 0);
	else if (p->think_iters)
		sb_loop_steady_delays(w, op, ctx, at_window, count, 0, 1);
	else
		sb_loop_steady_delays(w, op, ctx, at_window, count, 0, 0);
}

/* The steady-state loop: every operation counts. */
static SB_ALWAYS_INLINE void sb_loop_steady(sb_worker *w, sb_loop_op op, void *ctx, sb_loop_hook at_window)
{
	sb_loop_steady_counted(w, op, ctx, at_window, NULL);
}

/* The every-operation-timed loop. With timed = 0 the worker takes part (counts its operations)
 * without sampling: the other side of a ping-pong, whose round trip its partner times. With
 * self_timed = 1 the operation records its own samples (sb_worker_sample) because its figure is
 * not the time between two operations (a timed wait's overshoot); the loop then reads no clock,
 * and drops the samples the operation recorded during the warm-up (the histogram holds the
 * window's alone). The window's count goes to w->ops; w->aux gets every operation done, warm-up
 * included. */
static SB_ALWAYS_INLINE void sb_loop_timed(sb_worker *w, sb_loop_timed_op op, void *ctx, const int timed,
					   const int self_timed)
{
	const _Atomic int *phase = &w->team->phase;
	uint64_t n = 0;
	__atomic_store_n(&w->publishes, 1, __ATOMIC_RELAXED); /* read by the controller in the window */
	while (sb_phase(phase) == SB_PHASE_WARMUP && op(ctx))
		n++;
	if (self_timed)
		sb_hist_init(&w->hist); /* before the window opens: its cost is not in the window */
	sb_worker_window_begin(w, n);
	const uint64_t warm = n;
	n = 0;
	uint64_t t_prev = (timed && !self_timed) ? sb_now_ns() : 0;
	while (sb_phase(phase) == SB_PHASE_MEASURE && op(ctx)) {
		if (timed && !self_timed) {
			uint64_t t = sb_now_ns();
			sb_worker_sample(w, t_prev, t);
			t_prev = t;
		}
		n++;
		sb_worker_progress(w, n);
	}
	w->aux = warm + n;
	sb_worker_window_end(w, n);
}

#endif
