/* bench/rwlock.c: the read-write lock family on the steady-state loop of syncbench/loop.h, one
 * worker function per implementation and workload, the lock's operations inlined
 * (bench/rwlock_op.h).
 *
 * Each operation is a read or a write; read_pct % of them are reads, interleaved by a counter each
 * thread carries (its starting point differs per thread, so that the threads' writes do not fall
 * in step): no draw in the loop. At read_pct 100 the loop is the read side alone, at 0 the write
 * side alone (the worker is picked by read_pct).
 *   read:  rdlock; occupancy += 1 (must show no writer); read word a; --cs; read word b (must
 *          equal a); occupancy -= 1; rdunlock
 *   write: wrlock; occupancy += WRITER (must have been 0: no reader, no writer); a = v + 1; --cs;
 *          b = v + 1; occupancy -= WRITER; wrunlock
 * --think runs between operations. Reads and writes of the window are counted apart (read_ops,
 * write_ops), so a starved writer shows. The occupancy count is one atomic shared by every thread:
 * every implementation pays it alike (the lock itself shares its line the same way).
 * Check: no overlap seen while running (each worker counts what it saw), and after the join both
 * words equal the number of writes (a lost write means two writers overlapped). */
#include "bench/family.h"
#include "bench/rwlock_op.h"
#include "prim/rwlock_list.h"
#include "syncbench/loop.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

/* When the window opens: the warm-up's writes are kept for the check, the window counts afresh. */
static SB_ALWAYS_INLINE void rwlock_at_window(void *ctx)
{
	rwlock_ctx *c = ctx;
	c->warm_writes = c->wr;
	c->rd = c->wr = 0;
}

/* The worker of every implementation and workload: the steady-state loop around op, then the
 * thread's tallies handed to the harness. */
static SB_ALWAYS_INLINE void rwlock_run(sb_worker *w, void *lock, sb_loop_op op)
{
	rwlock_shared *sh = w->shared;
	rwlock_ctx c = {
		.lock = lock,
		.data = &sh->data,
		.occupancy = &sh->occupancy,
		.cs_iters = w->team_params->cs_iters,
		.read_pct = sh->read_pct,
		.acc = (unsigned)(w->id * 37) % 100, /* the threads' interleaves out of step */
	};
	sb_loop_steady(w, op, &c, rwlock_at_window);
	w->read_ops = c.rd;
	w->write_ops = c.wr;
	w->aux = c.warm_writes + c.wr;
	if (c.rd_overlap || c.wr_overlap || c.torn)
		snprintf(w->fail, sizeof w->fail,
			 "writer beside readers: %" PRIu64 " reads saw a writer, %" PRIu64 " torn reads, %" PRIu64 " writes not alone",
			 c.rd_overlap, c.torn, c.wr_overlap);
}

#define RWLOCK_WORKERS(NAME, FLAGS)                                                                \
	static void rwlock_reader_##NAME(sb_worker *w)                                             \
	{ rwlock_run(w, &((rwlock_shared *)w->shared)->lock.NAME, rwlock_read_##NAME); }           \
	static void rwlock_writer_##NAME(sb_worker *w)                                             \
	{ rwlock_run(w, &((rwlock_shared *)w->shared)->lock.NAME, rwlock_write_##NAME); }          \
	static void rwlock_mixer_##NAME(sb_worker *w)                                              \
	{ rwlock_run(w, &((rwlock_shared *)w->shared)->lock.NAME, rwlock_mixed_##NAME); }          \
	static sb_worker_fn rwlock_pick_##NAME(const sb_case_params *p)                            \
	{                                                                                          \
		long long pct = sb_param(p, "read_pct", 90);                                       \
		return pct >= 100 ? rwlock_reader_##NAME : pct <= 0 ? rwlock_writer_##NAME : rwlock_mixer_##NAME; \
	}
SB_RWLOCK_IMPLS(RWLOCK_WORKERS)
#undef RWLOCK_WORKERS

static int rwlock_setup_done(rwlock_shared *sh, int r, long long pct, const char *name, void **out, char *err,
			     size_t errlen)
{
	if (r) {
		snprintf(err, errlen, "cannot initialise the %s rwlock (errno %d)", name, -r);
		free(sh);
		return r;
	}
	sh->data.a = sh->data.b = 0;
	atomic_init(&sh->occupancy, 0);
	sh->read_pct = (unsigned)pct;
	*out = sh;
	return 0;
}

static int rwlock_read_pct(const sb_case_params *p, long long *pct, char *err, size_t errlen)
{
	*pct = sb_param(p, "read_pct", 90);
	if (*pct >= 0 && *pct <= 100)
		return 0;
	snprintf(err, errlen, "read_pct %lld out of range 0..100", *pct);
	return -EINVAL;
}

#define RWLOCK_LIFE(NAME, FLAGS)                                                                   \
	static int rwlock_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{                                                                                          \
		long long pct;                                                                     \
		if (rwlock_read_pct(p, &pct, err, errlen))                                         \
			return -EINVAL;                                                            \
		rwlock_shared *sh = aligned_alloc(SB_CACHELINE, sizeof *sh);                       \
		int r = sh ? sb_rwlock_##NAME##_init(&sh->lock.NAME) : -ENOMEM;                    \
		return rwlock_setup_done(sh, r, pct, #NAME, out, err, errlen);                     \
	}                                                                                          \
	static void rwlock_teardown_##NAME(void *shared)                                           \
	{                                                                                          \
		sb_rwlock_##NAME##_destroy(&((rwlock_shared *)shared)->lock.NAME);                 \
		free(shared);                                                                      \
	}
SB_RWLOCK_IMPLS(RWLOCK_LIFE)
#undef RWLOCK_LIFE

static void rwlock_check(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)p;
	rwlock_shared *sh = shared;
	uint64_t writes = 0;
	for (int i = 0; i < t->o.nthreads; i++)
		writes += t->workers[i].aux;
	unsigned occ = atomic_load_explicit(&sh->occupancy, memory_order_relaxed);
	if (sh->data.a != writes || sh->data.b != writes)
		snprintf(msg, len, "writers overlapped: words %" PRIu64 "/%" PRIu64 " != %" PRIu64 " writes",
			 sh->data.a, sh->data.b, writes);
	else if (occ != 0)
		snprintf(msg, len, "occupancy %u after the join, not 0", occ);
}

#define RWLOCK_ROWS(NAME, FLAGS)                                                                   \
	{ .family = "rwlock", .impl = #NAME, .scenario = "uncontended",                            \
	  .flags = SB_CASE_ONE_THREAD | SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS),              \
	  .about = "one worker: rdlock+rdunlock (read_pct=100) or wrlock+wrunlock (read_pct=0)",   \
	  .sweep = "read_pct=100,0",                                                               \
	  .setup = rwlock_setup_##NAME, .pick = rwlock_pick_##NAME, .check = rwlock_check,         \
	  .teardown = rwlock_teardown_##NAME },                                                    \
	{ .family = "rwlock", .impl = #NAME, .scenario = "mixed",                                  \
	  .flags = SB_CASE_MIN2 | SB_CASE_IMPL_FLAGS(FLAGS),                                       \
	  .about = "N workers: read_pct% reads, the rest writes, --cs inside, --think between",    \
	  .sweep = "read_pct=50,90,99,100",                                                        \
	  .setup = rwlock_setup_##NAME, .pick = rwlock_pick_##NAME, .check = rwlock_check,         \
	  .teardown = rwlock_teardown_##NAME },

static const sb_case rwlock_cases[] = { SB_RWLOCK_IMPLS(RWLOCK_ROWS) };

const sb_family sb_family_rwlock = { "rwlock", rwlock_cases, sizeof rwlock_cases / sizeof rwlock_cases[0] };
