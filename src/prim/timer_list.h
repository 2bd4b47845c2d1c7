/* prim/timer_list.h: every timed wait, listed once.
 * Shape (NAME = the implementation): sb_timer_NAME_init (0 or -errno), _destroy,
 * _wait_until(t, deadline_ns) -> 0 at the deadline (CLOCK_MONOTONIC ns), 1 when interrupt() ended
 * it early, -errno on error; _interrupt(t) (from another thread: ends the wait early where the
 * call allows it; clock_nanosleep does not).
 * X(name, hidden): hidden = negative control (early: returns halfway to the deadline). */
#ifndef SB_PRIM_TIMER_LIST_H
#define SB_PRIM_TIMER_LIST_H
#include "prim/timer_linux.h"
#include "prim/timer_posix.h"

#define SB_TIMER_IMPLS(X)       \
	X(cond_timedwait, 0)    \
	X(sem_timedwait, 0)     \
	X(nanosleep, 0)         \
	X(timerfd, 0)           \
	X(futex, 0)             \
	X(early, 1)
#endif
