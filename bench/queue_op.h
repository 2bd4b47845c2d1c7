/* bench/queue_op.h: the operations of the queue family, shared by the suite's loops
 * (bench/queue.c) and google-benchmark's (bench/gbench/queue.c).
 *
 *   queue_op_pair_IMPL(c, 0)     pairs: take a node from the worker's pool, write its item
 *                                (producer, sequence) and push it; pop one node, check it was
 *                                queued (an item popped twice fails the worker), and send it back
 *                                to the worker's pool (through call_rcu, after a grace period, for
 *                                an implementation flagged SB_IMPL_NEEDS_RCU)
 *   queue_op_produce_IMPL(c, 0)  prodcons, a producer: push one item of its pool (or wait a
 *                                little when every item is in the queue or on its way back)
 *   queue_op_consume_IMPL(c, 0)  prodcons, a consumer: pop one item (a blocking container waits
 *                                for it), check it and send it home to its producer's pool
 *
 * A worker's role is fixed: each role is a loop of its own, with no branch on it per operation.
 * The context says everything an operation touches; it belongs to one thread (registered with
 * urcu_memb for an SB_IMPL_NEEDS_RCU container). */
#ifndef SB_BENCH_QUEUE_OP_H
#define SB_BENCH_QUEUE_OP_H
#include "prim/queue_list.h"
#include "syncbench/harness.h"
#include "syncbench/loop.h"
#include "syncbench/rand.h"
#include "syncbench/spin.h"

#include <inttypes.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define SB_QUEUE_POOL 16384u      /* nodes per worker */
#define SB_QUEUE_POOL_RCU 65536u  /* nodes per worker when nodes wait for a grace period */
#define SB_QUEUE_CAP 1024u     /* slots of the bounded (condvar) queue */

typedef struct queue_stats {
	_Alignas(SB_CACHELINE) uint64_t enq, deq, enq_sum, deq_sum; /* warm-up + window */
	uint64_t stalls, empty, seq;
} queue_stats;

/* What one worker's operations work on, on the worker's stack. */
typedef struct queue_ctx {
	_Alignas(SB_CACHELINE) void *q; /* sb_queue_IMPL, shared */
	sb_pool *pool;                   /* the worker's nodes */
	queue_stats *st;                 /* its counts */
	sb_worker *w;                    /* its id and fail message */
	uint64_t enq0, deq0;             /* the counts when the window opened */
} queue_ctx;


/* The state the operations work on, as the suite's setup (bench/queue.c) makes it: the container,
 * and a pool and counts per worker. The suite's workers and google-benchmark's loop
 * (bench/gbench/queue.c, worker 0's pool and counts) see the same layout. */
typedef struct queue_shared {
	_Alignas(SB_CACHELINE) union {
#define X(NAME, FLAGS) sb_queue_##NAME NAME;
		SB_QUEUE_IMPLS(X)
#undef X
	} q;
	_Alignas(SB_CACHELINE) int nthreads, nprod;
	sb_pool *pools;
	queue_stats *stats;
	sb_qnode *nodes;
	int drained;
	uint64_t left, left_sum, left_bad;
} queue_shared;


static char sb_queue_barrier_edge __attribute__((unused)); /* ThreadSanitizer: callbacks -> rcu_barrier */

static __attribute__((unused)) void queue_recycle_cb(struct rcu_head *h)
{
	sb_qnode *n = caa_container_of(h, sb_qnode, rcu);
	SB_TSAN_ACQUIRE(&(n)->home); /* the edge from call_rcu (after the grace period) */
	sb_pool_return(n->home, &n->link);
	SB_TSAN_RELEASE(&sb_queue_barrier_edge); /* seen by the controller after urcu_memb_barrier */
}

static __attribute__((noinline, cold)) void queue_fail_twice(sb_worker *w, uint64_t v)
{
	if (!w->fail[0])
		snprintf(w->fail, sizeof w->fail, "an item was dequeued twice (value %#" PRIx64 ")", v);
}

/* the producer's half: write the item (then publish it); returns its checksum term. The pusher
 * must not read the node after the push: a consumer may already have recycled it. */
static SB_ALWAYS_INLINE uint64_t queue_fill(sb_qnode *n, queue_stats *st, int id)
{
	uint64_t v = ((uint64_t)(id + 1) << 40) | st->seq++;
	atomic_store_explicit(&n->value, v, memory_order_relaxed);
	/* release, paired with the consumer's acquire exchange: the container already orders the
	 * hand-off, but this pair is the one ThreadSanitizer can see (it costs nothing on x86: a plain
	 * store, and the exchange is a locked instruction anyway) */
	atomic_store_explicit(&n->state, SB_QNODE_QUEUED, memory_order_release);
	return sb_mix64(v);
}
static SB_ALWAYS_INLINE void queue_pushed(uint64_t sum, queue_stats *st)
{
	st->enq++;
	st->enq_sum += sum;
}
/* the consumer's half: the item must be queued, and is then free */
static SB_ALWAYS_INLINE void queue_take(sb_worker *w, sb_qnode *m, queue_stats *st)
{
	int was = atomic_exchange_explicit(&m->state, SB_QNODE_FREE, memory_order_acquire);
	uint64_t v = atomic_load_explicit(&m->value, memory_order_relaxed);
	if (was != SB_QNODE_QUEUED)
		queue_fail_twice(w, v);
	st->deq++;
	st->deq_sum += sb_mix64(v);
}

/* Nothing to do (empty pool, empty queue): spin, and every 64th miss in a row give the CPU away,
 * as a real program would rather than burn a timeslice that the thread it waits for needs (with
 * more workers than CPUs, or under a sanitizer). Only on the miss path. */
static inline void queue_wait(uint64_t misses)
{
	if ((misses & 63) == 0)
		sched_yield();
	else
		sb_cpu_relax();
}

/* A node of the worker's pool with the worker's next item written into it, or NULL (a stall,
 * counted) when every node is in the container or on its way back. */
static SB_ALWAYS_INLINE sb_qnode *queue_fresh(queue_ctx *c, uint64_t *sum)
{
	sb_qnode *n = sb_qnode_of_link(sb_pool_get(c->pool));
	if (!n) {
		queue_wait(++c->st->stalls);
		return NULL;
	}
	*sum = queue_fill(n, c->st, c->w->id);
	return n;
}

/* After a push: counted, or (closed) the node back to the pool. */
static SB_ALWAYS_INLINE int queue_pushed_or_back(queue_ctx *c, sb_qnode *n, uint64_t sum, int closed)
{
	if (closed) {
		sb_pool_put(c->pool, &n->link);
		return 0;
	}
	queue_pushed(sum, c->st);
	return 1;
}

/* A popped node goes to pool: after a grace period when rcu (a constant), else at once (home is
 * the consumer's own pool in pairs, its producer's in prodcons). */
static SB_ALWAYS_INLINE void queue_recycle(sb_qnode *m, sb_pool *home, const int own, const int rcu)
{
	if (rcu) {
		m->home = home;
		SB_TSAN_RELEASE(&m->home);
		urcu_memb_call_rcu(&m->rcu, queue_recycle_cb);
	} else if (own) {
		sb_pool_put(home, &m->link);
	} else {
		sb_pool_return(home, &m->link);
	}
}

/* queue_op_pair_IMPL, queue_op_produce_IMPL and queue_op_consume_IMPL for every implementation of
 * the list. */
#define QUEUE_OP_DEFINE(NAME, FLAGS)                                                               \
	static SB_ALWAYS_INLINE void queue_op_pair_##NAME(void *ctx, int has_cs)                   \
	{                                                                                          \
		queue_ctx *c = ctx;                                                                \
		uint64_t sum;                                                                      \
		sb_qnode *n = queue_fresh(c, &sum), *m;                                            \
		(void)has_cs;                                                                      \
		if (n && queue_pushed_or_back(c, n, sum, sb_queue_##NAME##_push(c->q, n)) &&       \
		    (m = sb_queue_##NAME##_pop(c->q)) != NULL) {                                   \
			queue_take(c->w, m, c->st);                                                \
			queue_recycle(m, c->pool, 1, ((FLAGS) & SB_IMPL_NEEDS_RCU) != 0);          \
		}                                                                                  \
	}                                                                                          \
	static SB_ALWAYS_INLINE void queue_op_produce_##NAME(void *ctx, int has_cs)                \
	{                                                                                          \
		queue_ctx *c = ctx;                                                                \
		uint64_t sum;                                                                      \
		sb_qnode *n = queue_fresh(c, &sum);                                                \
		(void)has_cs;                                                                      \
		if (n)                                                                             \
			queue_pushed_or_back(c, n, sum, sb_queue_##NAME##_push(c->q, n));          \
	}                                                                                          \
	static SB_ALWAYS_INLINE void queue_op_consume_##NAME(void *ctx, int has_cs)                \
	{                                                                                          \
		queue_ctx *c = ctx;                                                                \
		sb_qnode *m = sb_queue_##NAME##_pop(c->q);                                         \
		(void)has_cs;                                                                      \
		if (!m) {                                                                          \
			queue_wait(++c->st->empty);                                                \
			return;                                                                    \
		}                                                                                  \
		queue_take(c->w, m, c->st);                                                        \
		queue_recycle(m, m->home, 0, ((FLAGS) & SB_IMPL_NEEDS_RCU) != 0);                  \
	}
SB_QUEUE_IMPLS(QUEUE_OP_DEFINE)
#undef QUEUE_OP_DEFINE
#endif
