/* prim/thread_condvar.h: the pool worker's mailbox as CPython builds one: a mutex and a
 * condition variable per direction (the work queue's "not empty", the future's "done"), every
 * handoff a lock, a store, a signal and an unlock; a waiter re-checks its word under the mutex
 * (spurious wake-ups). The mutex gives the ordering the shape promises. */
#ifndef SB_PRIM_THREAD_CONDVAR_H
#define SB_PRIM_THREAD_CONDVAR_H
#include "prim/thread_shape.h"

typedef struct {
	pthread_mutex_t mu;
	pthread_cond_t task_cv, done_cv;
	unsigned task, done; /* under mu */
} sb_thread_condvar;

static inline int sb_thread_condvar_init(sb_thread_condvar *m)
{
	int r = pthread_mutex_init(&m->mu, NULL);
	if (r)
		return -r;
	if ((r = pthread_cond_init(&m->task_cv, NULL))) {
		pthread_mutex_destroy(&m->mu);
		return -r;
	}
	if ((r = pthread_cond_init(&m->done_cv, NULL))) {
		pthread_cond_destroy(&m->task_cv);
		pthread_mutex_destroy(&m->mu);
		return -r;
	}
	m->task = m->done = 0;
	return 0;
}

/* Store *word = v under the mutex and wake its waiter. */
static inline void sb_thread_condvar_post(sb_thread_condvar *m, unsigned *word, pthread_cond_t *cv, unsigned v)
{
	pthread_mutex_lock(&m->mu);
	*word = v;
	pthread_cond_signal(cv);
	pthread_mutex_unlock(&m->mu);
}

/* Wait under the mutex until *word is no longer last. */
static inline unsigned sb_thread_condvar_park(sb_thread_condvar *m, unsigned *word, pthread_cond_t *cv, unsigned last)
{
	pthread_mutex_lock(&m->mu);
	while (*word == last)
		pthread_cond_wait(cv, &m->mu);
	unsigned v = *word;
	pthread_mutex_unlock(&m->mu);
	return v;
}

static inline void sb_thread_condvar_submit(sb_thread_condvar *m, unsigned task)
{
	sb_thread_condvar_post(m, &m->task, &m->task_cv, task);
}
static inline unsigned sb_thread_condvar_take(sb_thread_condvar *m, unsigned last)
{
	return sb_thread_condvar_park(m, &m->task, &m->task_cv, last);
}
static inline void sb_thread_condvar_complete(sb_thread_condvar *m, unsigned task)
{
	sb_thread_condvar_post(m, &m->done, &m->done_cv, task);
}
static inline unsigned sb_thread_condvar_await(sb_thread_condvar *m, unsigned last)
{
	return sb_thread_condvar_park(m, &m->done, &m->done_cv, last);
}
static inline void sb_thread_condvar_destroy(sb_thread_condvar *m)
{
	pthread_cond_destroy(&m->done_cv);
	pthread_cond_destroy(&m->task_cv);
	pthread_mutex_destroy(&m->mu);
}
#endif
