/* prim/thread_pthread_attr.h: pthread_create with a small preset stack (64 KiB, what
 * threading.stack_size(65536) asks for): less address space to map and guard per thread; glibc
 * caches such stacks as it does the default ones. The attributes are built once, at init. */
#ifndef SB_PRIM_THREAD_PTHREAD_ATTR_H
#define SB_PRIM_THREAD_PTHREAD_ATTR_H
#include "prim/thread_shape.h"
#include <limits.h>

#define SB_THREAD_SMALL_STACK (64u * 1024u)

typedef struct { pthread_attr_t attr; } sb_thread_pthread_attr;
static inline int sb_thread_pthread_attr_init(sb_thread_pthread_attr *s)
{
	int r = pthread_attr_init(&s->attr);
	if (r)
		return -r;
	size_t size = SB_THREAD_SMALL_STACK < PTHREAD_STACK_MIN ? PTHREAD_STACK_MIN : SB_THREAD_SMALL_STACK;
	if ((r = pthread_attr_setstacksize(&s->attr, size)))
		pthread_attr_destroy(&s->attr);
	return -r;
}
static inline int sb_thread_pthread_attr_create(sb_thread_pthread_attr *s, pthread_t *th, void *(*fn)(void *),
						void *arg)
{
	return -pthread_create(th, &s->attr, fn, arg);
}
static inline int sb_thread_pthread_attr_join(sb_thread_pthread_attr *s, pthread_t th, void **ret)
{
	(void)s;
	return -pthread_join(th, ret);
}
static inline void sb_thread_pthread_attr_destroy(sb_thread_pthread_attr *s) { pthread_attr_destroy(&s->attr); }
#endif
