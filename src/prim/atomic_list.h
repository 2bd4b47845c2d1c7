/* prim/atomic_list.h: every (operation, placement) pair of the atomic family, listed once.
 * X(op, placement, hidden). Placements:
 *   shared        one counter on one cache line that every thread updates
 *   false_shared  one counter per thread, packed 8 to a line: no data is shared, the line is
 *   padded        one counter per thread on a line (and its neighbour) of its own
 *   tls           one _Thread_local counter per thread, summed after the join
 * loadstore appears only where one thread writes each counter; on the shared line it is the
 * hidden negative control (a read-modify-write that is not atomic loses updates). */
#ifndef SB_PRIM_ATOMIC_LIST_H
#define SB_PRIM_ATOMIC_LIST_H
#include "prim/atomic_ops.h"

#define SB_ATOMIC_IMPLS(X)                  \
	X(fetch_add, shared, 0)             \
	X(fetch_add, false_shared, 0)       \
	X(fetch_add, padded, 0)             \
	X(fetch_add, tls, 0)                \
	X(cas, shared, 0)                   \
	X(cas, false_shared, 0)             \
	X(cas, padded, 0)                   \
	X(cas, tls, 0)                      \
	X(xchg, shared, 0)                  \
	X(xchg, false_shared, 0)            \
	X(xchg, padded, 0)                  \
	X(xchg, tls, 0)                     \
	X(loadstore, false_shared, 0)       \
	X(loadstore, padded, 0)             \
	X(loadstore, tls, 0)                \
	X(loadstore, shared, 1)
#endif
