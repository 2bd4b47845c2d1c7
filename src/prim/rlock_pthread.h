/* prim/rlock_pthread.h: glibc's PTHREAD_MUTEX_RECURSIVE. glibc checks the owner on unlock of a
 * recursive mutex and returns EPERM to a thread that does not own it. */
#ifndef SB_PRIM_RLOCK_PTHREAD_H
#define SB_PRIM_RLOCK_PTHREAD_H
#include "prim/rlock_shape.h"
#include <errno.h>

typedef struct { pthread_mutex_t m; } sb_rlock_pthread;

static inline int sb_rlock_pthread_init(sb_rlock_pthread *l)
{
	pthread_mutexattr_t a;
	int r = pthread_mutexattr_init(&a);
	if (!r)
		r = pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	if (!r)
		r = pthread_mutex_init(&l->m, &a);
	pthread_mutexattr_destroy(&a);
	return -r;
}
static inline void sb_rlock_pthread_lock(sb_rlock_pthread *l) { pthread_mutex_lock(&l->m); }
static inline int sb_rlock_pthread_trylock(sb_rlock_pthread *l) { return -pthread_mutex_trylock(&l->m); }
static inline int sb_rlock_pthread_unlock(sb_rlock_pthread *l) { return -pthread_mutex_unlock(&l->m); }
/* glibc keeps the count inside the mutex, with no call to read it. */
static inline int sb_rlock_pthread_levels(sb_rlock_pthread *l) { (void)l; return -1; }
static inline void sb_rlock_pthread_destroy(sb_rlock_pthread *l) { pthread_mutex_destroy(&l->m); }
#endif
