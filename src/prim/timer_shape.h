/* prim/timer_shape.h: the one shape every timed wait offers.
 *
 *   typedef ... sb_timer_IMPL;          one timer (one waiting thread uses it at a time)
 *   int  sb_timer_IMPL_init(sb_timer_IMPL *t);                          0 or -errno
 *   int  sb_timer_IMPL_wait_until(sb_timer_IMPL *t, uint64_t deadline_ns);
 *                                       0 at the deadline (never before it), 1 when interrupt()
 *                                       ended the wait early, -errno on an error
 *   void sb_timer_IMPL_interrupt(sb_timer_IMPL *t);   from another thread: ends the wait early
 *                                       where the call allows it (and every later wait); a wait
 *                                       that cannot be cut short ends at its own deadline
 *   void sb_timer_IMPL_destroy(sb_timer_IMPL *t);
 *   enum { sb_timer_IMPL_interruptible = 0 or 1 };   whether interrupt() can end a wait early
 *
 * All static inline. deadline_ns is an absolute CLOCK_MONOTONIC time in ns (the clock of
 * sb_now_ns, prim/deadline.h). Implementations are listed once, in prim/timer_list.h.
 */
#ifndef SB_PRIM_TIMER_SHAPE_H
#define SB_PRIM_TIMER_SHAPE_H
#include "prim/deadline.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#endif
