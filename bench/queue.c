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
 *             (write_ops) + pops (read_ops). Consumers of the non-blocking containers poll. A
 *             worker's role is fixed: producers and consumers run loops of their own.
 *
 * One worker per implementation on sb_loop_steady (syncbench/loop.h), the container's operations
 * inlined (bench/queue_op.h).
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
 * backlog at the end, the counts (warm-up and window), the empty-pool stalls and the empty polls
 * are logged at DEBUG for each case (logger "syncbench.queue": run.log, not the console) and are
 * the row's counters: backlog, enqueued, dequeued, stalls, empty_polls. */
#include "bench/family.h"
#include "bench/queue_op.h"
#include "prim/queue_list.h"
#include "syncbench/log.h"
#include "syncbench/loop.h"

#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A worker inlines every call it can (the primitive's static inline operations included, which
 * the compiler's size limits would otherwise leave as calls inside a loop this large); calls into
 * libraries, sb_spin and the cold failure paths stay calls. */
#ifndef SB_WORKER_FLATTEN
#define SB_WORKER_FLATTEN __attribute__((flatten))
#endif

static inline void queue_online(const int rcu)
{
	if (rcu)
		urcu_memb_register_thread();
}

static inline void queue_offline(const int rcu)
{
	if (rcu)
		urcu_memb_unregister_thread();
}

static void queue_at_window(void *ctx)
{
	queue_ctx *c = ctx;
	c->enq0 = c->st->enq;
	c->deq0 = c->st->deq;
}

/* The window's pushes and pops that got done: a push that finds its pool empty (every node in
 * the queue or waiting for its grace period) does nothing, and a window in which the producers
 * stalled throughout is lengthened, not reported as empty. */
static SB_ALWAYS_INLINE uint64_t queue_count(void *ctx)
{
	const queue_ctx *c = ctx;
	return (c->st->enq - c->enq0) + (c->st->deq - c->deq0);
}

/* The worker of every implementation and scenario: its context, then the steady-state loop
 * around op (its role's operation). The sampled latency is one pair (pairs) or one push or pop
 * attempt (prodcons; a blocking pop's wait is part of it). ops = pushes + pops of the window. */
static SB_ALWAYS_INLINE void queue_run(sb_worker *w, void *q, const int rcu, sb_loop_op op)
{
	queue_shared *sh = w->shared;
	queue_ctx c = { .q = q, .pool = &sh->pools[w->id], .st = &sh->stats[w->id], .w = w };
	queue_online(rcu);
	sb_loop_steady_counted(w, op, &c, queue_at_window, queue_count);
	queue_offline(rcu);
	w->write_ops = c.st->enq - c.enq0;
	w->read_ops = c.st->deq - c.deq0;
	w->ops = w->write_ops + w->read_ops; /* a pair or a role step is 1 or 2 operations */
}

#define QUEUE_WORKERS(NAME, FLAGS)                                                                 \
	static SB_WORKER_FLATTEN void queue_worker_pairs_##NAME(sb_worker *w)                      \
	{                                                                                          \
		queue_run(w, &((queue_shared *)w->shared)->q.NAME, ((FLAGS) & SB_IMPL_NEEDS_RCU) != 0, \
			  queue_op_pair_##NAME);                                                   \
	}                                                                                          \
	static SB_WORKER_FLATTEN void queue_worker_prodcons_##NAME(sb_worker *w)                   \
	{                                                                                          \
		queue_shared *sh = w->shared;                                                      \
		const int rcu = ((FLAGS) & SB_IMPL_NEEDS_RCU) != 0;                                \
		if (w->id < sh->nprod)                                                             \
			queue_run(w, &sh->q.NAME, rcu, queue_op_produce_##NAME);                   \
		else                                                                               \
			queue_run(w, &sh->q.NAME, rcu, queue_op_consume_##NAME);                   \
	}
SB_QUEUE_IMPLS(QUEUE_WORKERS)
#undef QUEUE_WORKERS

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


/* Controller, after the join (no worker runs): one item left in the container. */
static void queue_left(queue_shared *sh, sb_qnode *n)
{
	uint64_t v = atomic_load_explicit(&n->value, memory_order_relaxed);
	if (atomic_exchange_explicit(&n->state, SB_QNODE_FREE, memory_order_relaxed) != SB_QNODE_QUEUED)
		sh->left_bad++;
	sh->left++;
	sh->left_sum += sb_mix64(v);
}

/* After the drain of an RCU container: every pending call_rcu has run, nothing touches the pools
 * any more. */
static void queue_rcu_barrier(void)
{
	urcu_memb_barrier();
	SB_TSAN_ACQUIRE(&sb_queue_barrier_edge);
}

static void queue_check_counts(const sb_case_params *p, queue_shared *sh, const char *impl, const sb_team *t,
			       char *msg, size_t len)
{
	uint64_t enq = 0, deq = 0, es = 0, ds = 0, stalls = 0, empty = 0;
	for (int i = 0; i < sh->nthreads; i++) {
		enq += sh->stats[i].enq;
		deq += sh->stats[i].deq;
		es += sh->stats[i].enq_sum;
		ds += sh->stats[i].deq_sum;
		stalls += sh->stats[i].stalls;
		empty += sh->stats[i].empty;
	}
	SB_LOG_DEBUG(sb_log_get("syncbench.queue"),
		    "queue/%s/%s t=%d: backlog at the end %" PRIu64 " items (enqueued %" PRIu64 ", dequeued %" PRIu64
		    "), %d producers, %" PRIu64 " empty-pool stalls, %" PRIu64 " empty polls",
		    impl, sh->nprod ? "prodcons" : "pairs", p->threads, sh->left, enq, deq, sh->nprod, stalls, empty);
	sb_counters_add(t, "backlog", (long long)sh->left);
	sb_counters_add(t, "enqueued", (long long)enq);
	sb_counters_add(t, "dequeued", (long long)deq);
	sb_counters_add(t, "stalls", (long long)stalls);
	sb_counters_add(t, "empty_polls", (long long)empty);
	if (sh->left_bad)
		snprintf(msg, len, "%" PRIu64 " items left in the queue were not marked queued", sh->left_bad);
	else if (enq != deq + sh->left)
		snprintf(msg, len, "items lost: enqueued %" PRIu64 " != dequeued %" PRIu64 " + left %" PRIu64 " (%" PRId64 " missing)",
			 enq, deq, sh->left, (int64_t)(enq - deq - sh->left));
	else if (es != ds + sh->left_sum)
		snprintf(msg, len, "checksum of dequeued items differs from the enqueued ones");
}

static void queue_setup_failed(queue_shared *sh, const char *impl, int r, char *err, size_t errlen)
{
	snprintf(err, errlen, "cannot initialise the %s queue (errno %d)", impl, -r);
	queue_free(sh);
}

/* Setup, the drain of what is left (once, from the check or the teardown), check, release (the
 * end of the window: wake a blocked worker) and teardown of every implementation. */
#define QUEUE_LIFE(NAME, FLAGS)                                                                    \
	enum { QUEUE_RCU_##NAME = ((FLAGS) & SB_IMPL_NEEDS_RCU) != 0 };                            \
	static int queue_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{                                                                                          \
		queue_shared *sh;                                                                  \
		unsigned cap = SB_QUEUE_CAP > (unsigned)p->threads ? SB_QUEUE_CAP : (unsigned)p->threads; \
		int r = queue_alloc(p, QUEUE_RCU_##NAME, &sh, err, errlen);                        \
		if (!r && (r = sb_queue_##NAME##_init(&sh->q.NAME, cap)) != 0)                     \
			queue_setup_failed(sh, #NAME, r, err, errlen);                             \
		*out = r ? NULL : sh;                                                              \
		return r;                                                                          \
	}                                                                                          \
	static void queue_drain_##NAME(queue_shared *sh)                                           \
	{                                                                                          \
		sb_qnode *n;                                                                       \
		if (sh->drained++)                                                                 \
			return;                                                                    \
		queue_online(QUEUE_RCU_##NAME);                                                    \
		while ((n = sb_queue_##NAME##_trypop(&sh->q.NAME)))                                \
			queue_left(sh, n);                                                         \
		queue_offline(QUEUE_RCU_##NAME);                                                   \
		if (QUEUE_RCU_##NAME)                                                              \
			queue_rcu_barrier();                                                       \
	}                                                                                          \
	static void queue_check_##NAME(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len) \
	{                                                                                          \
		queue_drain_##NAME(shared);                                                        \
		queue_check_counts(p, shared, #NAME, t, msg, len);                                 \
	}                                                                                          \
	static void queue_release_##NAME(void *shared) { sb_queue_##NAME##_close(&((queue_shared *)shared)->q.NAME); } \
	static void queue_teardown_##NAME(void *shared)                                            \
	{                                                                                          \
		queue_drain_##NAME(shared);                                                        \
		sb_queue_##NAME##_destroy(&((queue_shared *)shared)->q.NAME);                      \
		queue_free(shared);                                                                \
	}
SB_QUEUE_IMPLS(QUEUE_LIFE)
#undef QUEUE_LIFE

#define QUEUE_ROWS(NAME, FLAGS)                                                                    \
	{ .family = "queue", .impl = #NAME, .scenario = "pairs",                                   \
	  .flags = SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS),                                   \
	  .about = "N workers: push one item, pop one; ops = pushes + pops",                       \
	  .setup = queue_setup_##NAME, .worker = queue_worker_pairs_##NAME, .check = queue_check_##NAME, \
	  .release = queue_release_##NAME, .teardown = queue_teardown_##NAME },                    \
	{ .family = "queue", .impl = #NAME, .scenario = "prodcons",                                \
	  .flags = SB_CASE_NO_DELAY | SB_CASE_MIN2 | SB_CASE_IMPL_FLAGS(FLAGS),                    \
	  .about = "producers push, consumers pop (ratio producers:consumers); write_ops = pushes, read_ops = pops", \
	  .sweep = "producers=1;consumers=1",                                                      \
	  .setup = queue_setup_##NAME, .worker = queue_worker_prodcons_##NAME, .check = queue_check_##NAME, \
	  .release = queue_release_##NAME, .teardown = queue_teardown_##NAME },

static const sb_case queue_cases[] = { SB_QUEUE_IMPLS(QUEUE_ROWS) };

const sb_family sb_family_queue = { "queue", queue_cases, sizeof queue_cases / sizeof queue_cases[0] };
