/* prim/atomic_xchg.h: swap in the held value plus one and keep what comes out (XCHG, implicitly
 * locked): the sum of the word and every thread's held value grows by exactly one per operation;
 * a lost swap would duplicate or drop a value and break that sum. */
#ifndef SB_PRIM_ATOMIC_XCHG_H
#define SB_PRIM_ATOMIC_XCHG_H
#include "prim/atomic_shape.h"

static inline void sb_atomic_xchg_inc(_Atomic uint64_t *c, uint64_t *held)
{
	*held = atomic_exchange_explicit(c, *held + 1, memory_order_relaxed);
}
#endif
