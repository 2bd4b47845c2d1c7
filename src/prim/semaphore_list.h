/* prim/semaphore_list.h: every semaphore implementation, listed once.
 * X(name, hidden): hidden = 1 for negative controls that only the tests select. */
#ifndef SB_PRIM_SEMAPHORE_LIST_H
#define SB_PRIM_SEMAPHORE_LIST_H
#include "prim/semaphore_broken.h"
#include "prim/semaphore_condvar.h"
#include "prim/semaphore_futex.h"
#include "prim/semaphore_posix.h"

#define SB_SEM_IMPLS(X) \
	X(posix, 0)     \
	X(futex, 0)     \
	X(condvar, 0)   \
	X(broken, 1)
#endif
