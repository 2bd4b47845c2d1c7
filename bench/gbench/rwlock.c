/* bench/gbench/rwlock.c: every read-write lock of src/prim/rwlock_list.h under google-benchmark.
 *   rwlock/IMPL/uncontended/read_pct:100   one thread: rdlock + rdunlock
 *   rwlock/IMPL/uncontended/read_pct:0     one thread: wrlock + wrunlock
 * Each iteration is the suite's operation (bench/rwlock_op.h): rwlock_read_IMPL or
 * rwlock_write_IMPL, with the shared occupancy count (two locked adds) and the reads/writes of the
 * protected words, on the suite's own rwlock/IMPL/uncontended state (its setup, run at
 * registration). Check: no overlap or torn read was seen, and the words equal the writes. */
#include "gbench_cases.h"

#include <inttypes.h>
#include <stdio.h>

#include "bench/rwlock_op.h"

static void gb_rwlock_check(sb_gb_state *st, const rwlock_ctx *c)
{
	char msg[160];
	if (c->rd_overlap || c->wr_overlap || c->torn)
		snprintf(msg, sizeof msg, "writer beside readers: %" PRIu64 " reads saw a writer, %" PRIu64
			 " torn reads, %" PRIu64 " writes not alone", c->rd_overlap, c->torn, c->wr_overlap);
	else if (c->data->a != c->wr || c->data->b != c->wr)
		snprintf(msg, sizeof msg, "writers overlapped: words %" PRIu64 "/%" PRIu64 " != %" PRIu64 " writes",
			 c->data->a, c->data->b, c->wr);
	else
		return;
	sb_gb_skip_with_error(st, msg);
}

#define GB_RWLOCK_CASE(NAME, FLAGS)                                                                \
	static void gb_rwlock_##NAME##_run(sb_gb_state *st, void *arg)                             \
	{                                                                                          \
		rwlock_shared *sh = arg;                                                           \
		rwlock_ctx c = { .lock = &sh->lock.NAME, .data = &sh->data, .occupancy = &sh->occupancy }; \
		c.data->a = c.data->b = 0;                                                         \
		if (sb_gb_range_arg(st, 0) >= 100)                                                 \
			SB_GB_LOOP(st, rwlock_read_##NAME(&c, 0));                                 \
		else                                                                               \
			SB_GB_LOOP(st, rwlock_write_##NAME(&c, 0));                                \
		gb_rwlock_check(st, &c);                                                           \
	}
SB_RWLOCK_IMPLS(GB_RWLOCK_CASE)
#undef GB_RWLOCK_CASE

int sb_gbench_rwlock_register(const sb_gbench_opts *o, char *err, size_t len)
{
	static const long long pct[] = {100, 0};
#define GB_RWLOCK_ROW(NAME, FLAGS)                                                                 \
	{ .family = "rwlock", .impl = #NAME, .impl_flags = (FLAGS), .fn = gb_rwlock_##NAME##_run,  \
	  .suite = "uncontended", .arg_name = "read_pct", .vals = pct, .nvals = 2 },
	static const sb_gbench_case rows[] = { SB_RWLOCK_IMPLS(GB_RWLOCK_ROW) };
#undef GB_RWLOCK_ROW
	return sb_gbench_add(o, rows, sizeof rows / sizeof rows[0], err, len);
}
