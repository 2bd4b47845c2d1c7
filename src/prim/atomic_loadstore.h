/* prim/atomic_loadstore.h: a plain load and a plain store (two MOVs, no lock): correct only while
 * one thread writes the word. On a word that several threads write it loses updates: on the
 * shared line it is the atomic family's negative control. */
#ifndef SB_PRIM_ATOMIC_LOADSTORE_H
#define SB_PRIM_ATOMIC_LOADSTORE_H
#include "prim/atomic_shape.h"

static inline void sb_atomic_loadstore_inc(_Atomic uint64_t *c, uint64_t *held)
{
	(void)held;
	atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + 1, memory_order_relaxed);
}
#endif
