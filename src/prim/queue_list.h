/* prim/queue_list.h: every queue implementation, listed once.
 * X(name, rcu, hidden): rcu = 1 when the operations need an RCU-registered thread and a popped
 * node may be recycled only after a grace period (call_rcu); hidden = 1 for negative controls. */
#ifndef SB_PRIM_QUEUE_LIST_H
#define SB_PRIM_QUEUE_LIST_H
#include "prim/queue_broken.h"
#include "prim/queue_lfq.h"
#include "prim/queue_lfs.h"
#include "prim/queue_locked.h"
#include "prim/queue_wfcq.h"

#define SB_QUEUE_IMPLS(X)     \
	X(lfs, 0, 0)          \
	X(wfcq, 0, 0)         \
	X(lfq, 1, 0)          \
	X(mutex_list, 0, 0)   \
	X(condvar, 0, 0)      \
	X(broken, 0, 1)
#endif
