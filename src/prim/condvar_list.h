/* prim/condvar_list.h: every condition-variable implementation, listed once: X(NAME, FLAGS).
 * FLAGS (prim/impl_flags.h): SB_IMPL_HIDDEN for the negative control that only the tests select;
 * SB_IMPL_NO_EXCLUSION for a mutex that does not exclude (the broken control: it runs only where
 * its check can catch it, the bounded buffer, not the pingpong); SB_IMPL_SPINS for one that never
 * blocks (its wait only yields: a worker off its CPU is flagged `preempted`).
 * Adding one: a header with the shape of prim/condvar_shape.h, one include and one line here. */
#ifndef SB_PRIM_CONDVAR_LIST_H
#define SB_PRIM_CONDVAR_LIST_H
#include "prim/condvar_broken.h"
#include "prim/condvar_pthread.h"
#include "prim/impl_flags.h"

#define SB_CONDVAR_IMPLS(X)                                                                         \
	X(pthread, 0)                                                                               \
	X(broken, SB_IMPL_HIDDEN | SB_IMPL_NO_EXCLUSION | SB_IMPL_SPINS)
#endif
