/* prim/mutex_sleepy.h: a negative control for the `preempted` flag, NOT a lock to use: a test-and-
 * set lock that sleeps 100 us before each acquisition while it claims to spin (SB_IMPL_SPINS).
 * Its worker is off the CPU most of the window, which is what `preempted` must catch (the
 * figure of a spinning lock whose threads do not run measures the scheduler). It excludes, so
 * its mutual-exclusion check passes: only the validity flag is wrong, and only with
 * --negative-controls is it run. */
#ifndef SB_PRIM_MUTEX_SLEEPY_H
#define SB_PRIM_MUTEX_SLEEPY_H
#include "prim/mutex_tas.h"
#include <time.h>

typedef sb_mutex_tas sb_mutex_sleepy;
typedef sb_mutex_tas_thread sb_mutex_sleepy_thread;
static inline int sb_mutex_sleepy_init(sb_mutex_sleepy *l) { return sb_mutex_tas_init(l); }
static inline void sb_mutex_sleepy_thread_init(sb_mutex_sleepy *l, sb_mutex_sleepy_thread *t, int id) { sb_mutex_tas_thread_init(l, t, id); }
static inline void sb_mutex_sleepy_lock(sb_mutex_sleepy *l, sb_mutex_sleepy_thread *t)
{
	struct timespec nap = { 0, 100000 };
	nanosleep(&nap, NULL);
	sb_mutex_tas_lock(l, t);
}
static inline int sb_mutex_sleepy_trylock(sb_mutex_sleepy *l, sb_mutex_sleepy_thread *t) { return sb_mutex_tas_trylock(l, t); }
static inline void sb_mutex_sleepy_unlock(sb_mutex_sleepy *l, sb_mutex_sleepy_thread *t) { sb_mutex_tas_unlock(l, t); }
static inline void sb_mutex_sleepy_destroy(sb_mutex_sleepy *l) { sb_mutex_tas_destroy(l); }
#endif
