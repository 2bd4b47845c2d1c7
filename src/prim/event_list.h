/* prim/event_list.h: every event implementation, listed once.
 * Shape (NAME = the implementation): sb_event_NAME_init (0 or -errno), _destroy, _set, _clear,
 * _is_set, _wait_until(e, deadline_ns) -> 1 set / 0 deadline passed (the one timed core;
 * deadline_ns is CLOCK_MONOTONIC ns, 0 = none) and _wait(e) = _wait_until(e, 0).
 * X(name, hidden, fanout): hidden = negative control (only with --negative-controls); fanout = 0
 * for the spinning flag, which only takes part in the pingpong (a spinning waiter per CPU would
 * starve the setter of a 2-CPU machine). */
#ifndef SB_PRIM_EVENT_LIST_H
#define SB_PRIM_EVENT_LIST_H
#include "prim/event_condvar.h"
#include "prim/event_eventfd.h"
#include "prim/event_futex.h"
#include "prim/event_spinflag.h"

#define SB_EVENT_IMPLS(X)   \
	X(condvar, 0, 1)    \
	X(futex, 0, 1)      \
	X(eventfd, 0, 1)    \
	X(spinflag, 0, 0)   \
	X(lossy, 1, 1)
#endif
