/* prim/rwlock_futex.h: our read-write lock on one futex word, writers preferred.
 *
 * state = W (a writer holds it) | WW (a writer waits: new readers wait too) | SLEEP (someone may
 * be asleep on the word) | the number of readers inside (low 29 bits).
 *
 * A thread that must wait sets SLEEP (and WW if it is a writer) with a CAS from the very value
 * that blocks it, then sleeps on that value. Every change that can unblock a sleeper (the last
 * reader leaving, a writer leaving) clears SLEEP and WW in the same or the next atomic step and
 * wakes every sleeper; the sleepers re-check and set the bits again if they still have to wait.
 * So a thread never sleeps on a value that no one will change with a wake-up (no lost wake-up),
 * at the price of a thundering herd when writers alternate (acceptable for a lock whose point is
 * reads). Acquire on every CAS that takes the lock, release on every unlock. */
#ifndef SB_PRIM_RWLOCK_FUTEX_H
#define SB_PRIM_RWLOCK_FUTEX_H
#include "prim/futex.h"
#include "prim/rwlock_shape.h"
#include <limits.h>

#define SB_RWF_W 0x80000000u
#define SB_RWF_WW 0x40000000u
#define SB_RWF_SLEEP 0x20000000u
#define SB_RWF_READERS 0x1fffffffu

typedef struct { atomic_uint state; } sb_rwlock_futex;

static inline int sb_rwlock_futex_init(sb_rwlock_futex *l)
{
	atomic_init(&l->state, 0);
	return 0;
}

/* Set the bits that say "I sleep here" (from the value s that blocks us) and sleep; returns the
 * state to re-check. */
static inline unsigned sb_rwlock_futex_sleep(sb_rwlock_futex *l, unsigned s, unsigned bits)
{
	if ((s & bits) != bits) {
		if (!atomic_compare_exchange_weak_explicit(&l->state, &s, s | bits, memory_order_relaxed,
							   memory_order_relaxed))
			return s;
		s |= bits;
	}
	sb_futex_wait(&l->state, s, NULL);
	return atomic_load_explicit(&l->state, memory_order_relaxed);
}

static inline void sb_rwlock_futex_rdlock(sb_rwlock_futex *l)
{
	unsigned s = atomic_load_explicit(&l->state, memory_order_relaxed);
	for (;;) {
		if (!(s & (SB_RWF_W | SB_RWF_WW))) {
			if (atomic_compare_exchange_weak_explicit(&l->state, &s, s + 1, memory_order_acquire,
								  memory_order_relaxed))
				return;
			continue;
		}
		s = sb_rwlock_futex_sleep(l, s, SB_RWF_SLEEP);
	}
}

static inline void sb_rwlock_futex_rdunlock(sb_rwlock_futex *l)
{
	unsigned prev = atomic_fetch_sub_explicit(&l->state, 1, memory_order_release);
	if ((prev & SB_RWF_READERS) == 1 && (prev & SB_RWF_SLEEP)) {
		/* the last reader out: a writer may be asleep. Clear the bits (a sleeper sets them again)
		 * and wake everyone; a writer that got in meanwhile keeps its W. */
		atomic_fetch_and_explicit(&l->state, ~(SB_RWF_SLEEP | SB_RWF_WW), memory_order_relaxed);
		sb_futex_wake(&l->state, INT_MAX);
	}
}

static inline void sb_rwlock_futex_wrlock(sb_rwlock_futex *l)
{
	unsigned s = atomic_load_explicit(&l->state, memory_order_relaxed);
	for (;;) {
		if (!(s & (SB_RWF_W | SB_RWF_READERS))) {
			/* take it; WW goes: another waiting writer sets it again when it re-checks */
			if (atomic_compare_exchange_weak_explicit(&l->state, &s, (s | SB_RWF_W) & ~SB_RWF_WW,
								  memory_order_acquire, memory_order_relaxed))
				return;
			continue;
		}
		s = sb_rwlock_futex_sleep(l, s, SB_RWF_SLEEP | SB_RWF_WW);
	}
}

static inline void sb_rwlock_futex_wrunlock(sb_rwlock_futex *l)
{
	/* while W is held no reader or writer can enter; others only add SLEEP/WW: reset all */
	if (atomic_exchange_explicit(&l->state, 0, memory_order_release) & SB_RWF_SLEEP)
		sb_futex_wake(&l->state, INT_MAX);
}

static inline void sb_rwlock_futex_destroy(sb_rwlock_futex *l) { (void)l; }
#endif
