/* bench/gbench/rcu.c: every read-mostly implementation of src/prim/rcu_list.h under
 * google-benchmark (liburcu's flavours, their call_rcu variants, and the lock baselines).
 *   rcu/IMPL/uncontended   one registered thread reads: the suite's rcu/IMPL/readmostly at
 *                          read_pct=100, the same operation (bench/rcu_op.h rcu_op_read_IMPL:
 *                          read_lock, dereference, check the record, read_unlock, and every
 *                          64th operation a quiescent state for qsbr)
 * The _call variants read exactly as their flavour does (they differ in how writers retire).
 * The state is the suite's (rcu/IMPL/readmostly's setup, at registration): its published record
 * on a line of its own and the implementation's state, as the suite's readers see them.
 * Check: every read saw one whole live record. */
#include "gbench_cases.h"

#include <string.h>

#include "bench/rcu_op.h"

/* One thread's run: the read operation, inlined into google-benchmark's batch loop, on the
 * suite's rcu/IMPL/readmostly state (its published record and the implementation's state). */
static SB_ALWAYS_INLINE void gb_rcu_run(sb_gb_state *st, rcu_shared *sh, void *sync, void (*online)(void),
					void (*offline)(void), sb_loop_op op)
{
	rcu_ctx c;
	memset(&c, 0, sizeof c);
	c.sync = sync;
	c.curp = &sh->cur;
	online();
	int64_t n;
	while ((n = sb_gb_keep_running_batch(st, 0)) > 0)
		for (int64_t i = 0; i < n; i++)
			op(&c, 0);
	offline();
	if (c.bad)
		sb_gb_skip_with_error(st, "read a freed or torn record");
}

#define GB_RCU_CASE(NAME, FLAGS)                                                                   \
	static void gb_rcu_##NAME##_run(sb_gb_state *st, void *arg)                                \
	{                                                                                          \
		rcu_shared *sh = arg;                                                              \
		gb_rcu_run(st, sh, &sh->sync.NAME, sb_rcu_##NAME##_thread_online,                  \
			   sb_rcu_##NAME##_thread_offline, rcu_op_read_##NAME);                    \
	}
SB_RCU_IMPLS(GB_RCU_CASE)
#undef GB_RCU_CASE

int sb_gbench_rcu_register(const sb_gbench_opts *o, char *err, size_t len)
{
#define GB_RCU_ROW(NAME, FLAGS)                                                                    \
	{ .family = "rcu", .impl = #NAME, .impl_flags = (FLAGS), .fn = gb_rcu_##NAME##_run,        \
	  .suite = "readmostly" },
	static const sb_gbench_case rows[] = { SB_RCU_IMPLS(GB_RCU_ROW) };
#undef GB_RCU_ROW
	return sb_gbench_add(o, rows, sizeof rows / sizeof rows[0], err, len);
}
