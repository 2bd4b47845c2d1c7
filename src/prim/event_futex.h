/* prim/event_futex.h: an event on one futex word.
 * States: 0 = clear, 2 = clear and someone may sleep, 1 = set. A waiter announces itself by moving
 * 0 to 2 before it sleeps; set() stores 1 and makes the system call only if it replaced a 2, so
 * set() with nobody waiting, clear() and is_set() never enter the kernel.
 * A woken waiter re-reads the word: if clear() ran before it did, it sleeps again (a setter that
 * needs every waiter to see a set must not clear before they have answered). */
#ifndef SB_PRIM_EVENT_FUTEX_H
#define SB_PRIM_EVENT_FUTEX_H
#include "prim/event_shape.h"
#include "prim/futex.h"
#include <limits.h>

typedef struct { atomic_uint s; } sb_event_futex;

/* The wait on one word of this protocol (also the lossy control's, prim/event_lossy.h). */
static inline int sb_event_futex_word_wait(atomic_uint *s, uint64_t deadline_ns)
{
	for (;;) {
		/* acquire: returning "set" must make the setter's earlier writes visible */
		unsigned v = atomic_load_explicit(s, memory_order_acquire);
		if (v == 1)
			return 1;
		if (v == 0 && !atomic_compare_exchange_weak_explicit(s, &v, 2, memory_order_relaxed,
								      memory_order_relaxed))
			continue; /* changed under us: look again */
		if (!deadline_ns) {
			sb_futex_wait(s, 2, NULL);
		} else {
			struct timespec ts = sb_ns_to_timespec(deadline_ns);
			if (sb_futex_wait_abs(s, 2, &ts) == -ETIMEDOUT)
				return atomic_load_explicit(s, memory_order_acquire) == 1;
		}
	}
}

static inline int sb_event_futex_init(sb_event_futex *e) { atomic_init(&e->s, 0); return 0; }
static inline void sb_event_futex_destroy(sb_event_futex *e) { (void)e; }
static inline void sb_event_futex_set(sb_event_futex *e)
{
	/* release: publishes what the setter wrote before; a replaced 2 means sleepers to wake */
	if (atomic_exchange_explicit(&e->s, 1, memory_order_acq_rel) == 2)
		sb_futex_wake(&e->s, INT_MAX);
}
static inline void sb_event_futex_clear(sb_event_futex *e)
{
	unsigned one = 1; /* 2 (clear, waiters) stays as it is */
	atomic_compare_exchange_strong_explicit(&e->s, &one, 0, memory_order_acq_rel, memory_order_relaxed);
}
static inline int sb_event_futex_is_set(sb_event_futex *e)
{
	return atomic_load_explicit(&e->s, memory_order_acquire) == 1;
}
static inline int sb_event_futex_wait_until(sb_event_futex *e, uint64_t deadline_ns)
{
	return sb_event_futex_word_wait(&e->s, deadline_ns);
}
static inline int sb_event_futex_wait(sb_event_futex *e) { return sb_event_futex_wait_until(e, 0); }
#endif
