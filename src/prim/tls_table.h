/* prim/tls_table.h: a per-variable table keyed by thread identity, as an interpreter keeps
 * threading.local's per-thread dicts: open addressing (linear probing) from a hash of
 * pthread_self() to a slot, at least twice as many slots as threads. Every get and set hashes and
 * probes. A thread claims a slot once (a CAS on its owner word, from empty or a tombstone) and
 * marks it a tombstone when it leaves (a later thread may get the same pthread_t: a stale owner
 * would be found first). The value is read and written by its owner alone, so it needs no lock
 * and no atomic; the owner words are atomic because other threads read them while probing.
 * Relaxed throughout: a thread only ever looks for its own owner word, which it wrote itself.
 * Each slot has a cache line of its own (no false sharing between the threads' values). */
#ifndef SB_PRIM_TLS_TABLE_H
#define SB_PRIM_TLS_TABLE_H
#include "prim/tls_shape.h"
#include "syncbench/harness.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#define SB_TLS_EMPTY ((uintptr_t)0)
#define SB_TLS_TOMB ((uintptr_t)1) /* never a pthread_t: they are aligned addresses */

typedef struct sb_tls_slot {
	_Alignas(SB_CACHELINE) _Atomic uintptr_t owner; /* pthread_self() of its thread, EMPTY or TOMB */
	uint64_t value;                                  /* the owner's alone */
} sb_tls_slot;

typedef struct {
	sb_tls_slot *slots;
	size_t mask; /* slots - 1, slots a power of two */
} sb_tls_table;
typedef struct { sb_tls_slot *slot; } sb_tls_table_thread;

static inline size_t sb_tls_table_hash(const sb_tls_table *v, uintptr_t self)
{
	/* pthread_t values are page-aligned addresses: multiply, keep the well-mixed high bits */
	uint64_t h = (uint64_t)self * 0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 32) & v->mask;
}

static inline int sb_tls_table_init(sb_tls_table *v, int nthreads)
{
	size_t n = 16;
	while (n < 2 * (size_t)(nthreads > 0 ? nthreads : 1))
		n *= 2;
	v->slots = aligned_alloc(SB_CACHELINE, n * sizeof *v->slots);
	if (!v->slots)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		atomic_init(&v->slots[i].owner, SB_TLS_EMPTY);
		v->slots[i].value = 0;
	}
	v->mask = n - 1;
	return 0;
}

static inline int sb_tls_table_thread_init(sb_tls_table *v, sb_tls_table_thread *t)
{
	uintptr_t self = (uintptr_t)pthread_self();
	size_t i = sb_tls_table_hash(v, self);
	for (size_t n = 0; n <= v->mask; n++, i = (i + 1) & v->mask) {
		sb_tls_slot *s = &v->slots[i];
		uintptr_t o = atomic_load_explicit(&s->owner, memory_order_relaxed);
		if ((o == SB_TLS_EMPTY || o == SB_TLS_TOMB) &&
		    atomic_compare_exchange_strong_explicit(&s->owner, &o, self, memory_order_relaxed,
							    memory_order_relaxed)) {
			s->value = 0;
			t->slot = s;
			return 0;
		}
	}
	return -ENOSPC;
}

/* The calling thread's slot, or NULL when it has none (never registered). */
static inline sb_tls_slot *sb_tls_table_find(sb_tls_table *v)
{
	uintptr_t self = (uintptr_t)pthread_self();
	size_t i = sb_tls_table_hash(v, self);
	for (size_t n = 0; n <= v->mask; n++, i = (i + 1) & v->mask) {
		uintptr_t o = atomic_load_explicit(&v->slots[i].owner, memory_order_relaxed);
		if (o == self)
			return &v->slots[i];
		if (o == SB_TLS_EMPTY)
			return NULL;
	}
	return NULL;
}

static inline uint64_t sb_tls_table_get(sb_tls_table *v)
{
	sb_tls_slot *s = sb_tls_table_find(v);
	return s ? s->value : 0;
}
static inline void sb_tls_table_set(sb_tls_table *v, uint64_t x)
{
	sb_tls_slot *s = sb_tls_table_find(v);
	if (s)
		s->value = x;
}
static inline void sb_tls_table_thread_exit(sb_tls_table *v, sb_tls_table_thread *t)
{
	(void)v;
	atomic_store_explicit(&t->slot->owner, SB_TLS_TOMB, memory_order_relaxed);
}
static inline void sb_tls_table_destroy(sb_tls_table *v) { free(v->slots); }
#endif
