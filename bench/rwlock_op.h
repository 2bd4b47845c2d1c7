/* bench/rwlock_op.h: the operations of the read-write lock family, shared by the suite's loop
 * (bench/rwlock.c) and google-benchmark's (bench/gbench/rwlock.c), so both harnesses time the same
 * code.
 *
 *   rwlock_read_IMPL(ctx, has_cs)   rdlock; occupancy += 1 (must show no writer); read word a;
 *                                   --cs; read word b (must equal a); occupancy -= 1; rdunlock
 *   rwlock_write_IMPL(ctx, has_cs)  wrlock; occupancy += RW_WRITER (must have been 0: no reader,
 *                                   no writer); a = v + 1; --cs; b = v + 1; occupancy -= RW_WRITER;
 *                                   wrunlock
 *   rwlock_mixed_IMPL(ctx, has_cs)  a read or a write, read_pct % of them reads, by a counter the
 *                                   thread carries (no draw): each operation adds read_pct to it
 *                                   and is a read when that passes 100 (then 100 comes off). So
 *                                   every 100 operations hold exactly read_pct reads, spread out
 *                                   (50: read, write, read ...; 90: a write after nine reads).
 * A read-only (read_pct 100) or write-only (0) workload runs rwlock_read or rwlock_write alone.
 * The context says everything an operation touches: the lock, the protected words, the shared
 * occupancy count, the --cs length, and the calling thread's own interleave and tallies. */
#ifndef SB_BENCH_RWLOCK_OP_H
#define SB_BENCH_RWLOCK_OP_H
#include "prim/rwlock_list.h"
#include "syncbench/loop.h"
#include "syncbench/spin.h"

#include <stdatomic.h>
#include <stdint.h>

#define RW_WRITER (1u << 20) /* occupancy unit of a writer; readers add 1 */

/* The data the lock protects: two words a writer sets together (a reader must see them equal). */
typedef struct rwlock_data {
	volatile uint64_t a, b;
} rwlock_data;

typedef struct rwlock_ctx {
	void *lock;             /* sb_rwlock_IMPL */
	rwlock_data *data;
	atomic_uint *occupancy; /* readers + RW_WRITER x writers inside (shared by every thread) */
	uint64_t cs_iters;      /* --cs, in sb_spin iterations */
	unsigned read_pct;      /* mixed: reads per 100 operations */
	unsigned acc;           /* mixed: the interleave's counter, 0..99 */
	/* the calling thread's tallies */
	uint64_t rd, wr, rd_overlap, wr_overlap, torn;
	uint64_t warm_writes;   /* the writes of the warm-up (the suite's loop keeps them for its check) */
} rwlock_ctx;

/* Inside the read side. Relaxed: the occupancy count only has to show an overlap; the lock
 * orders the protected words. */
static SB_ALWAYS_INLINE void rwlock_reader(rwlock_ctx *c, const int has_cs)
{
	unsigned o = atomic_fetch_add_explicit(c->occupancy, 1, memory_order_relaxed);
	uint64_t x = c->data->a;
	if (has_cs)
		sb_spin(c->cs_iters);
	uint64_t y = c->data->b;
	atomic_fetch_sub_explicit(c->occupancy, 1, memory_order_relaxed);
	c->rd_overlap += o >= RW_WRITER;
	c->torn += x != y;
	c->rd++;
}

/* Inside the write side. */
static SB_ALWAYS_INLINE void rwlock_writer(rwlock_ctx *c, const int has_cs)
{
	unsigned o = atomic_fetch_add_explicit(c->occupancy, RW_WRITER, memory_order_relaxed);
	uint64_t v = c->data->a + 1;
	c->data->a = v;
	if (has_cs)
		sb_spin(c->cs_iters);
	c->data->b = v;
	atomic_fetch_sub_explicit(c->occupancy, RW_WRITER, memory_order_relaxed);
	c->wr_overlap += o != 0;
	c->wr++;
}

/* The interleave of the mixed workload: is this operation a read? */
static SB_ALWAYS_INLINE int rwlock_next_is_read(rwlock_ctx *c)
{
	c->acc += c->read_pct;
	if (c->acc < 100)
		return 0;
	c->acc -= 100;
	return 1;
}

/* rwlock_read_IMPL, rwlock_write_IMPL and rwlock_mixed_IMPL for every implementation. */
#define RWLOCK_OPS_DEFINE(NAME, FLAGS)                                           \
	static SB_ALWAYS_INLINE void rwlock_read_##NAME(void *ctx, int has_cs)   \
	{                                                                        \
		rwlock_ctx *c = ctx;                                             \
		sb_rwlock_##NAME##_rdlock(c->lock);                              \
		rwlock_reader(c, has_cs);                                        \
		sb_rwlock_##NAME##_rdunlock(c->lock);                            \
	}                                                                        \
	static SB_ALWAYS_INLINE void rwlock_write_##NAME(void *ctx, int has_cs)  \
	{                                                                        \
		rwlock_ctx *c = ctx;                                             \
		sb_rwlock_##NAME##_wrlock(c->lock);                              \
		rwlock_writer(c, has_cs);                                        \
		sb_rwlock_##NAME##_wrunlock(c->lock);                            \
	}                                                                        \
	static SB_ALWAYS_INLINE void rwlock_mixed_##NAME(void *ctx, int has_cs)  \
	{                                                                        \
		if (rwlock_next_is_read(ctx))                                    \
			rwlock_read_##NAME(ctx, has_cs);                         \
		else                                                             \
			rwlock_write_##NAME(ctx, has_cs);                        \
	}
SB_RWLOCK_IMPLS(RWLOCK_OPS_DEFINE)
#undef RWLOCK_OPS_DEFINE

/* The state every thread's operations work on, as the suite's setup (bench/rwlock.c) makes it:
 * the suite's workers and google-benchmark's loop (bench/gbench/rwlock.c) see the same layout. */
typedef struct rwlock_shared {
	_Alignas(SB_CACHELINE) union {
#define X(NAME, FLAGS) sb_rwlock_##NAME NAME;
		SB_RWLOCK_IMPLS(X)
#undef X
	} lock;
	/* the protected data on its own line, the occupancy count on another */
	_Alignas(SB_CACHELINE) rwlock_data data;
	_Alignas(SB_CACHELINE) atomic_uint occupancy;
	unsigned read_pct;
} rwlock_shared;

#endif
