/* prim/timer_list.h: every timed wait, listed once: X(NAME, FLAGS).
 * FLAGS (prim/impl_flags.h): SB_IMPL_HIDDEN for the negative control (early: returns halfway to
 * its deadline), selected only with --negative-controls.
 * Adding a timed wait: one header with the shape of prim/timer_shape.h, one include and one line
 * here. */
#ifndef SB_PRIM_TIMER_LIST_H
#define SB_PRIM_TIMER_LIST_H
#include "prim/impl_flags.h"
#include "prim/timer_cond_timedwait.h"
#include "prim/timer_early.h"
#include "prim/timer_futex.h"
#include "prim/timer_nanosleep.h"
#include "prim/timer_sem_timedwait.h"
#include "prim/timer_timerfd.h"

#define SB_TIMER_IMPLS(X)        \
	X(cond_timedwait, 0)     \
	X(sem_timedwait, 0)      \
	X(nanosleep, 0)          \
	X(timerfd, 0)            \
	X(futex, 0)              \
	X(early, SB_IMPL_HIDDEN)
#endif
