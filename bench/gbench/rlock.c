/* bench/gbench/rlock.c: every recursive lock of src/prim/rlock_list.h under google-benchmark.
 *   rlock/IMPL/uncontended/depth:1   one thread: the suite's rlock_op_IMPL (bench/rlock_op.h) at
 *                                    depth 1: lock, update the protected counter, unlock
 * The lock and the counter are the suite's own rlock/IMPL/nesting state (its setup, run at
 * registration). The depth is the run's argument (a run-time value, as the suite's --depth), so
 * the compiler sees the same nest loop as in the suite's rlock/IMPL/nesting. Check: the counter
 * equals the iterations, and no unlock was refused. */
#include "gbench_cases.h"

#include "bench/rlock_op.h"

static void gb_rlock_check(sb_gb_state *st, const rlock_ctx *c)
{
	if (c->bad)
		sb_gb_skip_with_error(st, "an unlock was refused to the owner");
	else if (*c->counter != (uint64_t)sb_gb_iterations(st))
		sb_gb_skip_with_error(st, "protected counter != nests");
}

#define GB_RLOCK_CASE(NAME, FLAGS)                                                                 \
	static void gb_rlock_##NAME##_run(sb_gb_state *st, void *arg)                             \
	{                                                                                          \
		rlock_shared *sh = arg;                                                            \
		rlock_ctx c = { .lock = &sh->lock.NAME, .depth = (int)sb_gb_range_arg(st, 0),      \
				.counter = &sh->counter };                                         \
		*c.counter = 0;                                                                    \
		SB_GB_LOOP(st, rlock_op_##NAME(&c, 0));                                            \
		gb_rlock_check(st, &c);                                                            \
	}
SB_RLOCK_IMPLS(GB_RLOCK_CASE)
#undef GB_RLOCK_CASE

int sb_gbench_rlock_register(const sb_gbench_opts *o, char *err, size_t len)
{
	static const long long depth[] = {1};
#define GB_RLOCK_ROW(NAME, FLAGS)                                                                  \
	{ .family = "rlock", .impl = #NAME, .impl_flags = (FLAGS), .fn = gb_rlock_##NAME##_run,    \
	  .suite = "nesting", .arg_name = "depth", .vals = depth, .nvals = 1 },
	static const sb_gbench_case rows[] = { SB_RLOCK_IMPLS(GB_RLOCK_ROW) };
#undef GB_RLOCK_ROW
	return sb_gbench_add(o, rows, sizeof rows / sizeof rows[0], err, len);
}
