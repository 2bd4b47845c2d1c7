/* prim/queue_shape.h: the one shape every queue (container) implementation offers.
 *
 *   typedef ... sb_queue_IMPL;     the container (shared by every thread that uses it)
 *   int  sb_queue_IMPL_init(sb_queue_IMPL *q, unsigned cap);   cap: the bound of a bounded one; 0 or -errno
 *   void sb_queue_IMPL_destroy(sb_queue_IMPL *q);             empty, and no thread uses it
 *   int  sb_queue_IMPL_push(sb_queue_IMPL *q, sb_qnode *n);   0, or -1 when closed (n not pushed)
 *   sb_qnode *sb_queue_IMPL_pop(sb_queue_IMPL *q);      a node, or NULL when empty (a blocking
 *                                                       container waits instead, NULL once closed)
 *   sb_qnode *sb_queue_IMPL_trypop(sb_queue_IMPL *q);   a node, or NULL when empty: never waits
 *   void sb_queue_IMPL_close(sb_queue_IMPL *q);         wakes every waiter for good (the end of
 *                                                       the window)
 *
 * All static inline; push and pop are safe from any number of threads at once. A pushed node
 * belongs to the container until a pop returns it; the pusher must not touch it after the push.
 * For an implementation flagged SB_IMPL_NEEDS_RCU in prim/queue_list.h the callers are threads
 * registered with liburcu's memb flavour, and a popped node may be reused only after a grace
 * period (another popper may still read it).
 *
 * Implementations are listed once, in prim/queue_list.h.
 */
#ifndef SB_PRIM_QUEUE_SHAPE_H
#define SB_PRIM_QUEUE_SHAPE_H
#include "prim/queue_node.h"
#endif
