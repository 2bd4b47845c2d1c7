/* prim/atomic_fetch_add.h: one atomic add (x86: LOCK ADD/XADD). */
#ifndef SB_PRIM_ATOMIC_FETCH_ADD_H
#define SB_PRIM_ATOMIC_FETCH_ADD_H
#include "prim/atomic_shape.h"

static inline void sb_atomic_fetch_add_inc(_Atomic uint64_t *c, uint64_t *held)
{
	(void)held;
	atomic_fetch_add_explicit(c, 1, memory_order_relaxed);
}
#endif
