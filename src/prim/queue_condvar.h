/* prim/queue_condvar.h: a locked baseline: a bounded ring of `cap` slots under a pthread mutex with
 * two condition variables; push waits while it is full, pop waits while it is empty. close() wakes
 * every waiter for good (the end of the window): a waiting push then fails, a waiting pop returns
 * NULL, so a worker never stays blocked after the window. */
#ifndef SB_PRIM_QUEUE_CONDVAR_H
#define SB_PRIM_QUEUE_CONDVAR_H
#include "prim/queue_shape.h"
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

typedef struct {
	pthread_mutex_t mu;
	pthread_cond_t not_empty, not_full;
	sb_qnode **slot;
	unsigned cap, head, count;
	int closed;
} sb_queue_condvar;
static inline int sb_queue_condvar_init(sb_queue_condvar *q, unsigned cap)
{
	q->slot = calloc(cap, sizeof *q->slot);
	if (!q->slot)
		return -ENOMEM;
	q->cap = cap;
	q->head = q->count = 0;
	q->closed = 0;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->not_empty, NULL);
	pthread_cond_init(&q->not_full, NULL);
	return 0;
}
static inline void sb_queue_condvar_destroy(sb_queue_condvar *q)
{
	pthread_cond_destroy(&q->not_empty);
	pthread_cond_destroy(&q->not_full);
	pthread_mutex_destroy(&q->mu);
	free(q->slot);
}
/* 0, or -1 when the queue was closed while full (the node was not pushed). */
static inline int sb_queue_condvar_push(sb_queue_condvar *q, sb_qnode *n)
{
	pthread_mutex_lock(&q->mu);
	while (q->count == q->cap && !q->closed)
		pthread_cond_wait(&q->not_full, &q->mu);
	if (q->count == q->cap) {
		pthread_mutex_unlock(&q->mu);
		return -1;
	}
	q->slot[(q->head + q->count++) % q->cap] = n;
	pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->mu);
	return 0;
}
static inline sb_qnode *sb_queue_condvar_take_(sb_queue_condvar *q)
{
	sb_qnode *n = q->slot[q->head];
	q->head = (q->head + 1) % q->cap;
	q->count--;
	pthread_cond_signal(&q->not_full);
	return n;
}
/* Waits while empty; NULL only once closed. */
static inline sb_qnode *sb_queue_condvar_pop(sb_queue_condvar *q)
{
	pthread_mutex_lock(&q->mu);
	while (q->count == 0 && !q->closed)
		pthread_cond_wait(&q->not_empty, &q->mu);
	sb_qnode *n = q->count ? sb_queue_condvar_take_(q) : NULL;
	pthread_mutex_unlock(&q->mu);
	return n;
}
static inline sb_qnode *sb_queue_condvar_trypop(sb_queue_condvar *q)
{
	pthread_mutex_lock(&q->mu);
	sb_qnode *n = q->count ? sb_queue_condvar_take_(q) : NULL;
	pthread_mutex_unlock(&q->mu);
	return n;
}
static inline void sb_queue_condvar_close(sb_queue_condvar *q)
{
	pthread_mutex_lock(&q->mu);
	q->closed = 1;
	pthread_cond_broadcast(&q->not_empty);
	pthread_cond_broadcast(&q->not_full);
	pthread_mutex_unlock(&q->mu);
}
#endif
