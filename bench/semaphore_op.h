/* bench/semaphore_op.h: one operation of the semaphore family's pool, shared by the suite's loop
 * (bench/semaphore.c: the pool and uncontended scenarios) and google-benchmark's
 * (bench/gbench/semaphore.c), so both harnesses time the same code.
 *
 * sem_pool_op_IMPL(ctx, has_cs): wait; inside += 1 (must stay below permits); the --cs busy loop
 * (when has_cs); inside -= 1; post. A thread that saw more than `permits` inside counts it in its
 * context (over). The context says everything the operation touches: the semaphore, the shared
 * count of holders, the permits and the --cs length. */
#ifndef SB_BENCH_SEMAPHORE_OP_H
#define SB_BENCH_SEMAPHORE_OP_H
#include "prim/semaphore_list.h"
#include "syncbench/loop.h"
#include "syncbench/spin.h"

#include <stdatomic.h>
#include <stdint.h>

typedef struct sem_pool_ctx {
	void *sem;           /* sb_sem_IMPL */
	atomic_uint *inside; /* holders between wait and post (shared by every thread) */
	unsigned permits;
	uint64_t cs_iters;   /* --cs, in sb_spin iterations */
	uint64_t over;       /* this thread's count of times it saw more than permits inside */
} sem_pool_ctx;

/* What the permit guards: the holder counts itself in, runs the --cs delay, counts itself out.
 * Relaxed: the count is only compared with permits; the semaphore orders the holders. */
static SB_ALWAYS_INLINE void sem_pool_hold(sem_pool_ctx *c, const int has_cs)
{
	unsigned in = atomic_fetch_add_explicit(c->inside, 1, memory_order_relaxed);
	if (has_cs)
		sb_spin(c->cs_iters);
	atomic_fetch_sub_explicit(c->inside, 1, memory_order_relaxed);
	c->over += in >= c->permits;
}

/* sem_pool_op_IMPL for every implementation of the list. */
#define SEM_POOL_OP_DEFINE(NAME, FLAGS)                                  \
	static SB_ALWAYS_INLINE void sem_pool_op_##NAME(void *ctx, int has_cs) \
	{                                                                \
		sem_pool_ctx *c = ctx;                                   \
		sb_sem_##NAME##_wait(c->sem);                            \
		sem_pool_hold(c, has_cs);                                \
		sb_sem_##NAME##_post(c->sem);                            \
	}
SB_SEM_IMPLS(SEM_POOL_OP_DEFINE)
#undef SEM_POOL_OP_DEFINE

/* The state every thread's operations work on, as the suite's setup (bench/semaphore.c) makes it:
 * the suite's workers and google-benchmark's loop (bench/gbench/semaphore.c) see the same layout. */
typedef struct sem_slot {
	_Alignas(SB_CACHELINE) union {
#define X(NAME, FLAGS) sb_sem_##NAME NAME;
		SB_SEM_IMPLS(X)
#undef X
	} s;
} sem_slot; /* one semaphore per cache line */

typedef struct sem_shared {
	_Alignas(SB_CACHELINE) atomic_uint inside; /* pool: workers between wait and post */
	_Alignas(SB_CACHELINE) atomic_int turn;    /* pingpong: whose turn it is */
	_Alignas(SB_CACHELINE) int nsem, permits;
	sem_slot sem[]; /* pool: 1; pingpong: one per worker */
} sem_shared;

#endif
