/* bench/rcu_op.h: the read side of the rcu family, shared by the suite's loop (bench/rcu.c) and
 * google-benchmark's (bench/gbench/rcu.c): the record readers read, its check, the per-worker
 * state, and one read.
 *   RCU_READ(P, s, curp, me): read_lock; r = deref(*curp); check r is one whole live record
 *   (magic, payload and checksum; a bad one adds one to me->bad); read_unlock. P names the
 *   operations (prim/rcu_urcu.h, prim/rcu_lock.h), s is the sb_rcu_P it takes, me the rcu_tls. */
#ifndef SB_BENCH_RCU_OP_H
#define SB_BENCH_RCU_OP_H
#include "prim/rcu_list.h"

#include "syncbench/harness.h" /* SB_CACHELINE */

#include <stdatomic.h>
#include <stdint.h>

#define RCU_LIVE 0x4c4956457265636fULL   /* a record readers may use */
#define RCU_POISON 0xdeadbeefdeadbeefULL /* a freed record (every field) */
#define RCU_KEY 0x9e3779b97f4a7c15ULL
#define RCU_QS_PERIOD 64   /* qsbr: operations between two quiescent states */

struct rcu_shared;

/* One cache line. Every field a reader looks at is an atomic accessed relaxed: the order comes
 * from RCU (or the lock), and a reader racing with a (buggy) writer reads garbage, not UB. */
typedef struct rcu_rec {
	_Alignas(SB_CACHELINE) struct rcu_head head; /* call_rcu's */
	struct rcu_rec *_Atomic link;                 /* free lists */
	struct rcu_shared *owner;                     /* set at setup, never changed */
	_Atomic uint64_t magic, seq, val, sum;
} rcu_rec;

typedef struct rcu_tls { /* per worker, in sb_worker.local */
	rcu_rec *free;
	uint64_t seq, retired, freed, dbl, bad, qs;
	uint64_t bad_magic, bad_seq;
	uint32_t rng;
} rcu_tls;

static inline void rcu_rec_fill(rcu_rec *r, uint64_t seq)
{
	uint64_t v = seq * RCU_KEY;
	atomic_store_explicit(&r->seq, seq, memory_order_relaxed);
	atomic_store_explicit(&r->val, v, memory_order_relaxed);
	atomic_store_explicit(&r->sum, seq ^ v ^ RCU_KEY, memory_order_relaxed);
	atomic_store_explicit(&r->magic, RCU_LIVE, memory_order_relaxed);
}

/* 1 when what the reader sees is not one whole live record. */
static inline int rcu_rec_bad(const rcu_rec *r, rcu_tls *me)
{
	uint64_t m = atomic_load_explicit(&r->magic, memory_order_relaxed);
	uint64_t s = atomic_load_explicit(&r->seq, memory_order_relaxed);
	uint64_t v = atomic_load_explicit(&r->val, memory_order_relaxed);
	uint64_t x = atomic_load_explicit(&r->sum, memory_order_relaxed);
	uint64_t m2 = atomic_load_explicit(&r->magic, memory_order_relaxed);
	if (__builtin_expect(m == RCU_LIVE && m2 == RCU_LIVE && v == s * RCU_KEY && x == (s ^ v ^ RCU_KEY), 1))
		return 0;
	if (!me->bad) {
		me->bad_magic = m;
		me->bad_seq = s;
	}
	return 1;
}

static inline uint32_t rcu_rand(rcu_tls *me)
{
	uint32_t x = me->rng; /* xorshift32 */
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return me->rng = x;
}

#define RCU_READ(P, s, curp, me)                                                                   \
	do {                                                                                       \
		sb_rcu_##P##_read_lock(s);                                                         \
		const rcu_rec *r_ = sb_rcu_##P##_deref((void **)(curp));                           \
		(me)->bad += (uint64_t)rcu_rec_bad(r_, (me));                                      \
		sb_rcu_##P##_read_unlock(s);                                                       \
	} while (0)
#endif
