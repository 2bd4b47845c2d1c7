/* prim/mutex_pthread.h: glibc's pthread_mutex_t as a program gets it: the default type, the
 * error-checking type, and the adaptive (spin-then-block) type, one lock type each. Lock and
 * unlock return values are not checked on the hot path (the mutual-exclusion check of the
 * benchmark catches a lock that fails to exclude). */
#ifndef SB_PRIM_MUTEX_PTHREAD_H
#define SB_PRIM_MUTEX_PTHREAD_H
#include "prim/mutex_shape.h"
#include <errno.h>
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

/* ---- pthread: PTHREAD_MUTEX_DEFAULT ---- */
typedef struct { pthread_mutex_t m; } sb_mutex_pthread;
typedef sb_mutex_nothread sb_mutex_pthread_thread;
static inline int sb_mutex_pthread_init(sb_mutex_pthread *l) { return sb_mutex_pthread_init_type(&l->m, PTHREAD_MUTEX_DEFAULT); }
static inline void sb_mutex_pthread_thread_init(sb_mutex_pthread *l, sb_mutex_pthread_thread *t, int id) { (void)l; (void)t; (void)id; }
static inline void sb_mutex_pthread_lock(sb_mutex_pthread *l, sb_mutex_pthread_thread *t) { (void)t; pthread_mutex_lock(&l->m); }
static inline int sb_mutex_pthread_trylock(sb_mutex_pthread *l, sb_mutex_pthread_thread *t) { (void)t; return pthread_mutex_trylock(&l->m) == 0; }
static inline void sb_mutex_pthread_unlock(sb_mutex_pthread *l, sb_mutex_pthread_thread *t) { (void)t; pthread_mutex_unlock(&l->m); }
static inline void sb_mutex_pthread_destroy(sb_mutex_pthread *l) { pthread_mutex_destroy(&l->m); }

/* ---- pthread_errorcheck: PTHREAD_MUTEX_ERRORCHECK (checks the owner on unlock) ---- */
typedef struct { pthread_mutex_t m; } sb_mutex_pthread_errorcheck;
typedef sb_mutex_nothread sb_mutex_pthread_errorcheck_thread;
static inline int sb_mutex_pthread_errorcheck_init(sb_mutex_pthread_errorcheck *l) { return sb_mutex_pthread_init_type(&l->m, PTHREAD_MUTEX_ERRORCHECK); }
static inline void sb_mutex_pthread_errorcheck_thread_init(sb_mutex_pthread_errorcheck *l, sb_mutex_pthread_errorcheck_thread *t, int id) { (void)l; (void)t; (void)id; }
static inline void sb_mutex_pthread_errorcheck_lock(sb_mutex_pthread_errorcheck *l, sb_mutex_pthread_errorcheck_thread *t) { (void)t; pthread_mutex_lock(&l->m); }
static inline int sb_mutex_pthread_errorcheck_trylock(sb_mutex_pthread_errorcheck *l, sb_mutex_pthread_errorcheck_thread *t) { (void)t; return pthread_mutex_trylock(&l->m) == 0; }
static inline void sb_mutex_pthread_errorcheck_unlock(sb_mutex_pthread_errorcheck *l, sb_mutex_pthread_errorcheck_thread *t) { (void)t; pthread_mutex_unlock(&l->m); }
static inline void sb_mutex_pthread_errorcheck_destroy(sb_mutex_pthread_errorcheck *l) { pthread_mutex_destroy(&l->m); }

/* ---- pthread_adaptive: PTHREAD_MUTEX_ADAPTIVE_NP (spins a while before it sleeps) ---- */
typedef struct { pthread_mutex_t m; } sb_mutex_pthread_adaptive;
typedef sb_mutex_nothread sb_mutex_pthread_adaptive_thread;
static inline int sb_mutex_pthread_adaptive_init(sb_mutex_pthread_adaptive *l) { return sb_mutex_pthread_init_type(&l->m, PTHREAD_MUTEX_ADAPTIVE_NP); }
static inline void sb_mutex_pthread_adaptive_thread_init(sb_mutex_pthread_adaptive *l, sb_mutex_pthread_adaptive_thread *t, int id) { (void)l; (void)t; (void)id; }
static inline void sb_mutex_pthread_adaptive_lock(sb_mutex_pthread_adaptive *l, sb_mutex_pthread_adaptive_thread *t) { (void)t; pthread_mutex_lock(&l->m); }
static inline int sb_mutex_pthread_adaptive_trylock(sb_mutex_pthread_adaptive *l, sb_mutex_pthread_adaptive_thread *t) { (void)t; return pthread_mutex_trylock(&l->m) == 0; }
static inline void sb_mutex_pthread_adaptive_unlock(sb_mutex_pthread_adaptive *l, sb_mutex_pthread_adaptive_thread *t) { (void)t; pthread_mutex_unlock(&l->m); }
static inline void sb_mutex_pthread_adaptive_destroy(sb_mutex_pthread_adaptive *l) { pthread_mutex_destroy(&l->m); }
#endif
