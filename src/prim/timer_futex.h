/* prim/timer_futex.h: a futex wait with an absolute CLOCK_MONOTONIC deadline (FUTEX_WAIT_BITSET)
 * on a word only interrupt() changes. */
#ifndef SB_PRIM_TIMER_FUTEX_H
#define SB_PRIM_TIMER_FUTEX_H
#include "prim/futex.h"
#include "prim/timer_shape.h"
#include <limits.h>

typedef struct { atomic_uint w; } sb_timer_futex;
enum { sb_timer_futex_interruptible = 1 };

static inline int sb_timer_futex_init(sb_timer_futex *t) { atomic_init(&t->w, 0); return 0; }
static inline void sb_timer_futex_destroy(sb_timer_futex *t) { (void)t; }
static inline int sb_timer_futex_wait_until(sb_timer_futex *t, uint64_t deadline_ns)
{
	struct timespec ts = sb_ns_to_timespec(deadline_ns);
	while (atomic_load_explicit(&t->w, memory_order_relaxed) == 0) {
		int r = sb_futex_wait_abs(&t->w, 0, &ts);
		if (r == -ETIMEDOUT)
			return 0;
		if (r && r != -EINTR)
			return r;
	}
	return 1;
}
static inline void sb_timer_futex_interrupt(sb_timer_futex *t)
{
	atomic_store_explicit(&t->w, 1, memory_order_relaxed);
	sb_futex_wake(&t->w, INT_MAX);
}
#endif
