/* bench/rcu_op.h: the read side of the rcu family, shared by the suite's loop (bench/rcu.c) and
 * google-benchmark's (bench/gbench/rcu.c): the record readers read, its check, the context a
 * worker's operations run on, and one read.
 *
 *   rcu_read_IMPL(c)        read_lock; r = deref(*c->curp); check r is one whole live record
 *                           (magic, payload and checksum; a bad one adds one to c->bad);
 *                           read_unlock
 *   rcu_op_read_IMPL(c, 0)  one operation of a reader: rcu_read_IMPL, and every RCU_QS_PERIOD
 *                           operations a quiescent state where the flavour needs one (qsbr; for
 *                           the others the tick is compiled out). The read-only loop's operation.
 *
 * The context says everything an operation touches; it belongs to one thread. */
#ifndef SB_BENCH_RCU_OP_H
#define SB_BENCH_RCU_OP_H
#include "prim/rcu_list.h"
#include "syncbench/harness.h" /* SB_CACHELINE */
#include "syncbench/loop.h"

#include <inttypes.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

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

/* What one worker's operations work on, on the worker's stack. */
typedef struct rcu_ctx {
	_Alignas(SB_CACHELINE) void *sync;   /* sb_rcu_IMPL, shared */
	rcu_rec **curp;                       /* the published pointer, shared */
	rcu_rec *_Atomic *returned;           /* records call_rcu callbacks gave back, shared */
	const _Atomic int *phase;             /* the team's phase: a writer waiting for a record stops */
	sb_worker *w;                         /* the grace scenario's writer samples into it */
	uint64_t bad, bad_magic, bad_seq;     /* reads that saw a freed or torn record; the first */
	uint64_t qs;                          /* operations, for the quiescent-state tick */
	/* the writer's part */
	rcu_rec *free;                        /* its free list */
	uint64_t seq, retired, freed, dbl;    /* next version; records replaced, freed, freed twice */
	/* the mix (readmostly): a write whenever mix passes 100, mix += write_pct per operation */
	unsigned mix, write_pct;
	uint64_t reads, writes;               /* in the window */
} rcu_ctx;

/* The state of a case (bench/rcu.c sets it up; google-benchmark's rcu cases read it too). */
typedef struct rcu_out { /* what each worker hands back after its loop */
	_Alignas(SB_CACHELINE) rcu_rec *free;  /* its free list */
	uint64_t retired, freed, dbl;          /* records it replaced, freed, found freed twice */
} rcu_out;

typedef struct rcu_shared {
	_Alignas(SB_CACHELINE) rcu_rec *cur; /* the published record: every reader loads this line */
	_Alignas(SB_CACHELINE) union {
#define X(NAME, FLAGS) sb_rcu_##NAME NAME;
		SB_RCU_IMPLS(X)
#undef X
	} sync;
	_Alignas(SB_CACHELINE) rcu_rec *_Atomic returned; /* freed by call_rcu callbacks */
	_Atomic uint64_t cb_freed, cb_dbl;
	int barrier_done;                    /* the check waited for every callback (rcu_barrier) */
	_Alignas(SB_CACHELINE) rcu_rec *recs;
	size_t nrecs;
	rcu_out *out;
	int nthreads;
	int read_pct;
} rcu_shared;

static inline void rcu_rec_fill(rcu_rec *r, uint64_t seq)
{
	uint64_t v = seq * RCU_KEY;
	atomic_store_explicit(&r->seq, seq, memory_order_relaxed);
	atomic_store_explicit(&r->val, v, memory_order_relaxed);
	atomic_store_explicit(&r->sum, seq ^ v ^ RCU_KEY, memory_order_relaxed);
	atomic_store_explicit(&r->magic, RCU_LIVE, memory_order_relaxed);
}

static __attribute__((noinline, cold)) void rcu_read_bad(rcu_ctx *c, uint64_t magic, uint64_t seq)
{
	if (!c->bad++) {
		c->bad_magic = magic;
		c->bad_seq = seq;
	}
}

/* What a reader does with the record: check it is one whole live record. */
static SB_ALWAYS_INLINE void rcu_rec_check(rcu_ctx *c, const rcu_rec *r)
{
	uint64_t m = atomic_load_explicit(&r->magic, memory_order_relaxed);
	uint64_t s = atomic_load_explicit(&r->seq, memory_order_relaxed);
	uint64_t v = atomic_load_explicit(&r->val, memory_order_relaxed);
	uint64_t x = atomic_load_explicit(&r->sum, memory_order_relaxed);
	uint64_t m2 = atomic_load_explicit(&r->magic, memory_order_relaxed);
	if (__builtin_expect(!(m == RCU_LIVE && m2 == RCU_LIVE && v == s * RCU_KEY && x == (s ^ v ^ RCU_KEY)), 0))
		rcu_read_bad(c, m, s);
}

/* The reclamation check, after the join and the implementation's rcu_barrier (every call_rcu
 * callback queued has run), shared by the suite and the torture test: every retired record freed
 * exactly once, the published one live, and every other record poisoned on exactly one free list.
 * The caller sums its workers' counts, then walks each free list (its workers' and the callbacks'
 * returned list) with rcu_pool_walk; seen starts at 1 (the published record). Each writes
 * prefix + the failure into msg and returns 1, or returns 0. */
static inline int rcu_pool_counts(uint64_t retired, uint64_t freed, uint64_t dbl, const rcu_rec *cur,
				  const char *prefix, char *msg, size_t len)
{
	if (dbl)
		snprintf(msg, len, "%s%" PRIu64 " record(s) freed twice", prefix, dbl);
	else if (freed != retired)
		snprintf(msg, len, "%s%" PRIu64 " records retired but %" PRIu64 " freed", prefix, retired, freed);
	else if (atomic_load_explicit(&cur->magic, memory_order_relaxed) != RCU_LIVE)
		snprintf(msg, len, "%sthe published record is poisoned", prefix);
	else
		return 0;
	return 1;
}

static inline int rcu_pool_walk(rcu_rec *r, size_t *seen, size_t nrecs, const char *prefix, char *msg, size_t len)
{
	for (; r && *seen <= nrecs; r = atomic_load_explicit(&r->link, memory_order_relaxed), (*seen)++)
		if (atomic_load_explicit(&r->magic, memory_order_relaxed) != RCU_POISON) {
			snprintf(msg, len, "%sa record on a free list is not poisoned (seq %#" PRIx64 ")", prefix,
				 atomic_load_explicit(&r->seq, memory_order_relaxed));
			return 1;
		}
	return 0;
}

static inline void rcu_pool_total(size_t seen, size_t nrecs, const char *prefix, char *msg, size_t len)
{
	if (seen != nrecs)
		snprintf(msg, len, "%sthe pools hold %zu of %zu records", prefix, seen, nrecs);
}

/* A quiescent state every RCU_QS_PERIOD operations, for a flavour that needs them (qsbr: a
 * constant, so the others keep no counter). */
static SB_ALWAYS_INLINE void rcu_qs_tick(rcu_ctx *c, const int qsbr, void (*quiescent)(void))
{
	if (qsbr && (++c->qs & (RCU_QS_PERIOD - 1)) == 0)
		quiescent();
}

/* rcu_read_IMPL and rcu_op_read_IMPL for every implementation of the list. */
#define RCU_READ_DEFINE(NAME, FLAGS)                                                               \
	static SB_ALWAYS_INLINE void rcu_read_##NAME(rcu_ctx *c)                                   \
	{                                                                                          \
		sb_rcu_##NAME##_read_lock(c->sync);                                                \
		rcu_rec_check(c, sb_rcu_##NAME##_deref((void **)c->curp));                         \
		sb_rcu_##NAME##_read_unlock(c->sync);                                              \
	}                                                                                          \
	static SB_ALWAYS_INLINE void rcu_op_read_##NAME(void *ctx, int has_cs)                         \
	{                                                                                          \
		(void)has_cs;                                                                      \
		rcu_read_##NAME(ctx);                                                              \
		rcu_qs_tick(ctx, SB_RCU_##NAME##_QSBR, sb_rcu_##NAME##_quiescent);                 \
	}
SB_RCU_IMPLS(RCU_READ_DEFINE)
#undef RCU_READ_DEFINE
#endif
