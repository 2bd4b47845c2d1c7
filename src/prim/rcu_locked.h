/* prim/rcu_locked.h: what the locked baselines of the rcu family share (prim/rcu_pthread_rwlock.h,
 * rcu_rwlock_futex.h, rcu_mutex.h): readers hold the read lock around the read and writers the
 * write lock around the pointer swap, so the old record can be reused as soon as the write lock
 * is released (no reader can still hold it): synchronize, defer and barrier have nothing to wait
 * for, and the lock orders every access to the pointer (plain loads and stores). */
#ifndef SB_PRIM_RCU_LOCKED_H
#define SB_PRIM_RCU_LOCKED_H
#include "prim/rcu_shape.h"
#include <stddef.h>

#define SB_RCU_LOCKED_COMMON(N)                                                                    \
	enum { SB_RCU_##N##_RETIRE = SB_RCU_RETIRE_LOCKED, SB_RCU_##N##_QSBR = 0 };                \
	static inline void sb_rcu_##N##_thread_online(void) {}                                     \
	static inline void sb_rcu_##N##_thread_offline(void) {}                                    \
	static inline void *sb_rcu_##N##_deref(void **pp) { return *pp; }                          \
	static inline void *sb_rcu_##N##_publish(void **pp, void *v)                               \
	{                                                                                          \
		void *o = *pp;                                                                     \
		*pp = v;                                                                           \
		return o;                                                                          \
	}                                                                                          \
	static inline void sb_rcu_##N##_synchronize(void) {}                                       \
	static inline void sb_rcu_##N##_defer(struct rcu_head *h, void (*fn)(struct rcu_head *)) { fn(h); } \
	static inline void sb_rcu_##N##_quiescent(void) {}                                         \
	static inline void sb_rcu_##N##_barrier(void) {}
#endif
