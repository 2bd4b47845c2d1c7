/* bench/torture.c: `syncbench torture` (see include/syncbench/torture.h and docs/torture.md).
 *
 * Each family's worker, check and shared state are written once, as ordinary code:
 * tt_FAMILY_run is static inline and always inlined, and takes the implementation's operations
 * as function arguments that are constants at the call (the rcu family: a tt_rcu_ops struct), as
 * the suite's loops do (syncbench/loop.h). From the families' lists (prim/FAMILY_list.h,
 * X(NAME, FLAGS)) each implementation gets one-line adapters of its operations on void pointers
 * and a one-line worker that calls tt_FAMILY_run with them: the operations are inlined into the
 * worker (no indirect call is left) and gdb steps the family's own lines. A table of descriptors
 * names and selects them by their flags (prim/impl_flags.h): a new line in a list is tortured
 * with no change here. A phase:
 * draw the parameters, set up the shared state, start the workers together (a futex gate), let
 * them run for the phase's length (or until one reports a violation), raise the stop flag, wait
 * for them under the watchdog (a futex counter), join, check the end state, tear down.
 *
 * Invariants, per family:
 *   mutex      an owner word exchanged on entry (it must have been 0) and re-read before leaving
 *              (it must still be ours); a plain counter incremented inside across the delays, which
 *              at the end must equal the acquisitions (trylock mixed in; each worker's thread
 *              context, sb_mutex_IMPL_thread, lives in its tt_worker for the whole phase)
 *   rlock      the same at the outermost level, plus the owner word unchanged at every nesting
 *              level, the depth counter, an unlock by a thread that owns nothing refused,
 *              and no level held (levels) after every worker left
 *   rwlock     a reader never sees a writer inside nor the protected value change while it holds
 *              the lock; a writer is alone (no reader, no other writer); writes all counted
 *   semaphore  never more than K workers inside; K permits again at the end
 *   event      worker 0 sets, clears and sets again; every waiter must return from wait once per
 *              set (none lost: the setter waits at most starve_ns for all of them) and never on an
 *              unset event (wait returned but the round it belongs to was not set yet)
 *   rcu        readers check a record's magic and checksum before and after a delay inside the read
 *              section; writers publish a new record under the write lock and retire the old one
 *              as the implementation's SB_RCU_IMPL_RETIRE says (synchronize or call_rcu, or
 *              both drawn per write in one phase of three; at once after the write lock for the
 *              locked ones; at once with no grace period for the negative control); retiring poisons the record, so a reader that sees a
 *              freed record fails; at the end every retired record was freed once
 * Every timed wait (lock, semaphore, event, grace period) longer than starve_ns fails: "starved". */
#include "syncbench/torture.h"

#include "bench/rcu_op.h"
#include "prim/event_list.h"
#include "prim/futex.h"
#include "prim/mutex_list.h"
#include "prim/rcu_list.h"
#include "prim/rlock_list.h"
#include "prim/rwlock_list.h"
#include "prim/semaphore_list.h"
#include "syncbench/clock.h"
#include "syncbench/harness.h"
#include "syncbench/rand.h"
#include "syncbench/spin.h"

#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TT_MAX_THREADS 256
#define TT_PHASE_MIN_NS 50000000ull
#define TT_PHASE_MAX_NS 200000000ull

enum { TT_DELAY_NONE, TT_DELAY_YIELD, TT_DELAY_SLEEP, TT_DELAY_BUSY, TT_DELAY_MIX };
static const char *const tt_delay_name[] = { "none", "yield", "nanosleep", "busy", "mixed" };

/* One phase's parameters, all drawn from its seed before it starts. */
typedef struct tt_params {
	uint64_t seed;
	int phase;
	int threads;
	int pin;                /* 0 none, 1 compact */
	uint64_t len_ns, cs_ns, think_ns;
	int delay;              /* TT_DELAY_* injected inside the critical section */
	unsigned delay_shift;   /* ... with probability 1 / 2^delay_shift per operation */
	uint64_t delay_ns;      /* nanosleep and busy length */
	int aux;                /* rwlock read %, semaphore permits, rlock depth, rcu writers */
	int retire;             /* rcu: 0 synchronize_rcu, 1 call_rcu, 2 drawn per write */
	uint64_t starve_ns;
} tt_params;

typedef struct tt_ctl tt_ctl;

typedef struct tt_worker {
	_Alignas(SB_CACHELINE) tt_ctl *ctl;
	void *sh;
	const tt_params *p;
	int id;
	uint64_t rng;
	uint64_t ops, max_wait_ns;
	uint64_t aux, aux2;     /* per family: writes done, records retired/freed ... */
	void *list;             /* rcu: the writer's free list, handed back at the end */
	pthread_t th;
	/* the mutex's thread context (sb_mutex_IMPL_thread: a queue lock's node, an array lock's
	 * slot); it stays put while the phase lasts (CLH nodes travel between the workers) */
	_Alignas(SB_CACHELINE) unsigned char mthread[SB_MUTEX_THREAD_MAX];
} tt_worker;

typedef void (*tt_worker_fn)(tt_worker *w);

struct tt_ctl {
	_Alignas(SB_CACHELINE) atomic_uint go;    /* the start gate: workers sleep on it */
	_Alignas(SB_CACHELINE) atomic_uint stop;  /* the phase is over: workers leave their loops */
	_Alignas(SB_CACHELINE) atomic_uint done;  /* workers finished; the controller sleeps on it */
	_Alignas(SB_CACHELINE) atomic_uint failed; /* 0, 1 a worker is writing msg, 2 msg ready */
	char msg[256];
	int nthreads;
	tt_worker_fn fn;
};

static inline int tt_stopped(const tt_ctl *c) { return atomic_load_explicit(&c->stop, memory_order_relaxed) != 0; }
static inline int tt_failed(const tt_ctl *c) { return atomic_load_explicit(&c->failed, memory_order_relaxed) != 0; }

/* The first violation of a phase wins; it also ends the phase. */
static void __attribute__((format(printf, 2, 3))) tt_fail(tt_worker *w, const char *fmt, ...)
{
	tt_ctl *c = w->ctl;
	unsigned z = 0;
	if (atomic_compare_exchange_strong_explicit(&c->failed, &z, 1, memory_order_acq_rel, memory_order_relaxed)) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(c->msg, sizeof c->msg, fmt, ap);
		va_end(ap);
		atomic_store_explicit(&c->failed, 2, memory_order_release); /* msg is complete */
	}
	atomic_store_explicit(&c->stop, 1, memory_order_relaxed);
	sb_futex_wake(&c->stop, INT_MAX);
}

static inline uint64_t tt_rand(tt_worker *w) { return w->rng = sb_mix64(w->rng + 0x9e3779b97f4a7c15ull); }

static inline void tt_busy(uint64_t ns)
{
	if (!ns)
		return;
	uint64_t end = sb_now_ns() + ns;
	while (sb_now_ns() < end)
		sb_cpu_relax();
}

/* An injected delay inside the critical section, now and then. */
static inline void tt_inject(tt_worker *w)
{
	const tt_params *p = w->p;
	if (p->delay == TT_DELAY_NONE)
		return;
	uint64_t r = tt_rand(w);
	if (r & ((1ull << p->delay_shift) - 1))
		return;
	int kind = p->delay == TT_DELAY_MIX ? TT_DELAY_YIELD + (int)((r >> 32) % 3) : p->delay;
	if (kind == TT_DELAY_YIELD) {
		sched_yield();
	} else if (kind == TT_DELAY_SLEEP) {
		struct timespec ts = { 0, (long)p->delay_ns };
		nanosleep(&ts, NULL);
	} else {
		tt_busy(p->delay_ns);
	}
}

/* A wait that ended: record it, fail the phase past the bound. */
static inline void tt_waited(tt_worker *w, uint64_t t0, const char *what)
{
	uint64_t d = sb_now_ns() - t0;
	if (d > w->max_wait_ns)
		w->max_wait_ns = d;
	if (d > w->p->starve_ns)
		tt_fail(w, "starved: worker %d waited %.3f s for %s", w->id, (double)d / 1e9, what);
}

/* ---- what every family shares --------------------------------------------------------------- */

/* Inside the critical section: its busy length, then now and then an injected delay. */
static inline void tt_cs(tt_worker *w)
{
	tt_busy(w->p->cs_ns);
	tt_inject(w);
}

/* One operation done: count it, then think. Every worker's phase loop is
 *   while (!tt_stopped(w->ctl)) { one operation; tt_done(w); } */
static inline void tt_done(tt_worker *w)
{
	w->ops++;
	tt_busy(w->p->think_ns);
}

/* Sleep on a futex word while it holds val, 10 ms at most (then look at the phase again). */
static inline void tt_nap(atomic_uint *word, unsigned val)
{
	struct timespec ts = { 0, 10000000 };
	sb_futex_wait(word, val, &ts);
}

/* The owner word of an exclusive lock (id + 1 of the worker inside, 0 nobody): it must be free
 * when a worker gets in ... */
static inline void tt_owner_enter(tt_worker *w, atomic_uint *owner, unsigned me)
{
	unsigned o = atomic_exchange_explicit(owner, me, memory_order_relaxed);
	if (o)
		tt_fail(w, "mutual exclusion: worker %d got the lock while worker %u held it", w->id, o - 1);
}

/* ... and still ours when it leaves. */
static inline void tt_owner_leave(tt_worker *w, atomic_uint *owner, unsigned me)
{
	unsigned o = atomic_load_explicit(owner, memory_order_relaxed);
	if (o != me)
		tt_fail(w, "mutual exclusion: worker %u got the lock while worker %d held it", o ? o - 1 : 0, w->id);
	atomic_store_explicit(owner, 0, memory_order_relaxed);
}

/* The plain counter an exclusive lock protects against the acquisitions the workers counted (a
 * lost increment: two owners at once). 1 when it failed, msg written. */
static int tt_counter_check(uint64_t counter, const tt_worker *ws, int n, char *msg, size_t len)
{
	uint64_t acq = 0;
	for (int i = 0; i < n; i++)
		acq += ws[i].ops;
	if (counter == acq)
		return 0;
	snprintf(msg, len, "mutual exclusion: counter %" PRIu64 " after %" PRIu64 " acquisitions", counter, acq);
	return 1;
}

/* Every family's shared state starts with its primitive (a union of every implementation's), so
 * the state's address is the primitive's: the table's init and destroy get it. */

/* ---- mutex ---------------------------------------------------------------------------------- */

typedef struct tt_mutex {
	_Alignas(SB_CACHELINE) union {
#define X(NAME, FLAGS) sb_mutex_##NAME NAME;
		SB_MUTEX_IMPLS(X)
#undef X
	} lock;
	_Alignas(SB_CACHELINE) volatile uint64_t counter; /* plain: the lock protects it */
	_Alignas(SB_CACHELINE) atomic_uint owner;          /* id + 1 of the worker inside */
} tt_mutex;

typedef void (*tt_mutex_fn)(void *lock, void *thread);

/* thread is the worker's own context for the lock (tt_worker.mthread), there for the phase. */
static SB_ALWAYS_INLINE void tt_mutex_run(tt_worker *w, void (*thread_init)(void *lock, void *thread, int id),
					  tt_mutex_fn lock, int (*trylock)(void *lock, void *thread), tt_mutex_fn unlock)
{
	tt_mutex *s = w->sh;
	void *t = w->mthread;
	thread_init(&s->lock, t, w->id);
	const unsigned me = (unsigned)w->id + 1;
	while (!tt_stopped(w->ctl)) {
		uint64_t t0 = sb_now_ns();
		/* one acquisition in four tries trylock first (1 taken, 0 busy) */
		if ((tt_rand(w) & 3) != 0 || !trylock(&s->lock, t))
			lock(&s->lock, t);
		tt_waited(w, t0, "the lock");
		tt_owner_enter(w, &s->owner, me);
		uint64_t v = s->counter;
		tt_cs(w);
		s->counter = v + 1;
		tt_owner_leave(w, &s->owner, me);
		unlock(&s->lock, t);
		tt_done(w);
	}
}

static void tt_mutex_check(void *sh, tt_worker *ws, int n, char *msg, size_t len)
{
	tt_mutex *s = sh;
	tt_counter_check(s->counter, ws, n, msg, len);
}

/* The adapters and the worker of each lock; the null lock's too, which the table's selection
 * skips (it does not exclude: SB_IMPL_NO_EXCLUSION, SB_IMPL_BASELINE). */
#define TT_MUTEX(NAME, FLAGS)                                                                      \
	_Static_assert(sizeof(sb_mutex_##NAME##_thread) <= SB_MUTEX_THREAD_MAX && _Alignof(sb_mutex_##NAME##_thread) <= SB_CACHELINE, \
		       "sb_mutex_" #NAME "_thread does not fit tt_worker.mthread");               \
	static int tt_mutex_init_##NAME(void *l, const tt_params *p) { (void)p; return sb_mutex_##NAME##_init(l); } \
	static void tt_mutex_destroy_##NAME(void *l) { sb_mutex_##NAME##_destroy(l); }              \
	static void tt_mutex_thread_init_##NAME(void *l, void *t, int id) { sb_mutex_##NAME##_thread_init(l, t, id); } \
	static void tt_mutex_lock_##NAME(void *l, void *t) { sb_mutex_##NAME##_lock(l, t); }        \
	static int tt_mutex_trylock_##NAME(void *l, void *t) { return sb_mutex_##NAME##_trylock(l, t); } \
	static void tt_mutex_unlock_##NAME(void *l, void *t) { sb_mutex_##NAME##_unlock(l, t); }    \
	static void tt_mutex_worker_##NAME(tt_worker *w)                                           \
	{ tt_mutex_run(w, tt_mutex_thread_init_##NAME, tt_mutex_lock_##NAME, tt_mutex_trylock_##NAME, tt_mutex_unlock_##NAME); }
SB_MUTEX_IMPLS(TT_MUTEX)
#undef TT_MUTEX

/* ---- rlock ---------------------------------------------------------------------------------- */

/* An unlock by a thread that holds nothing must be refused (-EPERM); ThreadSanitizer reports the
 * attempt on a pthread mutex as an error of its own, so its build leaves this check out. */
#if defined(__SANITIZE_THREAD__)
#define TT_FOREIGN_UNLOCK 0
#else
#define TT_FOREIGN_UNLOCK 1
#endif

typedef struct tt_rlock {
	_Alignas(SB_CACHELINE) union {
#define X(NAME, FLAGS) sb_rlock_##NAME NAME;
		SB_RLOCK_IMPLS(X)
#undef X
	} lock;
	_Alignas(SB_CACHELINE) volatile uint64_t counter;
	volatile unsigned depth;        /* levels held, under the lock */
	_Alignas(SB_CACHELINE) atomic_uint owner;
} tt_rlock;

typedef int (*tt_rlock_fn)(void *lock);

static SB_ALWAYS_INLINE void tt_rlock_run(tt_worker *w, void (*lock)(void *lock), tt_rlock_fn trylock, tt_rlock_fn unlock)
{
	tt_rlock *s = w->sh;
	void *l = &s->lock;
	const unsigned me = (unsigned)w->id + 1;
	while (!tt_stopped(w->ctl)) {
		uint64_t r = tt_rand(w);
		unsigned d = 1 + (unsigned)(r % (unsigned)w->p->aux);
		if (TT_FOREIGN_UNLOCK && ((r >> 16) & 63) == 0 && unlock(l) == 0)
			tt_fail(w, "ownership: worker %d unlocked a lock it did not hold", w->id);
		uint64_t t0 = sb_now_ns();
		if (((r >> 24) & 3) != 0 || trylock(l) != 0)
			lock(l);
		tt_waited(w, t0, "the recursive lock");
		tt_owner_enter(w, &s->owner, me);
		uint64_t v = s->counter;
		s->depth = 1;
		for (unsigned k = 2; k <= d; k++) {
			if ((k & 1) || trylock(l) != 0)
				lock(l);
			s->depth = k;
			if (atomic_load_explicit(&s->owner, memory_order_relaxed) != me)
				tt_fail(w, "recursion: worker %d lost the lock at depth %u", w->id, k);
		}
		tt_cs(w);
		for (unsigned k = d; k >= 2; k--) {
			if (s->depth != k)
				tt_fail(w, "recursion: depth %u where worker %d held %u", s->depth, w->id, k);
			s->depth = k - 1;
			if (unlock(l) != 0)
				tt_fail(w, "recursion: the owner's unlock at depth %u refused", k);
			if (atomic_load_explicit(&s->owner, memory_order_relaxed) != me)
				tt_fail(w, "recursion: worker %d lost the lock at depth %u", w->id, k - 1);
		}
		s->counter = v + 1;
		s->depth = 0;
		tt_owner_leave(w, &s->owner, me);
		if (unlock(l) != 0)
			tt_fail(w, "recursion: the owner's last unlock refused");
		tt_done(w);
	}
}

/* After every worker left: no level held, and the lock free (it can be taken). */
static void tt_rlock_check(void *sh, tt_worker *ws, int n, char *msg, size_t len, tt_rlock_fn levels,
			   tt_rlock_fn trylock, tt_rlock_fn unlock)
{
	tt_rlock *s = sh;
	int held;
	if (tt_counter_check(s->counter, ws, n, msg, len))
		return;
	if ((held = levels(&s->lock)) > 0)
		snprintf(msg, len, "recursion: %d level(s) still held after every worker left", held);
	else if (trylock(&s->lock) != 0)
		snprintf(msg, len, "the lock is still held after every worker left");
	else
		unlock(&s->lock);
}

#define TT_RLOCK(NAME, FLAGS)                                                                      \
	static int tt_rlock_init_##NAME(void *l, const tt_params *p) { (void)p; return sb_rlock_##NAME##_init(l); } \
	static void tt_rlock_destroy_##NAME(void *l) { sb_rlock_##NAME##_destroy(l); }              \
	static void tt_rlock_lock_##NAME(void *l) { sb_rlock_##NAME##_lock(l); }                    \
	static int tt_rlock_trylock_##NAME(void *l) { return sb_rlock_##NAME##_trylock(l); }        \
	static int tt_rlock_unlock_##NAME(void *l) { return sb_rlock_##NAME##_unlock(l); }          \
	static int tt_rlock_levels_##NAME(void *l) { return sb_rlock_##NAME##_levels(l); }          \
	static void tt_rlock_worker_##NAME(tt_worker *w) { tt_rlock_run(w, tt_rlock_lock_##NAME, tt_rlock_trylock_##NAME, tt_rlock_unlock_##NAME); } \
	static void tt_rlock_check_##NAME(void *sh, tt_worker *ws, int n, char *msg, size_t len)   \
	{ tt_rlock_check(sh, ws, n, msg, len, tt_rlock_levels_##NAME, tt_rlock_trylock_##NAME, tt_rlock_unlock_##NAME); }
SB_RLOCK_IMPLS(TT_RLOCK)
#undef TT_RLOCK

/* ---- rwlock --------------------------------------------------------------------------------- */

typedef struct tt_rwlock {
	_Alignas(SB_CACHELINE) union {
#define X(NAME, FLAGS) sb_rwlock_##NAME NAME;
		SB_RWLOCK_IMPLS(X)
#undef X
	} lock;
	_Alignas(SB_CACHELINE) volatile uint64_t data; /* written by writers only */
	_Alignas(SB_CACHELINE) atomic_uint readers, writer;
} tt_rwlock;

typedef void (*tt_rwlock_fn)(void *lock);

/* A reader: no writer inside, and the data unchanged while it holds the lock. */
static SB_ALWAYS_INLINE void tt_rwlock_read(tt_worker *w, tt_rwlock *s, tt_rwlock_fn rdlock, tt_rwlock_fn rdunlock)
{
	uint64_t t0 = sb_now_ns();
	rdlock(&s->lock);
	tt_waited(w, t0, "the read lock");
	atomic_fetch_add_explicit(&s->readers, 1, memory_order_relaxed);
	unsigned o = atomic_load_explicit(&s->writer, memory_order_relaxed);
	uint64_t v = s->data;
	tt_cs(w);
	if (!o)
		o = atomic_load_explicit(&s->writer, memory_order_relaxed);
	if (o)
		tt_fail(w, "reader beside a writer: reader %d found writer %u inside", w->id, o - 1);
	else if (s->data != v)
		tt_fail(w, "reader beside a writer: the data changed under reader %d", w->id);
	atomic_fetch_sub_explicit(&s->readers, 1, memory_order_relaxed);
	rdunlock(&s->lock);
}

/* A writer: no reader, no other writer; every write counted (w->aux). */
static SB_ALWAYS_INLINE void tt_rwlock_write(tt_worker *w, tt_rwlock *s, tt_rwlock_fn wrlock, tt_rwlock_fn wrunlock)
{
	const unsigned me = (unsigned)w->id + 1;
	uint64_t t0 = sb_now_ns();
	wrlock(&s->lock);
	tt_waited(w, t0, "the write lock");
	unsigned o = atomic_exchange_explicit(&s->writer, me, memory_order_relaxed);
	if (o)
		tt_fail(w, "two writers: worker %d got the write lock while worker %u held it", w->id, o - 1);
	unsigned r = atomic_load_explicit(&s->readers, memory_order_relaxed);
	uint64_t v = s->data;
	tt_cs(w);
	s->data = v + 1;
	if (!r)
		r = atomic_load_explicit(&s->readers, memory_order_relaxed);
	if (r)
		tt_fail(w, "writer beside readers: writer %d found %u reader(s) inside", w->id, r);
	if ((o = atomic_load_explicit(&s->writer, memory_order_relaxed)) != me)
		tt_fail(w, "two writers: worker %u got the write lock while worker %d held it", o ? o - 1 : 0, w->id);
	atomic_store_explicit(&s->writer, 0, memory_order_relaxed);
	wrunlock(&s->lock);
	w->aux++;
}

static SB_ALWAYS_INLINE void tt_rwlock_run(tt_worker *w, tt_rwlock_fn rdlock, tt_rwlock_fn rdunlock, tt_rwlock_fn wrlock,
					   tt_rwlock_fn wrunlock)
{
	tt_rwlock *s = w->sh;
	while (!tt_stopped(w->ctl)) {
		if (tt_rand(w) % 100 < (uint64_t)w->p->aux) /* the read share, in % */
			tt_rwlock_read(w, s, rdlock, rdunlock);
		else
			tt_rwlock_write(w, s, wrlock, wrunlock);
		tt_done(w);
	}
}

static void tt_rwlock_check(void *sh, tt_worker *ws, int n, char *msg, size_t len)
{
	tt_rwlock *s = sh;
	uint64_t wr = 0;
	for (int i = 0; i < n; i++)
		wr += ws[i].aux;
	if (s->data != wr)
		snprintf(msg, len, "two writers: data %" PRIu64 " after %" PRIu64 " writes", s->data, wr);
}

#define TT_RWLOCK(NAME, FLAGS)                                                                     \
	static int tt_rwlock_init_##NAME(void *l, const tt_params *p) { (void)p; return sb_rwlock_##NAME##_init(l); } \
	static void tt_rwlock_destroy_##NAME(void *l) { sb_rwlock_##NAME##_destroy(l); }            \
	static void tt_rwlock_rdlock_##NAME(void *l) { sb_rwlock_##NAME##_rdlock(l); }              \
	static void tt_rwlock_rdunlock_##NAME(void *l) { sb_rwlock_##NAME##_rdunlock(l); }          \
	static void tt_rwlock_wrlock_##NAME(void *l) { sb_rwlock_##NAME##_wrlock(l); }              \
	static void tt_rwlock_wrunlock_##NAME(void *l) { sb_rwlock_##NAME##_wrunlock(l); }          \
	static void tt_rwlock_worker_##NAME(tt_worker *w)                                          \
	{ tt_rwlock_run(w, tt_rwlock_rdlock_##NAME, tt_rwlock_rdunlock_##NAME, tt_rwlock_wrlock_##NAME, tt_rwlock_wrunlock_##NAME); }
SB_RWLOCK_IMPLS(TT_RWLOCK)
#undef TT_RWLOCK

/* ---- semaphore ------------------------------------------------------------------------------ */

typedef struct tt_sem {
	_Alignas(SB_CACHELINE) union {
#define X(NAME, FLAGS) sb_sem_##NAME NAME;
		SB_SEM_IMPLS(X)
#undef X
	} sem;
	_Alignas(SB_CACHELINE) atomic_int inside;
	int permits;
} tt_sem;

/* The family's part of the state, before the semaphore's init (which gets p->aux permits). */
static int tt_sem_prepare(void *sh, const tt_params *p)
{
	((tt_sem *)sh)->permits = p->aux;
	return 0;
}

typedef void (*tt_sem_fn)(void *sem);

static SB_ALWAYS_INLINE void tt_sem_run(tt_worker *w, tt_sem_fn wait, tt_sem_fn post)
{
	tt_sem *s = w->sh;
	while (!tt_stopped(w->ctl)) {
		uint64_t t0 = sb_now_ns();
		wait(&s->sem);
		tt_waited(w, t0, "a permit");
		int in = atomic_fetch_add_explicit(&s->inside, 1, memory_order_relaxed) + 1;
		if (in > s->permits)
			tt_fail(w, "bound: %d workers inside a semaphore of %d permit(s)", in, s->permits);
		tt_cs(w);
		atomic_fetch_sub_explicit(&s->inside, 1, memory_order_relaxed);
		post(&s->sem);
		tt_done(w);
	}
}

static void tt_sem_check(void *sh, char *msg, size_t len, int (*value)(void *sem))
{
	tt_sem *s = sh;
	int v = value(&s->sem);
	if (v != s->permits)
		snprintf(msg, len, "permits: %d available after the phase, %d given", v, s->permits);
}

#define TT_SEM(NAME, FLAGS)                                                                        \
	static int tt_sem_init_##NAME(void *m, const tt_params *p) { return sb_sem_##NAME##_init(m, (unsigned)p->aux); } \
	static void tt_sem_destroy_##NAME(void *m) { sb_sem_##NAME##_destroy(m); }                  \
	static void tt_sem_wait_##NAME(void *m) { sb_sem_##NAME##_wait(m); }                        \
	static void tt_sem_post_##NAME(void *m) { sb_sem_##NAME##_post(m); }                        \
	static int tt_sem_value_##NAME(void *m) { return sb_sem_##NAME##_value(m); }                \
	static void tt_sem_worker_##NAME(tt_worker *w) { tt_sem_run(w, tt_sem_wait_##NAME, tt_sem_post_##NAME); } \
	static void tt_sem_check_##NAME(void *sh, tt_worker *ws, int n, char *msg, size_t len)     \
	{ (void)ws; (void)n; tt_sem_check(sh, msg, len, tt_sem_value_##NAME); }
SB_SEM_IMPLS(TT_SEM)
#undef TT_SEM

/* ---- event ---------------------------------------------------------------------------------- */

typedef struct tt_event {
	_Alignas(SB_CACHELINE) union {
#define X(NAME, FLAGS) sb_event_##NAME NAME;
		SB_EVENT_IMPLS(X)
#undef X
	} ev;
	_Alignas(SB_CACHELINE) atomic_uint setr; /* the round set last (released by it) */
	atomic_uint fin;                         /* that round is the last */
	_Atomic uint64_t t_set;
	_Alignas(SB_CACHELINE) atomic_uint acks; /* waiters that returned this round */
	_Alignas(SB_CACHELINE) atomic_uint clr;  /* the round cleared last */
} tt_event;

typedef void (*tt_event_fn)(void *ev);

/* Worker 0: set round r, wait (at most starve_ns) for every waiter to answer, keep the event set
 * a while for the late ones, clear; after the stop flag, one last round. */
static SB_ALWAYS_INLINE void tt_event_setter(tt_worker *w, tt_event *s, tt_event_fn set, tt_event_fn clear)
{
	const unsigned nw = (unsigned)w->ctl->nthreads - 1;
	for (unsigned r = 1;; r++) {
		unsigned last = tt_stopped(w->ctl);
		tt_busy(w->p->think_ns);
		tt_inject(w);
		atomic_store_explicit(&s->fin, last, memory_order_relaxed);
		atomic_store_explicit(&s->t_set, sb_now_ns(), memory_order_relaxed);
		atomic_store_explicit(&s->setr, r, memory_order_release);
		set(&s->ev);
		uint64_t t0 = sb_now_ns(), a;
		while ((a = atomic_load_explicit(&s->acks, memory_order_acquire)) < nw) {
			uint64_t now = sb_now_ns();
			if (now - t0 > w->p->starve_ns) {
				tt_fail(w, "lost wake-up: %u of %u waiter(s) did not return from wait within %.1f s of set #%u",
					nw - (unsigned)a, nw, (double)w->p->starve_ns / 1e9, r);
				set(&s->ev);
				return;
			}
			if (tt_failed(w->ctl))
				return;
			tt_nap(&s->acks, (unsigned)a);
		}
		w->ops++;
		if (last)
			return;
		tt_busy(w->p->cs_ns); /* the event stays set a while: late waiters pass */
		atomic_store_explicit(&s->acks, 0, memory_order_relaxed);
		clear(&s->ev);
		atomic_store_explicit(&s->clr, r, memory_order_release);
		sb_futex_wake(&s->clr, INT_MAX);
	}
}

/* The other workers: wait for round my (untimed, or now and then timed), check it was set,
 * answer, wait for the clear. */
static SB_ALWAYS_INLINE void tt_event_run(tt_worker *w, tt_event_fn set, tt_event_fn clear, tt_event_fn wait,
					  int (*wait_until)(void *ev, uint64_t deadline_ns))
{
	tt_event *s = w->sh;
	if (w->id == 0) {
		tt_event_setter(w, s, set, clear);
		return;
	}
	for (unsigned my = 1;; my++) {
		uint64_t t0 = sb_now_ns();
		for (;;) {
			uint64_t r = tt_rand(w);
			if ((r & 3) != 0) {
				wait(&s->ev);
				break;
			}
			/* a timed wait of 0.1 .. 6.5 ms now and then */
			if (wait_until(&s->ev, sb_now_ns() + 100000 + (r >> 48) * 100))
				break;
			if (tt_failed(w->ctl))
				return;
		}
		unsigned sr = atomic_load_explicit(&s->setr, memory_order_acquire);
		uint64_t ts = atomic_load_explicit(&s->t_set, memory_order_relaxed);
		tt_waited(w, ts > t0 ? ts : t0, "a set");
		if (sr != my) {
			tt_fail(w, "wait returned on an unset event: waiter %d waited for set #%u, the last set was #%u",
				w->id, my, sr);
			return;
		}
		unsigned fin = atomic_load_explicit(&s->fin, memory_order_relaxed);
		atomic_fetch_add_explicit(&s->acks, 1, memory_order_release);
		sb_futex_wake(&s->acks, 1);
		w->ops++;
		if (fin)
			return;
		tt_inject(w);
		unsigned c;
		while ((c = atomic_load_explicit(&s->clr, memory_order_acquire)) < my) {
			if (tt_failed(w->ctl))
				return;
			tt_nap(&s->clr, c);
		}
	}
}

static void tt_event_check(void *sh, tt_worker *ws, int n, char *msg, size_t len)
{
	(void)sh;
	for (int i = 1; i < n; i++)
		if (ws[i].ops != ws[0].ops) {
			snprintf(msg, len, "lost set: waiter %d saw %" PRIu64 " of %" PRIu64 " sets", i, ws[i].ops, ws[0].ops);
			return;
		}
}

#define TT_EVENT(NAME, FLAGS)                                                                      \
	static int tt_event_init_##NAME(void *e, const tt_params *p) { (void)p; return sb_event_##NAME##_init(e); } \
	static void tt_event_destroy_##NAME(void *e) { sb_event_##NAME##_destroy(e); }              \
	static void tt_event_set_##NAME(void *e) { sb_event_##NAME##_set(e); }                      \
	static void tt_event_clear_##NAME(void *e) { sb_event_##NAME##_clear(e); }                  \
	static void tt_event_wait_##NAME(void *e) { sb_event_##NAME##_wait(e); }                    \
	static int tt_event_wait_until_##NAME(void *e, uint64_t t) { return sb_event_##NAME##_wait_until(e, t); } \
	static void tt_event_worker_##NAME(tt_worker *w)                                           \
	{ tt_event_run(w, tt_event_set_##NAME, tt_event_clear_##NAME, tt_event_wait_##NAME, tt_event_wait_until_##NAME); }
SB_EVENT_IMPLS(TT_EVENT)
#undef TT_EVENT

/* ---- rcu ------------------------------------------------------------------------------------ */

#define TT_RCU_LOCAL 8
#define TT_RCU_RESERVE 4096

typedef struct tt_rcu {
	_Alignas(SB_CACHELINE) union { /* the implementation's sb_rcu_IMPL (a lock, or none) */
#define X(NAME, FLAGS) sb_rcu_##NAME NAME;
		SB_RCU_IMPLS(X)
#undef X
	} sync;
	_Alignas(SB_CACHELINE) rcu_rec *cur;             /* the published record */
	_Alignas(SB_CACHELINE) rcu_rec *_Atomic returned; /* freed by call_rcu callbacks */
	_Atomic uint64_t cb_freed, cb_dbl;
	_Alignas(SB_CACHELINE) rcu_rec *recs;
	size_t nrecs;
} tt_rcu;

/* How a phase's writers retire the record they replaced: a grace-period implementation
 * (SB_RCU_RETIRE_SYNC or _CALL) in its own way, or in one phase of three both ways, drawn per
 * write (every shape has synchronize and defer); a locked one at once after its write lock; the
 * negative control at once with no grace period (SB_RCU_RETIRE_NOWAIT). */
enum { TT_RET_SYNC, TT_RET_CALL, TT_RET_BOTH, TT_RET_LOCKED, TT_RET_NOWAIT };

/* Poison r ("free" it); 1 if it was poisoned already. */
static int tt_rcu_poison(rcu_rec *r)
{
	int dbl = atomic_load_explicit(&r->magic, memory_order_relaxed) == RCU_POISON;
	atomic_store_explicit(&r->magic, RCU_POISON, memory_order_relaxed);
	atomic_store_explicit(&r->seq, RCU_POISON, memory_order_relaxed);
	atomic_store_explicit(&r->val, RCU_POISON, memory_order_relaxed);
	atomic_store_explicit(&r->sum, RCU_POISON, memory_order_relaxed);
	return dbl;
}

static void tt_rcu_cb(struct rcu_head *h)
{
	rcu_rec *r = (rcu_rec *)((char *)h - offsetof(rcu_rec, head));
	tt_rcu *s = (tt_rcu *)(void *)r->owner;
	if (tt_rcu_poison(r))
		atomic_fetch_add_explicit(&s->cb_dbl, 1, memory_order_relaxed);
	rcu_rec *old = atomic_load_explicit(&s->returned, memory_order_relaxed);
	do
		atomic_store_explicit(&r->link, old, memory_order_relaxed);
	while (!atomic_compare_exchange_weak_explicit(&s->returned, &old, r, memory_order_release,
						      memory_order_relaxed));
	atomic_fetch_add_explicit(&s->cb_freed, 1, memory_order_release);
}

/* The family's part of the state, before the implementation's init: the record pool. Writers
 * 0..aux-1 start with TT_RCU_LOCAL records each; the reserve waits on the return stack. */
static int tt_rcu_prepare(void *sh, const tt_params *p)
{
	tt_rcu *s = sh;
	size_t nw = (size_t)p->aux;
	s->nrecs = 1 + nw * TT_RCU_LOCAL + TT_RCU_RESERVE;
	s->recs = aligned_alloc(SB_CACHELINE, s->nrecs * sizeof *s->recs);
	if (!s->recs)
		return -ENOMEM;
	memset(s->recs, 0, s->nrecs * sizeof *s->recs);
	for (size_t i = 0; i < s->nrecs; i++) {
		rcu_rec *r = &s->recs[i];
		r->owner = (struct rcu_shared *)(void *)s;
		tt_rcu_poison(r);
		/* lists: [1 + k*LOCAL, 1 + (k+1)*LOCAL) for writer k, then the reserve */
		int end = i == 0 || i + 1 == s->nrecs || (i <= nw * TT_RCU_LOCAL && i % TT_RCU_LOCAL == 0);
		atomic_init(&r->link, end ? NULL : &s->recs[i + 1]);
	}
	atomic_init(&s->returned, &s->recs[1 + nw * TT_RCU_LOCAL]);
	rcu_rec_fill(&s->recs[0], 0);
	s->cur = &s->recs[0];
	return 0;
}

/* After the implementation's destroy (its barrier first): no callback may touch the pool any more. */
static void tt_rcu_release(void *sh)
{
	tt_rcu *s = sh;
	(void)atomic_load_explicit(&s->cb_freed, memory_order_acquire);
	free(s->recs);
}

/* An implementation's operations, all constants at the call of tt_rcu_run. */
typedef struct tt_rcu_ops {
	void (*thread_online)(void), (*thread_offline)(void), (*quiescent)(void), (*synchronize)(void);
	void (*read_lock)(void *sync), (*read_unlock)(void *sync), (*write_lock)(void *sync), (*write_unlock)(void *sync);
	void *(*deref)(void **pp);
	void *(*publish)(void **pp, void *v);
	void (*defer)(struct rcu_head *h, void (*fn)(struct rcu_head *));
} tt_rcu_ops;

/* A reader: the record whole and live before and after the delay inside the read section. 0 when
 * it saw a bad one (the phase failed). */
static SB_ALWAYS_INLINE int tt_rcu_read(tt_worker *w, tt_rcu *s, rcu_ctx *me, const tt_rcu_ops o)
{
	o.read_lock(&s->sync);
	const rcu_rec *rec = o.deref((void **)&s->cur);
	rcu_rec_check(me, rec);
	if (!me->bad) {
		tt_cs(w);
		rcu_rec_check(me, rec);
	}
	o.read_unlock(&s->sync);
	if (!me->bad)
		return 1;
	tt_fail(w, "use after free: reader %d saw a freed or torn record (magic %#" PRIx64 ", seq %#" PRIx64 ")",
		w->id, me->bad_magic, me->bad_seq);
	return 0;
}

/* The writer's part of a worker: its free list, the next version, records freed and freed twice
 * (handed back in w->list and w->aux2 at the end). */
typedef struct tt_rcu_writer {
	rcu_rec *free_list;
	uint64_t seq, freed, dbl;
} tt_rcu_writer;

/* A writer: publish a new record under the write lock, retire the old one as the phase says
 * (r: the operation's random draw). 0 when the phase stopped while it waited for a record. */
static SB_ALWAYS_INLINE int tt_rcu_write(tt_worker *w, tt_rcu *s, tt_rcu_writer *wr, uint64_t r, const tt_rcu_ops o)
{
	while (!wr->free_list) {
		wr->free_list = atomic_exchange_explicit(&s->returned, NULL, memory_order_acquire);
		if (wr->free_list || tt_stopped(w->ctl))
			break;
		o.quiescent();
		sched_yield(); /* call_rcu's thread may need this CPU */
	}
	if (!wr->free_list)
		return 0;
	rcu_rec *n = wr->free_list;
	wr->free_list = atomic_load_explicit(&n->link, memory_order_relaxed);
	rcu_rec_fill(n, wr->seq++);
	o.write_lock(&s->sync);
	rcu_rec *old = o.publish((void **)&s->cur, n);
	o.write_unlock(&s->sync);
	w->aux++;
	int mode = w->p->retire == TT_RET_BOTH ? (int)((r >> 8) & 1) : w->p->retire;
	if (mode == TT_RET_SYNC) {
		uint64_t t0 = sb_now_ns();
		o.synchronize();
		tt_waited(w, t0, "a grace period");
	}
	if (mode == TT_RET_CALL) {
		o.defer(&old->head, tt_rcu_cb);
	} else { /* after the grace period, the write lock, or (the negative control) at once */
		wr->dbl += (uint64_t)tt_rcu_poison(old);
		atomic_store_explicit(&old->link, wr->free_list, memory_order_relaxed);
		wr->free_list = old;
		wr->freed++;
	}
	return 1;
}

static SB_ALWAYS_INLINE void tt_rcu_run(tt_worker *w, const tt_rcu_ops o)
{
	tt_rcu *s = w->sh;
	rcu_ctx me; /* for rcu_rec_check: the count of bad reads and the first one */
	memset(&me, 0, sizeof me);
	const int writer = w->id < w->p->aux;
	tt_rcu_writer wr = {
		.free_list = writer ? &s->recs[1 + (size_t)w->id * TT_RCU_LOCAL] : NULL,
		.seq = (uint64_t)(w->id + 1) << 40,
	};
	o.thread_online();
	while (!tt_stopped(w->ctl)) {
		uint64_t r = tt_rand(w);
		int go_on = (!writer || (r & 1)) ? tt_rcu_read(w, s, &me, o) : tt_rcu_write(w, s, &wr, r, o);
		if (!go_on)
			break;
		o.quiescent();
		tt_done(w);
	}
	o.thread_offline();
	w->list = wr.free_list;
	w->aux2 = wr.freed | wr.dbl << 40;
}

/* After the implementation's barrier (every call_rcu callback queued has run): every retired
 * record freed once, the published one live, every other one poisoned on exactly one pool. */
static void tt_rcu_check(void *sh, tt_worker *ws, int n, char *msg, size_t len, void (*barrier)(void))
{
	tt_rcu *s = sh;
	barrier();
	uint64_t retired = 0, freed = atomic_load_explicit(&s->cb_freed, memory_order_acquire);
	uint64_t dbl = atomic_load_explicit(&s->cb_dbl, memory_order_relaxed);
	for (int i = 0; i < n; i++) {
		retired += ws[i].aux;
		freed += ws[i].aux2 & 0xffffffffffull;
		dbl += ws[i].aux2 >> 40;
	}
	if (rcu_pool_counts(retired, freed, dbl, s->cur, "reclamation: ", msg, len))
		return;
	size_t seen = 1;
	for (int i = 0; i <= n; i++)
		if (rcu_pool_walk(i < n ? ws[i].list : atomic_load_explicit(&s->returned, memory_order_relaxed), &seen,
				  s->nrecs, "reclamation: ", msg, len))
			return;
	rcu_pool_total(seen, s->nrecs, "reclamation: ", msg, len);
}

/* deref, publish, defer and the calls on no state have one type in every implementation: passed
 * as they are. */
#define TT_RCU(NAME, FLAGS)                                                                        \
	static int tt_rcu_init_##NAME(void *y, const tt_params *p) { (void)p; return sb_rcu_##NAME##_init(y); } \
	static void tt_rcu_destroy_##NAME(void *y) { sb_rcu_##NAME##_barrier(); sb_rcu_##NAME##_destroy(y); } \
	static void tt_rcu_read_lock_##NAME(void *y) { sb_rcu_##NAME##_read_lock(y); }              \
	static void tt_rcu_read_unlock_##NAME(void *y) { sb_rcu_##NAME##_read_unlock(y); }          \
	static void tt_rcu_write_lock_##NAME(void *y) { sb_rcu_##NAME##_write_lock(y); }            \
	static void tt_rcu_write_unlock_##NAME(void *y) { sb_rcu_##NAME##_write_unlock(y); }        \
	static void tt_rcu_worker_##NAME(tt_worker *w) { tt_rcu_run(w, (tt_rcu_ops){                \
		.thread_online = sb_rcu_##NAME##_thread_online, .thread_offline = sb_rcu_##NAME##_thread_offline, \
		.quiescent = sb_rcu_##NAME##_quiescent, .synchronize = sb_rcu_##NAME##_synchronize, \
		.read_lock = tt_rcu_read_lock_##NAME, .read_unlock = tt_rcu_read_unlock_##NAME,  \
		.write_lock = tt_rcu_write_lock_##NAME, .write_unlock = tt_rcu_write_unlock_##NAME, \
		.deref = sb_rcu_##NAME##_deref, .publish = sb_rcu_##NAME##_publish, .defer = sb_rcu_##NAME##_defer }); } \
	static void tt_rcu_check_##NAME(void *sh, tt_worker *ws, int n, char *msg, size_t len)     \
	{ tt_rcu_check(sh, ws, n, msg, len, sb_rcu_##NAME##_barrier); }
SB_RCU_IMPLS(TT_RCU)
#undef TT_RCU

/* ---- the table ------------------------------------------------------------------------------ */

enum { TT_F_MUTEX, TT_F_RLOCK, TT_F_RWLOCK, TT_F_SEM, TT_F_EVENT, TT_F_RCU };

/* What a family's implementations share: the size of the shared state, and the family's own
 * part of it (set up before the implementation's init, released after its destroy; may be NULL). */
typedef struct tt_family {
	size_t size;
	int (*prepare)(void *sh, const tt_params *p);
	void (*release)(void *sh);
} tt_family;

static const tt_family tt_families[] = {
	[TT_F_MUTEX] = { sizeof(tt_mutex), NULL, NULL },
	[TT_F_RLOCK] = { sizeof(tt_rlock), NULL, NULL },
	[TT_F_RWLOCK] = { sizeof(tt_rwlock), NULL, NULL },
	[TT_F_SEM] = { sizeof(tt_sem), tt_sem_prepare, NULL },
	[TT_F_EVENT] = { sizeof(tt_event), NULL, NULL },
	[TT_F_RCU] = { sizeof(tt_rcu), tt_rcu_prepare, tt_rcu_release },
};

/* One row per implementation of every family's list, X(NAME, FLAGS) (prim/impl_flags.h): a new
 * line in a list is tortured with no change here. SB_IMPL_HIDDEN rows are negative controls (run
 * only with --negative-controls); rows that do not exclude or are no primitive at all
 * (SB_IMPL_NO_EXCLUSION, SB_IMPL_BASELINE: the null lock) have no invariant to break and are
 * skipped. */
typedef struct tt_impl {
	const char *name;
	unsigned flags;   /* SB_IMPL_* of the family's list */
	int family;
	int max_threads;  /* 0: 4x the CPUs; -1: the CPUs + 1 */
	int retire;       /* rcu: the implementation's SB_RCU_RETIRE_*; else -1 */
	int (*init)(void *prim, const tt_params *p);  /* the primitive at the start of the state */
	void (*destroy)(void *prim);
	tt_worker_fn worker;
	void (*check)(void *sh, tt_worker *ws, int n, char *msg, size_t len);
} tt_impl;

static inline int tt_hidden(const tt_impl *im) { return (im->flags & SB_IMPL_HIDDEN) != 0; }

/* a spinning waiter per CPU would starve the setter: an event that spins (SB_IMPL_SPINS, the
 * spinflag) gets one waiter per CPU at most */
#define TT_ROW_MUTEX(NAME, FLAGS) { "mutex/" #NAME, (FLAGS), TT_F_MUTEX, 0, -1, tt_mutex_init_##NAME, \
	tt_mutex_destroy_##NAME, tt_mutex_worker_##NAME, tt_mutex_check },
#define TT_ROW_RLOCK(NAME, FLAGS) { "rlock/" #NAME, (FLAGS), TT_F_RLOCK, 0, -1, tt_rlock_init_##NAME, \
	tt_rlock_destroy_##NAME, tt_rlock_worker_##NAME, tt_rlock_check_##NAME },
#define TT_ROW_RWLOCK(NAME, FLAGS) { "rwlock/" #NAME, (FLAGS), TT_F_RWLOCK, 0, -1, tt_rwlock_init_##NAME, \
	tt_rwlock_destroy_##NAME, tt_rwlock_worker_##NAME, tt_rwlock_check },
#define TT_ROW_SEM(NAME, FLAGS) { "semaphore/" #NAME, (FLAGS), TT_F_SEM, 0, -1, tt_sem_init_##NAME, \
	tt_sem_destroy_##NAME, tt_sem_worker_##NAME, tt_sem_check_##NAME },
#define TT_ROW_EVENT(NAME, FLAGS) { "event/" #NAME, (FLAGS), TT_F_EVENT, ((FLAGS) & SB_IMPL_SPINS) ? -1 : 0, -1, \
	tt_event_init_##NAME, tt_event_destroy_##NAME, tt_event_worker_##NAME, tt_event_check },
#define TT_ROW_RCU(NAME, FLAGS) { "rcu/" #NAME, (FLAGS), TT_F_RCU, 0, SB_RCU_##NAME##_RETIRE, tt_rcu_init_##NAME, \
	tt_rcu_destroy_##NAME, tt_rcu_worker_##NAME, tt_rcu_check_##NAME },

static const tt_impl tt_impls[] = {
	SB_MUTEX_IMPLS(TT_ROW_MUTEX) SB_RLOCK_IMPLS(TT_ROW_RLOCK) SB_RWLOCK_IMPLS(TT_ROW_RWLOCK)
	SB_SEM_IMPLS(TT_ROW_SEM) SB_EVENT_IMPLS(TT_ROW_EVENT) SB_RCU_IMPLS(TT_ROW_RCU)
};
#define TT_NIMPLS (sizeof tt_impls / sizeof tt_impls[0])

/* A phase's shared state: the family's size, zeroed; the family's part, then the primitive. */
static int tt_state_new(const tt_impl *im, const tt_params *p, void **out)
{
	const tt_family *f = &tt_families[im->family];
	void *sh = aligned_alloc(SB_CACHELINE, f->size);
	if (!sh)
		return -ENOMEM;
	memset(sh, 0, f->size);
	int r = f->prepare ? f->prepare(sh, p) : 0;
	if (!r) {
		r = im->init(sh, p);
		if (r && f->release)
			f->release(sh);
	}
	if (r) {
		free(sh);
		return r;
	}
	*out = sh;
	return 0;
}

static void tt_state_free(const tt_impl *im, void *sh)
{
	const tt_family *f = &tt_families[im->family];
	im->destroy(sh);
	if (f->release)
		f->release(sh);
	free(sh);
}

/* ---- phases --------------------------------------------------------------------------------- */

static uint64_t tt_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

/* The next draw of a phase's parameters. */
static inline uint64_t tt_next(uint64_t *x) { return *x = sb_mix64(*x + 0x9e3779b97f4a7c15ull); }

static void tt_draw(const tt_impl *im, uint64_t seed, int phase, int ncpu, uint64_t max_len,
		    uint64_t starve_ns, tt_params *p)
{
	uint64_t x = sb_mix64(seed ^ sb_mix64(tt_hash(im->name) + (uint64_t)phase));
	memset(p, 0, sizeof *p);
	p->seed = x;
	p->phase = phase;
	p->starve_ns = starve_ns;
	int maxt = im->max_threads > 0 ? im->max_threads : im->max_threads < 0 ? ncpu + 1 : 4 * ncpu;
	if (maxt > TT_MAX_THREADS)
		maxt = TT_MAX_THREADS;
	int mint = im->family == TT_F_EVENT ? 2 : 1;
	p->threads = mint + (int)(tt_next(&x) % (uint64_t)(maxt - mint + 1));
	p->pin = (int)(tt_next(&x) & 1);
	p->len_ns = TT_PHASE_MIN_NS + tt_next(&x) % (TT_PHASE_MAX_NS - TT_PHASE_MIN_NS + 1);
	if (p->len_ns > max_len)
		p->len_ns = max_len;
	static const uint64_t cs[] = { 0, 0, 50, 200, 1000, 5000 };
	static const uint64_t th[] = { 0, 100, 500, 2000, 10000 };
	p->cs_ns = cs[tt_next(&x) % 6];
	p->think_ns = th[tt_next(&x) % 5];
	p->delay = (int)(tt_next(&x) % 5);
	p->delay_shift = (unsigned)(tt_next(&x) % 7);  /* every op .. 1 in 64 */
	p->delay_ns = 1000 + tt_next(&x) % 49000;      /* 1 .. 50 us */
	switch (im->family) {
	case TT_F_RLOCK: p->aux = 1 + (int)(tt_next(&x) % 4); break;          /* depth */
	case TT_F_RWLOCK: p->aux = 10 + (int)(tt_next(&x) % 86); break;       /* read % */
	case TT_F_SEM:                                                      /* permits < threads */
		p->aux = p->threads > 1 ? 1 + (int)(tt_next(&x) % (uint64_t)(p->threads - 1)) : 1;
		break;
	case TT_F_RCU:                                                      /* writers */
		p->aux = 1 + (int)(tt_next(&x) % (p->threads > 2 ? 2 : 1));
		if (im->retire == SB_RCU_RETIRE_SYNC || im->retire == SB_RCU_RETIRE_CALL)
			p->retire = tt_next(&x) % 3 == 2 ? TT_RET_BOTH
				  : im->retire == SB_RCU_RETIRE_CALL ? TT_RET_CALL : TT_RET_SYNC;
		else
			p->retire = im->retire == SB_RCU_RETIRE_LOCKED ? TT_RET_LOCKED : TT_RET_NOWAIT;
		break;
	default: break;
	}
}

static int tt_describe(const tt_impl *im, const tt_params *p, char *b, size_t len)
{
	static const char *const retire[] = { "synchronize_rcu", "call_rcu", "both",
					      "at once after the write lock (readers excluded)",
					      "freeing at once (no grace period)" };
	int n = snprintf(b, len, "phase %d (seed %#" PRIx64 "): %d thread(s), pin %s, %.0f ms, cs %" PRIu64 " ns, think %" PRIu64 " ns, delay %s",
			 p->phase, p->seed, p->threads, p->pin ? "compact" : "none", (double)p->len_ns / 1e6,
			 p->cs_ns, p->think_ns, tt_delay_name[p->delay]);
	if (p->delay != TT_DELAY_NONE)
		n += snprintf(b + n, len - (size_t)n, " 1/%u", 1u << p->delay_shift);
	if (p->delay >= TT_DELAY_SLEEP)
		n += snprintf(b + n, len - (size_t)n, " %.1f us", (double)p->delay_ns / 1e3);
	switch (im->family) {
	case TT_F_RLOCK: n += snprintf(b + n, len - (size_t)n, ", depth 1..%d", p->aux); break;
	case TT_F_RWLOCK: n += snprintf(b + n, len - (size_t)n, ", read %d%%", p->aux); break;
	case TT_F_SEM: n += snprintf(b + n, len - (size_t)n, ", %d permit(s)", p->aux); break;
	case TT_F_RCU:
		n += snprintf(b + n, len - (size_t)n, ", %d writer(s), %s", p->aux,
			      retire[p->retire]);
		break;
	default: break;
	}
	return n;
}

static void *tt_thread(void *arg)
{
	tt_worker *w = arg;
	tt_ctl *c = w->ctl;
	while (!atomic_load_explicit(&c->go, memory_order_acquire))
		sb_futex_wait(&c->go, 0, NULL);
	c->fn(w);
	/* release: the controller reads the worker's figures after it has seen the count */
	if (atomic_fetch_add_explicit(&c->done, 1, memory_order_release) + 1 == (unsigned)c->nthreads)
		sb_futex_wake(&c->done, 1);
	return NULL;
}

typedef struct tt_phase_out {
	uint64_t ops, max_wait_ns;
	int failed, hung;
	char msg[320];
} tt_phase_out;

/* Sleep on *word (while it holds val) until deadline_ns at most. */
static void tt_sleep_on(atomic_uint *word, unsigned val, uint64_t deadline_ns)
{
	struct timespec ts = { (time_t)(deadline_ns / 1000000000u), (long)(deadline_ns % 1000000000u) };
	sb_futex_wait_abs(word, val, &ts);
}

static int tt_phase(const tt_impl *im, const tt_params *p, const int *cpus, int ncpu, uint64_t hang_ns,
		    tt_phase_out *out)
{
	memset(out, 0, sizeof *out);
	void *sh = NULL;
	int r = tt_state_new(im, p, &sh);
	if (r)
		return r;
	tt_ctl *c = aligned_alloc(SB_CACHELINE, sizeof *c);
	tt_worker *ws = aligned_alloc(SB_CACHELINE, (size_t)p->threads * sizeof *ws);
	if (!c || !ws) {
		free(c);
		free(ws);
		tt_state_free(im, sh);
		return -ENOMEM;
	}
	memset(c, 0, sizeof *c);
	memset(ws, 0, (size_t)p->threads * sizeof *ws);
	c->nthreads = p->threads;
	c->fn = im->worker;
	int created = 0;
	for (int i = 0; i < p->threads; i++) {
		tt_worker *w = &ws[i];
		w->ctl = c;
		w->sh = sh;
		w->p = p;
		w->id = i;
		w->rng = sb_mix64(p->seed + (uint64_t)i + 1);
		pthread_attr_t a;
		pthread_attr_init(&a);
		if (p->pin && ncpu > 0) {
			cpu_set_t one;
			CPU_ZERO(&one);
			CPU_SET(cpus[i % ncpu], &one);
			pthread_attr_setaffinity_np(&a, sizeof one, &one);
		}
		r = pthread_create(&w->th, &a, tt_thread, w);
		pthread_attr_destroy(&a);
		if (r)
			break;
		created++;
	}
	if (created < p->threads) {
		/* let the ones created leave at once */
		atomic_store_explicit(&c->stop, 1, memory_order_relaxed);
		c->nthreads = created;
	}
	atomic_store_explicit(&c->go, 1, memory_order_release);
	sb_futex_wake(&c->go, INT_MAX);
	uint64_t end = sb_now_ns() + p->len_ns;
	while (!tt_stopped(c) && sb_now_ns() < end)
		tt_sleep_on(&c->stop, 0, end);
	atomic_store_explicit(&c->stop, 1, memory_order_relaxed);
	/* the watchdog: a worker that does not come out is stuck (a lost wake-up, a deadlock) */
	uint64_t deadline = sb_now_ns() + (tt_failed(c) ? hang_ns / 3 : hang_ns);
	unsigned d;
	while ((d = atomic_load_explicit(&c->done, memory_order_acquire)) < (unsigned)c->nthreads &&
	       sb_now_ns() < deadline)
		tt_sleep_on(&c->done, d, deadline);
	d = atomic_load_explicit(&c->done, memory_order_acquire);
	if (atomic_load_explicit(&c->failed, memory_order_acquire) == 2) {
		out->failed = 1;
		snprintf(out->msg, sizeof out->msg, "%s", c->msg);
	}
	if (d < (unsigned)c->nthreads) {
		out->hung = 1;
		size_t n = strlen(out->msg);
		snprintf(out->msg + n, sizeof out->msg - n, "%shung: %u of %d worker(s) still inside %.1f s after the phase's end",
			 n ? "; " : "", (unsigned)c->nthreads - d, c->nthreads, (double)(tt_failed(c) ? hang_ns / 3 : hang_ns) / 1e9);
		return 0; /* the stuck threads still use c, ws and sh: leaked on purpose */
	}
	for (int i = 0; i < c->nthreads; i++)
		pthread_join(ws[i].th, NULL);
	if (created < p->threads) {
		free(ws);
		free(c);
		tt_state_free(im, sh);
		return -r;
	}
	for (int i = 0; i < c->nthreads; i++) {
		out->ops += ws[i].ops;
		if (ws[i].max_wait_ns > out->max_wait_ns)
			out->max_wait_ns = ws[i].max_wait_ns;
	}
	if (!out->failed) {
		im->check(sh, ws, c->nthreads, out->msg, sizeof out->msg);
		out->failed = out->msg[0] != 0;
	}
	free(ws);
	free(c);
	tt_state_free(im, sh);
	return 0;
}

/* ---- the run -------------------------------------------------------------------------------- */

void sb_torture_opts_default(sb_torture_opts *o)
{
	memset(o, 0, sizeof *o);
	o->duration_ns = 60000000000ull;
	o->starve_ns = 2000000000ull;
	o->hang_ns = 3000000000ull;
}

static int tt_selected(const sb_torture_opts *o, const tt_impl *im)
{
	if (im->flags & (SB_IMPL_NO_EXCLUSION | SB_IMPL_BASELINE))
		return 0; /* the null lock: nothing to torture */
	if (tt_hidden(im) && !o->negative_controls)
		return 0;
	if (!o->nfilters)
		return 1;
	for (int i = 0; i < o->nfilters; i++)
		if (fnmatch(o->filters[i], im->name, 0) == 0)
			return 1;
	return 0;
}

int sb_torture_run(const sb_torture_opts *o, FILE *out, char *err, size_t errlen)
{
	const tt_impl *sel[TT_NIMPLS];
	size_t nsel = 0;
	for (size_t i = 0; i < TT_NIMPLS; i++)
		if (tt_selected(o, &tt_impls[i]))
			sel[nsel++] = &tt_impls[i];
	if (!nsel) {
		snprintf(err, errlen, "no implementation matches");
		return 2;
	}
	if (o->list) {
		for (size_t i = 0; i < nsel; i++)
			fprintf(out, "%s%s\n", sel[i]->name, tt_hidden(sel[i]) ? "  (negative control)" : "");
		return 0;
	}
	static int cpus[CPU_SETSIZE];
	int ncpu = sb_cpu_order(SB_PIN_COMPACT, cpus, CPU_SETSIZE);
	if (ncpu <= 0)
		ncpu = 1, cpus[0] = 0;
	uint64_t budget = o->duration_ns / nsel;
	fprintf(out, "torture: seed %#" PRIx64 ", %zu implementation(s), %.1f s each, %d CPU(s), starved past %.1f s, hung past %.1f s\n",
		o->seed, nsel, (double)budget / 1e9, ncpu, (double)o->starve_ns / 1e9, (double)o->hang_ns / 1e9);
	fflush(out);
	int failures = 0;
	for (size_t k = 0; k < nsel; k++) {
		const tt_impl *im = sel[k];
		uint64_t t0 = sb_now_ns(), ops = 0, worst = 0;
		int phases = 0, maxthr = 0;
		tt_phase_out po;
		tt_params p;
		char desc[320];
		int failed = 0;
		do {
			uint64_t used = sb_now_ns() - t0;
			uint64_t left = budget > used ? budget - used : 0;
			tt_draw(im, o->seed, phases, ncpu, left > 20000000ull ? left : 20000000ull, o->starve_ns, &p);
			int r = tt_phase(im, &p, cpus, ncpu, o->hang_ns, &po);
			if (r) {
				tt_describe(im, &p, desc, sizeof desc);
				snprintf(err, errlen, "%s %s: cannot run (errno %d)", im->name, desc, -r);
				return r;
			}
			phases++;
			ops += po.ops;
			if (p.threads > maxthr)
				maxthr = p.threads;
			if (po.max_wait_ns > worst)
				worst = po.max_wait_ns;
			failed = po.failed || po.hung;
		} while (!failed && sb_now_ns() - t0 < budget);
		double took = (double)(sb_now_ns() - t0) / 1e9;
		fprintf(out, "%-24s phases %4d  ops %10" PRIu64 "  threads <= %3d  worst wait %8.3f ms  %5.1f s  %s\n",
			im->name, phases, ops, maxthr, (double)worst / 1e6, took, failed ? "FAIL" : "ok");
		if (failed) {
			failures++;
			tt_describe(im, &p, desc, sizeof desc);
			fprintf(out, "  FAIL %s: %s\n  in %s\n  replay: syncbench torture --seed %#" PRIx64 " -f '%s'%s\n",
				im->name, po.msg, desc, o->seed, im->name, tt_hidden(im) ? " --negative-controls" : "");
		}
		fflush(out);
	}
	fprintf(out, "torture: %zu implementation(s), %d failed (seed %#" PRIx64 ")\n", nsel, failures, o->seed);
	return failures ? 1 : 0;
}
