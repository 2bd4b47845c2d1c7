/* prim/rwlock_pthread.h: glibc's pthread_rwlock_t with its default kind (readers preferred: a
 * steady stream of readers can starve a writer), with the writer-preferring kind
 * (PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP: the only glibc kind that makes new readers wait
 * for a waiting writer; PREFER_WRITER_NP behaves as the default), and the pthread mutex as the
 * baseline every rwlock must beat on reads (rdlock = wrlock = lock). Return values are not checked
 * on the hot path: the benchmark's overlap check catches a lock that fails to exclude. */
#ifndef SB_PRIM_RWLOCK_PTHREAD_H
#define SB_PRIM_RWLOCK_PTHREAD_H
#include "prim/rwlock_shape.h"
#include <pthread.h>

static inline int sb_rwlock_pthread_init_kind(pthread_rwlock_t *l, int kind)
{
	pthread_rwlockattr_t a;
	int r = pthread_rwlockattr_init(&a);
	if (!r)
		r = pthread_rwlockattr_setkind_np(&a, kind);
	if (!r)
		r = pthread_rwlock_init(l, &a);
	pthread_rwlockattr_destroy(&a);
	return -r;
}

#define SB_RWLOCK_PTHREAD_VARIANT(NAME, KIND)                                                       \
	typedef struct { pthread_rwlock_t l; } sb_rwlock_##NAME;                                    \
	static inline int sb_rwlock_##NAME##_init(sb_rwlock_##NAME *l)                              \
	{ return sb_rwlock_pthread_init_kind(&l->l, KIND); }                                         \
	static inline void sb_rwlock_##NAME##_rdlock(sb_rwlock_##NAME *l) { pthread_rwlock_rdlock(&l->l); } \
	static inline void sb_rwlock_##NAME##_rdunlock(sb_rwlock_##NAME *l) { pthread_rwlock_unlock(&l->l); } \
	static inline void sb_rwlock_##NAME##_wrlock(sb_rwlock_##NAME *l) { pthread_rwlock_wrlock(&l->l); } \
	static inline void sb_rwlock_##NAME##_wrunlock(sb_rwlock_##NAME *l) { pthread_rwlock_unlock(&l->l); } \
	static inline void sb_rwlock_##NAME##_destroy(sb_rwlock_##NAME *l) { pthread_rwlock_destroy(&l->l); }

SB_RWLOCK_PTHREAD_VARIANT(pthread, PTHREAD_RWLOCK_DEFAULT_NP)
SB_RWLOCK_PTHREAD_VARIANT(pthread_wpref, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP)

typedef struct { pthread_mutex_t m; } sb_rwlock_mutex;
static inline int sb_rwlock_mutex_init(sb_rwlock_mutex *l) { return -pthread_mutex_init(&l->m, NULL); }
static inline void sb_rwlock_mutex_rdlock(sb_rwlock_mutex *l) { pthread_mutex_lock(&l->m); }
static inline void sb_rwlock_mutex_rdunlock(sb_rwlock_mutex *l) { pthread_mutex_unlock(&l->m); }
static inline void sb_rwlock_mutex_wrlock(sb_rwlock_mutex *l) { pthread_mutex_lock(&l->m); }
static inline void sb_rwlock_mutex_wrunlock(sb_rwlock_mutex *l) { pthread_mutex_unlock(&l->m); }
static inline void sb_rwlock_mutex_destroy(sb_rwlock_mutex *l) { pthread_mutex_destroy(&l->m); }
#endif
