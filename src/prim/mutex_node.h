/* prim/mutex_node.h: the one shape every mutex implementation offers.
 *
 *   typedef ... sb_mutex_IMPL;
 *   int  sb_mutex_IMPL_init(sb_mutex_IMPL *m);            0 or -errno
 *   void sb_mutex_IMPL_lock(sb_mutex_IMPL *m, sb_mutex_node *n);
 *   void sb_mutex_IMPL_unlock(sb_mutex_IMPL *m, sb_mutex_node *n);
 *   void sb_mutex_IMPL_destroy(sb_mutex_IMPL *m);
 *
 * all static inline. n is the calling thread's own node (queue locks such as MCS link it into the
 * lock; the others ignore it); it must stay valid and unused elsewhere from lock to unlock. The
 * implementations are listed once, in prim/mutex_list.h.
 */
#ifndef SB_PRIM_MUTEX_NODE_H
#define SB_PRIM_MUTEX_NODE_H

#include <stdatomic.h>

typedef struct sb_mutex_node {
	_Alignas(64) struct sb_mutex_node *_Atomic next;
	atomic_uint locked;
} sb_mutex_node;

#endif
