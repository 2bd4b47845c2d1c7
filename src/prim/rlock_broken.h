/* prim/rlock_broken.h: a NEGATIVE CONTROL: a recursive lock that does not exclude. It keeps an
 * owner word and a count like the real one but never waits: whoever calls lock becomes the owner.
 * The benchmark's mutual-exclusion check must catch it (tests only, --negative-controls). */
#ifndef SB_PRIM_RLOCK_BROKEN_H
#define SB_PRIM_RLOCK_BROKEN_H
#include "prim/rlock_shape.h"
#include <errno.h>
#include <stdatomic.h>

typedef struct {
	_Atomic uintptr_t owner;
	atomic_uint count;
} sb_rlock_broken;

static inline int sb_rlock_broken_init(sb_rlock_broken *l)
{
	atomic_init(&l->owner, 0);
	atomic_init(&l->count, 0);
	return 0;
}
static inline void sb_rlock_broken_lock(sb_rlock_broken *l)
{
	uintptr_t self = sb_rlock_self();
	if (atomic_exchange_explicit(&l->owner, self, memory_order_relaxed) == self)
		atomic_fetch_add_explicit(&l->count, 1, memory_order_relaxed);
	else
		atomic_store_explicit(&l->count, 1, memory_order_relaxed);
}
static inline int sb_rlock_broken_trylock(sb_rlock_broken *l) { sb_rlock_broken_lock(l); return 0; }
static inline int sb_rlock_broken_unlock(sb_rlock_broken *l)
{
	/* forgives everything: it only counts down */
	unsigned c = atomic_load_explicit(&l->count, memory_order_relaxed);
	if (c)
		atomic_store_explicit(&l->count, c - 1, memory_order_relaxed);
	if (c <= 1)
		atomic_store_explicit(&l->owner, 0, memory_order_relaxed);
	return 0;
}
static inline int sb_rlock_broken_levels(sb_rlock_broken *l) { return (int)atomic_load_explicit(&l->count, memory_order_relaxed); }
static inline void sb_rlock_broken_destroy(sb_rlock_broken *l) { (void)l; }
#endif
