/* bench/rlock_op.h: one operation of the recursive-lock family, shared by the suite's loop
 * (bench/rlock.c) and google-benchmark's (bench/gbench/rlock.c), so both harnesses time the same
 * code.
 *
 * rlock_op_IMPL(ctx, has_cs): one nest: lock `depth` times, read the protected counter, the --cs
 * busy loop (when has_cs), write it back plus one, unlock `depth` times. A refused unlock adds one
 * to the context's `bad`. Two threads inside together lose an increment: the caller compares the
 * counter with the nests it counted. The context says everything the operation touches: the lock,
 * the depth, the counter, the --cs length and the calling thread's tally of refused unlocks. */
#ifndef SB_BENCH_RLOCK_OP_H
#define SB_BENCH_RLOCK_OP_H
#include "prim/rlock_list.h"
#include "syncbench/loop.h"
#include "syncbench/spin.h"

#include <stdint.h>

typedef struct rlock_ctx {
	void *lock;                 /* sb_rlock_IMPL */
	int depth;                  /* levels per nest, >= 1 */
	volatile uint64_t *counter; /* the protected data */
	uint64_t cs_iters;          /* --cs, in sb_spin iterations */
	uint64_t bad;               /* unlocks refused to this thread (it owned the lock) */
} rlock_ctx;

/* What the lock protects, at the innermost level: a read-modify-write of a plain counter around
 * the --cs delay. */
static SB_ALWAYS_INLINE void rlock_critical_section(const rlock_ctx *c, const int has_cs)
{
	uint64_t v = *c->counter;
	if (has_cs)
		sb_spin(c->cs_iters);
	*c->counter = v + 1;
}

/* rlock_op_IMPL for every implementation of the list. */
#define RLOCK_OP_DEFINE(NAME, FLAGS)                                             \
	static SB_ALWAYS_INLINE void rlock_op_##NAME(void *ctx, int has_cs)      \
	{                                                                        \
		rlock_ctx *c = ctx;                                              \
		for (int d = 0; d < c->depth; d++)                               \
			sb_rlock_##NAME##_lock(c->lock);                         \
		rlock_critical_section(c, has_cs);                               \
		for (int d = 0; d < c->depth; d++)                               \
			c->bad += sb_rlock_##NAME##_unlock(c->lock) != 0;        \
	}
SB_RLOCK_IMPLS(RLOCK_OP_DEFINE)
#undef RLOCK_OP_DEFINE

/* The state every thread's operations work on, as the suite's setup (bench/rlock.c) makes it: the
 * suite's workers and google-benchmark's loop (bench/gbench/rlock.c) see the same layout. */
typedef struct rlock_shared {
	_Alignas(SB_CACHELINE) union {
#define X(NAME, FLAGS) sb_rlock_##NAME NAME;
		SB_RLOCK_IMPLS(X)
#undef X
	} lock;
	_Alignas(SB_CACHELINE) volatile uint64_t counter; /* protected data, on its own line */
	int depth;
} rlock_shared;

#endif
