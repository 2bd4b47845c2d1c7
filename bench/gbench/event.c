/* bench/gbench/event.c: every event of src/prim/event_list.h under google-benchmark.
 *   event/IMPL/uncontended   one thread: EVENT_UNC_OP of bench/event_op.h (set, is_set, wait,
 *                            clear, is_set), the suite's event/IMPL/uncontended. Check: is_set and
 *                            wait saw the right state. */
#include "gbench_cases.h"

#include <errno.h>
#include <stdio.h>

#include "bench/event_op.h"

#define GB_EV_CASE(NAME, HID, FO)                                                                  \
	static struct {                                                                            \
		_Alignas(64) sb_event_##NAME e;                                                    \
	} gb_ev_##NAME;                                                                            \
	static void gb_ev_##NAME##_run(sb_gb_state *st, void *arg)                                 \
	{                                                                                          \
		(void)arg;                                                                         \
		sb_event_##NAME *e = &gb_ev_##NAME.e;                                              \
		uint64_t bad = 0;                                                                  \
		SB_GB_LOOP(st, EVENT_UNC_OP(NAME, e, bad));                                        \
		if (bad)                                                                           \
			sb_gb_skip_with_error(st, "is_set or wait saw the wrong state");         \
	}

SB_EVENT_IMPLS(GB_EV_CASE)

int sb_gbench_event_register(const sb_gbench_opts *o, char *err, size_t len)
{
	int r;
#define GB_EV_ADD(NAME, HID, FO)                                                                   \
	r = sb_event_##NAME##_init(&gb_ev_##NAME.e);                                               \
	if (r < 0) {                                                                               \
		snprintf(err, len, "event/%s: cannot initialise (errno %d)", #NAME, -r);           \
		return r;                                                                          \
	}                                                                                          \
	r = sb_gbench_uncontended(o, "event", #NAME, HID, gb_ev_##NAME##_run, NULL, NULL, NULL, 0, err, len); \
	if (r < 0)                                                                                 \
		return r;
	SB_EVENT_IMPLS(GB_EV_ADD)
#undef GB_EV_ADD
	return 0;
}
