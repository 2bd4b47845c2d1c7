/* prim/timer_cond_timedwait.h: pthread_cond_timedwait on a condition variable on CLOCK_MONOTONIC
 * that nobody signals but interrupt(). Spurious wake-ups go back to sleep. */
#ifndef SB_PRIM_TIMER_COND_TIMEDWAIT_H
#define SB_PRIM_TIMER_COND_TIMEDWAIT_H
#include "prim/timer_shape.h"
#include <pthread.h>

typedef struct {
	pthread_mutex_t m;
	pthread_cond_t c;
	int stop; /* under m */
} sb_timer_cond_timedwait;
enum { sb_timer_cond_timedwait_interruptible = 1 };

static inline int sb_timer_cond_timedwait_init(sb_timer_cond_timedwait *t)
{
	pthread_condattr_t a;
	int r = pthread_condattr_init(&a);
	if (!r)
		r = pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	if (!r)
		r = pthread_cond_init(&t->c, &a);
	pthread_condattr_destroy(&a);
	if (r)
		return -r;
	r = pthread_mutex_init(&t->m, NULL);
	if (r)
		pthread_cond_destroy(&t->c);
	t->stop = 0;
	return -r;
}
static inline void sb_timer_cond_timedwait_destroy(sb_timer_cond_timedwait *t)
{
	pthread_cond_destroy(&t->c);
	pthread_mutex_destroy(&t->m);
}
static inline int sb_timer_cond_timedwait_wait_until(sb_timer_cond_timedwait *t, uint64_t deadline_ns)
{
	struct timespec ts = sb_ns_to_timespec(deadline_ns);
	int r = 0;
	pthread_mutex_lock(&t->m);
	while (!t->stop && r != ETIMEDOUT)
		r = pthread_cond_timedwait(&t->c, &t->m, &ts);
	int stopped = t->stop;
	pthread_mutex_unlock(&t->m);
	return stopped ? 1 : (r == ETIMEDOUT ? 0 : -r);
}
static inline void sb_timer_cond_timedwait_interrupt(sb_timer_cond_timedwait *t)
{
	pthread_mutex_lock(&t->m);
	t->stop = 1;
	pthread_cond_broadcast(&t->c);
	pthread_mutex_unlock(&t->m);
}
#endif
