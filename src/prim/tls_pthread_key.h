/* prim/tls_pthread_key.h: a POSIX key: pthread_getspecific / pthread_setspecific, a call into
 * glibc each, which indexes the thread's key array (the first 32 keys inline in the thread
 * descriptor). The value is stored as the pointer itself. */
#ifndef SB_PRIM_TLS_PTHREAD_KEY_H
#define SB_PRIM_TLS_PTHREAD_KEY_H
#include "prim/tls_shape.h"
#include <pthread.h>

_Static_assert(sizeof(uintptr_t) >= sizeof(uint64_t), "a value must fit in a pointer");

typedef struct { pthread_key_t key; } sb_tls_pthread_key;
typedef sb_tls_nothread sb_tls_pthread_key_thread;
static inline int sb_tls_pthread_key_init(sb_tls_pthread_key *v, int nthreads)
{
	(void)nthreads;
	return -pthread_key_create(&v->key, NULL);
}
static inline int sb_tls_pthread_key_thread_init(sb_tls_pthread_key *v, sb_tls_pthread_key_thread *t)
{
	(void)t;
	return -pthread_setspecific(v->key, NULL);
}
static inline uint64_t sb_tls_pthread_key_get(sb_tls_pthread_key *v)
{
	return (uint64_t)(uintptr_t)pthread_getspecific(v->key);
}
static inline void sb_tls_pthread_key_set(sb_tls_pthread_key *v, uint64_t x)
{
	pthread_setspecific(v->key, (void *)(uintptr_t)x);
}
static inline void sb_tls_pthread_key_thread_exit(sb_tls_pthread_key *v, sb_tls_pthread_key_thread *t) { (void)v; (void)t; }
static inline void sb_tls_pthread_key_destroy(sb_tls_pthread_key *v) { pthread_key_delete(v->key); }
#endif
