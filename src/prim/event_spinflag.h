/* prim/event_spinflag.h: a spinning flag, the floor of every handoff: wait() spins on one cache
 * line until set() stores 1, never entering the kernel. It burns its CPU while it waits, and on a
 * shared CPU it waits for the scheduler to run the setter: use it to read the other events
 * against, not as a real event. The deadline is checked every 256 spins, and every 1024 spins
 * the waiter yields its CPU (sched_yield): a handoff between two running threads never gets that
 * far (well under a microsecond), but on a shared or single CPU the setter then gets to run
 * instead of waiting for the waiter's time slice to end. */
#ifndef SB_PRIM_EVENT_SPINFLAG_H
#define SB_PRIM_EVENT_SPINFLAG_H
#include "prim/event_shape.h"
#include "syncbench/clock.h"
#include "syncbench/spin.h"
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>

typedef struct { atomic_int flag; } sb_event_spinflag;

static inline int sb_event_spinflag_init(sb_event_spinflag *e) { atomic_init(&e->flag, 0); return 0; }
static inline void sb_event_spinflag_destroy(sb_event_spinflag *e) { (void)e; }
static inline void sb_event_spinflag_set(sb_event_spinflag *e)
{
	atomic_store_explicit(&e->flag, 1, memory_order_release);
}
static inline void sb_event_spinflag_clear(sb_event_spinflag *e)
{
	atomic_store_explicit(&e->flag, 0, memory_order_relaxed);
}
static inline int sb_event_spinflag_is_set(sb_event_spinflag *e)
{
	return atomic_load_explicit(&e->flag, memory_order_acquire);
}
static inline int sb_event_spinflag_wait_until(sb_event_spinflag *e, uint64_t deadline_ns)
{
	unsigned n = 0;
	while (!atomic_load_explicit(&e->flag, memory_order_acquire)) {
		sb_cpu_relax();
		if ((++n & 255) != 0)
			continue;
		if (deadline_ns && sb_now_ns() >= deadline_ns)
			return atomic_load_explicit(&e->flag, memory_order_acquire);
		if ((n & 1023) == 0)
			sched_yield();
	}
	return 1;
}
static inline int sb_event_spinflag_wait(sb_event_spinflag *e) { return sb_event_spinflag_wait_until(e, 0); }
#endif
