/* bench/gbench/event.c: every event of src/prim/event_list.h under google-benchmark.
 *   event/IMPL/uncontended   one thread: event_op_IMPL of bench/event_op.h (set, is_set, wait,
 *                            clear, is_set), the suite's event/IMPL/uncontended, on its own state
 *                            (its setup, run at registration). Check: is_set and wait saw the
 *                            right state. */
#include "gbench_cases.h"

#include "bench/event_op.h"

/* The loop of every implementation: the batches google-benchmark hands out, one operation each. */
static inline __attribute__((always_inline)) void gb_event_loop(sb_gb_state *st, void *event,
								 void (*op)(void *, int))
{
	event_ctx c = { .event = event, .bad = 0 };
	int64_t n;
	while ((n = sb_gb_keep_running_batch(st, 0)) > 0)
		for (int64_t i = 0; i < n; i++)
			op(&c, 0);
	if (c.bad)
		sb_gb_skip_with_error(st, "is_set or wait saw the wrong state");
}

#define GB_EV_CASE(NAME, FLAGS)                                                                     \
	static void gb_ev_##NAME##_run(sb_gb_state *st, void *arg)                                  \
	{                                                                                           \
		gb_event_loop(st, &((event_shared *)arg)->ev, event_op_##NAME);                     \
	}
SB_EVENT_IMPLS(GB_EV_CASE)
#undef GB_EV_CASE

int sb_gbench_event_register(const sb_gbench_opts *o, char *err, size_t len)
{
#define GB_EV_ROW(NAME, FLAGS)                                                                      \
	{ .family = "event", .impl = #NAME, .impl_flags = (FLAGS), .fn = gb_ev_##NAME##_run,        \
	  .suite = "uncontended" },
	static const sb_gbench_case rows[] = { SB_EVENT_IMPLS(GB_EV_ROW) };
#undef GB_EV_ROW
	return sb_gbench_add(o, rows, sizeof rows / sizeof rows[0], err, len);
}
