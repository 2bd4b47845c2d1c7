/* prim/rwlock_broken.h: a NEGATIVE CONTROL: writers exclude each other (a mutex), but readers
 * take nothing, so a writer runs beside readers. The benchmark's overlap check must catch it
 * (tests only, --negative-controls). */
#ifndef SB_PRIM_RWLOCK_BROKEN_H
#define SB_PRIM_RWLOCK_BROKEN_H
#include "prim/rwlock_shape.h"
#include <pthread.h>

typedef struct { pthread_mutex_t m; } sb_rwlock_broken;
static inline int sb_rwlock_broken_init(sb_rwlock_broken *l) { return -pthread_mutex_init(&l->m, NULL); }
static inline void sb_rwlock_broken_rdlock(sb_rwlock_broken *l) { (void)l; }
static inline void sb_rwlock_broken_rdunlock(sb_rwlock_broken *l) { (void)l; }
static inline void sb_rwlock_broken_wrlock(sb_rwlock_broken *l) { pthread_mutex_lock(&l->m); }
static inline void sb_rwlock_broken_wrunlock(sb_rwlock_broken *l) { pthread_mutex_unlock(&l->m); }
static inline void sb_rwlock_broken_destroy(sb_rwlock_broken *l) { pthread_mutex_destroy(&l->m); }
#endif
