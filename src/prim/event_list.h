/* prim/event_list.h: every event implementation, listed once: X(NAME, FLAGS).
 * FLAGS (prim/impl_flags.h): SB_IMPL_SPINS for the spinning flag (never blocks: a waiter off its
 * CPU is flagged `preempted`; it takes no part in the fanout, where a spinning waiter per CPU
 * would starve the setter of a small machine), SB_IMPL_HIDDEN for the negative control that only
 * the tests select (lossy: set() loses the wake-up).
 * Adding an event: one header with the shape of prim/event_shape.h, one include and one line
 * here. */
#ifndef SB_PRIM_EVENT_LIST_H
#define SB_PRIM_EVENT_LIST_H
#include "prim/event_condvar.h"
#include "prim/event_eventfd.h"
#include "prim/event_futex.h"
#include "prim/event_lossy.h"
#include "prim/event_spinflag.h"
#include "prim/impl_flags.h"

#define SB_EVENT_IMPLS(X)            \
	X(condvar, 0)                \
	X(futex, 0)                  \
	X(eventfd, 0)                \
	X(spinflag, SB_IMPL_SPINS)   \
	X(lossy, SB_IMPL_HIDDEN)
#endif
