/* prim/timer_sem_timedwait.h: sem_timedwait on a semaphore only interrupt() posts. The call takes
 * CLOCK_REALTIME only: the monotonic deadline is converted when the wait starts. */
#ifndef SB_PRIM_TIMER_SEM_TIMEDWAIT_H
#define SB_PRIM_TIMER_SEM_TIMEDWAIT_H
#include "prim/timer_shape.h"
#include <semaphore.h>

typedef struct { sem_t s; } sb_timer_sem_timedwait;
enum { sb_timer_sem_timedwait_interruptible = 1 };

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
#endif
