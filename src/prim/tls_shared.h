/* prim/tls_shared.h: negative control. A "thread-local" variable that is one global shared by
 * every thread (a module global where a threading.local was meant): at 2+ threads a thread
 * reads back another thread's value, and the check must say so. volatile, as prim/tls_thread_
 * local.h, so that each get is a load. */
#ifndef SB_PRIM_TLS_SHARED_H
#define SB_PRIM_TLS_SHARED_H
#include "prim/tls_shape.h"

static volatile uint64_t sb_tls_shared_value; /* BUG on purpose: one for every thread */

typedef struct { char unused; } sb_tls_shared;
typedef sb_tls_nothread sb_tls_shared_thread;
static inline int sb_tls_shared_init(sb_tls_shared *v, int nthreads) { (void)v; (void)nthreads; return 0; }
static inline int sb_tls_shared_thread_init(sb_tls_shared *v, sb_tls_shared_thread *t)
{
	(void)v;
	(void)t;
	sb_tls_shared_value = 0;
	return 0;
}
static inline uint64_t sb_tls_shared_get(sb_tls_shared *v) { (void)v; return sb_tls_shared_value; }
static inline void sb_tls_shared_set(sb_tls_shared *v, uint64_t x) { (void)v; sb_tls_shared_value = x; }
static inline void sb_tls_shared_thread_exit(sb_tls_shared *v, sb_tls_shared_thread *t) { (void)v; (void)t; }
static inline void sb_tls_shared_destroy(sb_tls_shared *v) { (void)v; }
#endif
