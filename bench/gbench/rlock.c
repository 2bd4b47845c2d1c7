/* bench/gbench/rlock.c: every recursive lock of src/prim/rlock_list.h under google-benchmark.
 *   rlock/IMPL/uncontended/depth:1   one thread: the suite's RLOCK_OP (bench/rlock_op.h) at depth 1:
 *                                    lock, update the protected counter, unlock
 * The depth is the run's argument (a run-time value, as the suite's --depth), so the compiler sees
 * the same nest loop as in the suite's rlock/IMPL/nesting. Check: the counter equals the
 * iterations, and no unlock was refused. */
#include "gbench_cases.h"

#include <errno.h>
#include <stdio.h>

#include "bench/rlock_op.h"

#define GB_RLOCK_CASE(NAME, HID)                                                                   \
	static struct {                                                                            \
		_Alignas(64) sb_rlock_##NAME l;                                                    \
		_Alignas(64) volatile uint64_t counter; /* the protected data on its own line */   \
	} gb_rlock_##NAME;                                                                         \
	static void gb_rlock_##NAME##_run(sb_gb_state *st, void *arg)                             \
	{                                                                                          \
		(void)arg;                                                                         \
		sb_rlock_##NAME *l = &gb_rlock_##NAME.l;                                           \
		volatile uint64_t *cnt = &gb_rlock_##NAME.counter;                                 \
		const int depth = (int)sb_gb_range_arg(st, 0);                                     \
		const int has_cs = 0;                                                              \
		const uint64_t cs_it = 0;                                                          \
		uint64_t bad = 0;                                                                  \
		*cnt = 0;                                                                          \
		SB_GB_LOOP(st, RLOCK_OP(NAME));                                                    \
		if (bad)                                                                           \
			sb_gb_skip_with_error(st, "an unlock was refused to the owner");           \
		else if (*cnt != (uint64_t)sb_gb_iterations(st))                                   \
			sb_gb_skip_with_error(st, "protected counter != nests");                   \
	}

SB_RLOCK_IMPLS(GB_RLOCK_CASE)

int sb_gbench_rlock_register(const sb_gbench_opts *o, char *err, size_t len)
{
	static const long long depth[] = {1};
	int r;
#define GB_RLOCK_ADD(NAME, HID)                                                                    \
	r = sb_rlock_##NAME##_init(&gb_rlock_##NAME.l);                                            \
	if (r < 0) {                                                                               \
		snprintf(err, len, "rlock/%s: cannot initialise the lock (errno %d)", #NAME, -r);  \
		return r;                                                                          \
	}                                                                                          \
	r = sb_gbench_uncontended(o, "rlock", #NAME, HID, gb_rlock_##NAME##_run, NULL, "depth", depth, 1, err, len); \
	if (r < 0)                                                                                 \
		return r;
	SB_RLOCK_IMPLS(GB_RLOCK_ADD)
#undef GB_RLOCK_ADD
	return 0;
}
