/* prim/rcu_lock.h: the locked baselines of the read-mostly family, in the shape of
 * prim/rcu_urcu.h. Readers take the read lock around the read, writers the write lock around
 * the pointer swap; the old record can be freed as soon as the write lock is released (no
 * reader can still hold it), so synchronize, call and barrier have nothing to wait for.
 *   pthread_rwlock  glibc's pthread_rwlock_t (default: readers preferred)
 *   rwlock_futex    the project's own futex read-write lock (prim/rwlock_futex.h)
 *   mutex           pthread_mutex_t for readers and writers alike */
#ifndef SB_PRIM_RCU_LOCK_H
#define SB_PRIM_RCU_LOCK_H
#include "prim/rwlock_futex.h"
#include <pthread.h>
#include <stddef.h>

struct rcu_head;

#define SB_RCU_LOCK_COMMON(N)                                                                      \
	static inline void sb_rcu_##N##_thread_online(void) {}                                     \
	static inline void sb_rcu_##N##_thread_offline(void) {}                                    \
	/* the lock orders everything: plain accesses to the pointer */                            \
	static inline void *sb_rcu_##N##_deref(void **pp) { return *pp; }                          \
	static inline void *sb_rcu_##N##_publish(void **pp, void *v)                               \
	{                                                                                          \
		void *o = *pp;                                                                     \
		*pp = v;                                                                           \
		return o;                                                                          \
	}                                                                                          \
	static inline void sb_rcu_##N##_synchronize(void) {}                                       \
	static inline void sb_rcu_##N##_call(struct rcu_head *h, void (*fn)(struct rcu_head *)) { fn(h); } \
	static inline void sb_rcu_##N##_quiescent(void) {}                                         \
	static inline void sb_rcu_##N##_barrier(void) {}

typedef struct { pthread_rwlock_t l; } sb_rcu_pthread_rwlock;
static inline int sb_rcu_pthread_rwlock_init(sb_rcu_pthread_rwlock *s) { return -pthread_rwlock_init(&s->l, NULL); }
static inline void sb_rcu_pthread_rwlock_destroy(sb_rcu_pthread_rwlock *s) { pthread_rwlock_destroy(&s->l); }
static inline void sb_rcu_pthread_rwlock_read_lock(sb_rcu_pthread_rwlock *s) { pthread_rwlock_rdlock(&s->l); }
static inline void sb_rcu_pthread_rwlock_read_unlock(sb_rcu_pthread_rwlock *s) { pthread_rwlock_unlock(&s->l); }
static inline void sb_rcu_pthread_rwlock_write_lock(sb_rcu_pthread_rwlock *s) { pthread_rwlock_wrlock(&s->l); }
static inline void sb_rcu_pthread_rwlock_write_unlock(sb_rcu_pthread_rwlock *s) { pthread_rwlock_unlock(&s->l); }
SB_RCU_LOCK_COMMON(pthread_rwlock)

typedef struct { sb_rwlock_futex l; } sb_rcu_rwlock_futex;
static inline int sb_rcu_rwlock_futex_init(sb_rcu_rwlock_futex *s) { return sb_rwlock_futex_init(&s->l); }
static inline void sb_rcu_rwlock_futex_destroy(sb_rcu_rwlock_futex *s) { sb_rwlock_futex_destroy(&s->l); }
static inline void sb_rcu_rwlock_futex_read_lock(sb_rcu_rwlock_futex *s) { sb_rwlock_futex_rdlock(&s->l); }
static inline void sb_rcu_rwlock_futex_read_unlock(sb_rcu_rwlock_futex *s) { sb_rwlock_futex_rdunlock(&s->l); }
static inline void sb_rcu_rwlock_futex_write_lock(sb_rcu_rwlock_futex *s) { sb_rwlock_futex_wrlock(&s->l); }
static inline void sb_rcu_rwlock_futex_write_unlock(sb_rcu_rwlock_futex *s) { sb_rwlock_futex_wrunlock(&s->l); }
SB_RCU_LOCK_COMMON(rwlock_futex)

typedef struct { pthread_mutex_t l; } sb_rcu_mutex;
static inline int sb_rcu_mutex_init(sb_rcu_mutex *s) { return -pthread_mutex_init(&s->l, NULL); }
static inline void sb_rcu_mutex_destroy(sb_rcu_mutex *s) { pthread_mutex_destroy(&s->l); }
static inline void sb_rcu_mutex_read_lock(sb_rcu_mutex *s) { pthread_mutex_lock(&s->l); }
static inline void sb_rcu_mutex_read_unlock(sb_rcu_mutex *s) { pthread_mutex_unlock(&s->l); }
static inline void sb_rcu_mutex_write_lock(sb_rcu_mutex *s) { pthread_mutex_lock(&s->l); }
static inline void sb_rcu_mutex_write_unlock(sb_rcu_mutex *s) { pthread_mutex_unlock(&s->l); }
SB_RCU_LOCK_COMMON(mutex)
#endif
