/* prim/atomic_list.h: every (operation, placement) pair of the atomic family, listed once:
 * X(OP, PLACEMENT, FLAGS). An operation has the shape of prim/atomic_shape.h; placements:
 *   shared        one counter on one cache line that every thread updates
 *   false_shared  one counter per thread, packed 8 to a line: no data is shared, the line is
 *   padded        one counter per thread on a line (and its neighbour) of its own
 *   tls           one _Thread_local counter per thread, summed after the join
 * FLAGS (prim/impl_flags.h): every operation spins (SB_IMPL_SPINS: none blocks); loadstore appears
 * only where one thread writes each counter, and on the shared line as the hidden negative control
 * (SB_IMPL_HIDDEN: a read-modify-write that is not atomic loses updates).
 * SB_ATOMIC_OPS(X) lists the operations alone, X(OP), for what is defined once per operation.
 * Adding an operation: one header with the shape, one include and its lines here. */
#ifndef SB_PRIM_ATOMIC_LIST_H
#define SB_PRIM_ATOMIC_LIST_H
#include "prim/atomic_cas.h"
#include "prim/atomic_fetch_add.h"
#include "prim/atomic_loadstore.h"
#include "prim/atomic_xchg.h"
#include "prim/impl_flags.h"

#define SB_ATOMIC_OPS(X) X(fetch_add) X(cas) X(xchg) X(loadstore)

#define SB_ATOMIC_IMPLS(X)                                     \
	X(fetch_add, shared, SB_IMPL_SPINS)                    \
	X(fetch_add, false_shared, SB_IMPL_SPINS)              \
	X(fetch_add, padded, SB_IMPL_SPINS)                    \
	X(fetch_add, tls, SB_IMPL_SPINS)                       \
	X(cas, shared, SB_IMPL_SPINS)                          \
	X(cas, false_shared, SB_IMPL_SPINS)                    \
	X(cas, padded, SB_IMPL_SPINS)                          \
	X(cas, tls, SB_IMPL_SPINS)                             \
	X(xchg, shared, SB_IMPL_SPINS)                         \
	X(xchg, false_shared, SB_IMPL_SPINS)                   \
	X(xchg, padded, SB_IMPL_SPINS)                         \
	X(xchg, tls, SB_IMPL_SPINS)                            \
	X(loadstore, false_shared, SB_IMPL_SPINS)              \
	X(loadstore, padded, SB_IMPL_SPINS)                    \
	X(loadstore, tls, SB_IMPL_SPINS)                       \
	X(loadstore, shared, SB_IMPL_HIDDEN | SB_IMPL_SPINS)
#endif
