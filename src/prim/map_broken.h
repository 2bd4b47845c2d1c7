/* prim/map_broken.h: NEGATIVE CONTROL. The mutex table whose delete unlinks the first entry of the
 * bucket without comparing its key (a classic bug), so a key that should always be present goes
 * missing and the family's lookup check must catch it. */
#ifndef SB_PRIM_MAP_BROKEN_H
#define SB_PRIM_MAP_BROKEN_H
#include "prim/map_chain.h"
SB_MAP_LOCKED(broken, pthread_mutex_t, pthread_mutex_init, pthread_mutex_lock, pthread_mutex_lock,
	      pthread_mutex_unlock, pthread_mutex_destroy, 1)
#endif
