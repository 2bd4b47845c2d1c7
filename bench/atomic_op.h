/* bench/atomic_op.h: one operation of the atomic family, shared by the suite's loop
 * (bench/atomic.c) and google-benchmark's (bench/gbench/atomic.c), so both harnesses time the same
 * code.
 *
 * atomic_op_OP(ctx, has_cs): sb_atomic_OP_inc on the context's counter (the placement decides
 * where that word is), nothing else. The context is the calling thread's alone: the word it counts
 * on and the value it holds (xchg; 0 for the others). has_cs is unused: the scenario takes no
 * delay. */
#ifndef SB_BENCH_ATOMIC_OP_H
#define SB_BENCH_ATOMIC_OP_H
#include "prim/atomic_list.h"
#include "syncbench/loop.h"

#include <stdint.h>

typedef struct atomic_ctx {
	_Atomic uint64_t *counter; /* the word this thread counts on */
	uint64_t held;             /* xchg: the value this thread took out of the word */
} atomic_ctx;

/* atomic_op_OP for every operation of the list. */
#define ATOMIC_OP_DEFINE(OP)                                            \
	static SB_ALWAYS_INLINE void atomic_op_##OP(void *ctx, int has_cs) \
	{                                                               \
		atomic_ctx *c = ctx;                                    \
		(void)has_cs;                                           \
		sb_atomic_##OP##_inc(c->counter, &c->held);             \
	}
SB_ATOMIC_OPS(ATOMIC_OP_DEFINE)
#undef ATOMIC_OP_DEFINE
#endif
