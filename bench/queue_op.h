/* bench/queue_op.h: one push/pop pair of the queue family, shared by the suite's loop
 * (bench/queue.c: pairs, and the helpers prodcons uses) and google-benchmark's
 * (bench/gbench/queue.c).
 *   QUEUE_PAIR(NAME, RCU): take a node from the worker's pool, write its item (producer, sequence)
 *   and push it; pop one node, check it was queued (an item popped twice fails the worker), and
 *   send it back to the pool (through call_rcu, after a grace period, when RCU is 1).
 * It works on names of the caller's scope: w (sb_worker *: its id, and its fail message), q
 * (sb_queue_NAME *), pool (sb_pool *) and st (queue_stats *). An RCU container needs a thread
 * registered with liburcu's memb flavour. */
#ifndef SB_BENCH_QUEUE_OP_H
#define SB_BENCH_QUEUE_OP_H
#include "syncbench/rand.h"
#include "prim/queue_list.h"
#include "syncbench/harness.h"
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
static inline uint64_t queue_fill(sb_qnode *n, queue_stats *st, int id)
{
	uint64_t v = ((uint64_t)(id + 1) << 40) | st->seq++;
	atomic_store_explicit(&n->value, v, memory_order_relaxed);
	/* release, paired with the consumer's acquire exchange: the container already orders the
	 * hand-off, but this pair is the one ThreadSanitizer can see (it costs nothing on x86: a plain
	 * store, and the exchange is a locked instruction anyway) */
	atomic_store_explicit(&n->state, SB_QNODE_QUEUED, memory_order_release);
	return sb_mix64(v);
}
static inline void queue_pushed(uint64_t sum, queue_stats *st)
{
	st->enq++;
	st->enq_sum += sum;
}
/* the consumer's half: the item must be queued, and is then free */
static inline void queue_take(sb_worker *w, sb_qnode *m, queue_stats *st)
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

/* pairs: push one, pop one. A popped node joins this worker's pool (after a grace period for RCU). */
#define QUEUE_PAIR(NAME, RCU)                                                                      \
	do {                                                                                       \
		sb_qnode *n_ = sb_qnode_of_link(sb_pool_get(pool));                                \
		if (!n_) { /* every node in a grace period */                                      \
			queue_wait(++st->stalls);                                                  \
			break;                                                                     \
		}                                                                                  \
		uint64_t s_ = queue_fill(n_, st, w->id);                                                         \
		if (sb_queue_##NAME##_push(q, n_)) { /* closed */                                 \
			sb_pool_put(pool, &n_->link);                                              \
			break;                                                                     \
		}                                                                                  \
		queue_pushed(s_, st);                                                              \
		sb_qnode *m_ = sb_queue_##NAME##_pop(q);                                           \
		if (!m_)                                                                           \
			break;                                                                     \
		queue_take(w, m_, st);                                                             \
		if (RCU) {                                                                         \
			m_->home = pool;                                                           \
			{ SB_TSAN_RELEASE(&(m_)->home); urcu_memb_call_rcu(&m_->rcu, queue_recycle_cb); }                            \
		} else {                                                                           \
			sb_pool_put(pool, &m_->link);                                              \
		}                                                                                  \
	} while (0)
#endif
