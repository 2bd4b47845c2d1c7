/* prim/rlock_list.h: every recursive-lock implementation, listed once.
 * X(name, hidden): hidden = 1 for negative controls that only the tests select. */
#ifndef SB_PRIM_RLOCK_LIST_H
#define SB_PRIM_RLOCK_LIST_H
#include "prim/rlock_broken.h"
#include "prim/rlock_futex.h"
#include "prim/rlock_pthread.h"

#define SB_RLOCK_IMPLS(X) \
	X(pthread, 0)     \
	X(futex, 0)       \
	X(broken, 1)
#endif
