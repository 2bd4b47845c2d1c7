/* prim/rwlock_list.h: every read-write lock implementation, listed once.
 * X(name, hidden): hidden = 1 for negative controls that only the tests select. */
#ifndef SB_PRIM_RWLOCK_LIST_H
#define SB_PRIM_RWLOCK_LIST_H
#include "prim/rwlock_broken.h"
#include "prim/rwlock_futex.h"
#include "prim/rwlock_pthread.h"

#define SB_RWLOCK_IMPLS(X)   \
	X(pthread, 0)        \
	X(pthread_wpref, 0)  \
	X(futex, 0)          \
	X(mutex, 0)          \
	X(broken, 1)
#endif
