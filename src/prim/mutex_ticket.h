/* prim/mutex_ticket.h: FIFO ticket lock: take a ticket with fetch_add, wait for the owner counter
 * to reach it. */
#ifndef SB_PRIM_MUTEX_TICKET_H
#define SB_PRIM_MUTEX_TICKET_H
#include "prim/mutex_shape.h"
#include "syncbench/spin.h"

typedef struct { atomic_uint next; atomic_uint owner; } sb_mutex_ticket;
typedef sb_mutex_nothread sb_mutex_ticket_thread;
static inline int sb_mutex_ticket_init(sb_mutex_ticket *l)
{
	atomic_init(&l->next, 0);
	atomic_init(&l->owner, 0);
	return 0;
}
static inline void sb_mutex_ticket_thread_init(sb_mutex_ticket *l, sb_mutex_ticket_thread *t, int id) { (void)l; (void)t; (void)id; }
static inline void sb_mutex_ticket_lock(sb_mutex_ticket *l, sb_mutex_ticket_thread *t)
{
	(void)t;
	/* taking a ticket orders nothing; the acquire load of owner is what takes the lock */
	unsigned tk = atomic_fetch_add_explicit(&l->next, 1, memory_order_relaxed);
	while (atomic_load_explicit(&l->owner, memory_order_acquire) != tk)
		sb_cpu_relax();
}
static inline int sb_mutex_ticket_trylock(sb_mutex_ticket *l, sb_mutex_ticket_thread *t)
{
	(void)t;
	/* take the next ticket only if it is the one being served */
	unsigned o = atomic_load_explicit(&l->owner, memory_order_acquire);
	unsigned want = o;
	return atomic_compare_exchange_strong_explicit(&l->next, &want, o + 1, memory_order_acquire,
						       memory_order_relaxed);
}
static inline void sb_mutex_ticket_unlock(sb_mutex_ticket *l, sb_mutex_ticket_thread *t)
{
	(void)t;
	/* only the holder writes owner, so a plain read of it plus a release store suffices */
	unsigned o = atomic_load_explicit(&l->owner, memory_order_relaxed);
	atomic_store_explicit(&l->owner, o + 1, memory_order_release);
}
static inline void sb_mutex_ticket_destroy(sb_mutex_ticket *l) { (void)l; }
#endif
