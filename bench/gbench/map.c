/* bench/gbench/map.c: every table of src/prim/map_list.h under google-benchmark.
 *   map/IMPL/uncontended/read_pct:100   one thread: the suite's MAP_OP (bench/map_op.h) at
 *                                       read_pct=100: draw a key of the 1024, look it up, check it
 * The table is laid out as the suite's map/IMPL/mixed with keys=1024: the stable half of the keys
 * and every other churning key present, chains as long, the thread's pool as large (the pool is
 * not used by lookups). Check: every stable key was found and every found key had its value. */
#include "gbench_cases.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/map_op.h"

#define GB_MAP_KEYS 1024 /* the suite's default keys */

static int gb_map_nodes(sb_mnode **initial, uint64_t *ninitial, sb_pool *pool, int rcu, char *err, size_t len);

#define GB_MAP_CASE(NAME, RCU, HID)                                                                \
	static struct {                                                                            \
		_Alignas(64) sb_map_##NAME m;                                                      \
		sb_pool pool;                                                                      \
		map_stats stats;                                                                   \
		sb_worker w;                                                                       \
		uint64_t keys;                                                                     \
	} gb_map_##NAME;                                                                           \
	static void gb_map_##NAME##_run(sb_gb_state *st_, void *arg)                               \
	{                                                                                          \
		(void)arg;                                                                         \
		__typeof__(gb_map_##NAME) *g = &gb_map_##NAME;                                     \
		sb_map_##NAME *m = &g->m;                                                          \
		sb_pool *pool = &g->pool;                                                          \
		map_stats *st = &g->stats;                                                         \
		sb_worker *w = &g->w;                                                              \
		const uint64_t keys = g->keys, stable = keys / 2;                                  \
		const int read_pct = (int)sb_gb_range_arg(st_, 0);                                 \
		if (RCU)                                                                           \
			urcu_memb_register_thread();                                               \
		SB_GB_LOOP(st_, MAP_OP(NAME, RCU));                                                \
		if (RCU)                                                                           \
			urcu_memb_unregister_thread();                                             \
		if (w->fail[0])                                                                    \
			sb_gb_skip_with_error(st_, w->fail);                                       \
	}                                                                                          \
	static int gb_map_##NAME##_setup(char *err, size_t len)                                    \
	{                                                                                          \
		__typeof__(gb_map_##NAME) *g = &gb_map_##NAME;                                     \
		sb_mnode *init;                                                                    \
		uint64_t n;                                                                        \
		unsigned long b = 1;                                                               \
		g->keys = GB_MAP_KEYS;                                                             \
		while (b < g->keys)                                                                \
			b <<= 1;                                                                   \
		int r = sb_map_##NAME##_init(&g->m, b);                                            \
		if (r < 0) {                                                                       \
			snprintf(err, len, "map/%s: cannot create the table (errno %d)", #NAME, -r); \
			return r;                                                                  \
		}                                                                                  \
		r = gb_map_nodes(&init, &n, &g->pool, RCU, err, len);                              \
		if (r < 0)                                                                         \
			return r;                                                                  \
		g->stats.rng = sb_mix64(0x9e3779b97f4a7c15ull) | 1; /* the suite's worker 0 */      \
		if (RCU)                                                                           \
			urcu_memb_register_thread();                                               \
		for (uint64_t i = n; i-- > 0;) /* stable keys last: first in the chains */         \
			sb_map_##NAME##_add(&g->m, &init[i],                                       \
					    map_hash(atomic_load_explicit(&init[i].key, memory_order_relaxed))); \
		if (RCU)                                                                           \
			urcu_memb_unregister_thread();                                             \
		return 0;                                                                          \
	}

/* The suite's layout for GB_MAP_KEYS keys: the initial entries (stable keys, then every other
 * churning key) and the thread's pool (never freed: a benchmark may run again). */
static int gb_map_nodes(sb_mnode **initial, uint64_t *ninitial, sb_pool *pool, int rcu, char *err, size_t len)
{
	const uint64_t keys = GB_MAP_KEYS, stable = keys / 2, churn = keys - stable;
	const uint64_t n = stable + (churn + 1) / 2;
	const size_t per = churn + (rcu ? SB_MAP_POOL_RCU : SB_MAP_POOL);
	sb_mnode *nodes = aligned_alloc(64, (n + per) * sizeof *nodes);
	if (!nodes) {
		snprintf(err, len, "out of memory for %zu map entries", (size_t)(n + per));
		return -ENOMEM;
	}
	memset(nodes, 0, (n + per) * sizeof *nodes);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t k = i < stable ? i : stable + 2 * (i - stable);
		atomic_init(&nodes[i].key, k);
		atomic_init(&nodes[i].value, map_value(k));
	}
	sb_pool_init(pool);
	for (size_t k = 0; k < per; k++) {
		nodes[n + k].home = pool;
		sb_pool_put(pool, &nodes[n + k].link);
	}
	*initial = nodes;
	*ninitial = n;
	return 0;
}

SB_MAP_IMPLS(GB_MAP_CASE)

int sb_gbench_map_register(const sb_gbench_opts *o, char *err, size_t len)
{
	static const long long pct[] = {100};
	int r;
#define GB_MAP_ADD(NAME, RCU, HID)                                                                 \
	if (!HID || o->negative_controls) {                                                        \
		r = gb_map_##NAME##_setup(err, len);                                               \
		if (r < 0)                                                                         \
			return r;                                                                  \
	}                                                                                          \
	r = sb_gbench_uncontended(o, "map", #NAME, HID, gb_map_##NAME##_run, NULL, "read_pct", pct, 1, err, len); \
	if (r < 0)                                                                                 \
		return r;
	SB_MAP_IMPLS(GB_MAP_ADD)
#undef GB_MAP_ADD
	return 0;
}
