/* prim/rcu_urcu.h: liburcu's flavours as read-mostly implementations, one shape
 * (prim/rcu_list.h): thread_online/offline (register/unregister), read_lock/unlock, deref
 * (rcu_dereference), publish (rcu_xchg_pointer), write_lock/unlock (nothing: the exchange orders
 * writers), synchronize (synchronize_rcu), call (call_rcu), quiescent (qsbr: report a quiescent
 * state; the others have none), barrier (rcu_barrier; from a thread that is not registered or,
 * for qsbr, offline).
 *   memb  readers' counter plus membarrier(2) in synchronize_rcu: a compiler barrier on reads
 *   mb    a full fence (MFENCE/LOCK) in every read_lock and read_unlock
 *   bp    "bullet-proof": threads register lazily; the read side has a fence-free fast path
 *   qsbr  read_lock is empty; readers say "I hold nothing" with quiescent_state()
 * _LGPL_SOURCE inlines the read side into the measured loop (as liburcu's own benchmarks do);
 * grace periods, call_rcu and registration stay calls into the library. */
#ifndef SB_PRIM_RCU_URCU_H
#define SB_PRIM_RCU_URCU_H
#ifndef _LGPL_SOURCE
#define _LGPL_SOURCE
#endif
#include <urcu/urcu-memb.h>
#include <urcu/urcu-qsbr.h>
#include <urcu/urcu-mb.h>
#include <urcu/urcu-bp.h>
#include <urcu/pointer.h>

/* urcu/call-rcu.h is included once, mapped to the first flavour: declare every flavour's own. */
#define SB_RCU_URCU_DECLARE(F)                                                                     \
	extern void urcu_##F##_call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head)); \
	extern void urcu_##F##_barrier(void);
SB_RCU_URCU_DECLARE(memb)
SB_RCU_URCU_DECLARE(qsbr)
SB_RCU_URCU_DECLARE(mb)
SB_RCU_URCU_DECLARE(bp)

typedef struct { int unused; } sb_rcu_sync_urcu; /* liburcu keeps its state itself */

#define SB_RCU_URCU_FLAVOUR(F)                                                                     \
	typedef sb_rcu_sync_urcu sb_rcu_##F;                                                       \
	static inline int sb_rcu_##F##_init(sb_rcu_##F *s) { (void)s; return 0; }                  \
	static inline void sb_rcu_##F##_destroy(sb_rcu_##F *s) { (void)s; }                        \
	static inline void sb_rcu_##F##_thread_online(void) { urcu_##F##_register_thread(); }      \
	static inline void sb_rcu_##F##_thread_offline(void) { urcu_##F##_unregister_thread(); }   \
	static inline void sb_rcu_##F##_read_lock(sb_rcu_##F *s) { (void)s; urcu_##F##_read_lock(); } \
	static inline void sb_rcu_##F##_read_unlock(sb_rcu_##F *s) { (void)s; urcu_##F##_read_unlock(); } \
	static inline void *sb_rcu_##F##_deref(void **pp) { return rcu_dereference(*pp); }         \
	static inline void *sb_rcu_##F##_publish(void **pp, void *v) { return rcu_xchg_pointer(pp, v); } \
	static inline void sb_rcu_##F##_write_lock(sb_rcu_##F *s) { (void)s; }                     \
	static inline void sb_rcu_##F##_write_unlock(sb_rcu_##F *s) { (void)s; }                   \
	static inline void sb_rcu_##F##_synchronize(void) { urcu_##F##_synchronize_rcu(); }        \
	static inline void sb_rcu_##F##_call(struct rcu_head *h, void (*fn)(struct rcu_head *))    \
	{ urcu_##F##_call_rcu(h, fn); }                                                            \
	static inline void sb_rcu_##F##_quiescent(void) { urcu_##F##_quiescent_state(); }          \
	static inline void sb_rcu_##F##_barrier(void) { urcu_##F##_barrier(); }

SB_RCU_URCU_FLAVOUR(memb)
SB_RCU_URCU_FLAVOUR(qsbr)
SB_RCU_URCU_FLAVOUR(mb)
SB_RCU_URCU_FLAVOUR(bp)
#endif
