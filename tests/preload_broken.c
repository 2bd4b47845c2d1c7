/* tests/preload_broken.c: broken SYSTEM primitives for tests/faults.sh, through LD_PRELOAD.
 * Built as build/tests/preload_broken.so. SB_BROKEN (a comma-separated list) picks what breaks:
 *   mutex  pthread_mutex_lock, _trylock and _unlock return 0 and do nothing: no exclusion;
 *   cond   pthread_cond_wait and _timedwait return 0 at once (the mutex stays held: no wait);
 * unset or empty: nothing is broken (every call goes to glibc). The harness coordinates with C11
 * atomics and futexes, so only the primitives under test see the breakage. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static int broken(const char *what)
{
	const char *s = getenv("SB_BROKEN");
	if (!s)
		return 0;
	size_t n = strlen(what);
	for (const char *p = s; (p = strstr(p, what)) != NULL; p += n)
		if ((p == s || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
			return 1;
	return 0;
}

#define REAL(name, ret, ...)                                                        \
	static ret (*real_##name)(__VA_ARGS__);                                     \
	if (!real_##name)                                                           \
		*(void **)&real_##name = dlsym(RTLD_NEXT, #name)
/* dlsym would give the condition variable's old GLIBC_2.2.5 version (another layout) on x86-64:
 * ask for the one programs link against (where there is no such version, the only one) */
#define REALV(name, ver, ret, ...)                                                  \
	static ret (*real_##name)(__VA_ARGS__);                                     \
	if (!real_##name)                                                           \
		if (!(*(void **)&real_##name = dlvsym(RTLD_NEXT, #name, ver)))     \
			*(void **)&real_##name = dlsym(RTLD_NEXT, #name)

int pthread_mutex_lock(pthread_mutex_t *m)
{
	if (broken("mutex"))
		return 0;
	REAL(pthread_mutex_lock, int, pthread_mutex_t *);
	return real_pthread_mutex_lock(m);
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	if (broken("mutex"))
		return 0;
	REAL(pthread_mutex_trylock, int, pthread_mutex_t *);
	return real_pthread_mutex_trylock(m);
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	if (broken("mutex"))
		return 0;
	REAL(pthread_mutex_unlock, int, pthread_mutex_t *);
	return real_pthread_mutex_unlock(m);
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	if (broken("cond"))
		return 0;
	REALV(pthread_cond_wait, "GLIBC_2.3.2", int, pthread_cond_t *, pthread_mutex_t *);
	return real_pthread_cond_wait(c, m);
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *ts)
{
	if (broken("cond"))
		return 0;
	REALV(pthread_cond_timedwait, "GLIBC_2.3.2", int, pthread_cond_t *, pthread_mutex_t *, const struct timespec *);
	return real_pthread_cond_timedwait(c, m, ts);
}
