/* bench/gbench/rcu.c: every read-mostly implementation of src/prim/rcu_list.h under
 * google-benchmark (liburcu's flavours, their call_rcu variants, and the lock baselines).
 *   rcu/IMPL/uncontended   one registered thread reads: the suite's readmostly step at
 *                          read_pct=100: the read-or-write draw, RCU_READ (bench/rcu_op.h:
 *                          read_lock, dereference, check the record, read_unlock), and every
 *                          64th operation a quiescent state (qsbr; nothing for the others)
 * The _call variants read exactly as their flavour does (they differ in how writers retire).
 * Check: every read saw one whole live record. */
#include "gbench_cases.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bench/rcu_op.h"

static rcu_rec gb_rcu_rec;      /* the published record, never replaced */
static rcu_rec *gb_rcu_cur = &gb_rcu_rec;

#define GB_RCU_CASE(NAME, P, RET, HID)                                                             \
	static struct {                                                                            \
		_Alignas(64) sb_rcu_##P s;                                                         \
	} gb_rcu_##NAME;                                                                           \
	static void gb_rcu_##NAME##_run(sb_gb_state *st, void *arg)                                \
	{                                                                                          \
		(void)arg;                                                                         \
		sb_rcu_##P *s = &gb_rcu_##NAME.s;                                                  \
		rcu_tls tls, *me = &tls;                                                           \
		memset(me, 0, sizeof *me);                                                         \
		me->rng = 0x9e3779b9u | 1u; /* the suite's worker 0 */                             \
		const uint64_t rd = (uint64_t)100 << 32; /* read_pct = 100 */                      \
		uint64_t reads = 0;                                                                \
		sb_rcu_##P##_thread_online();                                                      \
		SB_GB_LOOP(st, {                                                                   \
			if ((uint64_t)rcu_rand(me) * 100u < rd) {                                  \
				RCU_READ(P, s, &gb_rcu_cur, me);                                   \
				reads++;                                                           \
			}                                                                          \
			if ((++me->qs & (RCU_QS_PERIOD - 1)) == 0)                              \
				sb_rcu_##P##_quiescent();                                          \
		});                                                                                \
		sb_rcu_##P##_thread_offline();                                                     \
		if (me->bad)                                                                       \
			sb_gb_skip_with_error(st, "read a freed or torn record");                  \
		else if (reads != (uint64_t)sb_gb_iterations(st))                                  \
			sb_gb_skip_with_error(st, "reads != iterations");                          \
	}

SB_RCU_IMPLS(GB_RCU_CASE)

int sb_gbench_rcu_register(const sb_gbench_opts *o, char *err, size_t len)
{
	int r;
	rcu_rec_fill(&gb_rcu_rec, 0);
#define GB_RCU_ADD(NAME, P, RET, HID)                                                              \
	r = sb_rcu_##P##_init(&gb_rcu_##NAME.s);                                                   \
	if (r < 0) {                                                                               \
		snprintf(err, len, "rcu/%s: cannot initialise (errno %d)", #NAME, -r);             \
		return r;                                                                          \
	}                                                                                          \
	r = sb_gbench_uncontended(o, "rcu", #NAME, HID, gb_rcu_##NAME##_run, NULL, NULL, NULL, 0, err, len); \
	if (r < 0)                                                                                 \
		return r;
	SB_RCU_IMPLS(GB_RCU_ADD)
#undef GB_RCU_ADD
	return 0;
}
