/* bench/family_list.h: every benchmark family, listed once (order = the order of `list`). */
#define SB_FAMILIES(X) \
	X(mutex) \
	X(rlock) \
	X(rwlock) \
	X(semaphore) \
	X(condvar) \
	X(event) \
	X(timer) \
	X(atomic) \
	X(queue) \
	X(map) \
	X(rcu) \
	X(thread) \
	X(tls)
