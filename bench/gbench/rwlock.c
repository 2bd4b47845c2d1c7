/* bench/gbench/rwlock.c: every read-write lock of src/prim/rwlock_list.h under google-benchmark.
 *   rwlock/IMPL/uncontended/read_pct:100   one thread: rdlock + rdunlock
 *   rwlock/IMPL/uncontended/read_pct:0     one thread: wrlock + wrunlock
 * Each iteration is the suite's RWLOCK_OP (bench/rwlock_op.h): the read-or-write draw, the shared
 * occupancy count (two locked adds) and the reads/writes of the protected words, as in the suite's
 * rwlock/IMPL/uncontended. Check: no overlap or torn read was seen, and the words equal the writes. */
#include "gbench_cases.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "bench/rwlock_op.h"

static void gb_rwlock_check(sb_gb_state *st, uint64_t rd_overlap, uint64_t wr_overlap, uint64_t torn,
			    uint64_t a, uint64_t b, uint64_t writes);

#define GB_RWLOCK_CASE(NAME, HID)                                                                  \
	static struct {                                                                            \
		_Alignas(64) sb_rwlock_##NAME l;                                                   \
		_Alignas(64) volatile uint64_t a; /* the protected data on its own line */         \
		volatile uint64_t b;                                                               \
		_Alignas(64) atomic_uint occupancy;                                                \
	} gb_rwlock_##NAME;                                                                        \
	static void gb_rwlock_##NAME##_run(sb_gb_state *st, void *arg)                             \
	{                                                                                          \
		(void)arg;                                                                         \
		__typeof__(gb_rwlock_##NAME) *sh = &gb_rwlock_##NAME;                              \
		sb_rwlock_##NAME *l = &sh->l;                                                      \
		atomic_uint *occ = &sh->occupancy;                                                 \
		const uint64_t read_thr = rw_read_threshold(sb_gb_range_arg(st, 0));               \
		const int has_cs = 0;                                                              \
		const uint64_t cs_it = 0;                                                          \
		uint64_t rnd = 0x9e3779b97f4a7c15ull; /* the suite's worker 0 */                   \
		uint64_t rd = 0, wr = 0, rd_overlap = 0, wr_overlap = 0, torn = 0;                 \
		sh->a = sh->b = 0;                                                                 \
		SB_GB_LOOP(st, RWLOCK_OP(NAME));                                                   \
		gb_rwlock_check(st, rd_overlap, wr_overlap, torn, sh->a, sh->b, wr);               \
	}

static void gb_rwlock_check(sb_gb_state *st, uint64_t rd_overlap, uint64_t wr_overlap, uint64_t torn,
			    uint64_t a, uint64_t b, uint64_t writes)
{
	char msg[160];
	if (rd_overlap || wr_overlap || torn)
		snprintf(msg, sizeof msg, "writer beside readers: %" PRIu64 " reads saw a writer, %" PRIu64
			 " torn reads, %" PRIu64 " writes not alone", rd_overlap, torn, wr_overlap);
	else if (a != writes || b != writes)
		snprintf(msg, sizeof msg, "writers overlapped: words %" PRIu64 "/%" PRIu64 " != %" PRIu64 " writes",
			 a, b, writes);
	else
		return;
	sb_gb_skip_with_error(st, msg);
}

SB_RWLOCK_IMPLS(GB_RWLOCK_CASE)

int sb_gbench_rwlock_register(const sb_gbench_opts *o, char *err, size_t len)
{
	static const long long pct[] = {100, 0};
	int r;
#define GB_RWLOCK_ADD(NAME, HID)                                                                   \
	r = sb_rwlock_##NAME##_init(&gb_rwlock_##NAME.l);                                          \
	if (r < 0) {                                                                               \
		snprintf(err, len, "rwlock/%s: cannot initialise the lock (errno %d)", #NAME, -r); \
		return r;                                                                          \
	}                                                                                          \
	atomic_init(&gb_rwlock_##NAME.occupancy, 0);                                               \
	r = sb_gbench_uncontended(o, "rwlock", #NAME, HID, gb_rwlock_##NAME##_run, NULL, "read_pct", pct, 2, err, len); \
	if (r < 0)                                                                                 \
		return r;
	SB_RWLOCK_IMPLS(GB_RWLOCK_ADD)
#undef GB_RWLOCK_ADD
	return 0;
}
