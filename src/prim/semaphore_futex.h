/* prim/semaphore_futex.h: our counting semaphore: a permit count on a futex word and a count of
 * sleepers, so that post makes a system call only when someone may be asleep.
 *
 * One timed core (STYLE.md practice 10): sb_sem_futex_timedwait takes an absolute
 * CLOCK_MONOTONIC deadline or NULL; sb_sem_futex_wait is the timed wait with no deadline.
 *
 * No lost wake-up: a waiter announces itself (waiters + 1) before the kernel re-reads the count
 * for FUTEX_WAIT; a poster adds its permit before it reads waiters. Both pairs are seq_cst, so
 * either the poster sees the waiter and wakes it, or the waiter's FUTEX_WAIT sees the new permit
 * and does not sleep (the Dekker pattern: a store then a load on each side). The CAS that takes a
 * permit is acquire, the post's add is release: what a poster wrote before posting is visible to
 * the waiter that takes its permit. */
#ifndef SB_PRIM_SEMAPHORE_FUTEX_H
#define SB_PRIM_SEMAPHORE_FUTEX_H
#include "prim/futex.h"
#include "prim/semaphore_shape.h"

typedef struct {
	atomic_uint value;   /* permits available */
	atomic_uint waiters; /* threads in (or about to enter) FUTEX_WAIT */
} sb_sem_futex;

static inline int sb_sem_futex_init(sb_sem_futex *s, unsigned v)
{
	atomic_init(&s->value, v);
	atomic_init(&s->waiters, 0);
	return 0;
}

/* Take a permit; sleep until one comes or until abs (CLOCK_MONOTONIC; NULL: no deadline).
 * 0, or -ETIMEDOUT when the deadline passed with no permit. */
static inline int sb_sem_futex_timedwait(sb_sem_futex *s, const struct timespec *abs)
{
	for (;;) {
		unsigned v = atomic_load_explicit(&s->value, memory_order_relaxed);
		while (v > 0)
			if (atomic_compare_exchange_weak_explicit(&s->value, &v, v - 1, memory_order_acquire,
								  memory_order_relaxed))
				return 0;
		atomic_fetch_add_explicit(&s->waiters, 1, memory_order_seq_cst);
		int r = sb_futex_wait_abs(&s->value, 0, abs);
		atomic_fetch_sub_explicit(&s->waiters, 1, memory_order_relaxed);
		if (r == -ETIMEDOUT) {
			/* one last try: a permit may have come with the deadline */
			v = atomic_load_explicit(&s->value, memory_order_relaxed);
			while (v > 0)
				if (atomic_compare_exchange_weak_explicit(&s->value, &v, v - 1, memory_order_acquire,
									  memory_order_relaxed))
					return 0;
			return -ETIMEDOUT;
		}
	}
}

static inline void sb_sem_futex_wait(sb_sem_futex *s) { (void)sb_sem_futex_timedwait(s, NULL); }

static inline void sb_sem_futex_post(sb_sem_futex *s)
{
	atomic_fetch_add_explicit(&s->value, 1, memory_order_seq_cst); /* seq_cst covers release */
	if (atomic_load_explicit(&s->waiters, memory_order_seq_cst))
		sb_futex_wake(&s->value, 1);
}

static inline int sb_sem_futex_value(sb_sem_futex *s) { return (int)atomic_load_explicit(&s->value, memory_order_relaxed); }
static inline void sb_sem_futex_destroy(sb_sem_futex *s) { (void)s; }
#endif
