/* bench/gbench/semaphore.c: every semaphore of src/prim/semaphore_list.h under google-benchmark.
 *   semaphore/IMPL/uncontended   one thread, one permit: the suite's sem_pool_op_IMPL
 *                                (bench/semaphore_op.h): wait, count the holder in and out, post
 * Check: never more than one holder inside, and the permit is back at the end. */
#include "gbench_cases.h"

#include <errno.h>
#include <stdio.h>

#include "bench/semaphore_op.h"

static void gb_sem_check(sb_gb_state *st, uint64_t over, int value)
{
	if (over)
		sb_gb_skip_with_error(st, "more than one holder of the one permit");
	else if (value != 1)
		sb_gb_skip_with_error(st, "the permit is not back at the end");
}

#define GB_SEM_CASE(NAME, FLAGS)                                                                   \
	static struct {                                                                            \
		_Alignas(64) sb_sem_##NAME s;                                                      \
		_Alignas(64) atomic_uint inside;                                                   \
	} gb_sem_##NAME;                                                                           \
	static void gb_sem_##NAME##_run(sb_gb_state *st, void *arg)                               \
	{                                                                                          \
		(void)arg;                                                                         \
		sem_pool_ctx c = { .sem = &gb_sem_##NAME.s, .inside = &gb_sem_##NAME.inside, .permits = 1 }; \
		SB_GB_LOOP(st, sem_pool_op_##NAME(&c, 0));                                         \
		gb_sem_check(st, c.over, sb_sem_##NAME##_value(&gb_sem_##NAME.s));                 \
	}

SB_SEM_IMPLS(GB_SEM_CASE)

int sb_gbench_semaphore_register(const sb_gbench_opts *o, char *err, size_t len)
{
	int r;
#define GB_SEM_ADD(NAME, FLAGS)                                                                     \
	r = sb_sem_##NAME##_init(&gb_sem_##NAME.s, 1);                                             \
	if (r < 0) {                                                                               \
		snprintf(err, len, "semaphore/%s: cannot initialise (errno %d)", #NAME, -r);       \
		return r;                                                                          \
	}                                                                                          \
	atomic_init(&gb_sem_##NAME.inside, 0);                                                     \
	r = sb_gbench_uncontended(o, "semaphore", #NAME, ((FLAGS) & SB_IMPL_HIDDEN) != 0,         \
				  gb_sem_##NAME##_run, NULL, NULL, NULL, 0, err, len);             \
	if (r < 0)                                                                                 \
		return r;
	SB_SEM_IMPLS(GB_SEM_ADD)
#undef GB_SEM_ADD
	return 0;
}
