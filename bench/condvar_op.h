/* bench/condvar_op.h: the condvar family's calls and one-thread operation over an explicit
 * context, shared by the suite's loops (bench/condvar.c) and google-benchmark's
 * (bench/gbench/condvar.c), so both harnesses run the same code.
 *
 * condvar_calls  an implementation's calls on an untyped mutex and condition variable
 *                (CONDVAR_CALLS(IMPL)): passed by value to always-inline functions, they are
 *                constants there and the compiler inlines the implementation (no call through a
 *                pointer is left in a loop).
 * condvar_op_IMPL(ctx, has_cs)  lock, count, signal with no waiter, unlock: what a producer pays
 *                when nobody waits. ctx is a condvar_ctx; the count kept under the mutex must
 *                equal the operations (the check). */
#ifndef SB_BENCH_CONDVAR_OP_H
#define SB_BENCH_CONDVAR_OP_H
#include "prim/condvar_list.h"
#include "syncbench/harness.h"

#include <stdatomic.h>
#include <stdint.h>

typedef struct condvar_calls {
	int (*mutex_init)(void *m);
	void (*mutex_destroy)(void *m);
	int (*cond_init)(void *c);
	void (*cond_destroy)(void *c);
	void (*lock)(void *m);
	void (*unlock)(void *m);
	void (*wait)(void *c, void *m);
	void (*signal)(void *c);
	void (*broadcast)(void *c);
} condvar_calls;

typedef struct condvar_ctx {
	void *mutex;                /* sb_condvar_IMPL_mutex */
	void *cond;                 /* sb_condvar_IMPL_cond */
	volatile uint64_t *signals; /* counted under the mutex */
} condvar_ctx;

static inline __attribute__((always_inline)) void condvar_signal_alone(const condvar_ctx *c, const condvar_calls cv)
{
	cv.lock(c->mutex);
	(*c->signals)++;
	cv.signal(c->cond);
	cv.unlock(c->mutex);
}

/* The calls of every implementation on untyped pointers, and its condvar_op_IMPL. */
#define CONDVAR_CALLS_DEFINE(NAME, FLAGS)                                                           \
	static inline int condvar_mutex_init_##NAME(void *m) { return sb_condvar_##NAME##_mutex_init(m); } \
	static inline void condvar_mutex_destroy_##NAME(void *m) { sb_condvar_##NAME##_mutex_destroy(m); } \
	static inline int condvar_cond_init_##NAME(void *c) { return sb_condvar_##NAME##_cond_init(c); } \
	static inline void condvar_cond_destroy_##NAME(void *c) { sb_condvar_##NAME##_cond_destroy(c); } \
	static inline void condvar_lock_##NAME(void *m) { sb_condvar_##NAME##_lock(m); }            \
	static inline void condvar_unlock_##NAME(void *m) { sb_condvar_##NAME##_unlock(m); }        \
	static inline void condvar_wait_##NAME(void *c, void *m) { sb_condvar_##NAME##_wait(c, m); } \
	static inline void condvar_signal_##NAME(void *c) { sb_condvar_##NAME##_signal(c); }        \
	static inline void condvar_broadcast_##NAME(void *c) { sb_condvar_##NAME##_broadcast(c); }  \
	static inline void condvar_op_##NAME(void *ctx, int has_cs)                                 \
	{                                                                                           \
		(void)has_cs;                                                                       \
		condvar_signal_alone(ctx, CONDVAR_CALLS(NAME));                                     \
	}
#define CONDVAR_CALLS(NAME)                                                                         \
	((condvar_calls){ condvar_mutex_init_##NAME, condvar_mutex_destroy_##NAME, condvar_cond_init_##NAME, \
			  condvar_cond_destroy_##NAME, condvar_lock_##NAME, condvar_unlock_##NAME,  \
			  condvar_wait_##NAME, condvar_signal_##NAME, condvar_broadcast_##NAME })
SB_CONDVAR_IMPLS(CONDVAR_CALLS_DEFINE)
#undef CONDVAR_CALLS_DEFINE

/* The state the operations work on, as the suite's setup (bench/condvar.c) makes it: the suite's
 * workers and google-benchmark's loop (bench/gbench/condvar.c) see the same layout. */
/* Any implementation's mutex and condition variable. Every member starts at the union's address,
 * so a pointer to the union is a pointer to the implementation's object (what the calls take). */
typedef union cv_mutex_any {
#define X(NAME, FLAGS) sb_condvar_##NAME##_mutex NAME;
	SB_CONDVAR_IMPLS(X)
#undef X
} cv_mutex_any;

typedef union cv_cond_any {
#define X(NAME, FLAGS) sb_condvar_##NAME##_cond NAME;
	SB_CONDVAR_IMPLS(X)
#undef X
} cv_cond_any;

/* One pingpong pair, the bounded buffer, or the one worker's: a mutex, two condition variables,
 * the state they protect. The broken control races on these fields on purpose, so they are
 * volatile (the compiler must not keep them in registers across its yielding "wait"). */
typedef struct cv_group {
	_Alignas(SB_CACHELINE) cv_mutex_any m;
	cv_cond_any c[2];          /* pingpong, uncontended: c[0] only; buffer: not_full, not_empty */
	volatile int turn;         /* pingpong: whose turn, 0 or 1 */
	volatile uint64_t passes;  /* pingpong: hand-overs */
	volatile uint64_t signals; /* uncontended: operations */
	volatile unsigned count;   /* buffer: items inside */
	volatile uint64_t head, tail;
	atomic_int stop;
} cv_group;

enum cv_layout { CV_ONE, CV_PAIRS, CV_BUFFER };

typedef struct condvar_shared {
	cv_group *g;
	int ngroups, ninit;     /* groups, and how many are initialised */
	enum cv_layout layout;
	int producers;          /* buffer: workers 0 .. producers-1 put */
	unsigned cap, mask;     /* buffer: capacity, and slots - 1 (a power of two) */
	uint64_t *buf;
} condvar_shared;

#endif
