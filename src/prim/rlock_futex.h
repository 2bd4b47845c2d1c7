/* prim/rlock_futex.h: our recursive lock: an owner word and a count over the three-state futex
 * mutex (prim/mutex_futex.h). Re-entry by the owner touches no shared line other than its own
 * read of the owner word; only the outermost lock and unlock reach the futex mutex.
 *
 * The owner word is atomic because other threads read it while the owner writes it; relaxed is
 * enough: a thread can only ever see its own id there if it stored it itself (program order), and
 * the futex mutex's acquire/release orders the data the lock protects. The count is touched by the
 * owner alone. */
#ifndef SB_PRIM_RLOCK_FUTEX_H
#define SB_PRIM_RLOCK_FUTEX_H
#include "prim/mutex_futex.h"
#include "prim/rlock_shape.h"
#include <errno.h>

typedef struct {
	sb_mutex_futex m;
	_Atomic uintptr_t owner; /* 0 = free */
	unsigned count;          /* levels held by the owner */
} sb_rlock_futex;

static inline int sb_rlock_futex_init(sb_rlock_futex *l)
{
	sb_mutex_futex_init(&l->m);
	atomic_init(&l->owner, 0);
	l->count = 0;
	return 0;
}

static inline void sb_rlock_futex_lock(sb_rlock_futex *l)
{
	uintptr_t self = sb_rlock_self();
	if (atomic_load_explicit(&l->owner, memory_order_relaxed) == self) {
		l->count++;
		return;
	}
	sb_mutex_futex_lock(&l->m, NULL);
	atomic_store_explicit(&l->owner, self, memory_order_relaxed);
	l->count = 1;
}

static inline int sb_rlock_futex_trylock(sb_rlock_futex *l)
{
	uintptr_t self = sb_rlock_self();
	if (atomic_load_explicit(&l->owner, memory_order_relaxed) == self) {
		l->count++;
		return 0;
	}
	unsigned z = 0;
	if (!atomic_compare_exchange_strong_explicit(&l->m.v, &z, 1, memory_order_acquire, memory_order_relaxed))
		return -EBUSY;
	atomic_store_explicit(&l->owner, self, memory_order_relaxed);
	l->count = 1;
	return 0;
}

static inline int sb_rlock_futex_unlock(sb_rlock_futex *l)
{
	if (atomic_load_explicit(&l->owner, memory_order_relaxed) != sb_rlock_self())
		return -EPERM;
	if (--l->count)
		return 0;
	atomic_store_explicit(&l->owner, 0, memory_order_relaxed);
	sb_mutex_futex_unlock(&l->m, NULL);
	return 0;
}

static inline void sb_rlock_futex_destroy(sb_rlock_futex *l) { (void)l; }

/* For checks (any thread, when no one else uses the lock): levels held, 0 when free. */
static inline int sb_rlock_futex_levels(sb_rlock_futex *l) { return (int)l->count; }
#endif
