/* prim/atomic_ops.h: ways to count with one word, one shape:
 *     void sb_atomic_<op>_inc(_Atomic uint64_t *c, uint64_t *held)
 * adds one to the total that *c (and, for xchg, the value the thread holds) stands for.
 *   fetch_add  one atomic add (x86: LOCK ADD/XADD)
 *   cas        load, then compare-and-swap until no other thread got in between (LOCK CMPXCHG)
 *   xchg       swap in the held value plus one and keep what comes out: the sum of the word and
 *              every thread's held value grows by exactly one per operation (XCHG, implicitly
 *              locked); a lost swap would duplicate or drop a value and break that sum
 *   loadstore  a plain load and a plain store (two MOVs, no lock): correct only while one thread
 *              writes the word; on a word that several threads write it loses updates (the
 *              negative control of the atomic family)
 * Every access is relaxed: a counter publishes nothing, so no order is needed (and on x86 every
 * locked instruction is a full barrier anyway, whatever order is asked for). */
#ifndef SB_PRIM_ATOMIC_OPS_H
#define SB_PRIM_ATOMIC_OPS_H
#include <stdatomic.h>
#include <stdint.h>

static inline void sb_atomic_fetch_add_inc(_Atomic uint64_t *c, uint64_t *held)
{
	(void)held;
	atomic_fetch_add_explicit(c, 1, memory_order_relaxed);
}

static inline void sb_atomic_cas_inc(_Atomic uint64_t *c, uint64_t *held)
{
	(void)held;
	uint64_t o = atomic_load_explicit(c, memory_order_relaxed);
	/* on failure o is reloaded with the value that won */
	while (!atomic_compare_exchange_weak_explicit(c, &o, o + 1, memory_order_relaxed, memory_order_relaxed))
		;
}

static inline void sb_atomic_xchg_inc(_Atomic uint64_t *c, uint64_t *held)
{
	*held = atomic_exchange_explicit(c, *held + 1, memory_order_relaxed);
}

static inline void sb_atomic_loadstore_inc(_Atomic uint64_t *c, uint64_t *held)
{
	(void)held;
	atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + 1, memory_order_relaxed);
}
#endif
