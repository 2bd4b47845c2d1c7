/* prim/queue_lfs.h: liburcu's cds_lfs stack (LIFO). Push is a lock-free cmpxchg loop; pop is
 * cds_lfs_pop_blocking, which serialises poppers on the stack's internal mutex: that is what makes
 * a popped node safe to reuse at once without RCU (no other popper can be reading it). */
#ifndef SB_PRIM_QUEUE_LFS_H
#define SB_PRIM_QUEUE_LFS_H
#include "prim/queue_shape.h"

typedef struct { struct cds_lfs_stack s; } sb_queue_lfs;
static inline int sb_queue_lfs_init(sb_queue_lfs *q, unsigned cap) { (void)cap; cds_lfs_init(&q->s); return 0; }
static inline void sb_queue_lfs_destroy(sb_queue_lfs *q) { cds_lfs_destroy(&q->s); }
static inline int sb_queue_lfs_push(sb_queue_lfs *q, sb_qnode *n)
{
	cds_lfs_node_init(&n->q.lfs);
	cds_lfs_push(&q->s, &n->q.lfs);
	return 0;
}
static inline sb_qnode *sb_queue_lfs_trypop(sb_queue_lfs *q)
{
	struct cds_lfs_node *n = cds_lfs_pop_blocking(&q->s);
	return n ? caa_container_of(n, sb_qnode, q.lfs) : NULL;
}
static inline sb_qnode *sb_queue_lfs_pop(sb_queue_lfs *q) { return sb_queue_lfs_trypop(q); }
static inline void sb_queue_lfs_close(sb_queue_lfs *q) { (void)q; }
#endif
