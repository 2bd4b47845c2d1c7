/* prim/atomic_shape.h: the one shape every way of counting with one atomic word offers.
 *
 *   void sb_atomic_OP_inc(_Atomic uint64_t *c, uint64_t *held);
 *
 * adds one to the total that the word *c and the calling thread's *held stand for together: after
 * any number of calls from any threads, the word plus every thread's held value equals the calls
 * made (for every operation but xchg the held value stays 0). static inline; callable from any
 * thread on a word any thread may update, except where an implementation says otherwise
 * (loadstore: one writer per word). held belongs to the calling thread alone.
 *
 * Every access is relaxed: a counter publishes nothing, so no order is needed (and on x86 every
 * locked instruction is a full barrier anyway, whatever order is asked for). An operation never
 * blocks: a worker off its CPU while it counts is flagged `preempted` (SB_IMPL_SPINS).
 *
 * The operations are listed once, with the placements of the word, in prim/atomic_list.h.
 */
#ifndef SB_PRIM_ATOMIC_SHAPE_H
#define SB_PRIM_ATOMIC_SHAPE_H
#include <stdatomic.h>
#include <stdint.h>
#endif
