/* bench/gbench/timer.c: every timed wait of src/prim/timer_list.h under google-benchmark.
 *   timer/IMPL/uncontended   one thread: a wait with a zero timeout (deadline = now): the cost of
 *                            the call and of finding the deadline passed, with no sleep
 * The suite's timer scenario (overshoot) measures waits of --timeout > 0, whose length is the
 * timeout itself; this case has no suite figure to cross-check against. Check: no wait failed,
 * and none returned before its deadline. */
#include "gbench_cases.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "prim/timer_list.h"
#include "syncbench/clock.h"

static void gb_timer_check(sb_gb_state *st, int err, uint64_t early);

#define GB_TIMER_CASE(NAME, HID)                                                                   \
	static struct {                                                                            \
		_Alignas(64) sb_timer_##NAME t;                                                    \
	} gb_timer_##NAME;                                                                         \
	static void gb_timer_##NAME##_run(sb_gb_state *st, void *arg)                              \
	{                                                                                          \
		(void)arg;                                                                         \
		sb_timer_##NAME *t = &gb_timer_##NAME.t;                                           \
		int err = 0;                                                                       \
		uint64_t early = 0;                                                                \
		SB_GB_LOOP(st, {                                                                   \
			uint64_t d_ = sb_now_ns();                                                 \
			int r_ = sb_timer_##NAME##_wait_until(t, d_);                              \
			if (r_ < 0 && !err)                                                        \
				err = r_;                                                          \
			early += sb_now_ns() < d_;                                                 \
		});                                                                                \
		gb_timer_check(st, err, early);                                                    \
	}

static void gb_timer_check(sb_gb_state *st, int err, uint64_t early)
{
	char msg[128];
	if (err)
		snprintf(msg, sizeof msg, "timed wait failed: %s", strerror(-err));
	else if (early)
		snprintf(msg, sizeof msg, "%llu waits returned before their deadline", (unsigned long long)early);
	else
		return;
	sb_gb_skip_with_error(st, msg);
}

SB_TIMER_IMPLS(GB_TIMER_CASE)

int sb_gbench_timer_register(const sb_gbench_opts *o, char *err, size_t len)
{
	int r;
#define GB_TIMER_ADD(NAME, HID)                                                                    \
	r = sb_timer_##NAME##_init(&gb_timer_##NAME.t);                                            \
	if (r < 0) {                                                                               \
		snprintf(err, len, "timer/%s: cannot initialise (errno %d)", #NAME, -r);           \
		return r;                                                                          \
	}                                                                                          \
	r = sb_gbench_uncontended(o, "timer", #NAME, HID, gb_timer_##NAME##_run, NULL, NULL, NULL, 0, err, len); \
	if (r < 0)                                                                                 \
		return r;
	SB_TIMER_IMPLS(GB_TIMER_ADD)
#undef GB_TIMER_ADD
	return 0;
}
