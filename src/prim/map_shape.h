/* prim/map_shape.h: the one shape every map (hash table) implementation offers.
 *
 *   typedef ... sb_map_IMPL;    the table (shared by every thread that uses it)
 *   int  sb_map_IMPL_init(sb_map_IMPL *m, unsigned long buckets);   buckets a power of two; 0 or -errno
 *   void sb_map_IMPL_destroy(sb_map_IMPL *m);                       the table must be empty (lfht)
 *   int  sb_map_IMPL_lookup(sb_map_IMPL *m, uint64_t key, uint64_t hash, uint64_t *value);
 *        1 and *value when key is present, else 0
 *   int  sb_map_IMPL_toggle(sb_map_IMPL *m, uint64_t key, uint64_t hash, sb_mnode *fresh, sb_mnode **removed);
 *        delete key if present (SB_MAP_DELETED, *removed: the entry), else insert fresh if not
 *        NULL (SB_MAP_INSERTED), else SB_MAP_NONE
 *   void sb_map_IMPL_add(sb_map_IMPL *m, sb_mnode *e, uint64_t hash);   setup only, no other thread
 *   uint64_t sb_map_IMPL_count(sb_map_IMPL *m, int del);    after the join: the entries (del = 1:
 *        also unlink them all, before destroy)
 *
 * All static inline. lookup and toggle are safe from any number of threads at once; an entry's
 * key and value are written before it is inserted and read after it is found. Who owns a removed
 * entry: the caller, at once for a locked table; for an implementation flagged SB_IMPL_NEEDS_RCU
 * in prim/map_list.h only after a grace period (a concurrent lookup may still read it), and its
 * callers are threads registered with liburcu's memb flavour.
 *
 * Implementations are listed once, in prim/map_list.h.
 */
#ifndef SB_PRIM_MAP_SHAPE_H
#define SB_PRIM_MAP_SHAPE_H
#include "prim/map_node.h"
#endif
