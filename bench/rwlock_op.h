/* bench/rwlock_op.h: one operation of the read-write lock family, shared by the suite's loop
 * (bench/rwlock.c) and google-benchmark's (bench/gbench/rwlock.c).
 *   RWLOCK_OP(NAME): a read with probability read_thr / 2^32 (a per-thread xorshift draw), else a
 *   write:
 *     read:  rdlock; occupancy += 1 (must show no writer); read word a; --cs; read word b (must
 *            equal a); occupancy -= 1; rdunlock
 *     write: wrlock; occupancy += RW_WRITER (must have been 0); a = v + 1; --cs; b = v + 1;
 *            occupancy -= RW_WRITER; wrunlock
 * It works on names of the caller's scope: l (sb_rwlock_NAME *), occ (atomic_uint *), sh (a
 * pointer to a struct with volatile uint64_t words a and b), rnd (uint64_t xorshift state),
 * read_thr, has_cs, cs_it, and the uint64_t tallies rd, wr, rd_overlap, wr_overlap, torn. */
#ifndef SB_BENCH_RWLOCK_OP_H
#define SB_BENCH_RWLOCK_OP_H
#include "prim/rwlock_list.h"
#include "syncbench/spin.h"

#include <stdatomic.h>
#include <stdint.h>

#define RW_WRITER (1u << 20) /* occupancy unit of a writer; readers add 1 */

/* xorshift64: a read or a write, from the thread's own state */
static inline uint64_t rw_next(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

/* The draw's threshold for read_pct % reads (clamped to 0..100). */
static inline uint64_t rw_read_threshold(long long pct)
{
	return (uint64_t)(pct < 0 ? 0 : pct > 100 ? 100 : pct) * (1ull << 32) / 100;
}

#define RWLOCK_OP(NAME)                                                                       \
	do {                                                                                  \
		if ((rw_next(&rnd) >> 32) < read_thr) {                                       \
			sb_rwlock_##NAME##_rdlock(l);                                          \
			unsigned o_ = atomic_fetch_add_explicit(occ, 1, memory_order_relaxed); \
			uint64_t x_ = sh->a;                                                   \
			if (has_cs)                                                            \
				sb_spin(cs_it);                                                \
			uint64_t y_ = sh->b;                                                   \
			atomic_fetch_sub_explicit(occ, 1, memory_order_relaxed);               \
			sb_rwlock_##NAME##_rdunlock(l);                                        \
			rd_overlap += o_ >= RW_WRITER;                                         \
			torn += x_ != y_;                                                      \
			rd++;                                                                  \
		} else {                                                                      \
			sb_rwlock_##NAME##_wrlock(l);                                          \
			unsigned o_ = atomic_fetch_add_explicit(occ, RW_WRITER, memory_order_relaxed); \
			uint64_t v_ = sh->a + 1;                                               \
			sh->a = v_;                                                            \
			if (has_cs)                                                            \
				sb_spin(cs_it);                                                \
			sh->b = v_;                                                            \
			atomic_fetch_sub_explicit(occ, RW_WRITER, memory_order_relaxed);       \
			sb_rwlock_##NAME##_wrunlock(l);                                        \
			wr_overlap += o_ != 0;                                                 \
			wr++;                                                                  \
		}                                                                             \
	} while (0)
#endif
