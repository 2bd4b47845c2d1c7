/* prim/semaphore_posix.h: the POSIX unnamed semaphore (sem_t, process-private) as glibc gives it.
 * sem_wait is restarted after a signal (EINTR). */
#ifndef SB_PRIM_SEMAPHORE_POSIX_H
#define SB_PRIM_SEMAPHORE_POSIX_H
#include "prim/semaphore_shape.h"
#include <errno.h>
#include <semaphore.h>

typedef struct { sem_t s; } sb_sem_posix;
static inline int sb_sem_posix_init(sb_sem_posix *s, unsigned v) { return sem_init(&s->s, 0, v) ? -errno : 0; }
static inline void sb_sem_posix_wait(sb_sem_posix *s)
{
	while (sem_wait(&s->s) != 0 && errno == EINTR)
		;
}
static inline void sb_sem_posix_post(sb_sem_posix *s) { sem_post(&s->s); }
static inline int sb_sem_posix_value(sb_sem_posix *s)
{
	int v = 0;
	sem_getvalue(&s->s, &v);
	return v;
}
static inline void sb_sem_posix_destroy(sb_sem_posix *s) { sem_destroy(&s->s); }
#endif
