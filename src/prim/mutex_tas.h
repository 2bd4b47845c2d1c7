/* prim/mutex_tas.h: test-and-set: an atomic exchange per attempt, PAUSE between attempts.
 * Acquire on the exchange that takes the lock, release on the store that frees it. */
#ifndef SB_PRIM_MUTEX_TAS_H
#define SB_PRIM_MUTEX_TAS_H
#include "prim/mutex_shape.h"
#include "syncbench/spin.h"

typedef struct { atomic_uint v; } sb_mutex_tas;
typedef sb_mutex_nothread sb_mutex_tas_thread;
static inline int sb_mutex_tas_init(sb_mutex_tas *l) { atomic_init(&l->v, 0); return 0; }
static inline void sb_mutex_tas_thread_init(sb_mutex_tas *l, sb_mutex_tas_thread *t, int id) { (void)l; (void)t; (void)id; }
static inline void sb_mutex_tas_lock(sb_mutex_tas *l, sb_mutex_tas_thread *t)
{
	(void)t;
	while (atomic_exchange_explicit(&l->v, 1, memory_order_acquire))
		sb_cpu_relax();
}
static inline int sb_mutex_tas_trylock(sb_mutex_tas *l, sb_mutex_tas_thread *t)
{
	(void)t;
	return !atomic_exchange_explicit(&l->v, 1, memory_order_acquire);
}
static inline void sb_mutex_tas_unlock(sb_mutex_tas *l, sb_mutex_tas_thread *t)
{
	(void)t;
	atomic_store_explicit(&l->v, 0, memory_order_release);
}
static inline void sb_mutex_tas_destroy(sb_mutex_tas *l) { (void)l; }
#endif
