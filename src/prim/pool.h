/* prim/pool.h: a per-thread pool of preallocated nodes, for the queue and map families.
 *
 * Nodes are allocated once, in a case's setup; the measured loop only moves them between pools
 * and containers (a malloc in the window would measure malloc). Each worker owns
 * one sb_pool:
 *   - free:     the owner's private LIFO (sb_pool_get / sb_pool_put, owner thread only);
 *   - returned: a LIFO any thread may push a node onto (sb_pool_return: a consumer giving a node
 *               back to its producer, or a call_rcu callback after a grace period); the owner
 *               takes the whole list at once with one exchange when its free list runs dry.
 * Push-only + take-all needs no ABA protection. C11 atomics, so ThreadSanitizer sees the hand-off.
 */
#ifndef SB_PRIM_POOL_H
#define SB_PRIM_POOL_H
#include <stdatomic.h>
#include <stddef.h>

/* ThreadSanitizer cannot see liburcu's synchronisation (inline-asm atomics, membarrier): where a
 * node is handed from one thread to another through liburcu (a push and the pop that returns it,
 * call_rcu and its callback, cds_lfht's add and lookup), the two sides name the edge with
 * SB_TSAN_RELEASE(&node->home) before and SB_TSAN_ACQUIRE(&node->home) after. Nothing at all in
 * other builds. (The queue family's push/pop hand-off needs none: the item's state flag is a
 * release store and an acquire exchange; annotating around cds_wfcq/cds_lfs pops made TSan stall.) */
#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#define SB_TSAN_RELEASE(p) __tsan_release((void *)(p))
#define SB_TSAN_ACQUIRE(p) __tsan_acquire((void *)(p))
#else
#define SB_TSAN_RELEASE(p) ((void)0)
#define SB_TSAN_ACQUIRE(p) ((void)0)
#endif

/* The pool's calls sit in measured loops: always inlined. */
#define SB_POOL_INLINE inline __attribute__((always_inline))

typedef struct sb_pool_link {
	struct sb_pool_link *next;
} sb_pool_link;

typedef struct sb_pool {
	_Alignas(64) sb_pool_link *free;          /* owner only */
	_Alignas(64) _Atomic(sb_pool_link *) returned; /* pushed by any thread: its own line */
} sb_pool;

static inline void sb_pool_init(sb_pool *p)
{
	p->free = NULL;
	atomic_init(&p->returned, NULL);
}

/* Owner only: put a node back on the private list. */
static SB_POOL_INLINE void sb_pool_put(sb_pool *p, sb_pool_link *l)
{
	l->next = p->free;
	p->free = l;
}

/* Any thread: give a node back to the pool's owner. Release: the node's contents written before
 * are visible to the owner that takes it (acquire in sb_pool_get). */
static SB_POOL_INLINE void sb_pool_return(sb_pool *p, sb_pool_link *l)
{
	sb_pool_link *old = atomic_load_explicit(&p->returned, memory_order_relaxed);
	do
		l->next = old;
	while (!atomic_compare_exchange_weak_explicit(&p->returned, &old, l, memory_order_release,
						       memory_order_relaxed));
}

/* Owner only: a node, or NULL when the pool is empty (every node in a container or in flight). */
static SB_POOL_INLINE sb_pool_link *sb_pool_get(sb_pool *p)
{
	sb_pool_link *l = p->free;
	if (!l) {
		if (!atomic_load_explicit(&p->returned, memory_order_relaxed))
			return NULL;
		l = atomic_exchange_explicit(&p->returned, NULL, memory_order_acquire);
		if (!l)
			return NULL;
	}
	p->free = l->next;
	return l;
}
#endif
