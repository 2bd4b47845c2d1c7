/* prim/rcu_pthread_rwlock.h: the rcu family's workload under glibc's pthread_rwlock_t (default
 * attributes: readers preferred). */
#ifndef SB_PRIM_RCU_PTHREAD_RWLOCK_H
#define SB_PRIM_RCU_PTHREAD_RWLOCK_H
#include "prim/rcu_locked.h"
#include <pthread.h>

typedef struct { pthread_rwlock_t l; } sb_rcu_pthread_rwlock;
static inline int sb_rcu_pthread_rwlock_init(sb_rcu_pthread_rwlock *s) { return -pthread_rwlock_init(&s->l, NULL); }
static inline void sb_rcu_pthread_rwlock_destroy(sb_rcu_pthread_rwlock *s) { pthread_rwlock_destroy(&s->l); }
static inline void sb_rcu_pthread_rwlock_read_lock(sb_rcu_pthread_rwlock *s) { pthread_rwlock_rdlock(&s->l); }
static inline void sb_rcu_pthread_rwlock_read_unlock(sb_rcu_pthread_rwlock *s) { pthread_rwlock_unlock(&s->l); }
static inline void sb_rcu_pthread_rwlock_write_lock(sb_rcu_pthread_rwlock *s) { pthread_rwlock_wrlock(&s->l); }
static inline void sb_rcu_pthread_rwlock_write_unlock(sb_rcu_pthread_rwlock *s) { pthread_rwlock_unlock(&s->l); }
SB_RCU_LOCKED_COMMON(pthread_rwlock)
#endif
