/* prim/thread_pthread.h: pthread_create with the default attributes (what threading.Thread
 * gets: glibc's default stack, 8 MiB of address space, taken from glibc's cache of stacks of
 * threads that exited), then pthread_join. */
#ifndef SB_PRIM_THREAD_PTHREAD_H
#define SB_PRIM_THREAD_PTHREAD_H
#include "prim/thread_shape.h"

typedef struct { char unused; } sb_thread_pthread;
static inline int sb_thread_pthread_init(sb_thread_pthread *s) { (void)s; return 0; }
static inline int sb_thread_pthread_create(sb_thread_pthread *s, pthread_t *th, void *(*fn)(void *), void *arg)
{
	(void)s;
	return -pthread_create(th, NULL, fn, arg);
}
static inline int sb_thread_pthread_join(sb_thread_pthread *s, pthread_t th, void **ret)
{
	(void)s;
	return -pthread_join(th, ret);
}
static inline void sb_thread_pthread_destroy(sb_thread_pthread *s) { (void)s; }
#endif
