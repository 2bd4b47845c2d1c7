/* prim/mutex_list.h: every mutex implementation, listed once: X(NAME, FLAGS).
 * FLAGS (prim/impl_flags.h): SB_IMPL_NO_EXCLUSION for the null lock (nothing to check across
 * threads), SB_IMPL_HIDDEN for negative controls that only the tests select, SB_IMPL_SPINS for
 * locks that never block (a worker descheduled while it spins is flagged `preempted`),
 * SB_IMPL_BASELINE for the null lock (the harness's own cost, never "the best").
 * Adding a lock: one header with the shape of prim/mutex_shape.h, one include and one line here. */
#ifndef SB_PRIM_MUTEX_LIST_H
#define SB_PRIM_MUTEX_LIST_H
#include "prim/impl_flags.h"
#include "prim/mutex_anderson.h"
#include "prim/mutex_broken.h"
#include "prim/mutex_clh.h"
#include "prim/mutex_futex.h"
#include "prim/mutex_mcs.h"
#include "prim/mutex_null.h"
#include "prim/mutex_pthread.h"
#include "prim/mutex_pthread_spin.h"
#include "prim/mutex_tas.h"
#include "prim/mutex_ticket.h"
#include "prim/mutex_ttas.h"

#define SB_MUTEX_IMPLS(X)                                 \
	X(null, SB_IMPL_NO_EXCLUSION | SB_IMPL_SPINS | SB_IMPL_BASELINE)\
	X(pthread, 0)                                     \
	X(pthread_errorcheck, 0)                          \
	X(pthread_adaptive, 0)                            \
	X(futex, 0)                                       \
	X(tas, SB_IMPL_SPINS)                             \
	X(ttas, SB_IMPL_SPINS)                            \
	X(ticket, SB_IMPL_SPINS)                          \
	X(mcs, SB_IMPL_SPINS)                             \
	X(clh, SB_IMPL_SPINS)                             \
	X(anderson, SB_IMPL_SPINS)                        \
	X(pthread_spin, SB_IMPL_SPINS)                    \
	X(broken, SB_IMPL_HIDDEN | SB_IMPL_SPINS)
#endif
