/* prim/queue_lfq.h: liburcu's cds_lfq queue (FIFO, lock-free, RCU). Enqueue and dequeue run inside
 * a memb read-side critical section, which is what protects them from ABA; a dequeued node may
 * still be read by a concurrent dequeuer, so it is recycled only after a grace period (the family
 * hands it to call_rcu: SB_IMPL_NEEDS_RCU in prim/queue_list.h). Note what liburcu itself does inside the window: when a
 * dequeue takes the last real node it enqueues a fresh dummy node (malloc) and frees the old one
 * with call_rcu; that cost belongs to this queue and is measured with it. The calling thread must be
 * registered with urcu_memb. */
#ifndef SB_PRIM_QUEUE_LFQ_H
#define SB_PRIM_QUEUE_LFQ_H
#include "prim/queue_shape.h"

typedef struct { struct cds_lfq_queue_rcu q; } sb_queue_lfq;
static inline int sb_queue_lfq_init(sb_queue_lfq *q, unsigned cap)
{
	(void)cap;
	cds_lfq_init_rcu(&q->q, urcu_memb_call_rcu);
	return 0;
}
/* After the queue is empty and no thread uses it: frees its last dummy (0, or -EPERM if not empty). */
static inline void sb_queue_lfq_destroy(sb_queue_lfq *q) { (void)cds_lfq_destroy_rcu(&q->q); }
static inline int sb_queue_lfq_push(sb_queue_lfq *q, sb_qnode *n)
{
	cds_lfq_node_init_rcu(&n->q.lfq);
	urcu_memb_read_lock();
	cds_lfq_enqueue_rcu(&q->q, &n->q.lfq);
	urcu_memb_read_unlock();
	return 0;
}
static inline sb_qnode *sb_queue_lfq_trypop(sb_queue_lfq *q)
{
	urcu_memb_read_lock();
	struct cds_lfq_node_rcu *n = cds_lfq_dequeue_rcu(&q->q);
	urcu_memb_read_unlock();
	return n ? caa_container_of(n, sb_qnode, q.lfq) : NULL;
}
static inline sb_qnode *sb_queue_lfq_pop(sb_queue_lfq *q) { return sb_queue_lfq_trypop(q); }
static inline void sb_queue_lfq_close(sb_queue_lfq *q) { (void)q; }
#endif
