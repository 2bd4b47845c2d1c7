/* prim/queue_broken.h: NEGATIVE CONTROL. A Treiber stack whose push gives up when its
 * compare-and-swap fails (another thread changed the top meanwhile) instead of retrying, and still
 * reports success: under contention pushes are lost. Alone on one thread it never loses anything.
 * The queue family's check (items enqueued = dequeued + left, with checksums) must catch it.
 * Pops are serialised by a mutex (like cds_lfs_pop_blocking), so the loss is the only bug: the
 * stack itself never corrupts. */
#ifndef SB_PRIM_QUEUE_BROKEN_H
#define SB_PRIM_QUEUE_BROKEN_H
#include "prim/queue_shape.h"
#include <pthread.h>

typedef struct {
	_Atomic(sb_qnode *) top;
	pthread_mutex_t pop_mu;
} sb_queue_broken;
static inline int sb_queue_broken_init(sb_queue_broken *q, unsigned cap)
{
	(void)cap;
	atomic_init(&q->top, NULL);
	return -pthread_mutex_init(&q->pop_mu, NULL);
}
static inline void sb_queue_broken_destroy(sb_queue_broken *q) { pthread_mutex_destroy(&q->pop_mu); }
static inline int sb_queue_broken_push(sb_queue_broken *q, sb_qnode *n)
{
	sb_qnode *old = atomic_load_explicit(&q->top, memory_order_relaxed);
	atomic_store_explicit(&n->q.anext, old, memory_order_relaxed);
	/* THE BUG: one attempt only; a failed CAS drops the node */
	atomic_compare_exchange_strong_explicit(&q->top, &old, n, memory_order_release, memory_order_relaxed);
	return 0;
}
static inline sb_qnode *sb_queue_broken_trypop(sb_queue_broken *q)
{
	pthread_mutex_lock(&q->pop_mu);
	sb_qnode *n = atomic_load_explicit(&q->top, memory_order_acquire);
	while (n && !atomic_compare_exchange_weak_explicit(&q->top, &n,
							   atomic_load_explicit(&n->q.anext, memory_order_relaxed),
							   memory_order_acquire, memory_order_acquire))
		;
	pthread_mutex_unlock(&q->pop_mu);
	return n;
}
static inline sb_qnode *sb_queue_broken_pop(sb_queue_broken *q) { return sb_queue_broken_trypop(q); }
static inline void sb_queue_broken_close(sb_queue_broken *q) { (void)q; }
#endif
