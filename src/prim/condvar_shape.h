/* prim/condvar_shape.h: the one shape every condition variable offers, with the mutex it is used
 * with.
 *
 *   typedef ... sb_condvar_IMPL_mutex;  the mutex (shared by every thread that uses it)
 *   typedef ... sb_condvar_IMPL_cond;   a condition variable, waited on under that mutex
 *   int  sb_condvar_IMPL_mutex_init(sb_condvar_IMPL_mutex *m);        0 or -errno
 *   void sb_condvar_IMPL_mutex_destroy(sb_condvar_IMPL_mutex *m);
 *   void sb_condvar_IMPL_lock(sb_condvar_IMPL_mutex *m);
 *   void sb_condvar_IMPL_unlock(sb_condvar_IMPL_mutex *m);
 *   int  sb_condvar_IMPL_cond_init(sb_condvar_IMPL_cond *c);          0 or -errno
 *   void sb_condvar_IMPL_cond_destroy(sb_condvar_IMPL_cond *c);
 *   int  sb_condvar_IMPL_wait_until(sb_condvar_IMPL_cond *c, sb_condvar_IMPL_mutex *m,
 *                                   uint64_t deadline_ns);
 *                                       called with m held, returns with m held: 0 after a
 *                                       wake-up (maybe spurious: re-check the predicate),
 *                                       -ETIMEDOUT once deadline_ns has passed
 *   int  sb_condvar_IMPL_wait(sb_condvar_IMPL_cond *c, sb_condvar_IMPL_mutex *m);
 *                                       wait_until(c, m, 0): no deadline
 *   void sb_condvar_IMPL_signal(sb_condvar_IMPL_cond *c);      wakes at least one waiter, if any
 *   void sb_condvar_IMPL_broadcast(sb_condvar_IMPL_cond *c);   wakes every waiter
 *
 * All static inline. lock is an acquire and unlock a release: what one holder wrote under the
 * mutex, the next one sees. signal and broadcast may be called with or without the mutex held.
 * wait_until is the one timed core (deadline_ns: CLOCK_MONOTONIC ns, 0 = none, prim/deadline.h).
 *
 * Implementations are listed once, in prim/condvar_list.h.
 */
#ifndef SB_PRIM_CONDVAR_SHAPE_H
#define SB_PRIM_CONDVAR_SHAPE_H
#include "prim/deadline.h"

#include <errno.h>
#include <stdint.h>
#endif
