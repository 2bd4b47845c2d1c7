/* prim/rwlock_mutex.h: the pthread mutex as the baseline every rwlock must beat on reads: rdlock =
 * wrlock = lock, so readers exclude each other too. */
#ifndef SB_PRIM_RWLOCK_MUTEX_H
#define SB_PRIM_RWLOCK_MUTEX_H
#include "prim/rwlock_shape.h"
#include <pthread.h>

typedef struct { pthread_mutex_t m; } sb_rwlock_mutex;
static inline int sb_rwlock_mutex_init(sb_rwlock_mutex *l) { return -pthread_mutex_init(&l->m, NULL); }
static inline void sb_rwlock_mutex_rdlock(sb_rwlock_mutex *l) { pthread_mutex_lock(&l->m); }
static inline void sb_rwlock_mutex_rdunlock(sb_rwlock_mutex *l) { pthread_mutex_unlock(&l->m); }
static inline void sb_rwlock_mutex_wrlock(sb_rwlock_mutex *l) { pthread_mutex_lock(&l->m); }
static inline void sb_rwlock_mutex_wrunlock(sb_rwlock_mutex *l) { pthread_mutex_unlock(&l->m); }
static inline void sb_rwlock_mutex_destroy(sb_rwlock_mutex *l) { pthread_mutex_destroy(&l->m); }
#endif
