/* prim/queue_node.h: the item every queue implementation carries.
 *
 * One node per item, preallocated in pools (prim/pool.h). The container's link comes first (a
 * union: a node is in one container at a time). value and state are written by the producer before
 * the push and read by the consumer after the pop: the container orders them (release/acquire in
 * the locks, full barriers in liburcu's cmpxchg/xchg). They are relaxed C11 atomics only so that
 * ThreadSanitizer, which cannot see liburcu's inline-asm atomics, does not report the hand-off. */
#ifndef SB_PRIM_QUEUE_NODE_H
#define SB_PRIM_QUEUE_NODE_H
#include "prim/pool.h"
#include "prim/urcu_memb.h"
#include <urcu/lfstack.h>
#include <urcu/rculfqueue.h>
#include <urcu/wfcqueue.h>
#include <stdint.h>

enum { SB_QNODE_FREE = 0, SB_QNODE_QUEUED = 1 };

typedef struct sb_qnode {
	union {
		struct cds_lfs_node lfs;
		struct cds_wfcq_node wfcq;
		struct cds_lfq_node_rcu lfq;
		struct sb_qnode *next;           /* the project's own containers */
		_Atomic(struct sb_qnode *) anext; /* the broken stack */
	} q;
	struct rcu_head rcu;     /* grace-period recycling (cds_lfq) */
	sb_pool_link link;       /* while in a pool */
	sb_pool *home;           /* the pool it goes back to */
	_Atomic uint64_t value;  /* the item */
	_Atomic int state;       /* SB_QNODE_QUEUED from push to pop: a second pop sees FREE */
} __attribute__((aligned(64))) sb_qnode;

static inline sb_qnode *sb_qnode_of_link(sb_pool_link *l)
{
	return l ? (sb_qnode *)((char *)l - offsetof(sb_qnode, link)) : NULL;
}
#endif
