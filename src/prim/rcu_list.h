/* prim/rcu_list.h: every read-mostly implementation, listed once: X(NAME, FLAGS).
 * FLAGS (prim/impl_flags.h): SB_IMPL_NEEDS_RCU for liburcu's flavours (their threads register:
 * sb_rcu_IMPL_thread_online), SB_IMPL_HIDDEN for the negative control. How each writer retires
 * the record it replaced is the implementation's own SB_RCU_IMPL_RETIRE (prim/rcu_shape.h).
 * Adding an implementation: one header with the shape of prim/rcu_shape.h, one include and one
 * line here. */
#ifndef SB_PRIM_RCU_LIST_H
#define SB_PRIM_RCU_LIST_H
#include "prim/impl_flags.h"
#include "prim/rcu_bp.h"
#include "prim/rcu_mb.h"
#include "prim/rcu_memb.h"
#include "prim/rcu_memb_call.h"
#include "prim/rcu_memb_nowait.h"
#include "prim/rcu_mutex.h"
#include "prim/rcu_pthread_rwlock.h"
#include "prim/rcu_qsbr.h"
#include "prim/rcu_qsbr_call.h"
#include "prim/rcu_rwlock_futex.h"

#define SB_RCU_IMPLS(X)                                   \
	X(memb, SB_IMPL_NEEDS_RCU)                        \
	X(qsbr, SB_IMPL_NEEDS_RCU)                        \
	X(mb, SB_IMPL_NEEDS_RCU)                          \
	X(bp, SB_IMPL_NEEDS_RCU)                          \
	X(memb_call, SB_IMPL_NEEDS_RCU)                   \
	X(qsbr_call, SB_IMPL_NEEDS_RCU)                   \
	X(pthread_rwlock, 0)                              \
	X(rwlock_futex, 0)                                \
	X(mutex, 0)                                       \
	X(memb_nowait, SB_IMPL_NEEDS_RCU | SB_IMPL_HIDDEN)

/* The implementations whose grace period the "grace" scenario times (writers that synchronize). */
#define SB_RCU_GRACE_IMPLS(X)                             \
	X(memb, SB_IMPL_NEEDS_RCU)                        \
	X(qsbr, SB_IMPL_NEEDS_RCU)                        \
	X(mb, SB_IMPL_NEEDS_RCU)                          \
	X(bp, SB_IMPL_NEEDS_RCU)
#endif
