/* bench/queue.c: the queue family: liburcu's lock-free stack and queues against locked baselines.
 *
 * Implementations (src/prim/queue_list.h): cds_lfs stack, cds_wfcq queue, cds_lfq queue (RCU),
 * a FIFO list under a pthread mutex, a bounded ring under a mutex and two condition variables, and
 * a hidden negative control (a stack that loses a push under contention).
 *
 * Scenarios:
 *   pairs     every worker pushes one item then pops one (any item); ops = pushes + pops.
 *   prodcons  the first workers produce, the others consume: producers=P;consumers=C give the
 *             ratio (with -t P+C they are the exact counts; at least one of each); ops = pushes
 *             (write_ops) + pops (read_ops). Consumers of the non-blocking containers poll.
 *
 * Nodes come from per-thread pools preallocated in setup (prim/pool.h): nothing is allocated in the
 * window by the family (liburcu's cds_lfq allocates its own dummy nodes; see prim/queue_lfq.h). A
 * popped node goes back to a pool at once, except for cds_lfq, where it goes through call_rcu and
 * reaches its pool only after a grace period. In prodcons a node always returns to its producer's
 * pool, so a producer whose items all sit in the queue (or in a grace period) waits for them: the
 * pool size (SB_QUEUE_POOL per producer) bounds the backlog of the unbounded queues.
 *
 * Check: every item carries a value (producer, sequence); every push adds it to the producer's
 * count and checksum, every pop to the consumer's. A node's state flips QUEUED -> FREE on each pop,
 * so an item popped twice is caught in the window. After the join the controller drains what is
 * left (the backlog): enqueued = dequeued + left, and the checksums agree, or the case FAILs. The
 * backlog at the end, the empty-pool stalls and the empty polls are logged (logger
 * "syncbench.queue", run.log) for each case. */
#include "bench/family.h"
#include "bench/queue_op.h"
#include "prim/queue_list.h"
#include "syncbench/log.h"

#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


typedef struct queue_shared {
	_Alignas(SB_CACHELINE) union {
#define X(NAME, RCU, HID) sb_queue_##NAME NAME;
		SB_QUEUE_IMPLS(X)
#undef X
	} q;
	_Alignas(SB_CACHELINE) int nthreads, nprod, rcu;
	const char *impl;
	sb_pool *pools;
	queue_stats *stats;
	sb_qnode *nodes;
	int drained;
	uint64_t left, left_sum, left_bad;
	sb_qnode *(*trypop)(struct queue_shared *);
	void (*close)(struct queue_shared *);
	void (*destroy)(struct queue_shared *);
} queue_shared;

/* prodcons: a producer pushes one item; a consumer pops one and sends it home. */
#define QUEUE_PRODCONS(NAME, RCU)                                                                  \
	do {                                                                                       \
		if (producer) {                                                                    \
			sb_qnode *n_ = sb_qnode_of_link(sb_pool_get(pool));                        \
			if (!n_) { /* every item in the queue or on its way back */                \
				queue_wait(++st->stalls);                                          \
				break;                                                             \
			}                                                                          \
			uint64_t s_ = queue_fill(n_, st, w->id);                                                 \
			if (sb_queue_##NAME##_push(q, n_)) {                                       \
				sb_pool_put(pool, &n_->link);                                      \
				break;                                                             \
			}                                                                          \
			queue_pushed(s_, st);                                                      \
		} else {                                                                           \
			sb_qnode *m_ = sb_queue_##NAME##_pop(q);                                   \
			if (!m_) {                                                                 \
				queue_wait(++st->empty);                                           \
				break;                                                             \
			}                                                                          \
			queue_take(w, m_, st);                                                     \
			if (RCU)                                                                   \
				{ SB_TSAN_RELEASE(&(m_)->home); urcu_memb_call_rcu(&m_->rcu, queue_recycle_cb); }                    \
			else                                                                       \
				sb_pool_return(m_->home, &m_->link);                               \
		}                                                                                  \
	} while (0)

/* One loop per implementation and scenario. The sampled latency is one pair (pairs) or one push
 * or pop attempt (prodcons; a blocking pop's wait is part of it). */
#define QUEUE_LOOP(NAME, RCU, SCEN, OP)                                                            \
	static void queue_##SCEN##_##NAME(sb_worker *w)                                            \
	{                                                                                          \
		queue_shared *sh = w->shared;                                                      \
		sb_queue_##NAME *q = &sh->q.NAME;                                                  \
		sb_pool *pool = &sh->pools[w->id];                                                 \
		queue_stats *st = &sh->stats[w->id];                                               \
		const int producer = w->id < sh->nprod;                                            \
		(void)producer;                                                                    \
		if (RCU)                                                                           \
			urcu_memb_register_thread();                                               \
		uint64_t enq0 = 0, deq0 = 0;                                                       \
		SB_MEASURE_LOOP(w, OP(NAME, RCU), (void)0, (enq0 = st->enq, deq0 = st->deq));      \
		w->write_ops = st->enq - enq0;                                                     \
		w->read_ops = st->deq - deq0;                                                      \
		w->ops = w->write_ops + w->read_ops; /* a pair or a role step is 1 or 2 operations */ \
		if (RCU)                                                                           \
			urcu_memb_unregister_thread();                                             \
	}

#define QUEUE_IMPL(NAME, RCU, HID)                                                                 \
	QUEUE_LOOP(NAME, RCU, pairs, QUEUE_PAIR)                                                   \
	QUEUE_LOOP(NAME, RCU, prodcons, QUEUE_PRODCONS)                                            \
	static sb_worker_fn queue_pick_pairs_##NAME(const sb_case_params *p)                       \
	{ (void)p; return queue_pairs_##NAME; }                                                    \
	static sb_worker_fn queue_pick_prodcons_##NAME(const sb_case_params *p)                    \
	{ (void)p; return queue_prodcons_##NAME; }                                                 \
	static sb_qnode *queue_trypop_##NAME(queue_shared *sh) { return sb_queue_##NAME##_trypop(&sh->q.NAME); } \
	static void queue_close_##NAME(queue_shared *sh) { sb_queue_##NAME##_close(&sh->q.NAME); } \
	static void queue_destroy_##NAME(queue_shared *sh) { sb_queue_##NAME##_destroy(&sh->q.NAME); } \
	static int queue_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{                                                                                          \
		queue_shared *sh;                                                                  \
		int r = queue_alloc(p, RCU, &sh, err, errlen);                                          \
		if (r)                                                                             \
			return r;                                                                  \
		unsigned cap = SB_QUEUE_CAP > (unsigned)p->threads ? SB_QUEUE_CAP : (unsigned)p->threads; \
		r = sb_queue_##NAME##_init(&sh->q.NAME, cap);                                      \
		if (r) {                                                                           \
			snprintf(err, errlen, "cannot initialise the %s queue (errno %d)", #NAME, -r); \
			queue_free(sh);                                                            \
			return r;                                                                  \
		}                                                                                  \
		sh->impl = #NAME;                                                                  \
		sh->rcu = RCU;                                                                     \
		sh->trypop = queue_trypop_##NAME;                                                  \
		sh->close = queue_close_##NAME;                                                    \
		sh->destroy = queue_destroy_##NAME;                                                \
		*out = sh;                                                                         \
		return 0;                                                                          \
	}

static void queue_free(queue_shared *sh)
{
	free(sh->pools);
	free(sh->stats);
	free(sh->nodes);
	free(sh);
}

/* The shared state without the container: pools full of fresh nodes, roles. */
static int queue_alloc(const sb_case_params *p, int rcu, queue_shared **out, char *err, size_t errlen)
{
	int n = p->threads;
	queue_shared *sh = aligned_alloc(SB_CACHELINE, sizeof *sh);
	if (!sh)
		return -ENOMEM;
	memset(sh, 0, sizeof *sh);
	sh->nthreads = n;
	long long P = sb_param(p, "producers", -1), C = sb_param(p, "consumers", -1);
	sh->nprod = 0;
	if (P >= 0 || C >= 0) { /* prodcons */
		if (P < 1 || C < 1 || n < 2) {
			snprintf(err, errlen, "prodcons needs producers >= 1, consumers >= 1 and 2 or more threads");
			free(sh);
			return -EINVAL;
		}
		long long np = (n * P + (P + C) / 2) / (P + C);
		sh->nprod = (int)(np < 1 ? 1 : np > n - 1 ? n - 1 : np);
	}
	const size_t per = rcu ? SB_QUEUE_POOL_RCU : SB_QUEUE_POOL;
	size_t nn = (size_t)n * per;
	sh->pools = aligned_alloc(SB_CACHELINE, sizeof(sb_pool) * (size_t)n);
	sh->stats = aligned_alloc(SB_CACHELINE, sizeof(queue_stats) * (size_t)n);
	sh->nodes = aligned_alloc(SB_CACHELINE, sizeof(sb_qnode) * nn);
	if (!sh->pools || !sh->stats || !sh->nodes) {
		snprintf(err, errlen, "out of memory for %zu queue nodes", nn);
		queue_free(sh);
		return -ENOMEM;
	}
	memset(sh->stats, 0, sizeof(queue_stats) * (size_t)n);
	memset(sh->nodes, 0, sizeof(sb_qnode) * nn);
	for (int i = 0; i < n; i++) {
		sb_pool_init(&sh->pools[i]);
		for (size_t k = per; k-- > 0;) {
			sb_qnode *nd = &sh->nodes[(size_t)i * per + k];
			atomic_init(&nd->state, SB_QNODE_FREE);
			atomic_init(&nd->value, 0);
			nd->home = &sh->pools[i];
			sb_pool_put(&sh->pools[i], &nd->link);
		}
	}
	*out = sh;
	return 0;
}

SB_QUEUE_IMPLS(QUEUE_IMPL)

/* Controller, after the join (no worker runs): take every item left in the container. */
static void queue_drain(queue_shared *sh)
{
	if (sh->drained)
		return;
	sh->drained = 1;
	if (sh->rcu)
		urcu_memb_register_thread();
	sb_qnode *n;
	while ((n = sh->trypop(sh))) {
		uint64_t v = atomic_load_explicit(&n->value, memory_order_relaxed);
		if (atomic_exchange_explicit(&n->state, SB_QNODE_FREE, memory_order_relaxed) != SB_QNODE_QUEUED)
			sh->left_bad++;
		sh->left++;
		sh->left_sum += sb_mix64(v);
	}
	if (sh->rcu) {
		urcu_memb_unregister_thread();
		urcu_memb_barrier(); /* every pending call_rcu has run: nothing touches the pools any more */
		SB_TSAN_ACQUIRE(&sb_queue_barrier_edge);
	}
}

static void queue_check(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	queue_shared *sh = shared;
	queue_drain(sh);
	uint64_t enq = 0, deq = 0, es = 0, ds = 0, stalls = 0, empty = 0;
	for (int i = 0; i < sh->nthreads; i++) {
		enq += sh->stats[i].enq;
		deq += sh->stats[i].deq;
		es += sh->stats[i].enq_sum;
		ds += sh->stats[i].deq_sum;
		stalls += sh->stats[i].stalls;
		empty += sh->stats[i].empty;
	}
	SB_LOG_INFO(sb_log_get("syncbench.queue"),
		    "queue/%s/%s t=%d: backlog at the end %" PRIu64 " items (enqueued %" PRIu64 ", dequeued %" PRIu64
		    "), %d producers, %" PRIu64 " empty-pool stalls, %" PRIu64 " empty polls",
		    sh->impl, sh->nprod ? "prodcons" : "pairs", p->threads, sh->left, enq, deq, sh->nprod, stalls, empty);
	(void)t;
	if (sh->left_bad)
		snprintf(msg, len, "%" PRIu64 " items left in the queue were not marked queued", sh->left_bad);
	else if (enq != deq + sh->left)
		snprintf(msg, len, "items lost: enqueued %" PRIu64 " != dequeued %" PRIu64 " + left %" PRIu64 " (%" PRId64 " missing)",
			 enq, deq, sh->left, (int64_t)(enq - deq - sh->left));
	else if (es != ds + sh->left_sum)
		snprintf(msg, len, "checksum of dequeued items differs from the enqueued ones");
}

static void queue_release(void *shared)
{
	queue_shared *sh = shared;
	sh->close(sh);
}

static void queue_teardown(void *shared)
{
	queue_shared *sh = shared;
	queue_drain(sh);
	sh->destroy(sh);
	queue_free(sh);
}

#define QUEUE_ROWS(NAME, RCU, HID)                                                                 \
	{ .family = "queue", .impl = #NAME, .scenario = "pairs",                                   \
	  .flags = SB_CASE_NO_DELAY | (HID ? SB_CASE_HIDDEN : 0),                                  \
	  .about = "N workers: push one item, pop one; ops = pushes + pops",                       \
	  .setup = queue_setup_##NAME, .pick = queue_pick_pairs_##NAME, .check = queue_check,      \
	  .release = queue_release, .teardown = queue_teardown },                                  \
	{ .family = "queue", .impl = #NAME, .scenario = "prodcons",                                \
	  .flags = SB_CASE_NO_DELAY | SB_CASE_MIN2 | (HID ? SB_CASE_HIDDEN : 0),                   \
	  .about = "producers push, consumers pop (ratio producers:consumers); write_ops = pushes, read_ops = pops", \
	  .sweep = "producers=1;consumers=1",                                                      \
	  .setup = queue_setup_##NAME, .pick = queue_pick_prodcons_##NAME, .check = queue_check,   \
	  .release = queue_release, .teardown = queue_teardown },

static const sb_case queue_cases[] = { SB_QUEUE_IMPLS(QUEUE_ROWS) };

const sb_family sb_family_queue = { "queue", queue_cases, sizeof queue_cases / sizeof queue_cases[0] };
