/* prim/event_lossy.h: negative control. The futex event of prim/event_futex.h with a set() that
 * forgets the sleepers (no FUTEX_WAKE): a lost wake-up on purpose. Its waiters sleep for ever;
 * the watchdog must record the case as hung. */
#ifndef SB_PRIM_EVENT_LOSSY_H
#define SB_PRIM_EVENT_LOSSY_H
#include "prim/event_futex.h"

typedef struct { atomic_uint s; } sb_event_lossy;

static inline int sb_event_lossy_init(sb_event_lossy *e) { atomic_init(&e->s, 0); return 0; }
static inline void sb_event_lossy_destroy(sb_event_lossy *e) { (void)e; }
static inline void sb_event_lossy_set(sb_event_lossy *e)
{
	atomic_store_explicit(&e->s, 1, memory_order_release); /* BUG on purpose: no FUTEX_WAKE */
}
static inline void sb_event_lossy_clear(sb_event_lossy *e)
{
	unsigned one = 1;
	atomic_compare_exchange_strong_explicit(&e->s, &one, 0, memory_order_acq_rel, memory_order_relaxed);
}
static inline int sb_event_lossy_is_set(sb_event_lossy *e)
{
	return atomic_load_explicit(&e->s, memory_order_acquire) == 1;
}
static inline int sb_event_lossy_wait_until(sb_event_lossy *e, uint64_t deadline_ns)
{
	return sb_event_futex_word_wait(&e->s, deadline_ns);
}
static inline int sb_event_lossy_wait(sb_event_lossy *e) { return sb_event_lossy_wait_until(e, 0); }
#endif
