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
 * Families: mutex, rlock, rwlock (read_pct 100 and 0), semaphore, condvar, event, atomic, rcu,
 * queue, and map: map/IMPL/uncontended,read_pct=100 is the suite's map/IMPL/mixed at read_pct=100,
 * keys=1024, one worker (lookups over worker 0's key pattern, bench/map_op.h map_op_read_IMPL, on
 * a table with the suite's initial entries: map_nodes_fill, map_patterns_draw, map_add_initial),
 * checked after its batches (no lookup of a stable key missed or saw a wrong value; at the end every
 * initial key there, no other, the entry count unchanged).
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
 * usage error
 *
 * Each family is written once, as ordinary code: its state, a setup and a finish that take the
 * implementation's primitive functions as arguments, and the measured loop, plain_loop, static
 * inline and always inlined, which takes the operation as a function argument that is a constant
 * at the call. From the families' lists (prim/FAMILY_list.h, X(NAME, FLAGS)) each implementation
 * gets one-line adapters: its primitive's functions on void pointers, its setup, and its run,
 * plain_loop with its operation, so the operation is inlined into the loop (no indirect call is
 * left) and a debugger steps the family's own lines. */
#include "bench/atomic_op.h"
#include "bench/condvar_op.h"
#include "bench/event_op.h"
#include "bench/map_op.h"
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
#include <stddef.h>
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

/* --- the loop, and what every family's code shares ------------------------------------------- */

/* One operation as the shared bench/FAMILY_op.h headers define it (has_cs: 0 here, no delay). */
typedef void (*plain_op)(void *ctx, int has_cs);

/* The measured loop, the same for every case: n operations and nothing else. Always inlined into
 * each implementation's one-line run adapter, where op is a constant, so the compiler inlines the
 * operation into the loop (no indirect call is left) and a debugger steps this line. */
static SB_ALWAYS_INLINE void plain_loop(plain_op op, void *ctx, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		op(ctx, 0);
}

/* A family's state: size bytes aligned to align, zeroed; NULL when out of memory. */
static void *plain_new(size_t align, size_t size)
{
	void *s = aligned_alloc(align, size);
	if (s)
		memset(s, 0, size);
	return s;
}

/* A family's state whose primitive (at offset prim) init has made; NULL when that failed, with
 * "cannot initialise[what] (errno N)" in err (what: " the lock", or ""). */
static void *plain_new_with(size_t align, size_t size, size_t prim, int (*init)(void *prim), const char *what,
			    char *err, size_t len)
{
	char *s = plain_new(align, size);
	int r = s ? init(s + prim) : -ENOMEM;
	if (!r)
		return s;
	snprintf(err, len, "cannot initialise%s (errno %d)", what, -r);
	free(s);
	return NULL;
}

/* A counter that must equal the operations done: 0, else 1 and the message. */
static int plain_count_check(uint64_t counter, uint64_t iters, char *msg, size_t len)
{
	if (counter == iters)
		return 0;
	snprintf(msg, len, "counter %" PRIu64 " != %" PRIu64 " operations", counter, iters);
	return 1;
}

/* The end of a case: its primitive destroyed, its state freed; returns bad (the check's verdict). */
static int plain_end(void *s, void (*destroy)(void *prim), void *prim, int bad)
{
	destroy(prim);
	free(s);
	return bad;
}

/* A count of failed checks that must be 0: 0, else 1 and "N what". */
static int plain_none_check(uint64_t n, const char *what, char *msg, size_t len)
{
	if (!n)
		return 0;
	snprintf(msg, len, "%" PRIu64 " %s", n, what);
	return 1;
}

/* Every family below: its state (the primitive, a union of every implementation's, on a line of
 * its own, its data on lines of their own, the operation's context), a setup and a finish written
 * once that take the implementation's primitive functions as arguments (the destroy function is
 * kept in the state), and from the family's list, X(NAME, FLAGS), one-line adapters per
 * implementation: the primitive's functions on void pointers, the setup, and the run, which is
 * plain_loop with the operation. */

/* --- mutex: lock, counter + 1, unlock (mutex_op_IMPL) --------------------------------------- */

/* The lock and its counter as the suite lays them out (mutex_shared: any implementation's lock, the
 * counter on the next line), the thread's context for the lock on a line of its own. */
typedef struct plain_mutex {
	mutex_shared sh;
	_Alignas(PLAIN_LINE) union {
#define X(NAME, FLAGS) sb_mutex_##NAME##_thread NAME;
		SB_MUTEX_IMPLS(X)
#undef X
	} thread;
	mutex_ctx c;
	void (*destroy)(void *lock);
} plain_mutex;

static void *plain_mutex_setup(int (*init)(void *lock), void (*thread_init)(void *lock, void *thread, int id),
			       void (*destroy)(void *lock), char *err, size_t len)
{
	plain_mutex *s = plain_new_with(_Alignof(plain_mutex), sizeof *s, offsetof(plain_mutex, sh.lock), init, " the lock", err, len);
	if (!s)
		return NULL;
	thread_init(&s->sh.lock, &s->thread, 0);
	s->c = (mutex_ctx){ .lock = &s->sh.lock, .thread = &s->thread, .counter = &s->sh.counter };
	s->destroy = destroy;
	return s;
}

static int plain_mutex_finish(void *state, uint64_t iters, char *msg, size_t len)
{
	plain_mutex *s = state;
	int bad = plain_count_check(s->sh.counter, iters, msg, len);
	return plain_end(s, s->destroy, &s->sh.lock, bad);
}

#define PLAIN_MUTEX(NAME, FLAGS)                                                                  \
	static int plain_mutex_init_##NAME(void *l) { return sb_mutex_##NAME##_init(l); }        \
	static void plain_mutex_thread_##NAME(void *l, void *t, int id) { sb_mutex_##NAME##_thread_init(l, t, id); } \
	static void plain_mutex_destroy_##NAME(void *l) { sb_mutex_##NAME##_destroy(l); }        \
	static void *plain_mutex_setup_##NAME(char *err, size_t len)                              \
	{ return plain_mutex_setup(plain_mutex_init_##NAME, plain_mutex_thread_##NAME, plain_mutex_destroy_##NAME, err, len); } \
	static void plain_mutex_run_##NAME(void *s, uint64_t n) { plain_loop(mutex_op_##NAME, &((plain_mutex *)s)->c, n); }
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

static void *plain_atomic_setup(_Atomic uint64_t *(*slot)(plain_atomic *s), char *err, size_t len)
{
	plain_atomic *s = plain_new(_Alignof(plain_atomic), sizeof *s);
	if (!s) {
		snprintf(err, len, "out of memory");
		return NULL;
	}
	s->c.counter = slot(s);
	atomic_store_explicit(s->c.counter, 0, memory_order_relaxed);
	return s;
}

static int plain_atomic_finish(void *state, uint64_t iters, char *msg, size_t len)
{
	plain_atomic *s = state;
	int bad = plain_count_check(atomic_load_explicit(s->c.counter, memory_order_relaxed) + s->c.held, iters, msg, len);
	free(s);
	return bad;
}

#define PLAIN_ATOMIC(OP, PL, FLAGS)                                                               \
	static void *plain_atomic_setup_##OP##_##PL(char *err, size_t len) { return plain_atomic_setup(plain_atomic_slot_##PL, err, len); } \
	static void plain_atomic_run_##OP##_##PL(void *s, uint64_t n) { plain_loop(atomic_op_##OP, &((plain_atomic *)s)->c, n); }
SB_ATOMIC_IMPLS(PLAIN_ATOMIC)
#undef PLAIN_ATOMIC

/* --- rcu: one read side (rcu_op_read_IMPL) ---------------------------------------------------- */

typedef struct plain_rcu {
	rcu_rec rec;            /* the published record, never replaced */
	rcu_rec *cur;
	void (*offline)(void);
	rcu_ctx c;
	_Alignas(PLAIN_LINE) union {
#define X(NAME, FLAGS) sb_rcu_##NAME NAME;
		SB_RCU_IMPLS(X)
#undef X
	} sync;
} plain_rcu;

static void *plain_rcu_setup(int (*init)(void *sync), void (*online)(void), void (*offline)(void), char *err, size_t len)
{
	plain_rcu *s = plain_new_with(_Alignof(plain_rcu), sizeof *s, offsetof(plain_rcu, sync), init, "", err, len);
	if (!s)
		return NULL;
	rcu_rec_fill(&s->rec, 0);
	s->cur = &s->rec;
	s->c.sync = &s->sync;
	s->c.curp = &s->cur;
	s->offline = offline;
	online();
	return s;
}

static int plain_rcu_finish(void *state, uint64_t iters, char *msg, size_t len)
{
	plain_rcu *s = state;
	(void)iters;
	s->offline();
	int bad = plain_none_check(s->c.bad, "reads saw a freed or torn record", msg, len);
	free(s);
	return bad;
}

#define PLAIN_RCU(NAME, FLAGS)                                                                    \
	static int plain_rcu_init_##NAME(void *y) { return sb_rcu_##NAME##_init(y); }            \
	static void *plain_rcu_setup_##NAME(char *err, size_t len)                                \
	{ return plain_rcu_setup(plain_rcu_init_##NAME, sb_rcu_##NAME##_thread_online, sb_rcu_##NAME##_thread_offline, err, len); } \
	static void plain_rcu_run_##NAME(void *s, uint64_t n) { plain_loop(rcu_op_read_##NAME, &((plain_rcu *)s)->c, n); }
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
	void (*destroy)(void *q);
	_Alignas(PLAIN_LINE) union {
#define X(NAME, FLAGS) sb_queue_##NAME NAME;
		SB_QUEUE_IMPLS(X)
#undef X
	} q;
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

/* rcu: the implementation's nodes wait for a grace period (SB_IMPL_NEEDS_RCU): a larger pool, and
 * the worker registered with urcu_memb. */
static void *plain_queue_setup(int (*init)(void *q), void (*destroy)(void *q), int rcu, char *err, size_t len)
{
	plain_queue *s = plain_new_with(_Alignof(plain_queue), sizeof *s, offsetof(plain_queue, q), init, "", err, len);
	if (!s)
		return NULL;
	if (plain_queue_pool(s, rcu ? SB_QUEUE_POOL_RCU : SB_QUEUE_POOL, err, len)) {
		free(s);
		return NULL;
	}
	s->rcu = rcu;
	s->destroy = destroy;
	s->c = (queue_ctx){ .q = &s->q, .pool = &s->pool, .st = &s->stats, .w = &s->w };
	if (rcu)
		urcu_memb_register_thread();
	return s;
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
static int plain_queue_finish(void *state, uint64_t iters, char *msg, size_t len)
{
	plain_queue *s = state;
	int bad = 0;
	(void)iters;
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
	return plain_end(s, s->destroy, &s->q, bad);
}

#define PLAIN_QUEUE(NAME, FLAGS)                                                                  \
	static int plain_queue_init_##NAME(void *q) { return sb_queue_##NAME##_init(q, SB_QUEUE_CAP); } \
	static void plain_queue_destroy_##NAME(void *q) { sb_queue_##NAME##_destroy(q); }        \
	static void *plain_queue_setup_##NAME(char *err, size_t len)                              \
	{ return plain_queue_setup(plain_queue_init_##NAME, plain_queue_destroy_##NAME, ((FLAGS) & SB_IMPL_NEEDS_RCU) != 0, err, len); } \
	static void plain_queue_run_##NAME(void *s, uint64_t n) { plain_loop(queue_op_pair_##NAME, &((plain_queue *)s)->c, n); }
SB_QUEUE_IMPLS(PLAIN_QUEUE)
#undef PLAIN_QUEUE

/* --- rlock: depth 1, lock, counter + 1, unlock (rlock_op_IMPL) -------------------------------- */

/* as the suite lays it out (rlock_shared) */
typedef struct plain_rlock {
	rlock_shared sh;
	rlock_ctx c;
	void (*destroy)(void *lock);
} plain_rlock;

static void *plain_rlock_setup(int (*init)(void *lock), void (*destroy)(void *lock), char *err, size_t len)
{
	plain_rlock *s = plain_new_with(_Alignof(plain_rlock), sizeof *s, offsetof(plain_rlock, sh.lock), init, " the lock", err, len);
	if (!s)
		return NULL;
	s->c = (rlock_ctx){ .lock = &s->sh.lock, .depth = 1, .counter = &s->sh.counter };
	s->destroy = destroy;
	return s;
}

static int plain_rlock_finish(void *state, uint64_t iters, char *msg, size_t len)
{
	plain_rlock *s = state;
	int bad = s->sh.counter != iters || s->c.bad;
	if (bad)
		snprintf(msg, len, "counter %" PRIu64 " for %" PRIu64 " operations, %" PRIu64 " unlocks refused",
			 s->sh.counter, iters, s->c.bad);
	return plain_end(s, s->destroy, &s->sh.lock, bad);
}

#define PLAIN_RLOCK(NAME, FLAGS)                                                                  \
	static int plain_rlock_init_##NAME(void *l) { return sb_rlock_##NAME##_init(l); }        \
	static void plain_rlock_destroy_##NAME(void *l) { sb_rlock_##NAME##_destroy(l); }        \
	static void *plain_rlock_setup_##NAME(char *err, size_t len)                              \
	{ return plain_rlock_setup(plain_rlock_init_##NAME, plain_rlock_destroy_##NAME, err, len); } \
	static void plain_rlock_run_##NAME(void *s, uint64_t n) { plain_loop(rlock_op_##NAME, &((plain_rlock *)s)->c, n); }
SB_RLOCK_IMPLS(PLAIN_RLOCK)
#undef PLAIN_RLOCK

/* --- rwlock: rdlock+rdunlock (read_pct=100) or wrlock+wrunlock (read_pct=0) ------------------ */

/* as the suite lays it out (rwlock_shared) */
typedef struct plain_rwlock {
	rwlock_shared sh;
	rwlock_ctx c;
	void (*destroy)(void *lock);
} plain_rwlock;

static void *plain_rwlock_setup(int (*init)(void *lock), void (*destroy)(void *lock), char *err, size_t len)
{
	plain_rwlock *s = plain_new_with(_Alignof(plain_rwlock), sizeof *s, offsetof(plain_rwlock, sh.lock), init, " the lock", err, len);
	if (!s)
		return NULL;
	atomic_init(&s->sh.occupancy, 0);
	s->c = (rwlock_ctx){ .lock = &s->sh.lock, .data = &s->sh.data, .occupancy = &s->sh.occupancy };
	s->destroy = destroy;
	return s;
}

static int plain_rwlock_finish(void *state, uint64_t iters, char *msg, size_t len)
{
	plain_rwlock *s = state;
	const rwlock_ctx *c = &s->c;
	int bad = !(c->rd + c->wr == iters && !c->rd_overlap && !c->wr_overlap && !c->torn);
	if (bad)
		snprintf(msg, len, "%" PRIu64 " reads + %" PRIu64 " writes for %" PRIu64 " operations, overlaps %" PRIu64
			 "/%" PRIu64 ", torn %" PRIu64, c->rd, c->wr, iters, c->rd_overlap, c->wr_overlap, c->torn);
	return plain_end(s, s->destroy, &s->sh.lock, bad);
}

#define PLAIN_RWLOCK(NAME, FLAGS)                                                                 \
	static int plain_rwlock_init_##NAME(void *l) { return sb_rwlock_##NAME##_init(l); }      \
	static void plain_rwlock_destroy_##NAME(void *l) { sb_rwlock_##NAME##_destroy(l); }      \
	static void *plain_rwlock_setup_##NAME(char *err, size_t len)                             \
	{ return plain_rwlock_setup(plain_rwlock_init_##NAME, plain_rwlock_destroy_##NAME, err, len); } \
	static void plain_rwlock_read_##NAME(void *s, uint64_t n) { plain_loop(rwlock_read_##NAME, &((plain_rwlock *)s)->c, n); } \
	static void plain_rwlock_write_##NAME(void *s, uint64_t n) { plain_loop(rwlock_write_##NAME, &((plain_rwlock *)s)->c, n); }
SB_RWLOCK_IMPLS(PLAIN_RWLOCK)
#undef PLAIN_RWLOCK

/* --- semaphore: one permit, wait, count the holder in and out, post (sem_pool_op_IMPL) -------- */

typedef struct plain_sem {
	sem_slot sem; /* any implementation's semaphore, on a line of its own */
	_Alignas(PLAIN_LINE) atomic_uint inside;
	sem_pool_ctx c;
	void (*destroy)(void *sem);
} plain_sem;

/* init makes a semaphore of one permit. */
static void *plain_sem_setup(int (*init)(void *sem), void (*destroy)(void *sem), char *err, size_t len)
{
	plain_sem *s = plain_new_with(_Alignof(plain_sem), sizeof *s, offsetof(plain_sem, sem), init, " the semaphore", err, len);
	if (!s)
		return NULL;
	atomic_init(&s->inside, 0);
	s->c = (sem_pool_ctx){ .sem = &s->sem, .inside = &s->inside, .permits = 1 };
	s->destroy = destroy;
	return s;
}

static int plain_sem_finish(void *state, uint64_t iters, char *msg, size_t len)
{
	plain_sem *s = state;
	(void)iters;
	int bad = plain_none_check(s->c.over, "times more than one holder", msg, len);
	return plain_end(s, s->destroy, &s->sem, bad);
}

#define PLAIN_SEM(NAME, FLAGS)                                                                    \
	static int plain_sem_init_##NAME(void *m) { return sb_sem_##NAME##_init(m, 1); }          \
	static void plain_sem_destroy_##NAME(void *m) { sb_sem_##NAME##_destroy(m); }            \
	static void *plain_sem_setup_##NAME(char *err, size_t len)                                \
	{ return plain_sem_setup(plain_sem_init_##NAME, plain_sem_destroy_##NAME, err, len); }    \
	static void plain_sem_run_##NAME(void *s, uint64_t n) { plain_loop(sem_pool_op_##NAME, &((plain_sem *)s)->c, n); }
SB_SEM_IMPLS(PLAIN_SEM)
#undef PLAIN_SEM

/* --- condvar: lock, count, signal with no waiter, unlock (condvar_op_IMPL) ------------------ */

typedef struct plain_condvar {
	_Alignas(PLAIN_LINE) cv_mutex_any m;
	_Alignas(PLAIN_LINE) cv_cond_any cv;
	_Alignas(PLAIN_LINE) volatile uint64_t signals;
	condvar_ctx c;
	void (*mutex_destroy)(void *m), (*cond_destroy)(void *cv);
} plain_condvar;

static void *plain_condvar_setup(int (*mutex_init)(void *m), int (*cond_init)(void *cv), void (*mutex_destroy)(void *m),
				 void (*cond_destroy)(void *cv), char *err, size_t len)
{
	plain_condvar *s = plain_new(_Alignof(plain_condvar), sizeof *s);
	int r = s ? mutex_init(&s->m) : -ENOMEM;
	if (!r && (r = cond_init(&s->cv)) != 0)
		mutex_destroy(&s->m);
	if (r) {
		snprintf(err, len, "cannot initialise (errno %d)", -r);
		free(s);
		return NULL;
	}
	s->c = (condvar_ctx){ .mutex = &s->m, .cond = &s->cv, .signals = &s->signals };
	s->mutex_destroy = mutex_destroy;
	s->cond_destroy = cond_destroy;
	return s;
}

static int plain_condvar_finish(void *state, uint64_t iters, char *msg, size_t len)
{
	plain_condvar *s = state;
	int bad = s->signals != iters;
	if (bad)
		snprintf(msg, len, "counted %" PRIu64 " of %" PRIu64, s->signals, iters);
	s->cond_destroy(&s->cv);
	s->mutex_destroy(&s->m);
	free(s);
	return bad;
}

#define PLAIN_CONDVAR(NAME, FLAGS)                                                                \
	static int plain_condvar_minit_##NAME(void *m) { return sb_condvar_##NAME##_mutex_init(m); } \
	static int plain_condvar_cinit_##NAME(void *c) { return sb_condvar_##NAME##_cond_init(c); } \
	static void plain_condvar_mdestroy_##NAME(void *m) { sb_condvar_##NAME##_mutex_destroy(m); } \
	static void plain_condvar_cdestroy_##NAME(void *c) { sb_condvar_##NAME##_cond_destroy(c); } \
	static void *plain_condvar_setup_##NAME(char *err, size_t len)                            \
	{ return plain_condvar_setup(plain_condvar_minit_##NAME, plain_condvar_cinit_##NAME, plain_condvar_mdestroy_##NAME, \
				     plain_condvar_cdestroy_##NAME, err, len); }                  \
	static void plain_condvar_run_##NAME(void *s, uint64_t n) { plain_loop(condvar_op_##NAME, &((plain_condvar *)s)->c, n); }
SB_CONDVAR_IMPLS(PLAIN_CONDVAR)
#undef PLAIN_CONDVAR

/* --- event: set, is_set, wait, clear, is_set (event_op_IMPL) --------------------------------- */

typedef struct plain_event {
	_Alignas(PLAIN_LINE) event_any e;
	event_ctx c;
	void (*destroy)(void *e);
} plain_event;

static void *plain_event_setup(int (*init)(void *e), void (*destroy)(void *e), char *err, size_t len)
{
	plain_event *s = plain_new_with(_Alignof(plain_event), sizeof *s, offsetof(plain_event, e), init, "", err, len);
	if (!s)
		return NULL;
	s->c = (event_ctx){ .event = &s->e };
	s->destroy = destroy;
	return s;
}

static int plain_event_finish(void *state, uint64_t iters, char *msg, size_t len)
{
	plain_event *s = state;
	(void)iters;
	int bad = plain_none_check(s->c.bad, "calls saw the wrong state", msg, len);
	return plain_end(s, s->destroy, &s->e, bad);
}

#define PLAIN_EVENT(NAME, FLAGS)                                                                  \
	static int plain_event_init_##NAME(void *e) { return sb_event_##NAME##_init(e); }        \
	static void plain_event_destroy_##NAME(void *e) { sb_event_##NAME##_destroy(e); }        \
	static void *plain_event_setup_##NAME(char *err, size_t len)                              \
	{ return plain_event_setup(plain_event_init_##NAME, plain_event_destroy_##NAME, err, len); } \
	static void plain_event_run_##NAME(void *s, uint64_t n) { plain_loop(event_op_##NAME, &((plain_event *)s)->c, n); }
SB_EVENT_IMPLS(PLAIN_EVENT)
#undef PLAIN_EVENT

/* --- map: look up the next key of the lookup pattern, check it (map_op_read_IMPL) ------------- */

/* The suite's map/IMPL/mixed at read_pct=100 and its default keys=1024, one worker: the table and
 * its initial entries as the suite's setup makes them (bench/map_op.h: the stable half of the
 * keys and every other churning key, added last first), the lookups over worker 0's pattern. The
 * suite's pools are left out: a lookup takes no entry. */
#define PLAIN_MAP_KEYS 1024u

/* An implementation's table functions, on void pointers. */
typedef struct plain_map_prim {
	int (*init)(void *m, unsigned long buckets);
	void (*add)(void *m, sb_mnode *e, uint64_t hash);
	int (*lookup)(void *m, uint64_t key, uint64_t hash, uint64_t *value);
	uint64_t (*count)(void *m, int del);
	void (*destroy)(void *m);
	int rcu; /* SB_IMPL_NEEDS_RCU: the worker registered with urcu_memb */
} plain_map_prim;

/* The operation reports into a worker record of its own (its fail message), as for the queue. */
typedef struct plain_map {
	map_shared sh; /* the table, nodes[0 .. initial-1], pattern: worker 0's two patterns */
	sb_worker w;
	map_ctx c;
	const plain_map_prim *p;
} plain_map;

static void plain_map_free(plain_map *s)
{
	free(s->sh.nodes);
	free(s->sh.pattern);
	free(s);
}

static void *plain_map_setup(const plain_map_prim *p, char *err, size_t len)
{
	plain_map *s = plain_new(_Alignof(plain_map), sizeof *s);
	if (!s) {
		snprintf(err, len, "out of memory");
		return NULL;
	}
	map_shared *sh = &s->sh;
	sh->nthreads = 1;
	sh->read_pct = 100;
	sh->keys = PLAIN_MAP_KEYS;
	sh->stable = sh->keys / 2;
	sh->initial = map_initial_count(sh->keys, sh->stable);
	sh->nnodes = sh->initial;
	sh->nodes = plain_new(_Alignof(sb_mnode), sizeof(sb_mnode) * sh->nnodes);
	sh->pattern = plain_new(PLAIN_LINE, sizeof(uint32_t) * 2 * SB_MAP_PATTERN);
	int r = sh->nodes && sh->pattern ? p->init(&sh->m, map_buckets(sh->keys)) : -ENOMEM;
	if (r) {
		snprintf(err, len, "cannot create the table (errno %d)", -r);
		plain_map_free(s);
		return NULL;
	}
	map_nodes_fill(sh->nodes, sh->initial, sh->stable);
	map_patterns_draw(sh->pattern, 0, sh->keys, sh->stable);
	s->p = p;
	if (p->rcu)
		urcu_memb_register_thread();
	map_add_initial(&sh->m, sh->nodes, sh->initial, p->add);
	s->c = (map_ctx){ .map = &sh->m, .w = &s->w, .lk_keys = sh->pattern, .wr_keys = sh->pattern + SB_MAP_PATTERN,
			  .stable = sh->stable };
	return s;
}

/* After the last batch: no lookup failed its check (a stable key not found, a key found with a
 * wrong value), and the table is still as set up: every initial key there with its value, no
 * other key, initial entries. Then the table is emptied (cds_lfht_destroy wants it empty),
 * destroyed and freed. */
static int plain_map_finish(void *state, uint64_t iters, char *msg, size_t len)
{
	plain_map *s = state;
	map_shared *sh = &s->sh;
	const plain_map_prim *p = s->p;
	int bad = 1;
	uint64_t n = p->count(&sh->m, 0), k = 0, v = 0;
	int present = 1, found = 1;
	(void)iters;
	for (; k < sh->keys; k++) {
		present = k < sh->stable || (k - sh->stable) % 2 == 0; /* map_initial_key's keys */
		found = p->lookup(&sh->m, k, map_hash(k), &v);
		if (found != present || (found && v != map_value(k)))
			break;
	}
	if (s->w.fail[0])
		snprintf(msg, len, "%s", s->w.fail);
	else if (k < sh->keys)
		snprintf(msg, len, "key %" PRIu64 " %s at the end", k,
			 !present ? "present" : found ? "with a wrong value" : "missing");
	else if (n != sh->initial)
		snprintf(msg, len, "%" PRIu64 " entries at the end, %" PRIu64 " added", n, sh->initial);
	else
		bad = 0;
	if (p->rcu) {
		(void)p->count(&sh->m, 1);
		urcu_memb_unregister_thread();
	}
	p->destroy(&sh->m);
	plain_map_free(s);
	return bad;
}

#define PLAIN_MAP(NAME, FLAGS)                                                                    \
	static int plain_map_init_##NAME(void *m, unsigned long b) { return sb_map_##NAME##_init(m, b); } \
	static void plain_map_add_##NAME(void *m, sb_mnode *e, uint64_t h) { sb_map_##NAME##_add(m, e, h); } \
	static int plain_map_lookup_##NAME(void *m, uint64_t k, uint64_t h, uint64_t *v) { return sb_map_##NAME##_lookup(m, k, h, v); } \
	static uint64_t plain_map_count_##NAME(void *m, int del) { return sb_map_##NAME##_count(m, del); } \
	static void plain_map_destroy_##NAME(void *m) { sb_map_##NAME##_destroy(m); }            \
	static const plain_map_prim plain_map_prim_##NAME = { plain_map_init_##NAME, plain_map_add_##NAME,   \
		plain_map_lookup_##NAME, plain_map_count_##NAME, plain_map_destroy_##NAME, ((FLAGS) & SB_IMPL_NEEDS_RCU) != 0 }; \
	static void *plain_map_setup_##NAME(char *err, size_t len) { return plain_map_setup(&plain_map_prim_##NAME, err, len); } \
	static void plain_map_run_##NAME(void *s, uint64_t n) { plain_loop(map_op_read_##NAME, &((plain_map *)s)->c, n); }
SB_MAP_IMPLS(PLAIN_MAP)
#undef PLAIN_MAP

/* --- the cases ------------------------------------------------------------------------------- */

/* One row: the family's setup adapter, finish, ops and note; hidden: a negative control. */
#define PLAIN_ROW(NAME, FAM, IMPL, RUN, OPS, NOTE, FLAGS)                                         \
	{ { NAME, plain_##FAM##_setup_##IMPL, RUN, OPS, plain_##FAM##_finish, NOTE }, ((FLAGS) & SB_IMPL_HIDDEN) != 0 },
#define PLAIN_MUTEX_ROW(N, F) PLAIN_ROW("mutex/" #N "/uncontended", mutex, N, plain_mutex_run_##N, NULL, NULL, F)
#define PLAIN_RLOCK_ROW(N, F) PLAIN_ROW("rlock/" #N "/uncontended", rlock, N, plain_rlock_run_##N, NULL, NULL, F)
#define PLAIN_RWLOCK_ROW(N, F)                                                                    \
	PLAIN_ROW("rwlock/" #N "/uncontended,read_pct=100", rwlock, N, plain_rwlock_read_##N, NULL, NULL, F) \
	PLAIN_ROW("rwlock/" #N "/uncontended,read_pct=0", rwlock, N, plain_rwlock_write_##N, NULL, NULL, F)
#define PLAIN_SEM_ROW(N, F) PLAIN_ROW("semaphore/" #N "/uncontended", sem, N, plain_sem_run_##N, NULL, NULL, F)
#define PLAIN_CONDVAR_ROW(N, F) PLAIN_ROW("condvar/" #N "/uncontended", condvar, N, plain_condvar_run_##N, NULL, NULL, F)
#define PLAIN_EVENT_ROW(N, F) PLAIN_ROW("event/" #N "/uncontended", event, N, plain_event_run_##N, NULL, NULL, F)
#define PLAIN_ATOMIC_ROW(OP, PL, F)                                                               \
	PLAIN_ROW("atomic/" #OP "_" #PL "/uncontended", atomic, OP##_##PL, plain_atomic_run_##OP##_##PL, NULL, NULL, F)
#define PLAIN_RCU_ROW(N, F) PLAIN_ROW("rcu/" #N "/uncontended", rcu, N, plain_rcu_run_##N, NULL, NULL, F)
#define PLAIN_MAP_ROW(N, F) PLAIN_ROW("map/" #N "/uncontended,read_pct=100", map, N, plain_map_run_##N, NULL, NULL, F)
#define PLAIN_QUEUE_ROW(N, F)                                                                     \
	PLAIN_ROW("queue/" #N "/uncontended", queue, N, plain_queue_run_##N, plain_queue_ops, plain_queue_note, F)

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
	SB_MAP_IMPLS(PLAIN_MAP_ROW)
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
