/* bench/gbench/queue.c: every container of src/prim/queue_list.h under google-benchmark.
 *   queue/IMPL/uncontended   one thread: the suite's pair operation (bench/queue_op.h
 *                            queue_op_pair_IMPL): take a node from the thread's pool, write the
 *                            item, push it, pop one, check it, send it back to the pool (cds_lfq:
 *                            through call_rcu)
 * One iteration is one push and one pop: TWO operations of the suite's queue/IMPL/pairs, whose
 * ops count pushes + pops. The container, the pool (SB_QUEUE_POOL nodes, SB_QUEUE_POOL_RCU for
 * cds_lfq) and the counts are the suite's own queue/IMPL/pairs state for one worker (its setup,
 * run at registration); the operation reports into a worker record of its own (its id and fail
 * message: the suite's sb_worker, with no harness behind it). Check: no item was popped twice, and
 * pushes = pops. */
#include "gbench_cases.h"

#include <string.h>

#include "bench/queue_op.h"

/* One thread's run: the suite's pair operation, inlined into google-benchmark's batch loop, on
 * worker 0's pool and counts. */
static SB_ALWAYS_INLINE void gb_queue_run(sb_gb_state *st_, void *q, sb_pool *pool, queue_stats *st, const int rcu,
					  sb_loop_op op)
{
	sb_worker w;
	memset(&w, 0, sizeof w);
	queue_ctx c = { .q = q, .pool = pool, .st = st, .w = &w };
	const uint64_t enq0 = st->enq, deq0 = st->deq, stall0 = st->stalls;
	if (rcu)
		urcu_memb_register_thread();
	int64_t n;
	while ((n = sb_gb_keep_running_batch(st_, 0)) > 0)
		for (int64_t i = 0; i < n; i++)
			op(&c, 0);
	if (rcu)
		urcu_memb_unregister_thread();
	/* iterations that found the pool empty (nodes still in a grace period): they pushed
	 * nothing, and the suite does not count them as operations */
	sb_gb_counter_set(st_, "stalls", (double)(st->stalls - stall0), SB_GB_COUNTER_DEFAULT);
	if (w.fail[0])
		sb_gb_skip_with_error(st_, w.fail);
	else if (st->enq - enq0 != st->deq - deq0)
		sb_gb_skip_with_error(st_, "pushes != pops: a push was lost");
}

#define GB_QUEUE_CASE(NAME, FLAGS)                                                                 \
	static void gb_queue_##NAME##_run(sb_gb_state *st, void *arg)                              \
	{                                                                                          \
		queue_shared *sh = arg;                                                            \
		gb_queue_run(st, &sh->q.NAME, &sh->pools[0], &sh->stats[0],                        \
			     ((FLAGS) & SB_IMPL_NEEDS_RCU) != 0, queue_op_pair_##NAME);             \
	}
SB_QUEUE_IMPLS(GB_QUEUE_CASE)
#undef GB_QUEUE_CASE

int sb_gbench_queue_register(const sb_gbench_opts *o, char *err, size_t len)
{
#define GB_QUEUE_ROW(NAME, FLAGS)                                                                  \
	{ .family = "queue", .impl = #NAME, .impl_flags = (FLAGS), .fn = gb_queue_##NAME##_run,    \
	  .suite = "pairs" },
	static const sb_gbench_case rows[] = { SB_QUEUE_IMPLS(GB_QUEUE_ROW) };
#undef GB_QUEUE_ROW
	return sb_gbench_add(o, rows, sizeof rows / sizeof rows[0], err, len);
}
