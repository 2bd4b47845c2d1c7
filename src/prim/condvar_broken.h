/* prim/condvar_broken.h: negative control. A "condition variable" whose mutex does not exclude
 * and whose wait() only yields the CPU (every wake-up spurious, signal() does nothing). Code that
 * re-checks its predicate still makes progress, but the shared state the mutex should protect is
 * raced on: the bounded-buffer check (capacity, every item consumed exactly once) must catch it. */
#ifndef SB_PRIM_CONDVAR_BROKEN_H
#define SB_PRIM_CONDVAR_BROKEN_H
#include "prim/condvar_shape.h"
#include <sched.h>

typedef struct { int unused; } sb_condvar_broken_mutex;
typedef struct { int unused; } sb_condvar_broken_cond;

static inline int sb_condvar_broken_mutex_init(sb_condvar_broken_mutex *m) { (void)m; return 0; }
static inline void sb_condvar_broken_mutex_destroy(sb_condvar_broken_mutex *m) { (void)m; }
static inline void sb_condvar_broken_lock(sb_condvar_broken_mutex *m) { (void)m; }
static inline void sb_condvar_broken_unlock(sb_condvar_broken_mutex *m) { (void)m; }
static inline int sb_condvar_broken_cond_init(sb_condvar_broken_cond *c) { (void)c; return 0; }
static inline void sb_condvar_broken_cond_destroy(sb_condvar_broken_cond *c) { (void)c; }
static inline int sb_condvar_broken_wait_until(sb_condvar_broken_cond *c, sb_condvar_broken_mutex *m,
					       uint64_t deadline_ns)
{
	(void)c; (void)m; (void)deadline_ns;
	sched_yield();
	return 0;
}
static inline int sb_condvar_broken_wait(sb_condvar_broken_cond *c, sb_condvar_broken_mutex *m)
{
	return sb_condvar_broken_wait_until(c, m, 0);
}
static inline void sb_condvar_broken_signal(sb_condvar_broken_cond *c) { (void)c; }
static inline void sb_condvar_broken_broadcast(sb_condvar_broken_cond *c) { (void)c; }
#endif
