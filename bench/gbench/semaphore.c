/* bench/gbench/semaphore.c: every semaphore of src/prim/semaphore_list.h under google-benchmark.
 *   semaphore/IMPL/uncontended   one thread, one permit: the suite's sem_pool_op_IMPL
 *                                (bench/semaphore_op.h): wait, count the holder in and out, post
 * The semaphore and the holders' count are the suite's own semaphore/IMPL/uncontended state (its
 * setup, run at registration: one semaphore, one permit). Check: never more than one holder
 * inside, and the permit is back at the end. */
#include "gbench_cases.h"

#include "bench/semaphore_op.h"

static void gb_sem_check(sb_gb_state *st, uint64_t over, int value)
{
	if (over)
		sb_gb_skip_with_error(st, "more than one holder of the one permit");
	else if (value != 1)
		sb_gb_skip_with_error(st, "the permit is not back at the end");
}

#define GB_SEM_CASE(NAME, FLAGS)                                                                   \
	static void gb_sem_##NAME##_run(sb_gb_state *st, void *arg)                               \
	{                                                                                          \
		sem_shared *sh = arg;                                                              \
		sem_pool_ctx c = { .sem = &sh->sem[0].s.NAME, .inside = &sh->inside,               \
				   .permits = (unsigned)sh->permits };                             \
		SB_GB_LOOP(st, sem_pool_op_##NAME(&c, 0));                                         \
		gb_sem_check(st, c.over, sb_sem_##NAME##_value(&sh->sem[0].s.NAME));               \
	}
SB_SEM_IMPLS(GB_SEM_CASE)
#undef GB_SEM_CASE

int sb_gbench_semaphore_register(const sb_gbench_opts *o, char *err, size_t len)
{
#define GB_SEM_ROW(NAME, FLAGS)                                                                    \
	{ .family = "semaphore", .impl = #NAME, .impl_flags = (FLAGS), .fn = gb_sem_##NAME##_run,  \
	  .suite = "uncontended" },
	static const sb_gbench_case rows[] = { SB_SEM_IMPLS(GB_SEM_ROW) };
#undef GB_SEM_ROW
	return sb_gbench_add(o, rows, sizeof rows / sizeof rows[0], err, len);
}
