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
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* urcu/call-rcu.h is included once, mapped to the first flavour: declare every flavour's own. */
#define SB_RCU_URCU_DECLARE(F)                                                                     \
	extern void urcu_##F##_call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head)); \
	extern void urcu_##F##_barrier(void);                                                      \
	extern struct call_rcu_data *urcu_##F##_get_default_call_rcu_data(void);
SB_RCU_URCU_DECLARE(memb)
SB_RCU_URCU_DECLARE(qsbr)
SB_RCU_URCU_DECLARE(mb)
SB_RCU_URCU_DECLARE(bp)

typedef struct { int unused; } sb_rcu_sync_urcu; /* liburcu keeps its state itself */

/* liburcu creates its call_rcu helper thread at the first call_rcu (in a worker, inside the
 * window) and aborts the process when pthread_create fails (urcu_die: "Unrecoverable error",
 * exit 134), e.g. under a small ulimit -u. So the call_rcu implementations create it in their
 * setup, on the controller, after a probe thread showed a thread can be created: when it
 * cannot, the case is a setup failure (-errno) instead of an abort. The probe is waited for
 * until the kernel has reaped it (its /proc/self/task entry gone, after the task count of the
 * user went down), so liburcu's creation gets the slot the probe had. */
static void *sb_rcu_urcu_probe(void *tid)
{
	*(long *)tid = syscall(SYS_gettid);
	return NULL;
}
static inline int sb_rcu_urcu_call_thread(struct call_rcu_data *(*get_default)(void), int *ready)
{
	if (*ready)
		return 0;
	pthread_t th;
	long tid = 0;
	int r = pthread_create(&th, NULL, sb_rcu_urcu_probe, &tid);
	if (r)
		return -r;
	pthread_join(th, NULL);
	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%ld", tid);
	for (int i = 0; i < 1000 && access(path, F_OK) == 0; i++)
		nanosleep(&(struct timespec){ .tv_nsec = 100000 }, NULL);
	get_default();
	*ready = 1;
	return 0;
}

/* Implementation NAME on liburcu flavour F, retiring as SB_RCU_RETIRE_##RETIRE. */
#define SB_RCU_URCU_IMPL(NAME, F, RETIRE, QSBR)                                                    \
	typedef sb_rcu_sync_urcu sb_rcu_##NAME;                                                    \
	enum { SB_RCU_##NAME##_RETIRE = SB_RCU_RETIRE_##RETIRE, SB_RCU_##NAME##_QSBR = QSBR };     \
	static int sb_rcu_##NAME##_call_ready;                                                     \
	static inline int sb_rcu_##NAME##_init(sb_rcu_##NAME *s)                                   \
	{                                                                                          \
		(void)s;                                                                           \
		return SB_RCU_RETIRE_##RETIRE == SB_RCU_RETIRE_CALL ?                              \
			sb_rcu_urcu_call_thread(urcu_##F##_get_default_call_rcu_data, &sb_rcu_##NAME##_call_ready) : 0; \
	}                                                                                          \
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
