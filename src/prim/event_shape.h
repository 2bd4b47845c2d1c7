/* prim/event_shape.h: the one shape every event offers (Python's threading.Event).
 *
 *   typedef ... sb_event_IMPL;          the event: a flag, set or clear, that threads wait for
 *   int  sb_event_IMPL_init(sb_event_IMPL *e);           0 or -errno; the event starts clear
 *   void sb_event_IMPL_set(sb_event_IMPL *e);            set it and wake every waiter
 *   void sb_event_IMPL_clear(sb_event_IMPL *e);
 *   int  sb_event_IMPL_is_set(sb_event_IMPL *e);         1 set, 0 clear; never blocks
 *   int  sb_event_IMPL_wait_until(sb_event_IMPL *e, uint64_t deadline_ns);
 *                                       1 once the event is set, 0 when deadline_ns passed first
 *   int  sb_event_IMPL_wait(sb_event_IMPL *e);           wait_until(e, 0): no deadline
 *   void sb_event_IMPL_destroy(sb_event_IMPL *e);
 *
 * All static inline; every call may be made by any thread at any time. A waiter that returns 1,
 * and a caller of is_set that gets 1, see what the setter wrote before set() (acquire/release).
 * wait_until is the one timed core (deadline_ns: CLOCK_MONOTONIC ns, 0 = none, prim/deadline.h).
 * A woken waiter may find the event cleared again before it runs and wait on: a setter that needs
 * every waiter to see a set must not clear before they have answered.
 *
 * Implementations are listed once, in prim/event_list.h.
 */
#ifndef SB_PRIM_EVENT_SHAPE_H
#define SB_PRIM_EVENT_SHAPE_H
#include "prim/deadline.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#endif
