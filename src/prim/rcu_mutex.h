/* prim/rcu_mutex.h: the rcu family's workload under one pthread_mutex_t for readers and writers
 * alike (the baseline with no read sharing at all). */
#ifndef SB_PRIM_RCU_MUTEX_H
#define SB_PRIM_RCU_MUTEX_H
#include "prim/rcu_locked.h"
#include <pthread.h>

typedef struct { pthread_mutex_t l; } sb_rcu_mutex;
static inline int sb_rcu_mutex_init(sb_rcu_mutex *s) { return -pthread_mutex_init(&s->l, NULL); }
static inline void sb_rcu_mutex_destroy(sb_rcu_mutex *s) { pthread_mutex_destroy(&s->l); }
static inline void sb_rcu_mutex_read_lock(sb_rcu_mutex *s) { pthread_mutex_lock(&s->l); }
static inline void sb_rcu_mutex_read_unlock(sb_rcu_mutex *s) { pthread_mutex_unlock(&s->l); }
static inline void sb_rcu_mutex_write_lock(sb_rcu_mutex *s) { pthread_mutex_lock(&s->l); }
static inline void sb_rcu_mutex_write_unlock(sb_rcu_mutex *s) { pthread_mutex_unlock(&s->l); }
SB_RCU_LOCKED_COMMON(mutex)
#endif
