/* prim/rwlock_pthread_wpref.h: glibc's pthread_rwlock_t of the writer-preferring kind
 * PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP: the only glibc kind that makes new readers wait
 * for a waiting writer (PREFER_WRITER_NP behaves as the default). */
#ifndef SB_PRIM_RWLOCK_PTHREAD_WPREF_H
#define SB_PRIM_RWLOCK_PTHREAD_WPREF_H
#include "prim/rwlock_pthread.h"
#include "prim/rwlock_shape.h"
#include <pthread.h>

typedef struct { pthread_rwlock_t l; } sb_rwlock_pthread_wpref;
static inline int sb_rwlock_pthread_wpref_init(sb_rwlock_pthread_wpref *l)
{
	return sb_rwlock_pthread_init_kind(&l->l, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
}
static inline void sb_rwlock_pthread_wpref_rdlock(sb_rwlock_pthread_wpref *l) { pthread_rwlock_rdlock(&l->l); }
static inline void sb_rwlock_pthread_wpref_rdunlock(sb_rwlock_pthread_wpref *l) { pthread_rwlock_unlock(&l->l); }
static inline void sb_rwlock_pthread_wpref_wrlock(sb_rwlock_pthread_wpref *l) { pthread_rwlock_wrlock(&l->l); }
static inline void sb_rwlock_pthread_wpref_wrunlock(sb_rwlock_pthread_wpref *l) { pthread_rwlock_unlock(&l->l); }
static inline void sb_rwlock_pthread_wpref_destroy(sb_rwlock_pthread_wpref *l) { pthread_rwlock_destroy(&l->l); }
#endif
