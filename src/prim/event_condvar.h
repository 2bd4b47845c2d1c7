/* prim/event_condvar.h: the event as Python's threading.Event builds it: a flag under a mutex and
 * a condition variable (on CLOCK_MONOTONIC). set() broadcasts under the mutex; wait() re-checks
 * the flag after every wake-up. The flag is atomic only so that is_set() can read it without the
 * lock (the writes happen under the lock). */
#ifndef SB_PRIM_EVENT_CONDVAR_H
#define SB_PRIM_EVENT_CONDVAR_H
#include "prim/event_shape.h"
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>

typedef struct {
	pthread_mutex_t m;
	pthread_cond_t c;
	atomic_int flag;
} sb_event_condvar;

static inline int sb_event_condvar_init(sb_event_condvar *e)
{
	pthread_condattr_t a;
	int r = pthread_condattr_init(&a);
	if (!r)
		r = pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	if (!r)
		r = pthread_cond_init(&e->c, &a);
	pthread_condattr_destroy(&a);
	if (r)
		return -r;
	r = pthread_mutex_init(&e->m, NULL);
	if (r) {
		pthread_cond_destroy(&e->c);
		return -r;
	}
	atomic_init(&e->flag, 0);
	return 0;
}

static inline void sb_event_condvar_destroy(sb_event_condvar *e)
{
	pthread_cond_destroy(&e->c);
	pthread_mutex_destroy(&e->m);
}

static inline void sb_event_condvar_set(sb_event_condvar *e)
{
	pthread_mutex_lock(&e->m);
	atomic_store_explicit(&e->flag, 1, memory_order_relaxed);
	pthread_cond_broadcast(&e->c);
	pthread_mutex_unlock(&e->m);
}

static inline void sb_event_condvar_clear(sb_event_condvar *e)
{
	pthread_mutex_lock(&e->m);
	atomic_store_explicit(&e->flag, 0, memory_order_relaxed);
	pthread_mutex_unlock(&e->m);
}

static inline int sb_event_condvar_is_set(sb_event_condvar *e)
{
	/* acquire: a caller that sees the flag also sees what the setter wrote before set() */
	return atomic_load_explicit(&e->flag, memory_order_acquire);
}

/* The timed core: 1 when the event is set, 0 when deadline_ns (CLOCK_MONOTONIC, 0 = none) passed. */
static inline int sb_event_condvar_wait_until(sb_event_condvar *e, uint64_t deadline_ns)
{
	struct timespec ts = sb_ns_to_timespec(deadline_ns);
	pthread_mutex_lock(&e->m);
	while (!atomic_load_explicit(&e->flag, memory_order_relaxed)) {
		if (!deadline_ns)
			pthread_cond_wait(&e->c, &e->m);
		else if (pthread_cond_timedwait(&e->c, &e->m, &ts) == ETIMEDOUT)
			break;
	}
	int r = atomic_load_explicit(&e->flag, memory_order_relaxed);
	pthread_mutex_unlock(&e->m);
	return r;
}

static inline int sb_event_condvar_wait(sb_event_condvar *e) { return sb_event_condvar_wait_until(e, 0); }
#endif
