/* prim/atomic_cas.h: load, then compare-and-swap until no other thread got in between
 * (LOCK CMPXCHG): the retry loop a read-modify-write that has no instruction of its own needs. */
#ifndef SB_PRIM_ATOMIC_CAS_H
#define SB_PRIM_ATOMIC_CAS_H
#include "prim/atomic_shape.h"

static inline void sb_atomic_cas_inc(_Atomic uint64_t *c, uint64_t *held)
{
	(void)held;
	uint64_t o = atomic_load_explicit(c, memory_order_relaxed);
	/* on failure o is reloaded with the value that won */
	while (!atomic_compare_exchange_weak_explicit(c, &o, o + 1, memory_order_relaxed, memory_order_relaxed))
		;
}
#endif
