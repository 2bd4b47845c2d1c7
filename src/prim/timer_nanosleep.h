/* prim/timer_nanosleep.h: clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME). A sleep cannot be cut
 * short (short of a signal): interrupt() does nothing and the wait ends at its deadline. */
#ifndef SB_PRIM_TIMER_NANOSLEEP_H
#define SB_PRIM_TIMER_NANOSLEEP_H
#include "prim/timer_shape.h"

typedef struct { int unused; } sb_timer_nanosleep;
enum { sb_timer_nanosleep_interruptible = 0 };

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
static inline void sb_timer_nanosleep_interrupt(sb_timer_nanosleep *t) { (void)t; }
#endif
