/* prim/condvar_pthread.h: glibc's condition variable (on CLOCK_MONOTONIC) with the default
 * pthread mutex, as a program uses them. */
#ifndef SB_PRIM_CONDVAR_PTHREAD_H
#define SB_PRIM_CONDVAR_PTHREAD_H
#include "prim/condvar_shape.h"
#include <errno.h>
#include <pthread.h>

typedef struct { pthread_mutex_t m; } sb_condvar_pthread_mutex;
typedef struct { pthread_cond_t c; } sb_condvar_pthread_cond;

static inline int sb_condvar_pthread_mutex_init(sb_condvar_pthread_mutex *m) { return -pthread_mutex_init(&m->m, NULL); }
static inline void sb_condvar_pthread_mutex_destroy(sb_condvar_pthread_mutex *m) { pthread_mutex_destroy(&m->m); }
static inline void sb_condvar_pthread_lock(sb_condvar_pthread_mutex *m) { pthread_mutex_lock(&m->m); }
static inline void sb_condvar_pthread_unlock(sb_condvar_pthread_mutex *m) { pthread_mutex_unlock(&m->m); }

static inline int sb_condvar_pthread_cond_init(sb_condvar_pthread_cond *c)
{
	pthread_condattr_t a;
	int r = pthread_condattr_init(&a);
	if (!r)
		r = pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	if (!r)
		r = pthread_cond_init(&c->c, &a);
	pthread_condattr_destroy(&a);
	return -r;
}
static inline void sb_condvar_pthread_cond_destroy(sb_condvar_pthread_cond *c) { pthread_cond_destroy(&c->c); }

/* The timed core: 0 after a wake-up (maybe spurious: re-check the predicate), -ETIMEDOUT when
 * deadline_ns (CLOCK_MONOTONIC, 0 = none) has passed. Called with m held; returns with m held. */
static inline int sb_condvar_pthread_wait_until(sb_condvar_pthread_cond *c, sb_condvar_pthread_mutex *m,
						uint64_t deadline_ns)
{
	if (!deadline_ns)
		return -pthread_cond_wait(&c->c, &m->m);
	struct timespec ts = sb_ns_to_timespec(deadline_ns);
	return -pthread_cond_timedwait(&c->c, &m->m, &ts);
}
static inline int sb_condvar_pthread_wait(sb_condvar_pthread_cond *c, sb_condvar_pthread_mutex *m)
{
	return sb_condvar_pthread_wait_until(c, m, 0);
}
static inline void sb_condvar_pthread_signal(sb_condvar_pthread_cond *c) { pthread_cond_signal(&c->c); }
static inline void sb_condvar_pthread_broadcast(sb_condvar_pthread_cond *c) { pthread_cond_broadcast(&c->c); }
#endif
