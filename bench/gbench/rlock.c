/* bench/gbench/rlock.c: every recursive lock of src/prim/rlock_list.h under google-benchmark.
 *   rlock/IMPL/uncontended/depth:1   one thread: the suite's rlock_op_IMPL (bench/rlock_op.h) at
 *                                    depth 1: lock, update the protected counter, unlock
 * The depth is the run's argument (a run-time value, as the suite's --depth), so the compiler sees
 * the same nest loop as in the suite's rlock/IMPL/nesting. Check: the counter equals the
 * iterations, and no unlock was refused. */
#include "gbench_cases.h"

#include <errno.h>
#include <stdio.h>

#include "bench/rlock_op.h"

static void gb_rlock_check(sb_gb_state *st, const rlock_ctx *c)
{
	if (c->bad)
		sb_gb_skip_with_error(st, "an unlock was refused to the owner");
	else if (*c->counter != (uint64_t)sb_gb_iterations(st))
		sb_gb_skip_with_error(st, "protected counter != nests");
}

#define GB_RLOCK_CASE(NAME, FLAGS)                                                                 \
	static struct {                                                                            \
		_Alignas(64) sb_rlock_##NAME l;                                                    \
		_Alignas(64) volatile uint64_t counter; /* the protected data on its own line */   \
	} gb_rlock_##NAME;                                                                         \
	static void gb_rlock_##NAME##_run(sb_gb_state *st, void *arg)                             \
	{                                                                                          \
		(void)arg;                                                                         \
		rlock_ctx c = { .lock = &gb_rlock_##NAME.l, .depth = (int)sb_gb_range_arg(st, 0),  \
				.counter = &gb_rlock_##NAME.counter };                             \
		*c.counter = 0;                                                                    \
		SB_GB_LOOP(st, rlock_op_##NAME(&c, 0));                                            \
		gb_rlock_check(st, &c);                                                            \
	}

SB_RLOCK_IMPLS(GB_RLOCK_CASE)

int sb_gbench_rlock_register(const sb_gbench_opts *o, char *err, size_t len)
{
	static const long long depth[] = {1};
	int r;
#define GB_RLOCK_ADD(NAME, FLAGS)                                                                  \
	r = sb_rlock_##NAME##_init(&gb_rlock_##NAME.l);                                            \
	if (r < 0) {                                                                               \
		snprintf(err, len, "rlock/%s: cannot initialise the lock (errno %d)", #NAME, -r);  \
		return r;                                                                          \
	}                                                                                          \
	r = sb_gbench_uncontended(o, "rlock", #NAME, ((FLAGS) & SB_IMPL_HIDDEN) != 0,              \
				  gb_rlock_##NAME##_run, NULL, "depth", depth, 1, err, len);       \
	if (r < 0)                                                                                 \
		return r;
	SB_RLOCK_IMPLS(GB_RLOCK_ADD)
#undef GB_RLOCK_ADD
	return 0;
}
