/* prim/map_list.h: every map implementation, listed once.
 * X(name, rcu, hidden): rcu = 1 when the operations need an RCU-registered thread and a deleted
 * entry may be recycled only after a grace period (call_rcu); hidden = 1 for negative controls. */
#ifndef SB_PRIM_MAP_LIST_H
#define SB_PRIM_MAP_LIST_H
#include "prim/map_lfht.h"
#include "prim/map_locked.h"

#define SB_MAP_IMPLS(X)   \
	X(lfht, 1, 0)     \
	X(rwlock, 0, 0)   \
	X(mutex, 0, 0)    \
	X(broken, 0, 1)
#endif
