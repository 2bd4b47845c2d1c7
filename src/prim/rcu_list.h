/* prim/rcu_list.h: every read-mostly implementation, listed once.
 * X(name, prim, retire, hidden): prim names the operations (prim/rcu_urcu.h, prim/rcu_lock.h);
 * retire says when a writer may reuse the record it replaced:
 *   SYNC    after synchronize_rcu() in the writer
 *   CALL    in a call_rcu() callback, after a grace period, on liburcu's helper thread
 *   LOCKED  at once: the write lock excluded every reader
 *   NOWAIT  at once, with readers possibly still on it: the negative control (hidden) */
#ifndef SB_PRIM_RCU_LIST_H
#define SB_PRIM_RCU_LIST_H
#include "prim/rcu_lock.h"
#include "prim/rcu_urcu.h"

#define SB_RCU_IMPLS(X)                             \
	X(memb, memb, SYNC, 0)                      \
	X(qsbr, qsbr, SYNC, 0)                      \
	X(mb, mb, SYNC, 0)                          \
	X(bp, bp, SYNC, 0)                          \
	X(memb_call, memb, CALL, 0)                 \
	X(qsbr_call, qsbr, CALL, 0)                 \
	X(pthread_rwlock, pthread_rwlock, LOCKED, 0) \
	X(rwlock_futex, rwlock_futex, LOCKED, 0)    \
	X(mutex, mutex, LOCKED, 0)                  \
	X(memb_nowait, memb, NOWAIT, 1)

/* The flavours whose grace period the "grace" scenario times. */
#define SB_RCU_FLAVOURS(X) X(memb) X(qsbr) X(mb) X(bp)
#endif
