/* prim/mutex_ttas.h: test-and-test-and-set with bounded exponential backoff: spin reading the line
 * (shared in every cache) and try the exchange only when it looks free; back off after a failed
 * try. */
#ifndef SB_PRIM_MUTEX_TTAS_H
#define SB_PRIM_MUTEX_TTAS_H
#include "prim/mutex_shape.h"
#include "syncbench/spin.h"

#define SB_TTAS_BACKOFF_MIN 4u
#define SB_TTAS_BACKOFF_MAX 1024u /* PAUSEs; bounded so a waiter is never asleep for long */
typedef struct { atomic_uint v; } sb_mutex_ttas;
typedef sb_mutex_nothread sb_mutex_ttas_thread;
static inline int sb_mutex_ttas_init(sb_mutex_ttas *l) { atomic_init(&l->v, 0); return 0; }
static inline void sb_mutex_ttas_thread_init(sb_mutex_ttas *l, sb_mutex_ttas_thread *t, int id) { (void)l; (void)t; (void)id; }
static inline void sb_mutex_ttas_lock(sb_mutex_ttas *l, sb_mutex_ttas_thread *t)
{
	(void)t;
	unsigned backoff = SB_TTAS_BACKOFF_MIN;
	for (;;) {
		/* relaxed reads while it is held: the line stays shared, no write traffic */
		while (atomic_load_explicit(&l->v, memory_order_relaxed))
			sb_cpu_relax();
		if (!atomic_exchange_explicit(&l->v, 1, memory_order_acquire))
			return;
		for (unsigned i = 0; i < backoff; i++)
			sb_cpu_relax();
		if (backoff < SB_TTAS_BACKOFF_MAX)
			backoff <<= 1;
	}
}
static inline int sb_mutex_ttas_trylock(sb_mutex_ttas *l, sb_mutex_ttas_thread *t)
{
	(void)t;
	return !atomic_load_explicit(&l->v, memory_order_relaxed) &&
	       !atomic_exchange_explicit(&l->v, 1, memory_order_acquire);
}
static inline void sb_mutex_ttas_unlock(sb_mutex_ttas *l, sb_mutex_ttas_thread *t)
{
	(void)t;
	atomic_store_explicit(&l->v, 0, memory_order_release);
}
static inline void sb_mutex_ttas_destroy(sb_mutex_ttas *l) { (void)l; }
#endif
