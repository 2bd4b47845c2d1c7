/* bench/rcu.c: the rcu (read-mostly data) family. A shared pointer to a small record; readers
 * read the record through it, writers replace it with a new one and reuse the old one once no
 * reader can hold it any more. One loop per implementation (prim/rcu_list.h), inlined:
 * liburcu's flavours (read side rcu_read_lock + rcu_dereference; writers rcu_xchg_pointer, then
 * synchronize_rcu or call_rcu) beside the same workload under the pthread rwlock, the project's
 * own futex rwlock and a pthread mutex.
 *
 * Scenarios
 *   readmostly  every worker draws each operation: a read with probability read_pct (swept),
 *               a write otherwise; reads and writes are counted apart (read_ops, write_ops)
 *   grace       worker 0 replaces the record and times each synchronize_rcu (every one is
 *               sampled: the figure IS the latency, see lat_p50_ns/lat_p99_ns); workers 1..N-1
 *               only read, so threads = 1 + readers (0, 1, N readers)
 *
 * Records come from preallocated pools (a malloc in the window would measure malloc). "Freeing"
 * a record poisons it (magic, payload and checksum overwritten) and puts it back on a free list,
 * from which a writer will refill it; nothing is returned to the allocator before teardown, so a
 * reclamation bug shows up as a poisoned or torn record, never as a real use-after-free.
 *
 * Checks: every read verifies the magic word and the checksum of what it read (a reader that
 * sees a freed, poisoned or half-rewritten record fails the case: "FAIL: worker i: read ...");
 * after the join (and rcu_barrier, so every call_rcu callback has run) every retired record was
 * freed exactly once and the pools account for every record. The hidden memb_nowait writer
 * reuses the old record without waiting for readers and is caught by the readers' check.
 * qsbr readers report a quiescent state every RCU_QS_PERIOD operations so that grace periods end;
 * if they did not, synchronize_rcu would never return and the watchdog would record "hung". */
#include "bench/family.h"
#include "bench/rcu_op.h"
#include "prim/rcu_list.h"

#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RCU_LOCAL 8        /* records each worker starts with */
#define RCU_RESERVE 4096   /* more for call_rcu writers, which get theirs back late */

typedef struct rcu_out { /* what each worker hands back after its loop */
	_Alignas(SB_CACHELINE) rcu_rec *free;  /* its free list */
	uint64_t retired, freed, dbl;          /* records it replaced, freed, found freed twice */
} rcu_out;

typedef struct rcu_shared {
	_Alignas(SB_CACHELINE) rcu_rec *cur; /* the published record: every reader loads this line */
	_Alignas(SB_CACHELINE) union {
		sb_rcu_sync_urcu urcu;
		sb_rcu_pthread_rwlock pthread_rwlock;
		sb_rcu_rwlock_futex rwlock_futex;
		sb_rcu_mutex mutex;
	} sync;
	_Alignas(SB_CACHELINE) rcu_rec *_Atomic returned; /* freed by call_rcu callbacks */
	_Atomic uint64_t cb_freed, cb_dbl;
	_Alignas(SB_CACHELINE) rcu_rec *recs;
	size_t nrecs;
	rcu_out *out;
	int nthreads;
	int read_pct;
	int nowait; /* the negative control: "free" at once */
	void (*barrier)(void);
	void (*destroy)(struct rcu_shared *);
} rcu_shared;

_Static_assert(sizeof(rcu_tls) <= sizeof(((sb_worker *)0)->local), "rcu_tls fits sb_worker.local");

/* Poison r; 1 if it was poisoned already (a double free). */
static inline int rcu_rec_poison(rcu_rec *r)
{
	int dbl = atomic_load_explicit(&r->magic, memory_order_relaxed) == RCU_POISON;
	atomic_store_explicit(&r->magic, RCU_POISON, memory_order_relaxed);
	atomic_store_explicit(&r->seq, RCU_POISON, memory_order_relaxed);
	atomic_store_explicit(&r->val, RCU_POISON, memory_order_relaxed);
	atomic_store_explicit(&r->sum, RCU_POISON, memory_order_relaxed);
	return dbl;
}

static inline void rcu_free_local(rcu_tls *me, rcu_rec *r)
{
	me->dbl += (uint64_t)rcu_rec_poison(r);
	atomic_store_explicit(&r->link, me->free, memory_order_relaxed);
	me->free = r;
	me->freed++;
}

/* call_rcu callback, on liburcu's helper thread: poison and push onto the shared return stack. */
static void rcu_free_cb(struct rcu_head *h)
{
	rcu_rec *r = (rcu_rec *)((char *)h - offsetof(rcu_rec, head));
	rcu_shared *sh = r->owner;
	if (rcu_rec_poison(r))
		atomic_fetch_add_explicit(&sh->cb_dbl, 1, memory_order_relaxed);
	rcu_rec *old = atomic_load_explicit(&sh->returned, memory_order_relaxed);
	do
		atomic_store_explicit(&r->link, old, memory_order_relaxed);
	/* release: the poisoning and the link are visible to the writer that takes the list */
	while (!atomic_compare_exchange_weak_explicit(&sh->returned, &old, r, memory_order_release,
						      memory_order_relaxed));
	/* release, last: after rcu_barrier an acquire load of cb_freed orders every callback's
	 * writes before the check and the teardown (the RMWs form one release sequence) */
	atomic_fetch_add_explicit(&sh->cb_freed, 1, memory_order_release);
}

static inline void rcu_tls_init(rcu_tls *me, rcu_shared *sh, int id)
{
	memset(me, 0, sizeof *me);
	me->free = sh->out[id].free;
	me->seq = (uint64_t)(id + 1) << 40; /* versions unique per writer */
	me->rng = 0x9e3779b9u * (uint32_t)(id + 1) | 1u;
}

static void rcu_tls_fini(sb_worker *w, rcu_shared *sh, rcu_tls *me)
{
	rcu_out *o = &sh->out[w->id];
	o->free = me->free;
	o->retired = me->retired;
	o->freed = me->freed;
	o->dbl = me->dbl;
	if (me->bad)
		snprintf(w->fail, sizeof w->fail, "read %" PRIu64 " freed or torn record(s) (first: magic %#" PRIx64 " seq %#" PRIx64 ")",
			 me->bad, me->bad_magic, me->bad_seq);
}

/* Retiring the replaced record, per mode. */
#define RCU_RETIRE_SYNC(P, sh, me, old)   do { sb_rcu_##P##_synchronize(); rcu_free_local(me, old); } while (0)
#define RCU_RETIRE_CALL(P, sh, me, old)   sb_rcu_##P##_call(&(old)->head, rcu_free_cb)
#define RCU_RETIRE_LOCKED(P, sh, me, old) rcu_free_local(me, old)
#define RCU_RETIRE_NOWAIT(P, sh, me, old) rcu_free_local(me, old)

#define RCU_LOOP(NAME, P, RET, HID)                                                                \
	static inline __attribute__((always_inline)) void rcu_read_##NAME(rcu_shared *sh, rcu_tls *me) \
	{                                                                                          \
		RCU_READ(P, (sb_rcu_##P *)&sh->sync, &sh->cur, me);                                \
	}                                                                                          \
	/* A free record: our own list, else what call_rcu callbacks returned, else wait for them  \
	 * (reporting quiescent states, so a qsbr grace period can end); NULL once stopped. */     \
	static inline __attribute__((always_inline)) rcu_rec *rcu_take_##NAME(rcu_shared *sh, rcu_tls *me, \
									      const _Atomic int *phase) \
	{                                                                                          \
		while (!me->free) {                                                                \
			me->free = atomic_exchange_explicit(&sh->returned, NULL, memory_order_acquire); \
			if (me->free)                                                              \
				break;                                                             \
			if (sb_phase(phase) == SB_PHASE_STOP)                                      \
				return NULL;                                                       \
			sb_rcu_##P##_quiescent();                                                  \
			sched_yield(); /* the helper thread may need this CPU */                   \
		}                                                                                  \
		rcu_rec *r = me->free;                                                             \
		me->free = atomic_load_explicit(&r->link, memory_order_relaxed);                   \
		return r;                                                                          \
	}                                                                                          \
	static inline __attribute__((always_inline)) int rcu_write_##NAME(rcu_shared *sh, rcu_tls *me, \
									   const _Atomic int *phase) \
	{                                                                                          \
		sb_rcu_##P *s = (sb_rcu_##P *)&sh->sync;                                           \
		rcu_rec *n = rcu_take_##NAME(sh, me, phase);                                       \
		if (!n)                                                                            \
			return 0;                                                                  \
		rcu_rec_fill(n, me->seq++);                                                        \
		sb_rcu_##P##_write_lock(s);                                                        \
		rcu_rec *old = sb_rcu_##P##_publish((void **)&sh->cur, n);                         \
		sb_rcu_##P##_write_unlock(s);                                                      \
		me->retired++;                                                                     \
		RCU_RETIRE_##RET(P, sh, me, old);                                                  \
		return 1;                                                                          \
	}                                                                                          \
	static void rcu_readmostly_##NAME(sb_worker *w)                                            \
	{                                                                                          \
		rcu_shared *sh = w->shared;                                                        \
		rcu_tls *me = (rcu_tls *)w->local;                                                 \
		rcu_tls_init(me, sh, w->id);                                                       \
		sb_rcu_##P##_thread_online();                                                      \
		const uint64_t rd = (uint64_t)sh->read_pct << 32; /* read when rand * 100 < rd */  \
		const _Atomic int *phase = &w->team->phase;                                        \
		uint64_t reads = 0, writes = 0;                                                    \
		_Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wunused-value\"") \
		SB_MEASURE_LOOP(w, RCU_STEP(NAME, P), (void)0, (reads = writes = 0));              \
		_Pragma("GCC diagnostic pop")                                                      \
		w->ops = reads + writes; /* a write that gave up at the window's end is no operation */ \
		w->read_ops = reads;                                                               \
		w->write_ops = writes;                                                             \
		sb_rcu_##P##_thread_offline();                                                     \
		rcu_tls_fini(w, sh, me);                                                           \
	}                                                                                          \
	static sb_worker_fn rcu_pick_readmostly_##NAME(const sb_case_params *p)                    \
	{                                                                                          \
		(void)p;                                                                           \
		return rcu_readmostly_##NAME;                                                      \
	}                                                                                          \
	static void rcu_destroy_##NAME(rcu_shared *sh) { sb_rcu_##P##_destroy((sb_rcu_##P *)&sh->sync); } \
	static int rcu_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{                                                                                          \
		rcu_shared *sh;                                                                    \
		int r = rcu_setup_common(p, &sh, RCU_RESERVE_##RET, err, errlen);                  \
		if (r)                                                                             \
			return r;                                                                  \
		r = sb_rcu_##P##_init((sb_rcu_##P *)&sh->sync);                                    \
		if (r) {                                                                           \
			snprintf(err, errlen, "cannot initialise %s (errno %d)", #P, -r);          \
			rcu_free_shared(sh);                                                       \
			return r;                                                                  \
		}                                                                                  \
		sh->nowait = RCU_NOWAIT_##RET;                                                     \
		sh->barrier = sb_rcu_##P##_barrier;                                                \
		sh->destroy = rcu_destroy_##NAME;                                                  \
		*out = sh;                                                                         \
		return 0;                                                                          \
	}

/* One operation of readmostly: a read or a write, drawn; a quiescent state now and then (qsbr). */
#define RCU_STEP(NAME, P)                                                                          \
	do {                                                                                       \
		if ((uint64_t)rcu_rand(me) * 100u < rd) {                                          \
			rcu_read_##NAME(sh, me);                                                   \
			reads++;                                                                   \
		} else if (rcu_write_##NAME(sh, me, phase)) {                                      \
			writes++;                                                                  \
		}                                                                                  \
		if ((++me->qs & (RCU_QS_PERIOD - 1)) == 0)                                          \
			sb_rcu_##P##_quiescent();                                                  \
	} while (0)

#define RCU_RESERVE_SYNC 0
#define RCU_RESERVE_CALL RCU_RESERVE
#define RCU_RESERVE_LOCKED 0
#define RCU_RESERVE_NOWAIT 0
#define RCU_NOWAIT_SYNC 0
#define RCU_NOWAIT_CALL 0
#define RCU_NOWAIT_LOCKED 0
#define RCU_NOWAIT_NOWAIT 1

static void rcu_free_shared(rcu_shared *sh)
{
	free(sh->recs);
	free(sh->out);
	free(sh);
}

/* The pools: recs[0] is published; worker i starts with RCU_LOCAL records; the reserve waits
 * on the return stack. Every record but the published one starts poisoned (free). */
static int rcu_setup_common(const sb_case_params *p, rcu_shared **out, size_t reserve, char *err, size_t errlen)
{
	int nt = p->threads > 0 ? p->threads : 1;
	rcu_shared *sh = aligned_alloc(SB_CACHELINE, sizeof *sh);
	if (!sh) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	memset(sh, 0, sizeof *sh);
	sh->nthreads = nt;
	sh->read_pct = p->read_pct >= 0 ? (p->read_pct > 100 ? 100 : p->read_pct) : 100;
	sh->nrecs = 1 + (size_t)nt * RCU_LOCAL + reserve;
	sh->recs = aligned_alloc(SB_CACHELINE, sh->nrecs * sizeof *sh->recs);
	sh->out = aligned_alloc(SB_CACHELINE, (size_t)nt * sizeof *sh->out);
	if (!sh->recs || !sh->out) {
		snprintf(err, errlen, "out of memory for %zu records", sh->nrecs);
		rcu_free_shared(sh);
		return -ENOMEM;
	}
	memset(sh->recs, 0, sh->nrecs * sizeof *sh->recs);
	memset(sh->out, 0, (size_t)nt * sizeof *sh->out);
	for (size_t i = 0; i < sh->nrecs; i++) {
		rcu_rec *r = &sh->recs[i];
		r->owner = sh;
		rcu_rec_poison(r);
		rcu_rec *next = NULL;
		if (i >= 1 && i < 1 + (size_t)nt * RCU_LOCAL) {
			size_t k = i - 1;
			if (k % RCU_LOCAL != RCU_LOCAL - 1)
				next = &sh->recs[i + 1];
			if (k % RCU_LOCAL == 0)
				sh->out[k / RCU_LOCAL].free = r;
		} else if (i > (size_t)nt * RCU_LOCAL && i + 1 < sh->nrecs) {
			next = &sh->recs[i + 1]; /* the reserve, one list */
		}
		atomic_init(&r->link, next);
	}
	atomic_init(&sh->returned, reserve ? &sh->recs[1 + (size_t)nt * RCU_LOCAL] : NULL);
	rcu_rec_fill(&sh->recs[0], 0);
	sh->cur = &sh->recs[0];
	atomic_init(&sh->cb_freed, 0);
	atomic_init(&sh->cb_dbl, 0);
	*out = sh;
	return 0;
}

SB_RCU_IMPLS(RCU_LOOP)

/* grace: worker 0 replaces the record and waits for a grace period; the others read. */
#define RCU_GRACE(F)                                                                               \
	static void rcu_grace_##F(sb_worker *w)                                                    \
	{                                                                                          \
		rcu_shared *sh = w->shared;                                                        \
		rcu_tls *me = (rcu_tls *)w->local;                                                 \
		rcu_tls_init(me, sh, w->id);                                                       \
		sb_rcu_##F##_thread_online();                                                      \
		const _Atomic int *phase = &w->team->phase;                                        \
		uint64_t n = 0;                                                                    \
		if (w->id == 0) {                                                                  \
			while (sb_phase(phase) == SB_PHASE_WARMUP)                                 \
				n += (uint64_t)rcu_write_##F(sh, me, phase);                       \
			sb_worker_window_begin(w, n);                                              \
			n = 0;                                                                     \
			while (sb_phase(phase) == SB_PHASE_MEASURE) {                              \
				/* every grace period is timed: it lasts microseconds at least, so */ \
				/* the two clock reads are noise, and the latency is the figure */  \
				rcu_rec *nw = rcu_take_##F(sh, me, phase);                         \
				rcu_rec_fill(nw, me->seq++);                                       \
				rcu_rec *old = sb_rcu_##F##_publish((void **)&sh->cur, nw);        \
				me->retired++;                                                     \
				uint64_t t0 = sb_now_ns();                                         \
				sb_rcu_##F##_synchronize();                                        \
				sb_worker_sample(w, t0, sb_now_ns());                              \
				rcu_free_local(me, old);                                           \
				n++;                                                               \
			}                                                                          \
			sb_worker_window_end(w, n);                                                \
			w->write_ops = n;                                                          \
		} else {                                                                           \
			while (sb_phase(phase) == SB_PHASE_WARMUP) {                               \
				rcu_read_##F(sh, me);                                              \
				if ((++me->qs & (RCU_QS_PERIOD - 1)) == 0)                         \
					sb_rcu_##F##_quiescent();                                  \
				n++;                                                               \
			}                                                                          \
			sb_worker_window_begin(w, n);                                              \
			n = 0;                                                                     \
			while (sb_phase(phase) == SB_PHASE_MEASURE) {                              \
				rcu_read_##F(sh, me);                                              \
				if ((++me->qs & (RCU_QS_PERIOD - 1)) == 0)                         \
					sb_rcu_##F##_quiescent();                                  \
				n++;                                                               \
			}                                                                          \
			/* the case's operations are grace periods: reads are counted apart */     \
			sb_worker_window_end(w, 0);                                                \
			w->read_ops = n;                                                           \
		}                                                                                  \
		sb_rcu_##F##_thread_offline();                                                     \
		rcu_tls_fini(w, sh, me);                                                           \
	}                                                                                          \
	static sb_worker_fn rcu_pick_grace_##F(const sb_case_params *p)                            \
	{                                                                                          \
		(void)p;                                                                           \
		return rcu_grace_##F;                                                              \
	}

SB_RCU_FLAVOURS(RCU_GRACE)

static void rcu_check(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)p;
	rcu_shared *sh = shared;
	sh->barrier(); /* every call_rcu callback queued so far has run */
	uint64_t retired = 0, freed = atomic_load_explicit(&sh->cb_freed, memory_order_acquire);
	uint64_t dbl = atomic_load_explicit(&sh->cb_dbl, memory_order_relaxed);
	for (int i = 0; i < t->o.nthreads; i++) {
		retired += sh->out[i].retired;
		freed += sh->out[i].freed;
		dbl += sh->out[i].dbl;
	}
	if (dbl) {
		snprintf(msg, len, "%" PRIu64 " record(s) freed twice", dbl);
		return;
	}
	if (freed != retired) {
		snprintf(msg, len, "%" PRIu64 " records retired but %" PRIu64 " freed", retired, freed);
		return;
	}
	if (atomic_load_explicit(&sh->cur->magic, memory_order_relaxed) != RCU_LIVE) {
		snprintf(msg, len, "the published record is poisoned");
		return;
	}
	/* every record is either the published one or on exactly one free list, poisoned */
	size_t seen = 1;
	for (int i = 0; i <= t->o.nthreads; i++) {
		rcu_rec *r = i < t->o.nthreads ? sh->out[i].free : atomic_load_explicit(&sh->returned, memory_order_relaxed);
		for (; r && seen <= sh->nrecs; r = atomic_load_explicit(&r->link, memory_order_relaxed), seen++)
			if (atomic_load_explicit(&r->magic, memory_order_relaxed) != RCU_POISON) {
				snprintf(msg, len, "a record on a free list is not poisoned (seq %#" PRIx64 ")",
					 atomic_load_explicit(&r->seq, memory_order_relaxed));
				return;
			}
	}
	if (seen != sh->nrecs)
		snprintf(msg, len, "the pools hold %zu of %zu records", seen, sh->nrecs);
}

static void rcu_teardown(void *shared)
{
	rcu_shared *sh = shared;
	sh->barrier(); /* no callback may touch the pool after this */
	(void)atomic_load_explicit(&sh->cb_freed, memory_order_acquire); /* see rcu_free_cb */
	sh->destroy(sh);
	rcu_free_shared(sh);
}

#define RCU_ROW(NAME, P, RET, HID)                                                                 \
	{ .family = "rcu", .impl = #NAME, .scenario = "readmostly",                                \
	  .flags = SB_CASE_NO_DELAY | (HID ? SB_CASE_HIDDEN : 0),                                  \
	  .about = HID ? "negative control: the writer reuses the old record without waiting for readers" \
		       : "each operation a read (read_pct) or a replacement of a shared record (" #P ", " #RET ")", \
	  .sweep = "read_pct=90,99,100", .setup = rcu_setup_##NAME,                                \
	  .pick = rcu_pick_readmostly_##NAME, .check = rcu_check, .teardown = rcu_teardown },
#define RCU_GRACE_ROW(F)                                                                           \
	{ .family = "rcu", .impl = #F, .scenario = "grace", .flags = SB_CASE_NO_DELAY,             \
	  .about = "worker 0 times synchronize_rcu while threads-1 readers read (see lat_p50_ns)", \
	  .setup = rcu_setup_##F, .pick = rcu_pick_grace_##F, .check = rcu_check,                  \
	  .teardown = rcu_teardown },

static const sb_case rcu_cases[] = { SB_RCU_IMPLS(RCU_ROW) SB_RCU_FLAVOURS(RCU_GRACE_ROW) };

const sb_family sb_family_rcu = { "rcu", rcu_cases, sizeof rcu_cases / sizeof rcu_cases[0] };
