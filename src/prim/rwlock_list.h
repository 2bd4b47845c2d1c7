/* prim/rwlock_list.h: every read-write lock implementation, listed once: X(NAME, FLAGS).
 * FLAGS (prim/impl_flags.h): SB_IMPL_HIDDEN for negative controls that only the tests select.
 * Adding a lock: one header with the shape of prim/rwlock_shape.h, one include and one line here. */
#ifndef SB_PRIM_RWLOCK_LIST_H
#define SB_PRIM_RWLOCK_LIST_H
#include "prim/impl_flags.h"
#include "prim/rwlock_broken.h"
#include "prim/rwlock_futex.h"
#include "prim/rwlock_mutex.h"
#include "prim/rwlock_pthread.h"
#include "prim/rwlock_pthread_wpref.h"

#define SB_RWLOCK_IMPLS(X)             \
	X(pthread, 0)                  \
	X(pthread_wpref, 0)            \
	X(futex, 0)                    \
	X(mutex, 0)                    \
	X(broken, SB_IMPL_HIDDEN)
#endif
