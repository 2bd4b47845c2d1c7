/* bench/gbench/condvar.c: every condition variable of src/prim/condvar_list.h under
 * google-benchmark.
 *   condvar/IMPL/uncontended   one thread: lock the mutex, signal the condition variable with no
 *                              waiter, unlock (what a producer pays when nobody waits)
 * The operation is CONDVAR_UNC_OP of bench/condvar_op.h, the suite's condvar/IMPL/uncontended. */
#include "gbench_cases.h"

#include <errno.h>
#include <stdio.h>

#include "bench/condvar_op.h"

#define GB_CV_CASE(NAME, HID, PP)                                                                  \
	static CONDVAR_UNC_STATE(NAME) gb_cv_##NAME;                                               \
	static void gb_cv_##NAME##_run(sb_gb_state *st, void *arg)                                 \
	{                                                                                          \
		(void)arg;                                                                         \
		__typeof__(gb_cv_##NAME) *g = &gb_cv_##NAME;                                       \
		g->signals = 0;                                                                    \
		SB_GB_LOOP(st, CONDVAR_UNC_OP(NAME, g));                                           \
		if (g->signals != (uint64_t)sb_gb_iterations(st))                                  \
			sb_gb_skip_with_error(st, "signals counted under the mutex != iterations"); \
	}

SB_CONDVAR_IMPLS(GB_CV_CASE)

int sb_gbench_condvar_register(const sb_gbench_opts *o, char *err, size_t len)
{
	int r;
#define GB_CV_ADD(NAME, HID, PP)                                                                   \
	r = sb_condvar_##NAME##_mutex_init(&gb_cv_##NAME.m);                                       \
	if (r == 0)                                                                                \
		r = sb_condvar_##NAME##_cond_init(&gb_cv_##NAME.c);                                \
	if (r < 0) {                                                                               \
		snprintf(err, len, "condvar/%s: cannot initialise (errno %d)", #NAME, -r);         \
		return r;                                                                          \
	}                                                                                          \
	r = sb_gbench_uncontended(o, "condvar", #NAME, HID, gb_cv_##NAME##_run, NULL, NULL, NULL, 0, err, len); \
	if (r < 0)                                                                                 \
		return r;
	SB_CONDVAR_IMPLS(GB_CV_ADD)
#undef GB_CV_ADD
	return 0;
}
