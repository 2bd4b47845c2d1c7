/* prim/semaphore_condvar.h: a semaphore built from a mutex and a condition variable, the way
 * Python's threading.Semaphore is built on threading.Condition: wait sleeps on the condition
 * while the count is zero, post increments it and signals one waiter. */
#ifndef SB_PRIM_SEMAPHORE_CONDVAR_H
#define SB_PRIM_SEMAPHORE_CONDVAR_H
#include "prim/semaphore_shape.h"
#include <pthread.h>

typedef struct {
	pthread_mutex_t m;
	pthread_cond_t c;
	unsigned value;
} sb_sem_condvar;

static inline int sb_sem_condvar_init(sb_sem_condvar *s, unsigned v)
{
	int r = pthread_mutex_init(&s->m, NULL);
	if (r)
		return -r;
	r = pthread_cond_init(&s->c, NULL);
	if (r) {
		pthread_mutex_destroy(&s->m);
		return -r;
	}
	s->value = v;
	return 0;
}
static inline void sb_sem_condvar_wait(sb_sem_condvar *s)
{
	pthread_mutex_lock(&s->m);
	while (s->value == 0)
		pthread_cond_wait(&s->c, &s->m);
	s->value--;
	pthread_mutex_unlock(&s->m);
}
static inline void sb_sem_condvar_post(sb_sem_condvar *s)
{
	pthread_mutex_lock(&s->m);
	s->value++;
	pthread_cond_signal(&s->c);
	pthread_mutex_unlock(&s->m);
}
static inline int sb_sem_condvar_value(sb_sem_condvar *s)
{
	pthread_mutex_lock(&s->m);
	int v = (int)s->value;
	pthread_mutex_unlock(&s->m);
	return v;
}
static inline void sb_sem_condvar_destroy(sb_sem_condvar *s)
{
	pthread_cond_destroy(&s->c);
	pthread_mutex_destroy(&s->m);
}
#endif
