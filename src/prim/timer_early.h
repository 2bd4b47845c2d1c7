/* prim/timer_early.h: negative control. A clock_nanosleep that sleeps half of the time left to
 * its deadline and reports that it reached it: the overshoot check must catch it. */
#ifndef SB_PRIM_TIMER_EARLY_H
#define SB_PRIM_TIMER_EARLY_H
#include "prim/timer_shape.h"

typedef struct { int unused; } sb_timer_early;
enum { sb_timer_early_interruptible = 0 };

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
