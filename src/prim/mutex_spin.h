/* prim/mutex_spin.h: spinlocks of our own, one shape (prim/mutex_node.h).
 *   tas    test-and-set: an atomic exchange per attempt, PAUSE between attempts
 *   ttas   test-and-test-and-set: spin reading the line (shared in every cache) and try the
 *          exchange only when it looks free; bounded exponential backoff after a failed try
 *   ticket FIFO: take a ticket with fetch_add, wait for the owner counter to reach it
 *   mcs    FIFO queue lock: each waiter spins on its own node, one cache-line transfer per handoff
 * Acquire on the operation that takes the lock, release on the one that frees it. */
#ifndef SB_PRIM_MUTEX_SPIN_H
#define SB_PRIM_MUTEX_SPIN_H
#include "prim/mutex_node.h"
#include "syncbench/spin.h"
#include <stddef.h>

/* ---- tas ---- */
typedef struct { atomic_uint v; } sb_mutex_tas;
static inline int sb_mutex_tas_init(sb_mutex_tas *l) { atomic_init(&l->v, 0); return 0; }
static inline void sb_mutex_tas_lock(sb_mutex_tas *l, sb_mutex_node *n)
{
	(void)n;
	while (atomic_exchange_explicit(&l->v, 1, memory_order_acquire))
		sb_cpu_relax();
}
static inline void sb_mutex_tas_unlock(sb_mutex_tas *l, sb_mutex_node *n)
{
	(void)n;
	atomic_store_explicit(&l->v, 0, memory_order_release);
}
static inline void sb_mutex_tas_destroy(sb_mutex_tas *l) { (void)l; }

/* ---- ttas with bounded exponential backoff ---- */
#define SB_TTAS_BACKOFF_MIN 4u
#define SB_TTAS_BACKOFF_MAX 1024u /* PAUSEs; bounded so a waiter is never asleep for long */
typedef struct { atomic_uint v; } sb_mutex_ttas;
static inline int sb_mutex_ttas_init(sb_mutex_ttas *l) { atomic_init(&l->v, 0); return 0; }
static inline void sb_mutex_ttas_lock(sb_mutex_ttas *l, sb_mutex_node *n)
{
	(void)n;
	unsigned backoff = SB_TTAS_BACKOFF_MIN;
	for (;;) {
		/* relaxed reads while it is held: the line stays shared, no write traffic */
		while (atomic_load_explicit(&l->v, memory_order_relaxed))
			sb_cpu_relax();
		if (!atomic_exchange_explicit(&l->v, 1, memory_order_acquire))
			return;
		for (unsigned i = 0; i < backoff; i++)
			sb_cpu_relax();
		if (backoff < SB_TTAS_BACKOFF_MAX)
			backoff <<= 1;
	}
}
static inline void sb_mutex_ttas_unlock(sb_mutex_ttas *l, sb_mutex_node *n)
{
	(void)n;
	atomic_store_explicit(&l->v, 0, memory_order_release);
}
static inline void sb_mutex_ttas_destroy(sb_mutex_ttas *l) { (void)l; }

/* ---- ticket ---- */
typedef struct { atomic_uint next; atomic_uint owner; } sb_mutex_ticket;
static inline int sb_mutex_ticket_init(sb_mutex_ticket *l)
{
	atomic_init(&l->next, 0);
	atomic_init(&l->owner, 0);
	return 0;
}
static inline void sb_mutex_ticket_lock(sb_mutex_ticket *l, sb_mutex_node *n)
{
	(void)n;
	/* taking a ticket orders nothing; the acquire load of owner is what takes the lock */
	unsigned t = atomic_fetch_add_explicit(&l->next, 1, memory_order_relaxed);
	while (atomic_load_explicit(&l->owner, memory_order_acquire) != t)
		sb_cpu_relax();
}
static inline void sb_mutex_ticket_unlock(sb_mutex_ticket *l, sb_mutex_node *n)
{
	(void)n;
	/* only the holder writes owner, so a plain read of it plus a release store suffices */
	unsigned o = atomic_load_explicit(&l->owner, memory_order_relaxed);
	atomic_store_explicit(&l->owner, o + 1, memory_order_release);
}
static inline void sb_mutex_ticket_destroy(sb_mutex_ticket *l) { (void)l; }

/* ---- mcs ---- */
typedef struct { sb_mutex_node *_Atomic tail; } sb_mutex_mcs;
static inline int sb_mutex_mcs_init(sb_mutex_mcs *l) { atomic_init(&l->tail, NULL); return 0; }
static inline void sb_mutex_mcs_lock(sb_mutex_mcs *l, sb_mutex_node *n)
{
	atomic_store_explicit(&n->next, NULL, memory_order_relaxed);
	atomic_store_explicit(&n->locked, 1, memory_order_relaxed);
	/* acq_rel: release publishes our node's fields to the predecessor, acquire pairs with a
	 * releasing unlock that swung the tail back to NULL */
	sb_mutex_node *pred = atomic_exchange_explicit(&l->tail, n, memory_order_acq_rel);
	if (!pred)
		return;
	atomic_store_explicit(&pred->next, n, memory_order_release);
	while (atomic_load_explicit(&n->locked, memory_order_acquire))
		sb_cpu_relax();
}
static inline void sb_mutex_mcs_unlock(sb_mutex_mcs *l, sb_mutex_node *n)
{
	sb_mutex_node *next = atomic_load_explicit(&n->next, memory_order_acquire);
	if (!next) {
		sb_mutex_node *me = n;
		if (atomic_compare_exchange_strong_explicit(&l->tail, &me, NULL, memory_order_release,
							    memory_order_relaxed))
			return;
		/* a successor swapped the tail but has not linked itself yet */
		while (!(next = atomic_load_explicit(&n->next, memory_order_acquire)))
			sb_cpu_relax();
	}
	atomic_store_explicit(&next->locked, 0, memory_order_release);
}
static inline void sb_mutex_mcs_destroy(sb_mutex_mcs *l) { (void)l; }

/* ---- broken: a negative control, NOT a lock ----
 * Checks the word and then sets it with two separate relaxed operations: two threads can both see 0
 * and both enter. It exists so the tests can prove that the mutual-exclusion check fails on a lock
 * that does not exclude (cf. lock_busted_ops in the kernel's locktorture). Hidden from list and from
 * the default sweep. */
typedef struct { atomic_uint v; } sb_mutex_broken;
static inline int sb_mutex_broken_init(sb_mutex_broken *l) { atomic_init(&l->v, 0); return 0; }
static inline void sb_mutex_broken_lock(sb_mutex_broken *l, sb_mutex_node *n)
{
	(void)n;
	while (atomic_load_explicit(&l->v, memory_order_relaxed))
		sb_cpu_relax();
	atomic_store_explicit(&l->v, 1, memory_order_relaxed);
}
static inline void sb_mutex_broken_unlock(sb_mutex_broken *l, sb_mutex_node *n)
{
	(void)n;
	atomic_store_explicit(&l->v, 0, memory_order_relaxed);
}
static inline void sb_mutex_broken_destroy(sb_mutex_broken *l) { (void)l; }
#endif
