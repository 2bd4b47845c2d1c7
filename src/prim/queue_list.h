/* prim/queue_list.h: every queue implementation, listed once: X(NAME, FLAGS).
 * FLAGS (prim/impl_flags.h): SB_IMPL_NEEDS_RCU when the operations need a thread registered with
 * liburcu's memb flavour and a popped node may be recycled only after a grace period (call_rcu);
 * SB_IMPL_HIDDEN for negative controls that only the tests select.
 * Adding a container: one header with the shape of prim/queue_shape.h, one include and one line
 * here. */
#ifndef SB_PRIM_QUEUE_LIST_H
#define SB_PRIM_QUEUE_LIST_H
#include "prim/impl_flags.h"
#include "prim/queue_broken.h"
#include "prim/queue_condvar.h"
#include "prim/queue_lfq.h"
#include "prim/queue_lfs.h"
#include "prim/queue_mutex_list.h"
#include "prim/queue_wfcq.h"

#define SB_QUEUE_IMPLS(X)                 \
	X(lfs, 0)                         \
	X(wfcq, 0)                        \
	X(lfq, SB_IMPL_NEEDS_RCU)         \
	X(mutex_list, 0)                  \
	X(condvar, 0)                     \
	X(broken, SB_IMPL_HIDDEN)
#endif
