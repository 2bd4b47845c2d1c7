/* prim/map_node.h: the entry every map implementation stores, and the table shape they share.
 *
 * Entries are preallocated in pools (prim/pool.h). key and value are written before the entry is
 * published (under the writer lock, or before cds_lfht_add_unique's full barrier) and read by
 * lookups after; they are relaxed C11 atomics only so that ThreadSanitizer, which cannot see
 * liburcu's barriers, does not report that hand-off. */
#ifndef SB_PRIM_MAP_NODE_H
#define SB_PRIM_MAP_NODE_H
#include "prim/pool.h"
#include "prim/urcu_memb.h"
#include <urcu/rculfhash.h>
#include <stdint.h>

typedef struct sb_mnode {
	struct cds_lfht_node lfht;   /* cds_lfht's link */
	struct sb_mnode *next;       /* the locked tables' bucket chain */
	struct rcu_head rcu;         /* grace-period recycling (cds_lfht) */
	sb_pool_link link;           /* while in a pool */
	sb_pool *home;               /* the pool it goes back to */
	_Atomic uint64_t key, value;
} __attribute__((aligned(64))) sb_mnode;

static inline sb_mnode *sb_mnode_of_link(sb_pool_link *l)
{
	return l ? (sb_mnode *)((char *)l - offsetof(sb_mnode, link)) : NULL;
}

/* The result of a toggle (insert the key if absent, delete it if present). */
enum { SB_MAP_NONE = 0, SB_MAP_INSERTED = 1, SB_MAP_DELETED = 2 };
#endif
