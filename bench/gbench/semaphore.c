/* bench/gbench/semaphore.c: every semaphore of src/prim/semaphore_list.h under google-benchmark.
 *   semaphore/IMPL/uncontended   one thread, one permit: the suite's POOL_OP (bench/semaphore_op.h):
 *                                wait, count the holder in and out, post
 * Check: never more than one holder inside, and the permit is back at the end. */
#include "gbench_cases.h"

#include <errno.h>
#include <stdio.h>

#include "bench/semaphore_op.h"

#define GB_SEM_CASE(NAME, HID)                                                                     \
	static struct {                                                                            \
		_Alignas(64) sb_sem_##NAME s;                                                      \
		_Alignas(64) atomic_uint inside;                                                   \
	} gb_sem_##NAME;                                                                           \
	static void gb_sem_##NAME##_run(sb_gb_state *st, void *arg)                               \
	{                                                                                          \
		(void)arg;                                                                         \
		sb_sem_##NAME *s = &gb_sem_##NAME.s;                                               \
		atomic_uint *inside = &gb_sem_##NAME.inside;                                       \
		const unsigned permits = 1;                                                        \
		const int has_cs = 0;                                                              \
		const uint64_t cs_it = 0;                                                          \
		uint64_t over = 0;                                                                 \
		SB_GB_LOOP(st, POOL_OP(NAME));                                                     \
		if (over)                                                                          \
			sb_gb_skip_with_error(st, "more than one holder of the one permit");       \
		else if (sb_sem_##NAME##_value(s) != (int)permits)                                 \
			sb_gb_skip_with_error(st, "the permit is not back at the end");            \
	}

SB_SEM_IMPLS(GB_SEM_CASE)

int sb_gbench_semaphore_register(const sb_gbench_opts *o, char *err, size_t len)
{
	int r;
#define GB_SEM_ADD(NAME, HID)                                                                      \
	r = sb_sem_##NAME##_init(&gb_sem_##NAME.s, 1);                                             \
	if (r < 0) {                                                                               \
		snprintf(err, len, "semaphore/%s: cannot initialise (errno %d)", #NAME, -r);       \
		return r;                                                                          \
	}                                                                                          \
	atomic_init(&gb_sem_##NAME.inside, 0);                                                     \
	r = sb_gbench_uncontended(o, "semaphore", #NAME, HID, gb_sem_##NAME##_run, NULL, NULL, NULL, 0, err, len); \
	if (r < 0)                                                                                 \
		return r;
	SB_SEM_IMPLS(GB_SEM_ADD)
#undef GB_SEM_ADD
	return 0;
}
