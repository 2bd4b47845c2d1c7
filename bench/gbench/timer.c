/* bench/gbench/timer.c: every timed wait of src/prim/timer_list.h under google-benchmark.
 *   timer/IMPL/uncontended   one thread: timer_op_IMPL of bench/timer_op.h with a zero timeout
 *                            (deadline = now): the cost of the call and of finding the deadline
 *                            passed, with no sleep
 * The suite's timer scenario (overshoot) measures waits of --timeout > 0, whose length is the
 * timeout itself; this case has no suite figure to cross-check against. Check: no wait failed,
 * and none returned before its deadline. */
#include "gbench_cases.h"

#include <stdio.h>
#include <string.h>

#include "bench/timer_op.h"
#include "prim/timer_list.h"

typedef struct gb_timer_tally {
	int err;        /* the first error a wait returned */
	uint64_t early; /* waits that returned before their deadline */
} gb_timer_tally;

/* The loop of every implementation: the batches google-benchmark hands out, one wait each. */
static inline __attribute__((always_inline)) gb_timer_tally gb_timer_loop(sb_gb_state *st, void *timer,
									   int (*op)(timer_ctx *))
{
	timer_ctx c = { .timer = timer, .timeout_ns = 0 };
	gb_timer_tally tl = { 0, 0 };
	int64_t n;
	while ((n = sb_gb_keep_running_batch(st, 0)) > 0)
		for (int64_t i = 0; i < n; i++) {
			int r = op(&c);
			if (r < 0 && !tl.err)
				tl.err = r;
			tl.early += c.woke < c.deadline;
		}
	return tl;
}

static void gb_timer_check(sb_gb_state *st, gb_timer_tally tl)
{
	char msg[128];
	if (tl.err)
		snprintf(msg, sizeof msg, "timed wait failed: %s", strerror(-tl.err));
	else if (tl.early)
		snprintf(msg, sizeof msg, "%llu waits returned before their deadline", (unsigned long long)tl.early);
	else
		return;
	sb_gb_skip_with_error(st, msg);
}

#define GB_TIMER_CASE(NAME, FLAGS)                                                                  \
	static struct {                                                                             \
		_Alignas(64) sb_timer_##NAME t;                                                     \
	} gb_timer_##NAME;                                                                          \
	static void gb_timer_##NAME##_run(sb_gb_state *st, void *arg)                               \
	{                                                                                           \
		(void)arg;                                                                          \
		gb_timer_check(st, gb_timer_loop(st, &gb_timer_##NAME.t, timer_op_##NAME));         \
	}                                                                                           \
	static int gb_timer_##NAME##_setup(char *err, size_t len)                                   \
	{                                                                                           \
		(void)err, (void)len;                                                               \
		return sb_timer_##NAME##_init(&gb_timer_##NAME.t);                                  \
	}
SB_TIMER_IMPLS(GB_TIMER_CASE)
#undef GB_TIMER_CASE

/* No suite scenario to take the state from (see above): each timer is this file's own. */
int sb_gbench_timer_register(const sb_gbench_opts *o, char *err, size_t len)
{
#define GB_TIMER_ROW(NAME, FLAGS)                                                                   \
	{ .family = "timer", .impl = #NAME, .impl_flags = (FLAGS), .fn = gb_timer_##NAME##_run,     \
	  .setup = gb_timer_##NAME##_setup },
	static const sb_gbench_case rows[] = { SB_TIMER_IMPLS(GB_TIMER_ROW) };
#undef GB_TIMER_ROW
	return sb_gbench_add(o, rows, sizeof rows / sizeof rows[0], err, len);
}
