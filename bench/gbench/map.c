/* bench/gbench/map.c: every table of src/prim/map_list.h under google-benchmark.
 *   map/IMPL/uncontended/read_pct:100   one thread: the suite's map/IMPL/mixed at read_pct=100,
 *                                       the same operation (bench/map_op.h map_op_read_IMPL: the
 *                                       next key of the suite's worker 0's pattern of the 1024,
 *                                       look it up, check it)
 * The table is the suite's own map/IMPL/mixed state for one worker and keys=1024 (its setup, run
 * at registration): the stable half of the keys and every other churning key present, worker 0's
 * pool (not used by lookups) and key patterns. Check: every stable key was found and every found
 * key had its value. */
#include "gbench_cases.h"

#include <string.h>

#include "bench/map_op.h"

/* One thread's run: the suite's lookup operation, inlined into google-benchmark's batch loop, on
 * worker 0's pool and lookup pattern. */
static SB_ALWAYS_INLINE void gb_map_run(sb_gb_state *st, map_shared *sh, void *m, const int rcu, sb_loop_op op)
{
	sb_worker w; /* the operation's fail message: the suite's worker, with no harness behind it */
	map_ctx c;
	memset(&w, 0, sizeof w);
	memset(&c, 0, sizeof c);
	c.map = m;
	c.pool = &sh->pools[0];
	c.w = &w;
	c.lk_keys = &sh->pattern[0];
	c.stable = sh->stable;
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
	static void gb_map_##NAME##_run(sb_gb_state *st, void *arg)                                \
	{                                                                                          \
		map_shared *sh = arg; /* read_pct: 100, the only value registered */               \
		gb_map_run(st, sh, &sh->m.NAME, ((FLAGS) & SB_IMPL_NEEDS_RCU) != 0, map_op_read_##NAME); \
	}
SB_MAP_IMPLS(GB_MAP_CASE)
#undef GB_MAP_CASE

int sb_gbench_map_register(const sb_gbench_opts *o, char *err, size_t len)
{
	static const long long pct[] = {100};
#define GB_MAP_ROW(NAME, FLAGS)                                                                    \
	{ .family = "map", .impl = #NAME, .impl_flags = (FLAGS), .fn = gb_map_##NAME##_run,        \
	  .suite = "mixed", .arg_name = "read_pct", .vals = pct, .nvals = 1 },
	static const sb_gbench_case rows[] = { SB_MAP_IMPLS(GB_MAP_ROW) };
#undef GB_MAP_ROW
	return sb_gbench_add(o, rows, sizeof rows / sizeof rows[0], err, len);
}
