/* prim/mutex_clh.h: the CLH queue lock (Craig; Landin and Hagersten). A waiter spins on its
 * predecessor's node, and on unlock takes that node as its own for the next acquisition: nodes
 * travel between threads, so each thread's context holds a pointer to the node it owns now, and
 * the lock holds the initial (dummy) node. One cache-line transfer per handoff, FIFO. */
#ifndef SB_PRIM_MUTEX_CLH_H
#define SB_PRIM_MUTEX_CLH_H
#include "prim/mutex_shape.h"
#include "syncbench/spin.h"

typedef struct sb_clh_node {
	_Alignas(64) atomic_uint locked;
} sb_clh_node;

typedef struct {
	_Alignas(64) sb_clh_node *_Atomic tail;
	sb_clh_node dummy;
} sb_mutex_clh;

typedef struct {
	sb_clh_node *mine;  /* the node this thread enqueues next */
	sb_clh_node *pred;  /* while held: the predecessor's node, ours after unlock */
	sb_clh_node own;    /* the node the thread started with (lives as long as the team) */
} sb_mutex_clh_thread;

static inline int sb_mutex_clh_init(sb_mutex_clh *l)
{
	atomic_init(&l->dummy.locked, 0);
	atomic_init(&l->tail, &l->dummy);
	return 0;
}
static inline void sb_mutex_clh_thread_init(sb_mutex_clh *l, sb_mutex_clh_thread *t, int id)
{
	(void)l; (void)id;
	atomic_init(&t->own.locked, 0);
	t->mine = &t->own;
	t->pred = NULL;
}
static inline void sb_mutex_clh_lock(sb_mutex_clh *l, sb_mutex_clh_thread *t)
{
	atomic_store_explicit(&t->mine->locked, 1, memory_order_relaxed);
	/* acq_rel: release publishes our node's locked = 1 to the successor that will spin on it,
	 * acquire orders our reads of the predecessor's node after its enqueue */
	sb_clh_node *pred = atomic_exchange_explicit(&l->tail, t->mine, memory_order_acq_rel);
	/* acquire pairs with the predecessor's releasing unlock: the critical section sees its writes */
	while (atomic_load_explicit(&pred->locked, memory_order_acquire))
		sb_cpu_relax();
	t->pred = pred;
}
static inline int sb_mutex_clh_trylock(sb_mutex_clh *l, sb_mutex_clh_thread *t)
{
	/* take it only if the tail's node is free: swing the tail from that node to ours */
	sb_clh_node *tail = atomic_load_explicit(&l->tail, memory_order_acquire);
	if (atomic_load_explicit(&tail->locked, memory_order_acquire))
		return 0;
	atomic_store_explicit(&t->mine->locked, 1, memory_order_relaxed);
	if (!atomic_compare_exchange_strong_explicit(&l->tail, &tail, t->mine, memory_order_acq_rel,
						     memory_order_relaxed))
		return 0;
	/* ABA: between the load and the CAS the tail's node may have been reused by a holder that
	 * enqueued it again (locked = 1) and the tail come back to it; we are then queued behind that
	 * holder and, as in CLH nobody leaves the queue, wait for it (the torture test caught two
	 * owners at once without this) */
	while (atomic_load_explicit(&tail->locked, memory_order_acquire))
		sb_cpu_relax();
	t->pred = tail;
	return 1;
}
static inline void sb_mutex_clh_unlock(sb_mutex_clh *l, sb_mutex_clh_thread *t)
{
	(void)l;
	sb_clh_node *mine = t->mine;
	t->mine = t->pred; /* nobody spins on the predecessor's node any more: it is ours now */
	atomic_store_explicit(&mine->locked, 0, memory_order_release);
}
static inline void sb_mutex_clh_destroy(sb_mutex_clh *l) { (void)l; }
#endif
