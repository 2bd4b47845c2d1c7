/* prim/rcu_urcu.h: liburcu's flavours in the shape of prim/rcu_shape.h, written once for the
 * implementation headers (prim/rcu_memb.h, rcu_qsbr.h, rcu_mb.h, rcu_bp.h and their call_rcu and
 * negative-control variants), which differ only in the flavour and in how a writer retires:
 *   thread_online/offline  register/unregister the thread with the flavour
 *   read_lock/unlock       the flavour's read side; deref is rcu_dereference
 *   publish                rcu_xchg_pointer (ordered: a full barrier); write_lock/unlock empty
 *                          (the exchange orders the writers)
 *   synchronize, defer     synchronize_rcu, call_rcu; barrier rcu_barrier
 *   quiescent              qsbr: quiescent_state (the others have none: an empty call)
 * _LGPL_SOURCE inlines the read side into the measured loop (as liburcu's own benchmarks do). */
#ifndef SB_PRIM_RCU_URCU_H
#define SB_PRIM_RCU_URCU_H
#ifndef _LGPL_SOURCE
#define _LGPL_SOURCE
#endif
#include "prim/rcu_shape.h"
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

/* Implementation NAME on liburcu flavour F, retiring as SB_RCU_RETIRE_##RETIRE. */
#define SB_RCU_URCU_IMPL(NAME, F, RETIRE, QSBR)                                                    \
	typedef sb_rcu_sync_urcu sb_rcu_##NAME;                                                    \
	enum { SB_RCU_##NAME##_RETIRE = SB_RCU_RETIRE_##RETIRE, SB_RCU_##NAME##_QSBR = QSBR };     \
	static inline int sb_rcu_##NAME##_init(sb_rcu_##NAME *s) { (void)s; return 0; }            \
	static inline void sb_rcu_##NAME##_destroy(sb_rcu_##NAME *s) { (void)s; }                  \
	static inline void sb_rcu_##NAME##_thread_online(void) { urcu_##F##_register_thread(); }   \
	static inline void sb_rcu_##NAME##_thread_offline(void) { urcu_##F##_unregister_thread(); } \
	static inline void sb_rcu_##NAME##_read_lock(sb_rcu_##NAME *s) { (void)s; urcu_##F##_read_lock(); } \
	static inline void sb_rcu_##NAME##_read_unlock(sb_rcu_##NAME *s) { (void)s; urcu_##F##_read_unlock(); } \
	static inline void *sb_rcu_##NAME##_deref(void **pp) { return rcu_dereference(*pp); }      \
	static inline void *sb_rcu_##NAME##_publish(void **pp, void *v) { return rcu_xchg_pointer(pp, v); } \
	static inline void sb_rcu_##NAME##_write_lock(sb_rcu_##NAME *s) { (void)s; }               \
	static inline void sb_rcu_##NAME##_write_unlock(sb_rcu_##NAME *s) { (void)s; }             \
	static inline void sb_rcu_##NAME##_synchronize(void) { urcu_##F##_synchronize_rcu(); }     \
	static inline void sb_rcu_##NAME##_defer(struct rcu_head *h, void (*fn)(struct rcu_head *)) \
	{ urcu_##F##_call_rcu(h, fn); }                                                            \
	static inline void sb_rcu_##NAME##_quiescent(void) { urcu_##F##_quiescent_state(); }       \
	static inline void sb_rcu_##NAME##_barrier(void) { urcu_##F##_barrier(); }
#endif
