/* bench/event_op.h: the event family's one-thread operation, shared by bench/event.c and
 * bench/gbench/event.c so that both harnesses run the same code.
 *   EVENT_UNC_OP(NAME, e, bad)  set, is_set, wait (returns at once: the event is set), clear,
 *                               is_set again: the calls' cost when no thread waits. `bad` counts
 *                               an is_set or wait that saw the wrong state (the check). */
#ifndef SB_BENCH_EVENT_OP_H
#define SB_BENCH_EVENT_OP_H
#include "prim/event_list.h"

#define EVENT_UNC_OP(NAME, e, bad)                                                                 \
	do {                                                                                       \
		sb_event_##NAME##_set(e);                                                          \
		(bad) += !sb_event_##NAME##_is_set(e);                                             \
		(bad) += sb_event_##NAME##_wait(e) != 1;                                           \
		sb_event_##NAME##_clear(e);                                                        \
		(bad) += sb_event_##NAME##_is_set(e) != 0;                                         \
	} while (0)
#endif
