/* prim/mutex_list.h: every mutex implementation, listed once.
 * X(name, excludes, hidden): excludes = 0 for the null lock (nothing to check across threads),
 * hidden = 1 for negative controls that only the tests select. */
#ifndef SB_PRIM_MUTEX_LIST_H
#define SB_PRIM_MUTEX_LIST_H
#include "prim/mutex_futex.h"
#include "prim/mutex_null.h"
#include "prim/mutex_pthread.h"
#include "prim/mutex_spin.h"

#define SB_MUTEX_IMPLS(X)                 \
	X(null, 0, 0)                     \
	X(pthread, 1, 0)                  \
	X(pthread_errorcheck, 1, 0)       \
	X(pthread_adaptive, 1, 0)         \
	X(futex, 1, 0)                    \
	X(tas, 1, 0)                      \
	X(ttas, 1, 0)                     \
	X(ticket, 1, 0)                   \
	X(mcs, 1, 0)                      \
	X(pthread_spin, 1, 0)             \
	X(broken, 1, 1)
#endif
