/* prim/map_mutex.h: the chained table under a pthread mutex: lookups and updates alike exclusive. */
#ifndef SB_PRIM_MAP_MUTEX_H
#define SB_PRIM_MAP_MUTEX_H
#include "prim/map_chain.h"
SB_MAP_LOCKED(mutex, pthread_mutex_t, pthread_mutex_init, pthread_mutex_lock, pthread_mutex_lock,
	      pthread_mutex_unlock, pthread_mutex_destroy, 0)
#endif
