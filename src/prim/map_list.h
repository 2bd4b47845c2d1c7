/* prim/map_list.h: every map implementation, listed once: X(NAME, FLAGS).
 * FLAGS (prim/impl_flags.h): SB_IMPL_NEEDS_RCU when the calling threads must be registered with
 * liburcu's memb flavour and a deleted entry may be reused only after a grace period (call_rcu);
 * SB_IMPL_HIDDEN for negative controls that only the tests select.
 * Adding a table: one header with the shape of prim/map_shape.h, one include and one line here. */
#ifndef SB_PRIM_MAP_LIST_H
#define SB_PRIM_MAP_LIST_H
#include "prim/impl_flags.h"
#include "prim/map_broken.h"
#include "prim/map_lfht.h"
#include "prim/map_mutex.h"
#include "prim/map_rwlock.h"

#define SB_MAP_IMPLS(X)                   \
	X(lfht, SB_IMPL_NEEDS_RCU)        \
	X(rwlock, 0)                      \
	X(mutex, 0)                       \
	X(broken, SB_IMPL_HIDDEN)
#endif
