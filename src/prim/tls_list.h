/* prim/tls_list.h: every thread-local variable implementation, listed once: X(NAME, FLAGS).
 * FLAGS (prim/impl_flags.h): SB_IMPL_SPINS for all (a get or set never blocks: a worker off its
 * CPU is flagged `preempted`), SB_IMPL_HIDDEN for the negative control that only the tests
 * select (shared: one global for every thread).
 * Adding one: a header with the shape of prim/tls_shape.h, one include and one line here. */
#ifndef SB_PRIM_TLS_LIST_H
#define SB_PRIM_TLS_LIST_H
#include "prim/impl_flags.h"
#include "prim/tls_pthread_key.h"
#include "prim/tls_shared.h"
#include "prim/tls_table.h"
#include "prim/tls_thread_local.h"

#define SB_TLS_IMPLS(X)                  \
	X(thread_local, SB_IMPL_SPINS)   \
	X(pthread_key, SB_IMPL_SPINS)    \
	X(table, SB_IMPL_SPINS)          \
	X(shared, SB_IMPL_HIDDEN | SB_IMPL_SPINS)
#endif
