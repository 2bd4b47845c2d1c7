/* prim/mutex_futex.h: the three-state futex mutex (Drepper, "Futexes Are Tricky", mutex #3).
 * 0 = unlocked, 1 = locked with no waiter, 2 = locked and maybe waiters. The uncontended path is one
 * CAS to lock and one atomic decrement to unlock; a system call happens only when state 2 says
 * someone may sleep. The thread context is unused (rlock_futex passes NULL). */
#ifndef SB_PRIM_MUTEX_FUTEX_H
#define SB_PRIM_MUTEX_FUTEX_H
#include "prim/futex.h"
#include "prim/mutex_shape.h"

typedef struct { atomic_uint v; } sb_mutex_futex;
typedef sb_mutex_nothread sb_mutex_futex_thread;

static inline int sb_mutex_futex_init(sb_mutex_futex *m)
{
	atomic_init(&m->v, 0);
	return 0;
}

static inline void sb_mutex_futex_thread_init(sb_mutex_futex *m, sb_mutex_futex_thread *t, int id) { (void)m; (void)t; (void)id; }

static inline void sb_mutex_futex_lock(sb_mutex_futex *m, sb_mutex_futex_thread *t)
{
	(void)t;
	unsigned c = 0;
	/* acquire on every path that takes the lock: the critical section must see the last owner's writes */
	if (atomic_compare_exchange_strong_explicit(&m->v, &c, 1, memory_order_acquire, memory_order_relaxed))
		return;
	if (c != 2)
		c = atomic_exchange_explicit(&m->v, 2, memory_order_acquire);
	while (c != 0) {
		sb_futex_wait(&m->v, 2, NULL);
		c = atomic_exchange_explicit(&m->v, 2, memory_order_acquire);
	}
}

static inline int sb_mutex_futex_trylock(sb_mutex_futex *m, sb_mutex_futex_thread *t)
{
	(void)t;
	unsigned c = 0;
	return atomic_compare_exchange_strong_explicit(&m->v, &c, 1, memory_order_acquire, memory_order_relaxed);
}

static inline void sb_mutex_futex_unlock(sb_mutex_futex *m, sb_mutex_futex_thread *t)
{
	(void)t;
	/* release publishes the critical section; a previous value of 2 means someone may sleep */
	if (atomic_fetch_sub_explicit(&m->v, 1, memory_order_release) != 1) {
		atomic_store_explicit(&m->v, 0, memory_order_release);
		sb_futex_wake(&m->v, 1);
	}
}

static inline void sb_mutex_futex_destroy(sb_mutex_futex *m) { (void)m; }
#endif
