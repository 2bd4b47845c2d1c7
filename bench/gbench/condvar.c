/* bench/gbench/condvar.c: every condition variable of src/prim/condvar_list.h under
 * google-benchmark.
 *   condvar/IMPL/uncontended   one thread: lock the mutex, signal the condition variable with no
 *                              waiter, unlock (what a producer pays when nobody waits)
 * The operation is condvar_op_IMPL of bench/condvar_op.h, the suite's condvar/IMPL/uncontended. */
#include "gbench_cases.h"

#include <errno.h>
#include <stdio.h>

#include "bench/condvar_op.h"

/* The loop of every implementation: the batches google-benchmark hands out, one operation each;
 * the count kept under the mutex must equal the iterations. */
static inline __attribute__((always_inline)) void gb_condvar_loop(sb_gb_state *st, void *m, void *cond,
								   volatile uint64_t *signals,
								   void (*op)(void *, int))
{
	condvar_ctx c = { .mutex = m, .cond = cond, .signals = signals };
	*signals = 0;
	int64_t n;
	while ((n = sb_gb_keep_running_batch(st, 0)) > 0)
		for (int64_t i = 0; i < n; i++)
			op(&c, 0);
	if (*signals != (uint64_t)sb_gb_iterations(st))
		sb_gb_skip_with_error(st, "signals counted under the mutex != iterations");
}

#define GB_CV_CASE(NAME, FLAGS)                                                                     \
	static struct {                                                                             \
		_Alignas(64) sb_condvar_##NAME##_mutex m;                                           \
		sb_condvar_##NAME##_cond c;                                                         \
		volatile uint64_t signals; /* under the mutex */                                    \
	} gb_cv_##NAME;                                                                             \
	static void gb_cv_##NAME##_run(sb_gb_state *st, void *arg)                                  \
	{                                                                                           \
		(void)arg;                                                                          \
		gb_condvar_loop(st, &gb_cv_##NAME.m, &gb_cv_##NAME.c, &gb_cv_##NAME.signals, condvar_op_##NAME); \
	}
SB_CONDVAR_IMPLS(GB_CV_CASE)
#undef GB_CV_CASE

int sb_gbench_condvar_register(const sb_gbench_opts *o, char *err, size_t len)
{
	int r;
#define GB_CV_ADD(NAME, FLAGS)                                                                      \
	r = sb_condvar_##NAME##_mutex_init(&gb_cv_##NAME.m);                                        \
	if (r == 0)                                                                                 \
		r = sb_condvar_##NAME##_cond_init(&gb_cv_##NAME.c);                                 \
	if (r == 0)                                                                                 \
		r = sb_gbench_uncontended(o, "condvar", #NAME, ((FLAGS) & SB_IMPL_HIDDEN) != 0,     \
					  gb_cv_##NAME##_run, NULL, NULL, NULL, 0, err, len);       \
	else                                                                                        \
		snprintf(err, len, "condvar/%s: cannot initialise (errno %d)", #NAME, -r);          \
	if (r < 0)                                                                                  \
		return r;
	SB_CONDVAR_IMPLS(GB_CV_ADD)
#undef GB_CV_ADD
	return 0;
}
