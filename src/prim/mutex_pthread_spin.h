/* prim/mutex_pthread_spin.h: pthread_spinlock_t (glibc: test-and-test-and-set without backoff). */
#ifndef SB_PRIM_MUTEX_PTHREAD_SPIN_H
#define SB_PRIM_MUTEX_PTHREAD_SPIN_H
#include "prim/mutex_shape.h"
#include <pthread.h>

typedef struct { pthread_spinlock_t s; } sb_mutex_pthread_spin;
typedef sb_mutex_nothread sb_mutex_pthread_spin_thread;
static inline int sb_mutex_pthread_spin_init(sb_mutex_pthread_spin *l) { return -pthread_spin_init(&l->s, PTHREAD_PROCESS_PRIVATE); }
static inline void sb_mutex_pthread_spin_thread_init(sb_mutex_pthread_spin *l, sb_mutex_pthread_spin_thread *t, int id) { (void)l; (void)t; (void)id; }
static inline void sb_mutex_pthread_spin_lock(sb_mutex_pthread_spin *l, sb_mutex_pthread_spin_thread *t) { (void)t; pthread_spin_lock(&l->s); }
static inline int sb_mutex_pthread_spin_trylock(sb_mutex_pthread_spin *l, sb_mutex_pthread_spin_thread *t) { (void)t; return pthread_spin_trylock(&l->s) == 0; }
static inline void sb_mutex_pthread_spin_unlock(sb_mutex_pthread_spin *l, sb_mutex_pthread_spin_thread *t) { (void)t; pthread_spin_unlock(&l->s); }
static inline void sb_mutex_pthread_spin_destroy(sb_mutex_pthread_spin *l) { pthread_spin_destroy(&l->s); }
#endif
