/* prim/tls_thread_local.h: a C11 _Thread_local variable: the value sits at a fixed offset from
 * the thread pointer (%fs on x86-64), one load or store. One variable for the program (a
 * _Thread_local cannot be created at run time, as a threading.local can): init resets nothing
 * but the calling thread's copy. volatile: each get is a load (without it the compiler keeps the
 * value in a register across the loop and measures nothing). */
#ifndef SB_PRIM_TLS_THREAD_LOCAL_H
#define SB_PRIM_TLS_THREAD_LOCAL_H
#include "prim/tls_shape.h"

static _Thread_local volatile uint64_t sb_tls_thread_local_value;

typedef struct { char unused; } sb_tls_thread_local;
typedef sb_tls_nothread sb_tls_thread_local_thread;
static inline int sb_tls_thread_local_init(sb_tls_thread_local *v, int nthreads) { (void)v; (void)nthreads; return 0; }
static inline int sb_tls_thread_local_thread_init(sb_tls_thread_local *v, sb_tls_thread_local_thread *t)
{
	(void)v;
	(void)t;
	sb_tls_thread_local_value = 0;
	return 0;
}
static inline uint64_t sb_tls_thread_local_get(sb_tls_thread_local *v) { (void)v; return sb_tls_thread_local_value; }
static inline void sb_tls_thread_local_set(sb_tls_thread_local *v, uint64_t x) { (void)v; sb_tls_thread_local_value = x; }
static inline void sb_tls_thread_local_thread_exit(sb_tls_thread_local *v, sb_tls_thread_local_thread *t) { (void)v; (void)t; }
static inline void sb_tls_thread_local_destroy(sb_tls_thread_local *v) { (void)v; }
#endif
