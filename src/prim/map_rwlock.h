/* prim/map_rwlock.h: the chained table under a pthread rwlock: lookups share it, updates take it
 * exclusively. */
#ifndef SB_PRIM_MAP_RWLOCK_H
#define SB_PRIM_MAP_RWLOCK_H
#include "prim/map_chain.h"
SB_MAP_LOCKED(rwlock, pthread_rwlock_t, pthread_rwlock_init, pthread_rwlock_rdlock, pthread_rwlock_wrlock,
	      pthread_rwlock_unlock, pthread_rwlock_destroy, 0)
#endif
