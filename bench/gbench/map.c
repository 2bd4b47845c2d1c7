/* bench/gbench/map.c: every table of src/prim/map_list.h under google-benchmark.
 *   map/IMPL/uncontended/read_pct:100   one thread: the suite's map/IMPL/mixed at read_pct=100,
 *                                       the same operation (bench/map_op.h map_op_read_IMPL: the
 *                                       next key of the suite's worker 0's pattern of the 1024,
 *                                       look it up, check it)
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

static int gb_map_nodes(sb_mnode **initial, uint64_t *ninitial, sb_pool *pool, int rcu, uint32_t *keys, char *err,
			size_t len);

/* One thread's run: the suite's lookup operation, inlined into google-benchmark's batch loop. */
static SB_ALWAYS_INLINE void gb_map_run(sb_gb_state *st, void *m, sb_pool *pool, const uint32_t *keys, const int rcu,
					sb_loop_op op)
{
	sb_worker w; /* the operation's fail message: the suite's worker, with no harness behind it */
	map_ctx c;
	memset(&w, 0, sizeof w);
	memset(&c, 0, sizeof c);
	c.map = m;
	c.pool = pool;
	c.w = &w;
	c.lk_keys = keys;
	c.stable = GB_MAP_KEYS / 2;
	if (rcu)
		urcu_memb_register_thread();
	int64_t n;
	while ((n = sb_gb_keep_running_batch(st, 0)) > 0)
		for (int64_t i = 0; i < n; i++)
			op(&c, 0);
	if (rcu)
		urcu_memb_unregister_thread();
	if (w.fail[0])
		sb_gb_skip_with_error(st, w.fail);
}

#define GB_MAP_CASE(NAME, FLAGS)                                                                   \
	static struct {                                                                            \
		_Alignas(64) sb_map_##NAME m;                                                      \
		sb_pool pool;                                                                      \
		uint32_t keys[SB_MAP_PATTERN];                                                     \
	} gb_map_##NAME;                                                                           \
	static void gb_map_##NAME##_run(sb_gb_state *st, void *arg)                                \
	{                                                                                          \
		(void)arg; /* read_pct: 100, the only value registered */                          \
		gb_map_run(st, &gb_map_##NAME.m, &gb_map_##NAME.pool, gb_map_##NAME.keys,          \
			   ((FLAGS) & SB_IMPL_NEEDS_RCU) != 0, map_op_read_##NAME);                \
	}                                                                                          \
	static int gb_map_##NAME##_setup(char *err, size_t len)                                    \
	{                                                                                          \
		const int rcu = ((FLAGS) & SB_IMPL_NEEDS_RCU) != 0;                                \
		sb_mnode *init;                                                                    \
		uint64_t n;                                                                        \
		int r = sb_map_##NAME##_init(&gb_map_##NAME.m, GB_MAP_KEYS);                       \
		if (r < 0) {                                                                       \
			snprintf(err, len, "map/%s: cannot create the table (errno %d)", #NAME, -r); \
			return r;                                                                  \
		}                                                                                  \
		r = gb_map_nodes(&init, &n, &gb_map_##NAME.pool, rcu, gb_map_##NAME.keys, err, len); \
		if (r < 0)                                                                         \
			return r;                                                                  \
		if (rcu)                                                                           \
			urcu_memb_register_thread();                                               \
		for (uint64_t i = n; i-- > 0;) /* stable keys last: first in the chains */         \
			sb_map_##NAME##_add(&gb_map_##NAME.m, &init[i],                            \
					    map_hash(atomic_load_explicit(&init[i].key, memory_order_relaxed))); \
		if (rcu)                                                                           \
			urcu_memb_unregister_thread();                                             \
		return 0;                                                                          \
	}

/* The suite's layout for GB_MAP_KEYS keys: the initial entries (stable keys, then every other
 * churning key), the thread's pool (never freed: a benchmark may run again) and the lookup keys of
 * the suite's worker 0. */
static int gb_map_nodes(sb_mnode **initial, uint64_t *ninitial, sb_pool *pool, int rcu, uint32_t *keys, char *err,
			size_t len)
{
	const uint64_t keys_n = GB_MAP_KEYS, stable = keys_n / 2, churn = keys_n - stable;
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
	map_keys_draw(keys, SB_MAP_PATTERN, 0, keys_n, 0x9e3779b97f4a7c15ull);
	*initial = nodes;
	*ninitial = n;
	return 0;
}

SB_MAP_IMPLS(GB_MAP_CASE)

int sb_gbench_map_register(const sb_gbench_opts *o, char *err, size_t len)
{
	static const long long pct[] = {100};
#define GB_MAP_ROW(NAME, FLAGS)                                                                    \
	{ .family = "map", .impl = #NAME, .impl_flags = (FLAGS), .fn = gb_map_##NAME##_run,        \
	  .setup = gb_map_##NAME##_setup, .arg_name = "read_pct", .vals = pct, .nvals = 1 },
	static const sb_gbench_case rows[] = { SB_MAP_IMPLS(GB_MAP_ROW) };
#undef GB_MAP_ROW
	return sb_gbench_add(o, rows, sizeof rows / sizeof rows[0], err, len);
}
