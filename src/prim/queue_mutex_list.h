/* prim/queue_mutex_list.h: a locked baseline: a FIFO singly-linked list (head, tail) under one
 * pthread mutex; pop of an empty list returns NULL at once (a consumer polls, as with the
 * lock-free queues). */
#ifndef SB_PRIM_QUEUE_MUTEX_LIST_H
#define SB_PRIM_QUEUE_MUTEX_LIST_H
#include "prim/queue_shape.h"
#include <pthread.h>

typedef struct {
	pthread_mutex_t mu;
	sb_qnode *head, *tail;
} sb_queue_mutex_list;
static inline int sb_queue_mutex_list_init(sb_queue_mutex_list *q, unsigned cap)
{
	(void)cap;
	q->head = q->tail = NULL;
	return -pthread_mutex_init(&q->mu, NULL);
}
static inline void sb_queue_mutex_list_destroy(sb_queue_mutex_list *q) { pthread_mutex_destroy(&q->mu); }
static inline int sb_queue_mutex_list_push(sb_queue_mutex_list *q, sb_qnode *n)
{
	n->q.next = NULL;
	pthread_mutex_lock(&q->mu);
	if (q->tail)
		q->tail->q.next = n;
	else
		q->head = n;
	q->tail = n;
	pthread_mutex_unlock(&q->mu);
	return 0;
}
static inline sb_qnode *sb_queue_mutex_list_trypop(sb_queue_mutex_list *q)
{
	pthread_mutex_lock(&q->mu);
	sb_qnode *n = q->head;
	if (n) {
		q->head = n->q.next;
		if (!q->head)
			q->tail = NULL;
	}
	pthread_mutex_unlock(&q->mu);
	return n;
}
static inline sb_qnode *sb_queue_mutex_list_pop(sb_queue_mutex_list *q) { return sb_queue_mutex_list_trypop(q); }
static inline void sb_queue_mutex_list_close(sb_queue_mutex_list *q) { (void)q; }

#endif
