/* prim/queue_wfcq.h: liburcu's cds_wfcq queue (FIFO). Enqueue is wait-free (one xchg on the
 * tail); dequeue is cds_wfcq_dequeue_blocking, which takes the head's mutex and may busy-wait for an
 * enqueuer that has swapped the tail but not yet linked its node. A dequeued node can be reused at
 * once: the enqueuer that links after it has finished writing it before the dequeue returns. */
#ifndef SB_PRIM_QUEUE_WFCQ_H
#define SB_PRIM_QUEUE_WFCQ_H
#include "prim/queue_shape.h"

typedef struct {
	struct cds_wfcq_head head;
	_Alignas(64) struct cds_wfcq_tail tail; /* enqueuers and dequeuers on different lines */
} sb_queue_wfcq;
static inline int sb_queue_wfcq_init(sb_queue_wfcq *q, unsigned cap) { (void)cap; cds_wfcq_init(&q->head, &q->tail); return 0; }
static inline void sb_queue_wfcq_destroy(sb_queue_wfcq *q) { cds_wfcq_destroy(&q->head, &q->tail); }
static inline int sb_queue_wfcq_push(sb_queue_wfcq *q, sb_qnode *n)
{
	cds_wfcq_node_init(&n->q.wfcq);
	cds_wfcq_enqueue(&q->head, &q->tail, &n->q.wfcq);
	return 0;
}
static inline sb_qnode *sb_queue_wfcq_trypop(sb_queue_wfcq *q)
{
	struct cds_wfcq_node *n = cds_wfcq_dequeue_blocking(&q->head, &q->tail);
	return n ? caa_container_of(n, sb_qnode, q.wfcq) : NULL;
}
static inline sb_qnode *sb_queue_wfcq_pop(sb_queue_wfcq *q) { return sb_queue_wfcq_trypop(q); }
static inline void sb_queue_wfcq_close(sb_queue_wfcq *q) { (void)q; }
#endif
