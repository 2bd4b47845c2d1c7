/* prim/rwlock_pthread.h: glibc's pthread_rwlock_t with its default kind: readers preferred (a
 * steady stream of readers can starve a writer). */
#ifndef SB_PRIM_RWLOCK_PTHREAD_H
#define SB_PRIM_RWLOCK_PTHREAD_H
#include "prim/rwlock_shape.h"
#include <pthread.h>

/* A pthread rwlock of the given kind (pthread_rwlockattr_setkind_np); 0 or -errno. */
static inline int sb_rwlock_pthread_init_kind(pthread_rwlock_t *l, int kind)
{
	pthread_rwlockattr_t a;
	int r = pthread_rwlockattr_init(&a);
	if (r)
		return -r;
	r = pthread_rwlockattr_setkind_np(&a, kind);
	if (!r)
		r = pthread_rwlock_init(l, &a);
	pthread_rwlockattr_destroy(&a);
	return -r;
}

typedef struct { pthread_rwlock_t l; } sb_rwlock_pthread;
static inline int sb_rwlock_pthread_init(sb_rwlock_pthread *l) { return sb_rwlock_pthread_init_kind(&l->l, PTHREAD_RWLOCK_DEFAULT_NP); }
static inline void sb_rwlock_pthread_rdlock(sb_rwlock_pthread *l) { pthread_rwlock_rdlock(&l->l); }
static inline void sb_rwlock_pthread_rdunlock(sb_rwlock_pthread *l) { pthread_rwlock_unlock(&l->l); }
static inline void sb_rwlock_pthread_wrlock(sb_rwlock_pthread *l) { pthread_rwlock_wrlock(&l->l); }
static inline void sb_rwlock_pthread_wrunlock(sb_rwlock_pthread *l) { pthread_rwlock_unlock(&l->l); }
static inline void sb_rwlock_pthread_destroy(sb_rwlock_pthread *l) { pthread_rwlock_destroy(&l->l); }
#endif
