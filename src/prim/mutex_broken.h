/* prim/mutex_broken.h: a negative control, NOT a lock.
 * Checks the word and then sets it with two separate relaxed operations: two threads can both see
 * 0 and both enter. It exists so the tests can prove that the mutual-exclusion check fails on a
 * lock that does not exclude (cf. lock_busted_ops in the kernel's locktorture). Hidden from list
 * and from the default sweep. */
#ifndef SB_PRIM_MUTEX_BROKEN_H
#define SB_PRIM_MUTEX_BROKEN_H
#include "prim/mutex_shape.h"
#include "syncbench/spin.h"

typedef struct { atomic_uint v; } sb_mutex_broken;
typedef sb_mutex_nothread sb_mutex_broken_thread;
static inline int sb_mutex_broken_init(sb_mutex_broken *l) { atomic_init(&l->v, 0); return 0; }
static inline void sb_mutex_broken_thread_init(sb_mutex_broken *l, sb_mutex_broken_thread *t, int id) { (void)l; (void)t; (void)id; }
static inline void sb_mutex_broken_lock(sb_mutex_broken *l, sb_mutex_broken_thread *t)
{
	(void)t;
	while (atomic_load_explicit(&l->v, memory_order_relaxed))
		sb_cpu_relax();
	atomic_store_explicit(&l->v, 1, memory_order_relaxed);
}
static inline int sb_mutex_broken_trylock(sb_mutex_broken *l, sb_mutex_broken_thread *t)
{
	(void)t;
	if (atomic_load_explicit(&l->v, memory_order_relaxed))
		return 0;
	atomic_store_explicit(&l->v, 1, memory_order_relaxed);
	return 1;
}
static inline void sb_mutex_broken_unlock(sb_mutex_broken *l, sb_mutex_broken_thread *t)
{
	(void)t;
	atomic_store_explicit(&l->v, 0, memory_order_relaxed);
}
static inline void sb_mutex_broken_destroy(sb_mutex_broken *l) { (void)l; }
#endif
