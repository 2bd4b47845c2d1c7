/* prim/map_lfht.h: liburcu's cds_lfht resizable lock-free hash table, memb flavour, in the shape of
 * prim/map_shape.h.
 * Lookups and updates run in a read-side critical section; a deleted entry may still be read by a
 * concurrent lookup, so the family recycles it only after a grace period (call_rcu: SB_IMPL_NEEDS_RCU in
 * prim/map_list.h). The table is created with the bucket count for the key space and no automatic
 * resize, so no resize runs in the window. Calling threads must be registered with urcu_memb. */
#ifndef SB_PRIM_MAP_LFHT_H
#define SB_PRIM_MAP_LFHT_H
#include "prim/map_shape.h"
#include <errno.h>

typedef struct { struct cds_lfht *ht; } sb_map_lfht;

static inline int sb_map_lfht_match(struct cds_lfht_node *n, const void *key)
{
	const sb_mnode *e = caa_container_of(n, sb_mnode, lfht);
	return atomic_load_explicit(&e->key, memory_order_relaxed) == *(const uint64_t *)key;
}
static inline int sb_map_lfht_init(sb_map_lfht *m, unsigned long buckets)
{
	m->ht = cds_lfht_new_flavor(buckets, buckets, 0, 0, &urcu_memb_flavor, NULL);
	return m->ht ? 0 : -ENOMEM;
}
/* Controller, after every entry was removed (sb_map_lfht_drain). */
static inline void sb_map_lfht_destroy(sb_map_lfht *m) { cds_lfht_destroy(m->ht, NULL); }
/* 1 and *value when found. */
static inline int sb_map_lfht_lookup(sb_map_lfht *m, uint64_t key, uint64_t hash, uint64_t *value)
{
	struct cds_lfht_iter it;
	urcu_memb_read_lock();
	cds_lfht_lookup(m->ht, hash, sb_map_lfht_match, &key, &it);
	struct cds_lfht_node *n = cds_lfht_iter_get_node(&it);
	if (n) {
		SB_TSAN_ACQUIRE(&(caa_container_of(n, sb_mnode, lfht))->home);
		*value = atomic_load_explicit(&caa_container_of(n, sb_mnode, lfht)->value, memory_order_relaxed);
	}
	urcu_memb_read_unlock();
	return n != NULL;
}
/* Delete key if present (*removed: the entry, to recycle after a grace period), else insert
 * fresh (if not NULL). */
static inline int sb_map_lfht_toggle(sb_map_lfht *m, uint64_t key, uint64_t hash, sb_mnode *fresh,
				     sb_mnode **removed)
{
	struct cds_lfht_iter it;
	int r = SB_MAP_NONE;
	urcu_memb_read_lock();
	cds_lfht_lookup(m->ht, hash, sb_map_lfht_match, &key, &it);
	struct cds_lfht_node *n = cds_lfht_iter_get_node(&it);
	if (n) {
		SB_TSAN_ACQUIRE(&(caa_container_of(n, sb_mnode, lfht))->home);
		if (cds_lfht_del(m->ht, n) == 0) {
			*removed = caa_container_of(n, sb_mnode, lfht);
			r = SB_MAP_DELETED;
		}
	} else if (fresh) {
		cds_lfht_node_init(&fresh->lfht);
		SB_TSAN_RELEASE(&(fresh)->home);
		if (cds_lfht_add_unique(m->ht, hash, sb_map_lfht_match, &key, &fresh->lfht) == &fresh->lfht)
			r = SB_MAP_INSERTED;
	}
	urcu_memb_read_unlock();
	return r;
}
/* Controller, setup only (no other thread): add an entry. */
static inline void sb_map_lfht_add(sb_map_lfht *m, sb_mnode *e, uint64_t hash)
{
	urcu_memb_read_lock();
	cds_lfht_node_init(&e->lfht);
	cds_lfht_add(m->ht, hash, &e->lfht);
	urcu_memb_read_unlock();
}
/* Controller, after the join: count the entries; with del = 1 also remove them all. */
static inline uint64_t sb_map_lfht_count(sb_map_lfht *m, int del)
{
	struct cds_lfht_iter it;
	struct cds_lfht_node *n;
	uint64_t c = 0;
	urcu_memb_read_lock();
	cds_lfht_for_each(m->ht, &it, n) {
		c++;
		if (del)
			cds_lfht_del(m->ht, n);
	}
	urcu_memb_read_unlock();
	return c;
}
#endif
