/* bench/map_op.h: the operations of the map family, shared by the suite's loop (bench/map.c) and
 * google-benchmark's (bench/gbench/map.c).
 *
 *   map_op_read_IMPL(c, 0)  look up the next key of the worker's lookup pattern (keys drawn once,
 *                           in setup, from the whole key space): a stable key must be found, any
 *                           key found must carry its value, else the worker fails
 *   map_op_mix_IMPL(c, 0)   a lookup or a toggle, as the interleave says (a counter: a toggle
 *                           whenever it passes 100, nothing drawn per operation). A toggle takes
 *                           the next churning key of the worker's update pattern: deletes it if
 *                           present, else inserts an entry from the worker's pool (a deleted
 *                           entry goes back to the pool, through call_rcu for an implementation
 *                           flagged SB_IMPL_NEEDS_RCU).
 *
 * Keys and values: map_hash(key), map_value(key). The context says everything an operation
 * touches; it belongs to one thread (registered with urcu_memb for an SB_IMPL_NEEDS_RCU table). */
#ifndef SB_BENCH_MAP_OP_H
#define SB_BENCH_MAP_OP_H
#include "prim/map_list.h"
#include "syncbench/harness.h"
#include "syncbench/loop.h"
#include "syncbench/rand.h"

#include <inttypes.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define SB_MAP_POOL 1024u          /* spare entries per worker beyond the churning keys */
#define SB_MAP_POOL_RCU 32768u     /* ... when deleted entries wait for a grace period */
#define SB_MAP_PATTERN 4096u       /* keys in a worker's lookup pattern and in its update pattern */

typedef struct map_stats {
	_Alignas(SB_CACHELINE) uint64_t lookups, inserts, deletes, stalls; /* warm-up + window */
} map_stats;

/* What one worker's operations work on, on the worker's stack. */
typedef struct map_ctx {
	_Alignas(SB_CACHELINE) void *map;    /* sb_map_IMPL, shared */
	sb_pool *pool;                        /* the worker's entries */
	sb_worker *w;                         /* its fail message */
	const uint32_t *lk_keys, *wr_keys;    /* SB_MAP_PATTERN keys each: lookups, toggles */
	uint64_t stable;                      /* keys below are never deleted */
	uint32_t ri, wi;                      /* next lookup, next toggle (mod SB_MAP_PATTERN) */
	unsigned mix, write_pct;              /* the interleave */
	uint64_t lookups, inserts, deletes, stalls; /* warm-up + window */
	uint64_t lookups0;                    /* lookups when the window opened */
} map_ctx;

static inline uint64_t map_hash(uint64_t key) { return sb_mix64(key); }
static inline uint64_t map_value(uint64_t key) { return sb_mix64(key ^ 0x5bd1e9955bd1e995ull) | 1; }

/* n keys lo .. lo+span-1, drawn once (setup) from a generator seeded by seed. */
static inline void map_keys_draw(uint32_t *k, unsigned n, uint64_t lo, uint64_t span, uint64_t seed)
{
	uint64_t x = sb_mix64(seed) | 1;
	for (unsigned i = 0; i < n; i++) {
		x ^= x >> 12; /* xorshift64* */
		x ^= x << 25;
		x ^= x >> 27;
		k[i] = (uint32_t)(lo + ((x * 0x2545f4914f6cdd1dull) >> 32) % span);
	}
}

/* The key space as the suite's setup (bench/map.c) lays it out, shared with syncbench-plain:
 * keys 0 .. stable-1 (stable = keys / 2) are never deleted; of the churning keys stable .. keys-1
 * every other one is present at the start. initial entries in all. */
static inline uint64_t map_initial_count(uint64_t keys, uint64_t stable) { return stable + (keys - stable + 1) / 2; }
/* the key of initial entry i: the stable keys, then every other churning key */
static inline uint64_t map_initial_key(uint64_t i, uint64_t stable) { return i < stable ? i : stable + 2 * (i - stable); }
static inline uint64_t map_node_key(const sb_mnode *e) { return atomic_load_explicit(&e->key, memory_order_relaxed); }

/* The initial entries nodes[0 .. initial-1]: their keys and values. */
static inline void map_nodes_fill(sb_mnode *nodes, uint64_t initial, uint64_t stable)
{
	for (uint64_t i = 0; i < initial; i++) {
		uint64_t k = map_initial_key(i, stable);
		atomic_init(&nodes[i].key, k);
		atomic_init(&nodes[i].value, map_value(k));
	}
}

/* Worker t's patterns, keys[0 .. 2 * SB_MAP_PATTERN - 1]: SB_MAP_PATTERN lookups of the whole key
 * space, then as many toggles of churning keys. */
static inline void map_patterns_draw(uint32_t *keys, int t, uint64_t nkeys, uint64_t stable)
{
	map_keys_draw(keys, SB_MAP_PATTERN, 0, nkeys, (uint64_t)t + 0x9e3779b97f4a7c15ull);
	map_keys_draw(keys + SB_MAP_PATTERN, SB_MAP_PATTERN, stable, nkeys - stable, (uint64_t)t + 0x632be59bd9b4e019ull);
}

/* The table's buckets for keys keys: the next power of two. */
static inline unsigned long map_buckets(uint64_t keys)
{
	unsigned long b = 1;
	while (b < keys)
		b <<= 1;
	return b;
}

/* The initial entries into the table m (add: the implementation's sb_map_IMPL_add), last first:
 * the stable keys are added last, so they come first in the chains. */
static inline void map_add_initial(void *m, sb_mnode *nodes, uint64_t initial,
				   void (*add)(void *m, sb_mnode *e, uint64_t hash))
{
	for (uint64_t i = initial; i-- > 0;)
		add(m, &nodes[i], map_hash(map_node_key(&nodes[i])));
}

static char sb_map_barrier_edge __attribute__((unused)); /* ThreadSanitizer: callbacks -> rcu_barrier */

static __attribute__((unused)) void map_recycle_cb(struct rcu_head *h)
{
	sb_mnode *e = caa_container_of(h, sb_mnode, rcu);
	SB_TSAN_ACQUIRE(&(e)->home); /* the edge from call_rcu (after the grace period) */
	sb_pool_return(e->home, &e->link);
	SB_TSAN_RELEASE(&sb_map_barrier_edge); /* seen by the controller after urcu_memb_barrier */
}

static __attribute__((noinline, cold)) void map_fail(sb_worker *w, uint64_t key, int found, uint64_t v,
						      int stable)
{
	if (w->fail[0])
		return;
	if (!found)
		snprintf(w->fail, sizeof w->fail, "stable key %" PRIu64 " not found", key);
	else
		snprintf(w->fail, sizeof w->fail, "%s key %" PRIu64 " found with a wrong value %#" PRIx64,
			 stable ? "stable" : "churning", key, v);
}

static SB_ALWAYS_INLINE uint64_t map_next_lookup(map_ctx *c) { return c->lk_keys[c->ri++ & (SB_MAP_PATTERN - 1)]; }
static SB_ALWAYS_INLINE uint64_t map_next_toggle(map_ctx *c) { return c->wr_keys[c->wi++ & (SB_MAP_PATTERN - 1)]; }

/* What a lookup found must be right: a stable key present, any key found with its value. */
static SB_ALWAYS_INLINE void map_lookup_check(map_ctx *c, uint64_t k, int found, uint64_t v)
{
	if (__builtin_expect((k < c->stable && !found) || (found && v != map_value(k)), 0))
		map_fail(c->w, k, found, v, k < c->stable);
}

/* An entry for key k from the pool, or NULL (counted) when every entry is in the table or in a
 * grace period. */
static SB_ALWAYS_INLINE sb_mnode *map_fresh(map_ctx *c, uint64_t k)
{
	sb_mnode *e = sb_mnode_of_link(sb_pool_get(c->pool));
	if (e) {
		atomic_store_explicit(&e->key, k, memory_order_relaxed);
		atomic_store_explicit(&e->value, map_value(k), memory_order_relaxed);
	} else {
		c->stalls++;
	}
	return e;
}

/* After a toggle: count it; an unused fresh entry goes back, a removed one too (after a grace
 * period when rcu, a constant). */
static SB_ALWAYS_INLINE void map_toggled(map_ctx *c, int t, sb_mnode *fresh, sb_mnode *gone, const int rcu)
{
	if (t == SB_MAP_INSERTED)
		c->inserts++;
	else if (fresh)
		sb_pool_put(c->pool, &fresh->link);
	if (t == SB_MAP_DELETED) {
		c->deletes++;
		if (rcu) {
			gone->home = c->pool;
			SB_TSAN_RELEASE(&gone->home);
			urcu_memb_call_rcu(&gone->rcu, map_recycle_cb);
		} else {
			sb_pool_put(c->pool, &gone->link);
		}
	}
}

/* One operation of the mix: a lookup or a toggle. */
static SB_ALWAYS_INLINE void map_mix(map_ctx *c, void (*lookup)(map_ctx *), void (*toggle)(map_ctx *))
{
	c->mix += c->write_pct;
	if (c->mix >= 100) {
		c->mix -= 100;
		toggle(c);
	} else {
		lookup(c);
		c->lookups++;
	}
}

/* map_lookup_IMPL, map_toggle_IMPL and the loop operations map_op_read_IMPL, map_op_mix_IMPL for
 * every implementation of the list. */
#define MAP_OP_DEFINE(NAME, FLAGS)                                                                 \
	static SB_ALWAYS_INLINE void map_lookup_##NAME(map_ctx *c)                                 \
	{                                                                                          \
		uint64_t k = map_next_lookup(c), v = 0;                                            \
		int found = sb_map_##NAME##_lookup(c->map, k, map_hash(k), &v);                    \
		map_lookup_check(c, k, found, v);                                                  \
	}                                                                                          \
	static SB_ALWAYS_INLINE void map_toggle_##NAME(map_ctx *c)                                 \
	{                                                                                          \
		uint64_t k = map_next_toggle(c);                                                   \
		sb_mnode *fresh = map_fresh(c, k), *gone = NULL;                                   \
		int t = sb_map_##NAME##_toggle(c->map, k, map_hash(k), fresh, &gone);              \
		map_toggled(c, t, fresh, gone, ((FLAGS) & SB_IMPL_NEEDS_RCU) != 0);                \
	}                                                                                          \
	static SB_ALWAYS_INLINE void map_op_read_##NAME(void *ctx, int has_cs) { (void)has_cs; map_lookup_##NAME(ctx); } \
	static SB_ALWAYS_INLINE void map_op_mix_##NAME(void *ctx, int has_cs)                      \
	{                                                                                          \
		(void)has_cs;                                                                      \
		map_mix(ctx, map_lookup_##NAME, map_toggle_##NAME);                                \
	}
SB_MAP_IMPLS(MAP_OP_DEFINE)
#undef MAP_OP_DEFINE

/* The state the operations work on, as the suite's setup (bench/map.c) makes it: the table, its
 * nodes, and a pool, counts and key patterns per worker. The suite's workers and google-benchmark's
 * loop (bench/gbench/map.c, worker 0's pool and patterns) see the same layout. */
typedef struct map_shared {
	_Alignas(SB_CACHELINE) union {
#define X(NAME, FLAGS) sb_map_##NAME NAME;
		SB_MAP_IMPLS(X)
#undef X
	} m;
	_Alignas(SB_CACHELINE) int nthreads, read_pct;
	uint64_t keys, stable, initial;
	sb_pool *pools;
	map_stats *stats;
	sb_mnode *nodes;
	size_t nnodes;
	uint32_t *pattern; /* per worker: SB_MAP_PATTERN lookup keys, then SB_MAP_PATTERN toggle keys */
} map_shared;

#endif
