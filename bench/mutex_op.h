/* bench/mutex_op.h: one operation of the mutex family, shared by the suite's loop (bench/mutex.c)
 * and google-benchmark's (bench/gbench/mutex.c), so both harnesses time the same code.
 *
 * mutex_op_IMPL(ctx, has_cs): lock, read the protected counter, the --cs busy loop (when has_cs),
 * write the counter back plus one, unlock. Two threads inside together lose an increment: the
 * caller compares the counter with the acquisitions it counted. The context says everything the
 * operation touches: the lock, the calling thread's context for it, the counter (the shared one,
 * or a counter of the thread's own for a lock that does not exclude) and the --cs length. */
#ifndef SB_BENCH_MUTEX_OP_H
#define SB_BENCH_MUTEX_OP_H
#include "prim/mutex_list.h"
#include "syncbench/loop.h"
#include "syncbench/spin.h"

#include <stdint.h>

typedef struct mutex_ctx {
	void *lock;                 /* sb_mutex_IMPL */
	void *thread;               /* sb_mutex_IMPL_thread of the calling thread */
	volatile uint64_t *counter; /* the protected data */
	uint64_t cs_iters;          /* --cs, in sb_spin iterations */
} mutex_ctx;

/* What the lock protects: a read-modify-write of a plain counter around the --cs delay. */
static SB_ALWAYS_INLINE void mutex_critical_section(const mutex_ctx *c, const int has_cs)
{
	uint64_t v = *c->counter;
	if (has_cs)
		sb_spin(c->cs_iters);
	*c->counter = v + 1;
}

/* mutex_op_IMPL for every implementation of the list. */
#define MUTEX_OP_DEFINE(NAME, FLAGS)                                     \
	static inline void mutex_op_##NAME(void *ctx, int has_cs)        \
	{                                                                \
		const mutex_ctx *c = ctx;                                \
		sb_mutex_##NAME##_lock(c->lock, c->thread);              \
		mutex_critical_section(c, has_cs);                       \
		sb_mutex_##NAME##_unlock(c->lock, c->thread);            \
	}
SB_MUTEX_IMPLS(MUTEX_OP_DEFINE)
#undef MUTEX_OP_DEFINE

/* The state every thread's operations work on, as the suite's setup (bench/mutex.c) makes it: the
 * suite's workers and google-benchmark's loop (bench/gbench/mutex.c) see the same layout. */
typedef struct mutex_shared {
	_Alignas(SB_CACHELINE) union {
#define X(NAME, FLAGS) sb_mutex_##NAME NAME;
		SB_MUTEX_IMPLS(X)
#undef X
	} lock;
	/* the protected data sits on its own line, as in a program that pads its hot lock */
	_Alignas(SB_CACHELINE) volatile uint64_t counter;
	int excludes;
} mutex_shared;

#endif
