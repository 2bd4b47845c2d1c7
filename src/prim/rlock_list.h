/* prim/rlock_list.h: every recursive-lock implementation, listed once: X(NAME, FLAGS).
 * FLAGS (prim/impl_flags.h): SB_IMPL_HIDDEN for negative controls that only the tests select,
 * SB_IMPL_SPINS for locks that never block (a worker descheduled while it runs is flagged
 * `preempted`).
 * Adding a lock: one header with the shape of prim/rlock_shape.h, one include and one line here. */
#ifndef SB_PRIM_RLOCK_LIST_H
#define SB_PRIM_RLOCK_LIST_H
#include "prim/impl_flags.h"
#include "prim/rlock_broken.h"
#include "prim/rlock_futex.h"
#include "prim/rlock_pthread.h"

#define SB_RLOCK_IMPLS(X)                               \
	X(pthread, 0)                                   \
	X(futex, 0)                                     \
	X(broken, SB_IMPL_HIDDEN | SB_IMPL_SPINS)
#endif
