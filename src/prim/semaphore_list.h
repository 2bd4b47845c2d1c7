/* prim/semaphore_list.h: every semaphore implementation, listed once: X(NAME, FLAGS).
 * FLAGS (prim/impl_flags.h): SB_IMPL_HIDDEN for negative controls that only the tests select,
 * SB_IMPL_SPINS for semaphores that never block (a worker descheduled while it runs is flagged
 * `preempted`).
 * Adding a semaphore: one header with the shape of prim/semaphore_shape.h, one include and one
 * line here. */
#ifndef SB_PRIM_SEMAPHORE_LIST_H
#define SB_PRIM_SEMAPHORE_LIST_H
#include "prim/impl_flags.h"
#include "prim/semaphore_broken.h"
#include "prim/semaphore_condvar.h"
#include "prim/semaphore_futex.h"
#include "prim/semaphore_posix.h"

#define SB_SEM_IMPLS(X)                                 \
	X(posix, 0)                                     \
	X(futex, 0)                                     \
	X(condvar, 0)                                   \
	X(broken, SB_IMPL_HIDDEN | SB_IMPL_SPINS)
#endif
