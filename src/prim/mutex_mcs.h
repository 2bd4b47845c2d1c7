/* prim/mutex_mcs.h: the MCS queue lock (Mellor-Crummey and Scott): each waiter spins on its own
 * node, one cache-line transfer per handoff. The thread context is the node. */
#ifndef SB_PRIM_MUTEX_MCS_H
#define SB_PRIM_MUTEX_MCS_H
#include "prim/mutex_shape.h"
#include "syncbench/spin.h"
#include <stddef.h>

typedef struct sb_mutex_mcs_thread {
	_Alignas(64) struct sb_mutex_mcs_thread *_Atomic next;
	atomic_uint locked;
} sb_mutex_mcs_thread;
typedef struct { sb_mutex_mcs_thread *_Atomic tail; } sb_mutex_mcs;

static inline int sb_mutex_mcs_init(sb_mutex_mcs *l) { atomic_init(&l->tail, NULL); return 0; }
static inline void sb_mutex_mcs_thread_init(sb_mutex_mcs *l, sb_mutex_mcs_thread *n, int id)
{
	(void)l; (void)id;
	atomic_init(&n->next, NULL);
	atomic_init(&n->locked, 0);
}
static inline void sb_mutex_mcs_lock(sb_mutex_mcs *l, sb_mutex_mcs_thread *n)
{
	atomic_store_explicit(&n->next, NULL, memory_order_relaxed);
	atomic_store_explicit(&n->locked, 1, memory_order_relaxed);
	/* acq_rel: release publishes our node's fields to the predecessor, acquire pairs with a
	 * releasing unlock that swung the tail back to NULL */
	sb_mutex_mcs_thread *pred = atomic_exchange_explicit(&l->tail, n, memory_order_acq_rel);
	if (!pred)
		return;
	atomic_store_explicit(&pred->next, n, memory_order_release);
	while (atomic_load_explicit(&n->locked, memory_order_acquire))
		sb_cpu_relax();
}
static inline int sb_mutex_mcs_trylock(sb_mutex_mcs *l, sb_mutex_mcs_thread *n)
{
	atomic_store_explicit(&n->next, NULL, memory_order_relaxed);
	sb_mutex_mcs_thread *none = NULL;
	/* only an empty queue is taken: no waiting, so no need to set locked */
	return atomic_compare_exchange_strong_explicit(&l->tail, &none, n, memory_order_acq_rel,
						       memory_order_relaxed);
}
static inline void sb_mutex_mcs_unlock(sb_mutex_mcs *l, sb_mutex_mcs_thread *n)
{
	sb_mutex_mcs_thread *next = atomic_load_explicit(&n->next, memory_order_acquire);
	if (!next) {
		sb_mutex_mcs_thread *me = n;
		if (atomic_compare_exchange_strong_explicit(&l->tail, &me, NULL, memory_order_release,
							    memory_order_relaxed))
			return;
		/* a successor swapped the tail but has not linked itself yet */
		while (!(next = atomic_load_explicit(&n->next, memory_order_acquire)))
			sb_cpu_relax();
	}
	atomic_store_explicit(&next->locked, 0, memory_order_release);
}
static inline void sb_mutex_mcs_destroy(sb_mutex_mcs *l) { (void)l; }
#endif
