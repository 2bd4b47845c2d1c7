/* prim/map_chain.h: what the locked baselines of the map family share (prim/map_rwlock.h,
 * map_mutex.h, map_broken.h): one chained hash table (a power-of-two array of bucket lists) under
 * one lock, and SB_MAP_LOCKED, which gives such a table the shape of prim/map_shape.h for a lock
 * type and its calls. An entry removed under the write lock can be reused at once. */
#ifndef SB_PRIM_MAP_CHAIN_H
#define SB_PRIM_MAP_CHAIN_H
#include "prim/map_shape.h"
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

typedef struct {
	sb_mnode **bucket;
	uint64_t mask;
} sb_map_chain;

static inline int sb_map_chain_init(sb_map_chain *t, unsigned long buckets)
{
	t->bucket = calloc(buckets, sizeof *t->bucket);
	t->mask = buckets - 1;
	return t->bucket ? 0 : -ENOMEM;
}
static inline sb_mnode **sb_map_chain_find(sb_map_chain *t, uint64_t key, uint64_t hash)
{
	sb_mnode **pp = &t->bucket[hash & t->mask];
	while (*pp && atomic_load_explicit(&(*pp)->key, memory_order_relaxed) != key)
		pp = &(*pp)->next;
	return pp;
}
static inline int sb_map_chain_toggle(sb_map_chain *t, uint64_t key, uint64_t hash, sb_mnode *fresh,
				      sb_mnode **removed, int broken)
{
	sb_mnode **pp = sb_map_chain_find(t, key, hash);
	if (*pp) {
		if (broken) /* THE BUG: unlink the bucket's first entry, whatever its key */
			pp = &t->bucket[hash & t->mask];
		*removed = *pp;
		*pp = (*pp)->next;
		return SB_MAP_DELETED;
	}
	if (!fresh)
		return SB_MAP_NONE;
	fresh->next = t->bucket[hash & t->mask];
	t->bucket[hash & t->mask] = fresh;
	return SB_MAP_INSERTED;
}
static inline uint64_t sb_map_chain_count(sb_map_chain *t)
{
	uint64_t c = 0;
	for (uint64_t b = 0; b <= t->mask; b++)
		for (sb_mnode *e = t->bucket[b]; e; e = e->next)
			c++;
	return c;
}
static inline int sb_map_chain_lookup(sb_map_chain *t, uint64_t key, uint64_t hash, uint64_t *value)
{
	sb_mnode *e = *sb_map_chain_find(t, key, hash);
	if (e)
		*value = atomic_load_explicit(&e->value, memory_order_relaxed);
	return e != NULL;
}

#define SB_MAP_LOCKED(NAME, LOCK_T, INIT, RDLOCK, WRLOCK, UNLOCK, DESTROY, BROKEN)                   \
	typedef struct { LOCK_T l; sb_map_chain t; } sb_map_##NAME;                                   \
	static inline int sb_map_##NAME##_init(sb_map_##NAME *m, unsigned long buckets)               \
	{                                                                                             \
		int r = -INIT(&m->l, NULL);                                                           \
		return r ? r : sb_map_chain_init(&m->t, buckets);                                     \
	}                                                                                             \
	static inline void sb_map_##NAME##_destroy(sb_map_##NAME *m) { DESTROY(&m->l); free(m->t.bucket); } \
	static inline int sb_map_##NAME##_lookup(sb_map_##NAME *m, uint64_t key, uint64_t hash, uint64_t *value) \
	{                                                                                             \
		RDLOCK(&m->l);                                                                        \
		int f = sb_map_chain_lookup(&m->t, key, hash, value);                                 \
		UNLOCK(&m->l);                                                                        \
		return f;                                                                             \
	}                                                                                             \
	static inline int sb_map_##NAME##_toggle(sb_map_##NAME *m, uint64_t key, uint64_t hash,      \
						  sb_mnode *fresh, sb_mnode **removed)                \
	{                                                                                             \
		WRLOCK(&m->l);                                                                        \
		int r = sb_map_chain_toggle(&m->t, key, hash, fresh, removed, BROKEN);                \
		UNLOCK(&m->l);                                                                        \
		return r;                                                                             \
	}                                                                                             \
	static inline void sb_map_##NAME##_add(sb_map_##NAME *m, sb_mnode *e, uint64_t hash)         \
	{                                                                                             \
		e->next = m->t.bucket[hash & m->t.mask];                                              \
		m->t.bucket[hash & m->t.mask] = e;                                                    \
	}                                                                                             \
	static inline uint64_t sb_map_##NAME##_count(sb_map_##NAME *m, int del)                      \
	{                                                                                             \
		(void)del;                                                                            \
		return sb_map_chain_count(&m->t);                                                     \
	}

#endif
