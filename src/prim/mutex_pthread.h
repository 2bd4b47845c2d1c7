/* prim/mutex_pthread.h: glibc's pthread_mutex_t as a program gets it: the default type, the
 * error-checking type, and the adaptive (spin-then-block) type. Lock and unlock return values are
 * not checked on the hot path (the mutual-exclusion check of the benchmark catches a lock that
 * fails to exclude). */
#ifndef SB_PRIM_MUTEX_PTHREAD_H
#define SB_PRIM_MUTEX_PTHREAD_H
#include "prim/mutex_node.h"
#include <pthread.h>

static inline int sb_mutex_pthread_init_type(pthread_mutex_t *m, int type)
{
	pthread_mutexattr_t a;
	int r = pthread_mutexattr_init(&a);
	if (!r)
		r = pthread_mutexattr_settype(&a, type);
	if (!r)
		r = pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
	return -r;
}

#define SB_MUTEX_PTHREAD_VARIANT(NAME, TYPE)                                                        \
	typedef struct { pthread_mutex_t m; } sb_mutex_##NAME;                                      \
	static inline int sb_mutex_##NAME##_init(sb_mutex_##NAME *l)                                \
	{ return sb_mutex_pthread_init_type(&l->m, TYPE); }                                          \
	static inline void sb_mutex_##NAME##_lock(sb_mutex_##NAME *l, sb_mutex_node *n)             \
	{ (void)n; pthread_mutex_lock(&l->m); }                                                      \
	static inline void sb_mutex_##NAME##_unlock(sb_mutex_##NAME *l, sb_mutex_node *n)           \
	{ (void)n; pthread_mutex_unlock(&l->m); }                                                    \
	static inline void sb_mutex_##NAME##_destroy(sb_mutex_##NAME *l) { pthread_mutex_destroy(&l->m); }

SB_MUTEX_PTHREAD_VARIANT(pthread, PTHREAD_MUTEX_DEFAULT)
SB_MUTEX_PTHREAD_VARIANT(pthread_errorcheck, PTHREAD_MUTEX_ERRORCHECK)
SB_MUTEX_PTHREAD_VARIANT(pthread_adaptive, PTHREAD_MUTEX_ADAPTIVE_NP)

/* pthread_spinlock_t (glibc: test-and-test-and-set without backoff). */
typedef struct { pthread_spinlock_t s; } sb_mutex_pthread_spin;
static inline int sb_mutex_pthread_spin_init(sb_mutex_pthread_spin *l)
{ return -pthread_spin_init(&l->s, PTHREAD_PROCESS_PRIVATE); }
static inline void sb_mutex_pthread_spin_lock(sb_mutex_pthread_spin *l, sb_mutex_node *n)
{ (void)n; pthread_spin_lock(&l->s); }
static inline void sb_mutex_pthread_spin_unlock(sb_mutex_pthread_spin *l, sb_mutex_node *n)
{ (void)n; pthread_spin_unlock(&l->s); }
static inline void sb_mutex_pthread_spin_destroy(sb_mutex_pthread_spin *l) { pthread_spin_destroy(&l->s); }
#endif
