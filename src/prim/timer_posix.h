/* prim/timer_posix.h: timed waits that nobody ends early, through the POSIX calls a program uses
 * for them: pthread_cond_timedwait (on CLOCK_MONOTONIC), sem_timedwait (CLOCK_REALTIME only: the
 * monotonic deadline is converted when the wait starts) and clock_nanosleep (TIMER_ABSTIME).
 * Shape: see prim/timer_list.h. */
#ifndef SB_PRIM_TIMER_POSIX_H
#define SB_PRIM_TIMER_POSIX_H
#include "prim/deadline.h"
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>

/* --- pthread_cond_timedwait ------------------------------------------------------------- */
typedef struct {
	pthread_mutex_t m;
	pthread_cond_t c;
	int stop; /* under m */
} sb_timer_cond_timedwait;

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
	while (!t->stop && r != ETIMEDOUT) /* spurious wake-ups go back to sleep */
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

/* --- sem_timedwait ---------------------------------------------------------------------- */
typedef struct { sem_t s; } sb_timer_sem_timedwait;

static inline int sb_timer_sem_timedwait_init(sb_timer_sem_timedwait *t) { return sem_init(&t->s, 0, 0) ? -errno : 0; }
static inline void sb_timer_sem_timedwait_destroy(sb_timer_sem_timedwait *t) { sem_destroy(&t->s); }
static inline int sb_timer_sem_timedwait_wait_until(sb_timer_sem_timedwait *t, uint64_t deadline_ns)
{
	struct timespec ts = sb_deadline_to_realtime(deadline_ns);
	for (;;) {
		if (sem_timedwait(&t->s, &ts) == 0)
			return 1; /* only interrupt() posts */
		if (errno == ETIMEDOUT)
			return 0;
		if (errno != EINTR)
			return -errno;
	}
}
static inline void sb_timer_sem_timedwait_interrupt(sb_timer_sem_timedwait *t) { sem_post(&t->s); }

/* --- clock_nanosleep ------------------------------------------------------------------------ */
typedef struct { int unused; } sb_timer_nanosleep;

static inline int sb_timer_nanosleep_init(sb_timer_nanosleep *t) { (void)t; return 0; }
static inline void sb_timer_nanosleep_destroy(sb_timer_nanosleep *t) { (void)t; }
static inline int sb_timer_nanosleep_wait_until(sb_timer_nanosleep *t, uint64_t deadline_ns)
{
	(void)t;
	struct timespec ts = sb_ns_to_timespec(deadline_ns);
	int r;
	while ((r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL)) == EINTR)
		;
	return -r;
}
/* A sleep cannot be cut short (short of a signal): it ends at its deadline. */
static inline void sb_timer_nanosleep_interrupt(sb_timer_nanosleep *t) { (void)t; }

/* --- negative control: returns halfway to the deadline ------------------------------------ */
typedef struct { int unused; } sb_timer_early;

static inline int sb_timer_early_init(sb_timer_early *t) { (void)t; return 0; }
static inline void sb_timer_early_destroy(sb_timer_early *t) { (void)t; }
static inline int sb_timer_early_wait_until(sb_timer_early *t, uint64_t deadline_ns)
{
	(void)t;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	uint64_t n = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	/* BUG on purpose: sleeps half of the time left */
	struct timespec ts = sb_ns_to_timespec(deadline_ns > n ? n + (deadline_ns - n) / 2 : n);
	int r;
	while ((r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL)) == EINTR)
		;
	return -r;
}
static inline void sb_timer_early_interrupt(sb_timer_early *t) { (void)t; }
#endif
