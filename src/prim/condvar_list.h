/* prim/condvar_list.h: every condition-variable implementation, listed once.
 * Shape (NAME = the implementation): types sb_condvar_NAME_mutex and sb_condvar_NAME_cond;
 * _mutex_init/_mutex_destroy, _lock/_unlock, _cond_init/_cond_destroy (init: 0 or -errno),
 * _wait_until(c, m, deadline_ns) -> 0 woken / -ETIMEDOUT (the one timed core; CLOCK_MONOTONIC ns,
 * 0 = none), _wait(c, m) = _wait_until(c, m, 0), _signal(c), _broadcast(c).
 * X(name, hidden, pingpong): hidden = negative control; pingpong = 0 leaves the pingpong out
 * (the broken one is only run where its check can catch it: the bounded buffer). */
#ifndef SB_PRIM_CONDVAR_LIST_H
#define SB_PRIM_CONDVAR_LIST_H
#include "prim/condvar_broken.h"
#include "prim/condvar_pthread.h"

#define SB_CONDVAR_IMPLS(X) \
	X(pthread, 0, 1)    \
	X(broken, 1, 0)
#endif
