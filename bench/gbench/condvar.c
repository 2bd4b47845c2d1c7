/* bench/gbench/condvar.c: every condition variable of src/prim/condvar_list.h under
 * google-benchmark.
 *   condvar/IMPL/uncontended   one thread: lock the mutex, signal the condition variable with no
 *                              waiter, unlock (what a producer pays when nobody waits)
 * The operation is condvar_op_IMPL of bench/condvar_op.h, on the suite's own
 * condvar/IMPL/uncontended state (its setup, run at registration: one group, a mutex and its
 * condition variable). */
#include "gbench_cases.h"

#include "bench/condvar_op.h"

/* The loop of every implementation: the batches google-benchmark hands out, one operation each;
 * the count kept under the mutex must equal the iterations. */
static inline __attribute__((always_inline)) void gb_condvar_loop(sb_gb_state *st, cv_group *g,
								   void (*op)(void *, int))
{
	condvar_ctx c = { .mutex = &g->m, .cond = &g->c[0], .signals = &g->signals };
	g->signals = 0;
	int64_t n;
	while ((n = sb_gb_keep_running_batch(st, 0)) > 0)
		for (int64_t i = 0; i < n; i++)
			op(&c, 0);
	if (g->signals != (uint64_t)sb_gb_iterations(st))
		sb_gb_skip_with_error(st, "signals counted under the mutex != iterations");
}

#define GB_CV_CASE(NAME, FLAGS)                                                                     \
	static void gb_cv_##NAME##_run(sb_gb_state *st, void *arg)                                  \
	{                                                                                           \
		gb_condvar_loop(st, ((condvar_shared *)arg)->g, condvar_op_##NAME);                 \
	}
SB_CONDVAR_IMPLS(GB_CV_CASE)
#undef GB_CV_CASE

int sb_gbench_condvar_register(const sb_gbench_opts *o, char *err, size_t len)
{
#define GB_CV_ROW(NAME, FLAGS)                                                                      \
	{ .family = "condvar", .impl = #NAME, .impl_flags = (FLAGS), .fn = gb_cv_##NAME##_run,      \
	  .suite = "uncontended" },
	static const sb_gbench_case rows[] = { SB_CONDVAR_IMPLS(GB_CV_ROW) };
#undef GB_CV_ROW
	return sb_gbench_add(o, rows, sizeof rows / sizeof rows[0], err, len);
}
