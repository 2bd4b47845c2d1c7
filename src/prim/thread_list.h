/* prim/thread_list.h: every implementation of the thread family, listed once: X(NAME, FLAGS).
 *   SB_THREAD_SPAWN_IMPLS   how a thread is created and joined (the lifecycle scenario)
 *   SB_THREAD_POOL_IMPLS    how a parked pool worker is handed a task (the handoff scenario)
 * FLAGS (prim/impl_flags.h): SB_IMPL_HIDDEN for the negative control that only the tests select
 * (nowait: the submitter does not wait for the completion).
 * Adding one: a header with the shape of prim/thread_shape.h, one include and one line here. */
#ifndef SB_PRIM_THREAD_LIST_H
#define SB_PRIM_THREAD_LIST_H
#include "prim/impl_flags.h"
#include "prim/thread_condvar.h"
#include "prim/thread_futex.h"
#include "prim/thread_nowait.h"
#include "prim/thread_pthread.h"
#include "prim/thread_pthread_attr.h"

#define SB_THREAD_SPAWN_IMPLS(X) \
	X(pthread, 0)            \
	X(pthread_attr, 0)

#define SB_THREAD_POOL_IMPLS(X) \
	X(futex, 0)             \
	X(condvar, 0)           \
	X(nowait, SB_IMPL_HIDDEN)
#endif
