/* bench/plain/plain.c: syncbench-plain, the cross-check's third measurement.
 *
 * For a named uncontended case it runs the operation the suite and google-benchmark both run (the
 * shared bench/FAMILY_op.h functions over src/prim/), in a plain counted loop, with no harness:
 * nothing of src/harness.c or include/syncbench/loop.h, no phase flag, no sampling, no counters
 * beside the operation's own. One worker thread (not the main thread: glibc's single-thread
 * shortcut would skip a pthread lock's atomic) pinned to CPU 0 as the suite pins its one worker
 * (--cpu N, or --cpu none to leave it unpinned as google-benchmark runs), times whole batches with
 * clock_gettime(CLOCK_MONOTONIC): a calibration batch picks the batch size (about --batch-ms of
 * work, at least 10^6 operations unless those take more than 250 ms), then --batches batches are
 * timed and their median ns per operation reported.
 *
 *   syncbench-plain [--cpu N|none] [--batches B] [--batch-ms MS] [--list] [PATTERN ...]
 *
 * PATTERN is a shell pattern over the case names (fnmatch: "mutex/\*" for a family, or one case name);
 * none selects every case. Output, one line per case:
 *   CASE MEDIAN_NS MIN_NS MAX_NS OPS_PER_BATCH BATCHES cpu=CPU_NS [key=value ...]
 * (MEDIAN, MIN, MAX: wall ns per operation of the batches, CLOCK_MONOTONIC; cpu: the median batch's
 * ns per operation in the thread's own CPU time, CLOCK_THREAD_CPUTIME_ID, read around the same
 * batches: on a machine shared with other work, the part of the wall time the worker ran)
 * CASE is google-benchmark's name of the case, with a comma for its space ("rwlock/futex/
 * uncontended,read_pct=0"), so that a line splits on blanks.
 * ns per operation as the suite counts operations (a queue pair is two: a push and a pop, and a
 * pair that found the pool empty counts none, as in the suite; stalls=N says how many did).
 * Lines starting with '#' are comments. Exit status 0, 1 when a case failed its check, 2 on a
 * usage error. */
#include "bench/atomic_op.h"
#include "bench/condvar_op.h"
#include "bench/event_op.h"
#include "bench/mutex_op.h"
#include "bench/queue_op.h"
#include "bench/rcu_op.h"
#include "bench/rlock_op.h"
#include "bench/rwlock_op.h"
#include "bench/semaphore_op.h"

#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PLAIN_LINE 64
#define PLAIN_MIN_OPS 1000000u   /* operations per batch, unless that takes more than: */
#define PLAIN_LONG_NS 250000000u /* a batch of a slow operation (eventfd) stops here, */
#define PLAIN_FEW_OPS 10000u     /* with at least this many operations */
#define PLAIN_MAX_OPS 200000000u

/* One case: make its state (on the worker thread), run n operations, check and free it. run is
 * called once per batch; inside it the operation is inlined into a counted loop. ops() says how
 * many suite operations were done so far (NULL: one per iteration). */
typedef struct plain_case {
	const char *name;
	void *(*setup)(char *err, size_t len);
	void (*run)(void *state, uint64_t n);
	uint64_t (*ops)(void *state, uint64_t iters);
	int (*finish)(void *state, uint64_t iters, char *msg, size_t len); /* 0 ok, else msg; frees */
	const char *(*note)(void *state, char *buf, size_t len);
} plain_case;

static uint64_t plain_clock(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
static uint64_t plain_now(void) { return plain_clock(CLOCK_MONOTONIC); }
/* the worker's own CPU time: what the batch cost while it ran (a machine shared with other work
 * takes the CPU away for part of the wall time) */
static uint64_t plain_cpu(void) { return plain_clock(CLOCK_THREAD_CPUTIME_ID); }

/* --- mutex: lock, counter + 1, unlock (mutex_op_IMPL) --------------------------------------- */

#define PLAIN_MUTEX(NAME, FLAGS)                                                                  \
	typedef struct {                                                                          \
		_Alignas(PLAIN_LINE) sb_mutex_##NAME lock;                                        \
		_Alignas(PLAIN_LINE) volatile uint64_t counter; /* the data, on its own line */   \
		_Alignas(PLAIN_LINE) sb_mutex_##NAME##_thread thread;                             \
		mutex_ctx c;                                                                      \
	} plain_mutex_##NAME;                                                                     \
	static void *plain_mutex_##NAME##_setup(char *err, size_t len)                            \
	{                                                                                         \
		plain_mutex_##NAME *s = aligned_alloc(PLAIN_LINE, sizeof *s);                     \
		int r = s ? sb_mutex_##NAME##_init(&s->lock) : -ENOMEM;                           \
		if (r) {                                                                          \
			snprintf(err, len, "cannot initialise the lock (errno %d)", -r);          \
			free(s);                                                                  \
			return NULL;                                                              \
		}                                                                                 \
		s->counter = 0;                                                                   \
		sb_mutex_##NAME##_thread_init(&s->lock, &s->thread, 0);                           \
		s->c = (mutex_ctx){ .lock = &s->lock, .thread = &s->thread, .counter = &s->counter }; \
		return s;                                                                         \
	}                                                                                         \
	static void plain_mutex_##NAME##_run(void *state, uint64_t n)                             \
	{                                                                                         \
		plain_mutex_##NAME *s = state;                                                    \
		for (uint64_t i = 0; i < n; i++)                                                  \
			mutex_op_##NAME(&s->c, 0);                                                \
	}                                                                                         \
	static int plain_mutex_##NAME##_finish(void *state, uint64_t iters, char *msg, size_t len) \
	{                                                                                         \
		plain_mutex_##NAME *s = state;                                                    \
		int bad = s->counter != iters;                                                    \
		if (bad)                                                                          \
			snprintf(msg, len, "counter %" PRIu64 " != %" PRIu64 " operations", s->counter, iters); \
		sb_mutex_##NAME##_destroy(&s->lock);                                              \
		free(s);                                                                          \
		return bad;                                                                       \
	}
SB_MUTEX_IMPLS(PLAIN_MUTEX)
#undef PLAIN_MUTEX

/* --- atomic: one read-modify-write of the placement's word (atomic_op_OP) ----------------- */

/* The placements, as the suite lays them out: a word on a line of its own (shared, padded: two
 * lines, for the adjacent-line prefetcher), slot 0 of a packed line (false_shared), a
 * _Thread_local (tls). The word's address reaches the loop at run time, in the context. */
typedef struct plain_atomic {
	_Alignas(2 * PLAIN_LINE) _Atomic uint64_t one;
	_Alignas(2 * PLAIN_LINE) _Atomic uint64_t packed[8];
	_Alignas(2 * PLAIN_LINE) _Atomic uint64_t padded;
	_Alignas(2 * PLAIN_LINE) atomic_ctx c;
} plain_atomic;
static _Thread_local _Atomic uint64_t plain_atomic_tls;

static _Atomic uint64_t *plain_atomic_slot_shared(plain_atomic *s) { return &s->one; }
static _Atomic uint64_t *plain_atomic_slot_false_shared(plain_atomic *s) { return &s->packed[0]; }
static _Atomic uint64_t *plain_atomic_slot_padded(plain_atomic *s) { return &s->padded; }
static _Atomic uint64_t *plain_atomic_slot_tls(plain_atomic *s) { (void)s; return &plain_atomic_tls; }

static int plain_atomic_finish(void *state, uint64_t iters, char *msg, size_t len)
{
	plain_atomic *s = state;
	uint64_t got = atomic_load_explicit(s->c.counter, memory_order_relaxed) + s->c.held;
	int bad = got != iters;
	if (bad)
		snprintf(msg, len, "counter %" PRIu64 " != %" PRIu64 " operations", got, iters);
	free(s);
	return bad;
}

#define PLAIN_ATOMIC(OP, PL, FLAGS)                                                               \
	static void *plain_atomic_##OP##_##PL##_setup(char *err, size_t len)                      \
	{                                                                                         \
		plain_atomic *s = aligned_alloc(2 * PLAIN_LINE, sizeof *s);                       \
		if (!s) {                                                                         \
			snprintf(err, len, "out of memory");                                      \
			return NULL;                                                              \
		}                                                                                 \
		memset(s, 0, sizeof *s);                                                          \
		s->c.counter = plain_atomic_slot_##PL(s);                                         \
		atomic_store_explicit(s->c.counter, 0, memory_order_relaxed);                     \
		return s;                                                                         \
	}                                                                                         \
	static void plain_atomic_##OP##_##PL##_run(void *state, uint64_t n)                       \
	{                                                                                         \
		plain_atomic *s = state;                                                          \
		for (uint64_t i = 0; i < n; i++)                                                  \
			atomic_op_##OP(&s->c, 0);                                                 \
	}
SB_ATOMIC_IMPLS(PLAIN_ATOMIC)
#undef PLAIN_ATOMIC

/* --- rcu: one read side (rcu_op_read_IMPL) ---------------------------------------------------- */

typedef struct plain_rcu {
	rcu_rec rec;            /* the published record, never replaced */
	rcu_rec *cur;
	void (*offline)(void);
	rcu_ctx c;
} plain_rcu;

static int plain_rcu_finish(void *state, uint64_t iters, char *msg, size_t len)
{
	plain_rcu *s = state;
	(void)iters;
	s->offline();
	int bad = s->c.bad != 0;
	if (bad)
		snprintf(msg, len, "%" PRIu64 " reads saw a freed or torn record", s->c.bad);
	free(s);
	return bad;
}

#define PLAIN_RCU(NAME, FLAGS)                                                                    \
	typedef struct {                                                                          \
		plain_rcu r;                                                                      \
		_Alignas(PLAIN_LINE) sb_rcu_##NAME sync;                                          \
	} plain_rcu_##NAME;                                                                       \
	static void *plain_rcu_##NAME##_setup(char *err, size_t len)                              \
	{                                                                                         \
		plain_rcu_##NAME *s = aligned_alloc(PLAIN_LINE, sizeof *s);                       \
		int r = s ? (memset(s, 0, sizeof *s), sb_rcu_##NAME##_init(&s->sync)) : -ENOMEM;  \
		if (r) {                                                                          \
			snprintf(err, len, "cannot initialise (errno %d)", -r);                   \
			free(s);                                                                  \
			return NULL;                                                              \
		}                                                                                 \
		rcu_rec_fill(&s->r.rec, 0);                                                       \
		s->r.cur = &s->r.rec;                                                             \
		s->r.c.sync = &s->sync;                                                           \
		s->r.c.curp = &s->r.cur;                                                          \
		s->r.offline = sb_rcu_##NAME##_thread_offline;                                    \
		sb_rcu_##NAME##_thread_online();                                                  \
		return s;                                                                         \
	}                                                                                         \
	static void plain_rcu_##NAME##_run(void *state, uint64_t n)                               \
	{                                                                                         \
		plain_rcu_##NAME *s = state;                                                      \
		for (uint64_t i = 0; i < n; i++)                                                  \
			rcu_op_read_##NAME(&s->r.c, 0);                                           \
	}
SB_RCU_IMPLS(PLAIN_RCU)
#undef PLAIN_RCU

/* --- queue: push a fresh node, pop one, recycle it (queue_op_pair_IMPL) ---------------------- */

/* The operation reports into a worker record of its own (its id 0 and its fail message), as
 * under google-benchmark: the suite's sb_worker type, with no harness behind it. */
typedef struct plain_queue {
	sb_pool pool;
	queue_stats stats;
	sb_worker w;
	sb_qnode *nodes;
	int rcu;
	queue_ctx c;
} plain_queue;

static int plain_queue_pool(plain_queue *s, size_t n, char *err, size_t len)
{
	s->nodes = aligned_alloc(PLAIN_LINE, n * sizeof *s->nodes);
	if (!s->nodes) {
		snprintf(err, len, "out of memory for %zu queue nodes", n);
		return -ENOMEM;
	}
	memset(s->nodes, 0, n * sizeof *s->nodes);
	sb_pool_init(&s->pool);
	for (size_t k = n; k-- > 0;) {
		atomic_init(&s->nodes[k].state, SB_QNODE_FREE);
		atomic_init(&s->nodes[k].value, 0);
		s->nodes[k].home = &s->pool;
		sb_pool_put(&s->pool, &s->nodes[k].link);
	}
	return 0;
}

static uint64_t plain_queue_ops(void *state, uint64_t iters)
{
	const plain_queue *s = state;
	(void)iters;
	return s->stats.enq + s->stats.deq;
}

static const char *plain_queue_note(void *state, char *buf, size_t len)
{
	const plain_queue *s = state;
	snprintf(buf, len, "stalls=%" PRIu64, s->stats.stalls);
	return buf;
}

/* After the last batch: every node back (call_rcu's callbacks ran), then the check. */
static int plain_queue_check(plain_queue *s, char *msg, size_t len)
{
	int bad = 0;
	if (s->rcu) {
		urcu_memb_unregister_thread();
		urcu_memb_barrier();
	}
	if (s->w.fail[0]) {
		snprintf(msg, len, "%s", s->w.fail);
		bad = 1;
	} else if (s->stats.enq != s->stats.deq) {
		snprintf(msg, len, "pushes %" PRIu64 " != pops %" PRIu64, s->stats.enq, s->stats.deq);
		bad = 1;
	}
	free(s->nodes);
	return bad;
}

#define PLAIN_QUEUE(NAME, FLAGS)                                                                  \
	typedef struct {                                                                          \
		plain_queue p;                                                                    \
		_Alignas(PLAIN_LINE) sb_queue_##NAME q;                                           \
	} plain_queue_##NAME;                                                                     \
	static void *plain_queue_##NAME##_setup(char *err, size_t len)                            \
	{                                                                                         \
		enum { RCU = ((FLAGS) & SB_IMPL_NEEDS_RCU) != 0 };                                \
		plain_queue_##NAME *s = aligned_alloc(PLAIN_LINE, sizeof *s);                     \
		int r = s ? (memset(s, 0, sizeof *s), sb_queue_##NAME##_init(&s->q, SB_QUEUE_CAP)) : -ENOMEM; \
		if (r) {                                                                          \
			snprintf(err, len, "cannot initialise (errno %d)", -r);                   \
			free(s);                                                                  \
			return NULL;                                                              \
		}                                                                                 \
		if (plain_queue_pool(&s->p, RCU ? SB_QUEUE_POOL_RCU : SB_QUEUE_POOL, err, len)) { \
			free(s);                                                                  \
			return NULL;                                                              \
		}                                                                                 \
		s->p.rcu = RCU;                                                                   \
		s->p.c = (queue_ctx){ .q = &s->q, .pool = &s->p.pool, .st = &s->p.stats, .w = &s->p.w }; \
		if (RCU)                                                                          \
			urcu_memb_register_thread();                                              \
		return s;                                                                         \
	}                                                                                         \
	static void plain_queue_##NAME##_run(void *state, uint64_t n)                             \
	{                                                                                         \
		plain_queue_##NAME *s = state;                                                    \
		for (uint64_t i = 0; i < n; i++)                                                  \
			queue_op_pair_##NAME(&s->p.c, 0);                                         \
	}                                                                                         \
	static int plain_queue_##NAME##_finish(void *state, uint64_t iters, char *msg, size_t len) \
	{                                                                                         \
		plain_queue_##NAME *s = state;                                                    \
		(void)iters;                                                                      \
		int bad = plain_queue_check(&s->p, msg, len);                                     \
		sb_queue_##NAME##_destroy(&s->q);                                                 \
		free(s);                                                                          \
		return bad;                                                                       \
	}
SB_QUEUE_IMPLS(PLAIN_QUEUE)
#undef PLAIN_QUEUE

/* --- rlock: depth 1, lock, counter + 1, unlock (rlock_op_IMPL) -------------------------------- */

#define PLAIN_RLOCK(NAME, FLAGS)                                                                  \
	typedef struct {                                                                          \
		_Alignas(PLAIN_LINE) sb_rlock_##NAME lock;                                        \
		_Alignas(PLAIN_LINE) volatile uint64_t counter;                                   \
		rlock_ctx c;                                                                      \
	} plain_rlock_##NAME;                                                                     \
	static void *plain_rlock_##NAME##_setup(char *err, size_t len)                            \
	{                                                                                         \
		plain_rlock_##NAME *s = aligned_alloc(PLAIN_LINE, sizeof *s);                     \
		int r = s ? sb_rlock_##NAME##_init(&s->lock) : -ENOMEM;                           \
		if (r) {                                                                          \
			snprintf(err, len, "cannot initialise the lock (errno %d)", -r);          \
			free(s);                                                                  \
			return NULL;                                                              \
		}                                                                                 \
		s->counter = 0;                                                                   \
		s->c = (rlock_ctx){ .lock = &s->lock, .depth = 1, .counter = &s->counter };       \
		return s;                                                                         \
	}                                                                                         \
	static void plain_rlock_##NAME##_run(void *state, uint64_t n)                             \
	{                                                                                         \
		plain_rlock_##NAME *s = state;                                                    \
		for (uint64_t i = 0; i < n; i++)                                                  \
			rlock_op_##NAME(&s->c, 0);                                                \
	}                                                                                         \
	static int plain_rlock_##NAME##_finish(void *state, uint64_t iters, char *msg, size_t len) \
	{                                                                                         \
		plain_rlock_##NAME *s = state;                                                    \
		int bad = s->counter != iters || s->c.bad;                                        \
		if (bad)                                                                          \
			snprintf(msg, len, "counter %" PRIu64 " for %" PRIu64 " operations, %" PRIu64 \
				 " unlocks refused", s->counter, iters, s->c.bad);                \
		sb_rlock_##NAME##_destroy(&s->lock);                                              \
		free(s);                                                                          \
		return bad;                                                                       \
	}
SB_RLOCK_IMPLS(PLAIN_RLOCK)
#undef PLAIN_RLOCK

/* --- rwlock: rdlock+rdunlock (read_pct=100) or wrlock+wrunlock (read_pct=0) ------------------ */

static int plain_rwlock_check(const rwlock_ctx *c, uint64_t iters, char *msg, size_t len)
{
	if (c->rd + c->wr == iters && !c->rd_overlap && !c->wr_overlap && !c->torn)
		return 0;
	snprintf(msg, len, "%" PRIu64 " reads + %" PRIu64 " writes for %" PRIu64 " operations, overlaps %" PRIu64
		 "/%" PRIu64 ", torn %" PRIu64, c->rd, c->wr, iters, c->rd_overlap, c->wr_overlap, c->torn);
	return 1;
}

#define PLAIN_RWLOCK(NAME, FLAGS)                                                                 \
	typedef struct {                                                                          \
		_Alignas(PLAIN_LINE) sb_rwlock_##NAME lock;                                       \
		_Alignas(PLAIN_LINE) rwlock_data data;                                            \
		_Alignas(PLAIN_LINE) atomic_uint occupancy;                                       \
		rwlock_ctx c;                                                                     \
	} plain_rwlock_##NAME;                                                                    \
	static void *plain_rwlock_##NAME##_setup(char *err, size_t len)                           \
	{                                                                                         \
		plain_rwlock_##NAME *s = aligned_alloc(PLAIN_LINE, sizeof *s);                    \
		int r = s ? (memset(s, 0, sizeof *s), sb_rwlock_##NAME##_init(&s->lock)) : -ENOMEM; \
		if (r) {                                                                          \
			snprintf(err, len, "cannot initialise the lock (errno %d)", -r);          \
			free(s);                                                                  \
			return NULL;                                                              \
		}                                                                                 \
		atomic_init(&s->occupancy, 0);                                                    \
		s->c = (rwlock_ctx){ .lock = &s->lock, .data = &s->data, .occupancy = &s->occupancy }; \
		return s;                                                                         \
	}                                                                                         \
	static void plain_rwlock_##NAME##_read(void *state, uint64_t n)                           \
	{                                                                                         \
		plain_rwlock_##NAME *s = state;                                                   \
		for (uint64_t i = 0; i < n; i++)                                                  \
			rwlock_read_##NAME(&s->c, 0);                                             \
	}                                                                                         \
	static void plain_rwlock_##NAME##_write(void *state, uint64_t n)                          \
	{                                                                                         \
		plain_rwlock_##NAME *s = state;                                                   \
		for (uint64_t i = 0; i < n; i++)                                                  \
			rwlock_write_##NAME(&s->c, 0);                                            \
	}                                                                                         \
	static int plain_rwlock_##NAME##_finish(void *state, uint64_t iters, char *msg, size_t len) \
	{                                                                                         \
		plain_rwlock_##NAME *s = state;                                                   \
		int bad = plain_rwlock_check(&s->c, iters, msg, len);                             \
		sb_rwlock_##NAME##_destroy(&s->lock);                                             \
		free(s);                                                                          \
		return bad;                                                                       \
	}
SB_RWLOCK_IMPLS(PLAIN_RWLOCK)
#undef PLAIN_RWLOCK

/* --- semaphore: one permit, wait, count the holder in and out, post (sem_pool_op_IMPL) -------- */

#define PLAIN_SEM(NAME, FLAGS)                                                                    \
	typedef struct {                                                                          \
		_Alignas(PLAIN_LINE) sb_sem_##NAME sem;                                           \
		_Alignas(PLAIN_LINE) atomic_uint inside;                                          \
		sem_pool_ctx c;                                                                   \
	} plain_sem_##NAME;                                                                       \
	static void *plain_sem_##NAME##_setup(char *err, size_t len)                              \
	{                                                                                         \
		plain_sem_##NAME *s = aligned_alloc(PLAIN_LINE, sizeof *s);                       \
		int r = s ? sb_sem_##NAME##_init(&s->sem, 1) : -ENOMEM;                           \
		if (r) {                                                                          \
			snprintf(err, len, "cannot initialise the semaphore (errno %d)", -r);     \
			free(s);                                                                  \
			return NULL;                                                              \
		}                                                                                 \
		atomic_init(&s->inside, 0);                                                       \
		s->c = (sem_pool_ctx){ .sem = &s->sem, .inside = &s->inside, .permits = 1 };      \
		return s;                                                                         \
	}                                                                                         \
	static void plain_sem_##NAME##_run(void *state, uint64_t n)                               \
	{                                                                                         \
		plain_sem_##NAME *s = state;                                                      \
		for (uint64_t i = 0; i < n; i++)                                                  \
			sem_pool_op_##NAME(&s->c, 0);                                             \
	}                                                                                         \
	static int plain_sem_##NAME##_finish(void *state, uint64_t iters, char *msg, size_t len)  \
	{                                                                                         \
		plain_sem_##NAME *s = state;                                                      \
		(void)iters;                                                                      \
		int bad = s->c.over != 0;                                                         \
		if (bad)                                                                          \
			snprintf(msg, len, "%" PRIu64 " times more than one holder", s->c.over);  \
		sb_sem_##NAME##_destroy(&s->sem);                                                 \
		free(s);                                                                          \
		return bad;                                                                       \
	}
SB_SEM_IMPLS(PLAIN_SEM)
#undef PLAIN_SEM

/* --- condvar: lock, count, signal with no waiter, unlock (condvar_op_IMPL) ------------------ */

#define PLAIN_CONDVAR(NAME, FLAGS)                                                                \
	typedef struct {                                                                          \
		_Alignas(PLAIN_LINE) sb_condvar_##NAME##_mutex m;                                 \
		_Alignas(PLAIN_LINE) sb_condvar_##NAME##_cond cv;                                 \
		_Alignas(PLAIN_LINE) volatile uint64_t signals;                                   \
		condvar_ctx c;                                                                    \
	} plain_condvar_##NAME;                                                                   \
	static void *plain_condvar_##NAME##_setup(char *err, size_t len)                          \
	{                                                                                         \
		plain_condvar_##NAME *s = aligned_alloc(PLAIN_LINE, sizeof *s);                   \
		int r = s ? sb_condvar_##NAME##_mutex_init(&s->m) : -ENOMEM;                      \
		if (!r && (r = sb_condvar_##NAME##_cond_init(&s->cv)) != 0)                       \
			sb_condvar_##NAME##_mutex_destroy(&s->m);                                 \
		if (r) {                                                                          \
			snprintf(err, len, "cannot initialise (errno %d)", -r);                   \
			free(s);                                                                  \
			return NULL;                                                              \
		}                                                                                 \
		s->signals = 0;                                                                   \
		s->c = (condvar_ctx){ .mutex = &s->m, .cond = &s->cv, .signals = &s->signals };   \
		return s;                                                                         \
	}                                                                                         \
	static void plain_condvar_##NAME##_run(void *state, uint64_t n)                           \
	{                                                                                         \
		plain_condvar_##NAME *s = state;                                                  \
		for (uint64_t i = 0; i < n; i++)                                                  \
			condvar_op_##NAME(&s->c, 0);                                              \
	}                                                                                         \
	static int plain_condvar_##NAME##_finish(void *state, uint64_t iters, char *msg, size_t len) \
	{                                                                                         \
		plain_condvar_##NAME *s = state;                                                  \
		int bad = s->signals != iters;                                                    \
		if (bad)                                                                          \
			snprintf(msg, len, "counted %" PRIu64 " of %" PRIu64, s->signals, iters); \
		sb_condvar_##NAME##_cond_destroy(&s->cv);                                         \
		sb_condvar_##NAME##_mutex_destroy(&s->m);                                         \
		free(s);                                                                          \
		return bad;                                                                       \
	}
SB_CONDVAR_IMPLS(PLAIN_CONDVAR)
#undef PLAIN_CONDVAR

/* --- event: set, is_set, wait, clear, is_set (event_op_IMPL) --------------------------------- */

#define PLAIN_EVENT(NAME, FLAGS)                                                                  \
	typedef struct {                                                                          \
		_Alignas(PLAIN_LINE) sb_event_##NAME e;                                           \
		event_ctx c;                                                                      \
	} plain_event_##NAME;                                                                     \
	static void *plain_event_##NAME##_setup(char *err, size_t len)                            \
	{                                                                                         \
		plain_event_##NAME *s = aligned_alloc(PLAIN_LINE, sizeof *s);                     \
		int r = s ? sb_event_##NAME##_init(&s->e) : -ENOMEM;                              \
		if (r) {                                                                          \
			snprintf(err, len, "cannot initialise (errno %d)", -r);                   \
			free(s);                                                                  \
			return NULL;                                                              \
		}                                                                                 \
		s->c = (event_ctx){ .event = &s->e };                                             \
		return s;                                                                         \
	}                                                                                         \
	static void plain_event_##NAME##_run(void *state, uint64_t n)                             \
	{                                                                                         \
		plain_event_##NAME *s = state;                                                    \
		for (uint64_t i = 0; i < n; i++)                                                  \
			event_op_##NAME(&s->c, 0);                                                \
	}                                                                                         \
	static int plain_event_##NAME##_finish(void *state, uint64_t iters, char *msg, size_t len) \
	{                                                                                         \
		plain_event_##NAME *s = state;                                                    \
		(void)iters;                                                                      \
		int bad = s->c.bad != 0;                                                          \
		if (bad)                                                                          \
			snprintf(msg, len, "%" PRIu64 " calls saw the wrong state", s->c.bad);    \
		sb_event_##NAME##_destroy(&s->e);                                                 \
		free(s);                                                                          \
		return bad;                                                                       \
	}
SB_EVENT_IMPLS(PLAIN_EVENT)
#undef PLAIN_EVENT

/* --- the cases ------------------------------------------------------------------------------- */

#define PLAIN_MUTEX_ROW(NAME, FLAGS)                                                              \
	{ { "mutex/" #NAME "/uncontended", plain_mutex_##NAME##_setup, plain_mutex_##NAME##_run, NULL, \
	    plain_mutex_##NAME##_finish, NULL }, ((FLAGS) & SB_IMPL_HIDDEN) != 0 },
#define PLAIN_RLOCK_ROW(NAME, FLAGS)                                                              \
	{ { "rlock/" #NAME "/uncontended", plain_rlock_##NAME##_setup, plain_rlock_##NAME##_run, NULL, \
	    plain_rlock_##NAME##_finish, NULL }, ((FLAGS) & SB_IMPL_HIDDEN) != 0 },
#define PLAIN_RWLOCK_ROW(NAME, FLAGS)                                                             \
	{ { "rwlock/" #NAME "/uncontended,read_pct=100", plain_rwlock_##NAME##_setup,             \
	    plain_rwlock_##NAME##_read, NULL, plain_rwlock_##NAME##_finish, NULL }, ((FLAGS) & SB_IMPL_HIDDEN) != 0 }, \
	{ { "rwlock/" #NAME "/uncontended,read_pct=0", plain_rwlock_##NAME##_setup,               \
	    plain_rwlock_##NAME##_write, NULL, plain_rwlock_##NAME##_finish, NULL }, ((FLAGS) & SB_IMPL_HIDDEN) != 0 },
#define PLAIN_SEM_ROW(NAME, FLAGS)                                                                \
	{ { "semaphore/" #NAME "/uncontended", plain_sem_##NAME##_setup, plain_sem_##NAME##_run, NULL, \
	    plain_sem_##NAME##_finish, NULL }, ((FLAGS) & SB_IMPL_HIDDEN) != 0 },
#define PLAIN_CONDVAR_ROW(NAME, FLAGS)                                                            \
	{ { "condvar/" #NAME "/uncontended", plain_condvar_##NAME##_setup, plain_condvar_##NAME##_run, NULL, \
	    plain_condvar_##NAME##_finish, NULL }, ((FLAGS) & SB_IMPL_HIDDEN) != 0 },
#define PLAIN_EVENT_ROW(NAME, FLAGS)                                                              \
	{ { "event/" #NAME "/uncontended", plain_event_##NAME##_setup, plain_event_##NAME##_run, NULL, \
	    plain_event_##NAME##_finish, NULL }, ((FLAGS) & SB_IMPL_HIDDEN) != 0 },
#define PLAIN_ATOMIC_ROW(OP, PL, FLAGS)                                                           \
	{ { "atomic/" #OP "_" #PL "/uncontended", plain_atomic_##OP##_##PL##_setup,               \
	    plain_atomic_##OP##_##PL##_run, NULL, plain_atomic_finish, NULL }, ((FLAGS) & SB_IMPL_HIDDEN) != 0 },
#define PLAIN_RCU_ROW(NAME, FLAGS)                                                                \
	{ { "rcu/" #NAME "/uncontended", plain_rcu_##NAME##_setup, plain_rcu_##NAME##_run, NULL,  \
	    plain_rcu_finish, NULL }, ((FLAGS) & SB_IMPL_HIDDEN) != 0 },
#define PLAIN_QUEUE_ROW(NAME, FLAGS)                                                              \
	{ { "queue/" #NAME "/uncontended", plain_queue_##NAME##_setup, plain_queue_##NAME##_run,  \
	    plain_queue_ops, plain_queue_##NAME##_finish, plain_queue_note }, ((FLAGS) & SB_IMPL_HIDDEN) != 0 },

typedef struct plain_row {
	plain_case c;
	int hidden; /* negative controls: not run (they race or fail on purpose) */
} plain_row;

static const plain_row plain_rows[] = {
	SB_MUTEX_IMPLS(PLAIN_MUTEX_ROW)
	SB_RLOCK_IMPLS(PLAIN_RLOCK_ROW)
	SB_RWLOCK_IMPLS(PLAIN_RWLOCK_ROW)
	SB_SEM_IMPLS(PLAIN_SEM_ROW)
	SB_CONDVAR_IMPLS(PLAIN_CONDVAR_ROW)
	SB_EVENT_IMPLS(PLAIN_EVENT_ROW)
	SB_ATOMIC_IMPLS(PLAIN_ATOMIC_ROW)
	SB_RCU_IMPLS(PLAIN_RCU_ROW)
	SB_QUEUE_IMPLS(PLAIN_QUEUE_ROW)
};
#define PLAIN_NROWS (sizeof plain_rows / sizeof plain_rows[0])

/* --- the measurement -------------------------------------------------------------------------- */

typedef struct plain_job {
	const plain_case *c;
	int batches;
	double batch_ms;
	double median, min, max;  /* ns per operation, wall (CLOCK_MONOTONIC) */
	double cpu;               /* ns per operation, the thread's CPU time: median batch */
	uint64_t batch_ops;
	char note[64];
	char err[160];
	int status;               /* 0 ok, 1 failed check or setup */
} plain_job;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* One batch of n iterations: ns per suite operation, wall and (in *cpu) CPU time. */
static double plain_batch(const plain_case *c, void *s, uint64_t n, uint64_t *iters, double *cpu)
{
	uint64_t ops0 = c->ops ? c->ops(s, *iters) : *iters;
	uint64_t c0 = plain_cpu();
	uint64_t t0 = plain_now();
	c->run(s, n);
	uint64_t t1 = plain_now();
	uint64_t c1 = plain_cpu();
	*iters += n;
	uint64_t ops = (c->ops ? c->ops(s, *iters) : *iters) - ops0;
	*cpu = ops ? (double)(c1 - c0) / (double)ops : 0.0;
	return ops ? (double)(t1 - t0) / (double)ops : 0.0;
}

static void *plain_worker(void *arg)
{
	plain_job *j = arg;
	const plain_case *c = j->c;
	void *s = c->setup(j->err, sizeof j->err);
	if (!s) {
		j->status = 1;
		return NULL;
	}
	uint64_t iters = 0;
	/* calibration: warm the caches and the branch predictors, estimate ns per iteration */
	uint64_t n = 1u << 16, t;
	do {
		n *= 2;
		t = plain_now();
		c->run(s, n);
		t = plain_now() - t;
		iters += n;
	} while (t < 5000000u && n < PLAIN_MAX_OPS && t < PLAIN_LONG_NS / 4);
	double per_iter = (double)t / (double)n;
	double want = j->batch_ms * 1e6 / (per_iter > 0 ? per_iter : 1);
	double most = per_iter > 0 ? PLAIN_LONG_NS / per_iter : PLAIN_MAX_OPS;
	double least = most < PLAIN_MIN_OPS ? (most < PLAIN_FEW_OPS ? PLAIN_FEW_OPS : most) : PLAIN_MIN_OPS;
	j->batch_ops = want < least ? (uint64_t)least : want > PLAIN_MAX_OPS ? PLAIN_MAX_OPS : (uint64_t)want;
	double v[64], u[64];
	int nb = j->batches;
	for (int b = 0; b < nb; b++)
		v[b] = plain_batch(c, s, j->batch_ops, &iters, &u[b]);
	qsort(v, (size_t)nb, sizeof v[0], cmp_double);
	qsort(u, (size_t)nb, sizeof u[0], cmp_double);
	j->cpu = nb % 2 ? u[nb / 2] : (u[nb / 2 - 1] + u[nb / 2]) / 2;
	j->median = nb % 2 ? v[nb / 2] : (v[nb / 2 - 1] + v[nb / 2]) / 2;
	j->min = v[0];
	j->max = v[nb - 1];
	if (c->note)
		c->note(s, j->note, sizeof j->note);
	j->status = c->finish(s, iters, j->err, sizeof j->err);
	return NULL;
}

static int plain_run(plain_job *j, int cpu)
{
	pthread_attr_t attr;
	pthread_t th;
	pthread_attr_init(&attr);
	if (cpu >= 0) {
		cpu_set_t one;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		pthread_attr_setaffinity_np(&attr, sizeof one, &one);
	}
	int r = pthread_create(&th, &attr, plain_worker, j);
	pthread_attr_destroy(&attr);
	if (r) {
		snprintf(j->err, sizeof j->err, "cannot start the worker (errno %d)", r);
		return 1;
	}
	pthread_join(th, NULL);
	return j->status;
}

static int usage(FILE *f, int status)
{
	fprintf(f, "usage: syncbench-plain [--cpu N|none] [--batches B] [--batch-ms MS] [--list] [PATTERN ...]\n"
		   "  runs each selected case's operation in a plain timed loop on one worker thread\n"
		   "  (pinned to CPU 0 by default) and prints: CASE MEDIAN_NS MIN_NS MAX_NS OPS_PER_BATCH BATCHES\n");
	return status;
}

static int selected(const char *name, char **pats, int npats)
{
	if (!npats)
		return 1;
	for (int i = 0; i < npats; i++)
		if (fnmatch(pats[i], name, 0) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	int cpu = 0, batches = 7, list = 0, npats = 0;
	double batch_ms = 20;
	char **pats = calloc((size_t)argc, sizeof *pats);
	if (!pats)
		return 2;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		char *end;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			free(pats);
			return usage(stdout, 0);
		} else if (!strcmp(a, "--list")) {
			list = 1;
		} else if (!strcmp(a, "--cpu") && i + 1 < argc) {
			a = argv[++i];
			if (!strcmp(a, "none")) {
				cpu = -1;
			} else {
				long v = strtol(a, &end, 10);
				if (*end || v < 0 || v >= CPU_SETSIZE) {
					fprintf(stderr, "syncbench-plain: bad --cpu %s\n", a);
					free(pats);
					return 2;
				}
				cpu = (int)v;
			}
		} else if (!strcmp(a, "--batches") && i + 1 < argc) {
			long v = strtol(argv[++i], &end, 10);
			if (*end || v < 1 || v > 64) {
				fprintf(stderr, "syncbench-plain: --batches takes 1..64\n");
				free(pats);
				return 2;
			}
			batches = (int)v;
		} else if (!strcmp(a, "--batch-ms") && i + 1 < argc) {
			batch_ms = strtod(argv[++i], &end);
			if (*end || !(batch_ms > 0 && batch_ms <= 10000)) {
				fprintf(stderr, "syncbench-plain: --batch-ms takes a number of ms, 0 .. 10000\n");
				free(pats);
				return 2;
			}
		} else if (a[0] == '-') {
			free(pats);
			return usage(stderr, 2);
		} else {
			pats[npats++] = argv[i];
		}
	}
	int status = 0, any = 0;
	char where[16] = "none";
	if (cpu >= 0)
		snprintf(where, sizeof where, "%d", cpu);
	if (!list)
		printf("# syncbench-plain: cpu %s, %d batches of ~%.0f ms (at least %u operations);"
		       " case median_ns min_ns max_ns ops_per_batch batches\n", where, batches, batch_ms, PLAIN_MIN_OPS);
	for (size_t k = 0; k < PLAIN_NROWS; k++) {
		const plain_row *row = &plain_rows[k];
		if (row->hidden || !selected(row->c.name, pats, npats))
			continue;
		any = 1;
		if (list) {
			puts(row->c.name);
			continue;
		}
		plain_job j = { .c = &row->c, .batches = batches, .batch_ms = batch_ms };
		if (plain_run(&j, cpu)) {
			fprintf(stderr, "syncbench-plain: %s: %s\n", row->c.name, j.err);
			printf("%s FAIL\n", row->c.name);
			status = 1;
		} else {
			printf("%s %.3f %.3f %.3f %" PRIu64 " %d cpu=%.3f%s%s\n", row->c.name, j.median, j.min, j.max,
			       j.batch_ops, batches, j.cpu, j.note[0] ? " " : "", j.note);
		}
		fflush(stdout);
	}
	free(pats);
	if (!any) {
		fprintf(stderr, "syncbench-plain: no case matches\n");
		return 2;
	}
	return status;
}
