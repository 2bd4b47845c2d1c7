/* prim/tls_shape.h: the one shape every thread-local variable offers (Python's threading.local:
 * one object, a value of its own in every thread).
 *
 *   typedef ... sb_tls_IMPL;            the variable (shared by every thread that uses it)
 *   typedef ... sb_tls_IMPL_thread;     what one thread keeps for it (the table's slot, for its
 *                                       exit; a one-member placeholder for the rest)
 *   int      sb_tls_IMPL_init(sb_tls_IMPL *v, int nthreads);   0 or -errno; nthreads: the most
 *                                       threads registered at once (what a table is sized for)
 *   int      sb_tls_IMPL_thread_init(sb_tls_IMPL *v, sb_tls_IMPL_thread *t);
 *                                       0 or -errno; once per thread, before its first get/set;
 *                                       the thread's value starts at 0
 *   uint64_t sb_tls_IMPL_get(sb_tls_IMPL *v);             the calling thread's value
 *   void     sb_tls_IMPL_set(sb_tls_IMPL *v, uint64_t x);  set the calling thread's value
 *   void     sb_tls_IMPL_thread_exit(sb_tls_IMPL *v, sb_tls_IMPL_thread *t);   before it exits
 *   void     sb_tls_IMPL_destroy(sb_tls_IMPL *v);
 *
 * All static inline. get and set find the calling thread's value by its identity alone (that
 * lookup is what is measured); they never block and never touch another thread's value, so a
 * thread reads back exactly what it set last. A thread context is at most SB_WORKER_LOCAL bytes
 * (checked where the worker gives it its space).
 *
 * Implementations are listed once, in prim/tls_list.h.
 */
#ifndef SB_PRIM_TLS_SHAPE_H
#define SB_PRIM_TLS_SHAPE_H

#include <errno.h>
#include <stdint.h>

/* The thread context of a variable that needs none. */
typedef struct sb_tls_nothread {
	char unused;
} sb_tls_nothread;

#endif
