/* bench/gbench/condvar.c: every condition variable of src/prim/condvar_list.h under
 * google-benchmark.
 *   condvar/IMPL/uncontended   one thread: lock the mutex, signal the condition variable with no
 *                              waiter, unlock (what a producer pays when nobody waits)
 * The suite has no one-thread condvar scenario (pingpong and prodcons need two threads), so this
 * case has no suite figure to cross-check against. */
#include "gbench_cases.h"

#include <errno.h>
#include <stdio.h>

#include "prim/condvar_list.h"

#define GB_CV_CASE(NAME, HID, PP)                                                                  \
	static struct {                                                                            \
		_Alignas(64) sb_condvar_##NAME##_mutex m;                                          \
		sb_condvar_##NAME##_cond c;                                                        \
		volatile uint64_t signals; /* under the mutex */                                   \
	} gb_cv_##NAME;                                                                            \
	static void gb_cv_##NAME##_run(sb_gb_state *st, void *arg)                                 \
	{                                                                                          \
		(void)arg;                                                                         \
		__typeof__(gb_cv_##NAME) *g = &gb_cv_##NAME;                                       \
		g->signals = 0;                                                                    \
		SB_GB_LOOP(st, {                                                                   \
			sb_condvar_##NAME##_lock(&g->m);                                           \
			g->signals++;                                                              \
			sb_condvar_##NAME##_signal(&g->c);                                         \
			sb_condvar_##NAME##_unlock(&g->m);                                         \
		});                                                                                \
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
