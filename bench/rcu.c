/* bench/rcu.c: the rcu (read-mostly data) family. A shared pointer to a small record; readers
 * read the record through it, writers replace it with a new one and reuse the old one once no
 * reader can hold it any more. One worker per implementation (prim/rcu_list.h) on the loops of
 * syncbench/loop.h, the implementation's operations inlined: liburcu's flavours (read side
 * rcu_read_lock + rcu_dereference; writers rcu_xchg_pointer, then synchronize_rcu or call_rcu)
 * beside the same workload under the pthread rwlock, the project's own futex rwlock and a
 * pthread mutex.
 *
 * Scenarios
 *   readmostly  read_pct % of every worker's operations are reads, the others writes, in a fixed
 *               interleave (a counter: a write whenever it passes 100, nothing drawn per
 *               operation; each worker starts at its own offset); at read_pct=100 the worker is
 *               the read side alone (a loop of its own, no branch). Reads and writes are counted
 *               apart (read_ops, write_ops).
 *   grace       worker 0 replaces the record and waits for a grace period, every one timed
 *               (sb_loop_timed: the figure IS the latency, see lat_p50_ns/lat_p99_ns); workers
 *               1..N-1 only read, so threads = 1 + readers (0, 1, N readers)
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
#include "syncbench/loop.h"

#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A worker inlines every call it can (the primitive's static inline operations included, which
 * the compiler's size limits would otherwise leave as calls inside a loop this large); calls into
 * libraries, sb_spin and the cold failure paths stay calls. */
#ifndef SB_WORKER_FLATTEN
#define SB_WORKER_FLATTEN __attribute__((flatten))
#endif

#define RCU_LOCAL 8        /* records each worker starts with */
#define RCU_RESERVE 4096   /* more for call_rcu writers, which get theirs back late */

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

static inline void rcu_free_local(rcu_ctx *c, rcu_rec *r)
{
	c->dbl += (uint64_t)rcu_rec_poison(r);
	atomic_store_explicit(&r->link, c->free, memory_order_relaxed);
	c->free = r;
	c->freed++;
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

static int rcu_read_pct(const sb_case_params *p)
{
	return p->read_pct >= 0 ? (p->read_pct > 100 ? 100 : p->read_pct) : 100;
}

/* A worker's context: the implementation's state, its share of the pools, its place in the mix. */
static void rcu_ctx_init(rcu_ctx *c, sb_worker *w, void *sync)
{
	rcu_shared *sh = w->shared;
	memset(c, 0, sizeof *c);
	c->w = w;
	c->sync = sync;
	c->curp = &sh->cur;
	c->returned = &sh->returned;
	c->phase = &w->team->phase;
	c->free = sh->out[w->id].free;
	c->seq = (uint64_t)(w->id + 1) << 40; /* versions unique per writer */
	c->write_pct = (unsigned)(100 - sh->read_pct);
	c->mix = (unsigned)(w->id * 61) % 100; /* workers do not write in step */
}

/* After the loop: hand the pools and counts back; a bad read fails the worker. */
static void rcu_ctx_fini(const rcu_ctx *c, sb_worker *w)
{
	rcu_out *o = &((rcu_shared *)w->shared)->out[w->id];
	o->free = c->free;
	o->retired = c->retired;
	o->freed = c->freed;
	o->dbl = c->dbl;
	if (c->bad)
		snprintf(w->fail, sizeof w->fail, "read %" PRIu64 " freed or torn record(s) (first: magic %#" PRIx64 " seq %#" PRIx64 ")",
			 c->bad, c->bad_magic, c->bad_seq);
}

/* A free record, filled with the writer's next version: its own list, else what call_rcu
 * callbacks returned, else wait for them (reporting quiescent states, so that a qsbr grace period
 * can end); NULL once the case is stopped. */
static SB_ALWAYS_INLINE rcu_rec *rcu_take(rcu_ctx *c, void (*quiescent)(void))
{
	while (!c->free) {
		c->free = atomic_exchange_explicit(c->returned, NULL, memory_order_acquire);
		if (c->free)
			break;
		if (sb_phase(c->phase) == SB_PHASE_STOP)
			return NULL;
		quiescent();
		sched_yield(); /* the helper thread may need this CPU */
	}
	rcu_rec *r = c->free;
	c->free = atomic_load_explicit(&r->link, memory_order_relaxed);
	rcu_rec_fill(r, c->seq++);
	return r;
}

/* The replaced record, retired as the implementation says (retire is a constant). */
static SB_ALWAYS_INLINE void rcu_retire(rcu_ctx *c, rcu_rec *old, const int retire, void (*synchronize)(void),
					void (*defer)(struct rcu_head *, void (*)(struct rcu_head *)))
{
	c->retired++;
	if (retire == SB_RCU_RETIRE_SYNC)
		synchronize();
	if (retire == SB_RCU_RETIRE_CALL)
		defer(&old->head, rcu_free_cb);
	else
		rcu_free_local(c, old);
}

/* One readmostly operation: a read or a write as the interleave says, then the quiescent tick. */
static SB_ALWAYS_INLINE void rcu_mix(rcu_ctx *c, void (*read)(rcu_ctx *), int (*write)(rcu_ctx *), const int qsbr,
				     void (*quiescent)(void))
{
	c->mix += c->write_pct;
	if (c->mix >= 100) {
		c->mix -= 100;
		c->writes += (uint64_t)write(c); /* 0: stopped while waiting for a record */
	} else {
		read(c);
		c->reads++;
	}
	rcu_qs_tick(c, qsbr, quiescent);
}

/* One grace period, for the grace scenario's writer: replace the record, then time
 * synchronize_rcu alone (the operation records its own sample: the figure is the grace period,
 * not the replacement around it); 0 when stopped. */
static SB_ALWAYS_INLINE int rcu_grace(rcu_ctx *c, void *(*publish)(void **, void *), void (*synchronize)(void),
				      void (*quiescent)(void))
{
	rcu_rec *n = rcu_take(c, quiescent);
	if (!n)
		return 0;
	rcu_rec *old = publish((void **)c->curp, n);
	c->retired++;
	uint64_t t0 = sb_now_ns();
	synchronize();
	sb_worker_sample(c->w, t0, sb_now_ns());
	rcu_free_local(c, old);
	return 1;
}

static void rcu_at_window(void *ctx)
{
	rcu_ctx *c = ctx;
	c->reads = c->writes = 0;
}

/* Per implementation: rcu_write_IMPL (take a record, publish it under the write lock, retire
 * the old one; 0 when stopped), and the steady-state and timed operations made of it. */
#define RCU_OPS(NAME, FLAGS)                                                                       \
	static SB_ALWAYS_INLINE int rcu_write_##NAME(rcu_ctx *c)                                   \
	{                                                                                          \
		rcu_rec *n = rcu_take(c, sb_rcu_##NAME##_quiescent);                               \
		if (!n)                                                                            \
			return 0;                                                                  \
		sb_rcu_##NAME##_write_lock(c->sync);                                               \
		rcu_rec *old = sb_rcu_##NAME##_publish((void **)c->curp, n);                       \
		sb_rcu_##NAME##_write_unlock(c->sync);                                             \
		rcu_retire(c, old, SB_RCU_##NAME##_RETIRE, sb_rcu_##NAME##_synchronize, sb_rcu_##NAME##_defer); \
		return 1;                                                                          \
	}                                                                                          \
	static SB_ALWAYS_INLINE void rcu_op_mix_##NAME(void *ctx, int has_cs)                        \
	{                                                                                          \
		(void)has_cs;                                                                      \
		rcu_mix(ctx, rcu_read_##NAME, rcu_write_##NAME, SB_RCU_##NAME##_QSBR, sb_rcu_##NAME##_quiescent); \
	}                                                                                          \
	static SB_ALWAYS_INLINE int rcu_op_grace_##NAME(void *ctx)                                 \
	{                                                                                          \
		return rcu_grace(ctx, sb_rcu_##NAME##_publish, sb_rcu_##NAME##_synchronize, sb_rcu_##NAME##_quiescent); \
	}                                                                                          \
	static SB_ALWAYS_INLINE int rcu_op_reader_##NAME(void *ctx) { rcu_op_read_##NAME(ctx, 0); return 1; }
SB_RCU_IMPLS(RCU_OPS)
#undef RCU_OPS

/* readmostly, read_pct < 100: reads and writes interleaved. A write that gave up at the window's
 * end is no operation: ops = reads + writes. */
static SB_ALWAYS_INLINE void rcu_run_mix(sb_worker *w, void *sync, void (*online)(void), void (*offline)(void),
					 sb_loop_op op)
{
	rcu_ctx c;
	rcu_ctx_init(&c, w, sync);
	online();
	sb_loop_steady(w, op, &c, rcu_at_window);
	w->ops = c.reads + c.writes;
	w->read_ops = c.reads;
	w->write_ops = c.writes;
	offline();
	rcu_ctx_fini(&c, w);
}

/* readmostly, read_pct = 100: the read side alone. */
static SB_ALWAYS_INLINE void rcu_run_read(sb_worker *w, void *sync, void (*online)(void), void (*offline)(void),
					  sb_loop_op op)
{
	rcu_ctx c;
	rcu_ctx_init(&c, w, sync);
	online();
	sb_loop_steady(w, op, &c, NULL);
	w->read_ops = w->ops;
	w->write_ops = 0;
	offline();
	rcu_ctx_fini(&c, w);
}

/* grace: worker 0 replaces the record and times each grace period; the others read (their reads are
 * counted apart: the case's operations are grace periods). */
static SB_ALWAYS_INLINE void rcu_run_grace(sb_worker *w, void *sync, void (*online)(void), void (*offline)(void),
					   sb_loop_timed_op grace, sb_loop_timed_op reader)
{
	rcu_ctx c;
	rcu_ctx_init(&c, w, sync);
	online();
	if (w->id == 0) {
		sb_loop_timed(w, grace, &c, 1, 1);
		w->write_ops = w->ops;
	} else {
		sb_loop_timed(w, reader, &c, 0, 0);
		w->read_ops = w->ops;
		w->ops = 0;
	}
	offline();
	rcu_ctx_fini(&c, w);
}

#define RCU_WORKERS(NAME, FLAGS)                                                                   \
	static SB_WORKER_FLATTEN void rcu_worker_mix_##NAME(sb_worker *w)                          \
	{                                                                                          \
		rcu_run_mix(w, &((rcu_shared *)w->shared)->sync.NAME, sb_rcu_##NAME##_thread_online, \
			    sb_rcu_##NAME##_thread_offline, rcu_op_mix_##NAME);                    \
	}                                                                                          \
	static SB_WORKER_FLATTEN void rcu_worker_read_##NAME(sb_worker *w)                         \
	{                                                                                          \
		rcu_run_read(w, &((rcu_shared *)w->shared)->sync.NAME, sb_rcu_##NAME##_thread_online, \
			     sb_rcu_##NAME##_thread_offline, rcu_op_read_##NAME);                  \
	}                                                                                          \
	static sb_worker_fn rcu_pick_##NAME(const sb_case_params *p)                               \
	{                                                                                          \
		return rcu_read_pct(p) == 100 ? rcu_worker_read_##NAME : rcu_worker_mix_##NAME;    \
	}
SB_RCU_IMPLS(RCU_WORKERS)
#undef RCU_WORKERS

#define RCU_GRACE_WORKER(NAME, FLAGS)                                                              \
	static SB_WORKER_FLATTEN void rcu_worker_grace_##NAME(sb_worker *w)                        \
	{                                                                                          \
		rcu_run_grace(w, &((rcu_shared *)w->shared)->sync.NAME, sb_rcu_##NAME##_thread_online, \
			      sb_rcu_##NAME##_thread_offline, rcu_op_grace_##NAME, rcu_op_reader_##NAME); \
	}
SB_RCU_GRACE_IMPLS(RCU_GRACE_WORKER)
#undef RCU_GRACE_WORKER

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
	sh->read_pct = rcu_read_pct(p);
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

static void rcu_setup_failed(rcu_shared *sh, const char *name, int call, int r, char *err, size_t errlen)
{
	if (call) /* what can fail there: liburcu's call_rcu thread (prim/rcu_urcu.h) */
		snprintf(err, errlen, "%s: cannot create liburcu's call_rcu thread: %s", name, strerror(-r));
	else
		snprintf(err, errlen, "cannot initialise %s (errno %d)", name, -r);
	rcu_free_shared(sh);
}

/* After the join and the implementation's rcu_barrier (every call_rcu callback queued so far has
 * run): every retired record freed once, every record accounted for. */
static void rcu_check_pools(rcu_shared *sh, const sb_team *t, char *msg, size_t len)
{
	uint64_t retired = 0, freed = atomic_load_explicit(&sh->cb_freed, memory_order_acquire);
	uint64_t dbl = atomic_load_explicit(&sh->cb_dbl, memory_order_relaxed);
	for (int i = 0; i < t->o.nthreads; i++) {
		retired += sh->out[i].retired;
		freed += sh->out[i].freed;
		dbl += sh->out[i].dbl;
	}
	if (rcu_pool_counts(retired, freed, dbl, sh->cur, "", msg, len))
		return;
	size_t seen = 1;
	for (int i = 0; i <= t->o.nthreads; i++)
		if (rcu_pool_walk(i < t->o.nthreads ? sh->out[i].free : atomic_load_explicit(&sh->returned, memory_order_relaxed),
				  &seen, sh->nrecs, "", msg, len))
			return;
	rcu_pool_total(seen, sh->nrecs, "", msg, len);
}

/* Every callback queued so far has run (once per repetition; nothing for an implementation
 * that queues none). */
static void rcu_wait_callbacks(rcu_shared *sh, int queues_callbacks, void (*barrier)(void))
{
	if (queues_callbacks && !sh->barrier_done) {
		barrier();
		sh->barrier_done = 1;
	}
}

static void rcu_teardown_done(rcu_shared *sh)
{
	(void)atomic_load_explicit(&sh->cb_freed, memory_order_acquire); /* see rcu_free_cb */
	rcu_free_shared(sh);
}

/* Setup, check and teardown of every implementation. An implementation that retires through
 * call_rcu waits for every callback (rcu_barrier) before the check looks at the pools, or before
 * the teardown frees them when no check ran: none may touch the pools after that. Once is
 * enough: nothing queues a callback after the join. One that synchronizes frees each record
 * itself and has nothing to wait for. (rcu_barrier costs 10 ms or more here: liburcu's call_rcu
 * thread, once woken, sleeps 10 ms to gather callbacks; and once any case of the run made that
 * thread, a flavour's barrier goes through it even for a case that queued nothing.) */
#define RCU_LIFE(NAME, FLAGS)                                                                      \
	static int rcu_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{                                                                                          \
		rcu_shared *sh;                                                                    \
		size_t reserve = (int)SB_RCU_##NAME##_RETIRE == SB_RCU_RETIRE_CALL ? RCU_RESERVE : 0;   \
		int r = rcu_setup_common(p, &sh, reserve, err, errlen);                            \
		if (!r && (r = sb_rcu_##NAME##_init(&sh->sync.NAME)) != 0)                         \
			rcu_setup_failed(sh, #NAME, (int)SB_RCU_##NAME##_RETIRE == SB_RCU_RETIRE_CALL, r, err, errlen); \
		*out = r ? NULL : sh;                                                              \
		return r;                                                                          \
	}                                                                                          \
	static void rcu_check_##NAME(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len) \
	{                                                                                          \
		(void)p;                                                                           \
		rcu_wait_callbacks(shared, (int)SB_RCU_##NAME##_RETIRE == SB_RCU_RETIRE_CALL, sb_rcu_##NAME##_barrier); \
		rcu_check_pools(shared, t, msg, len);                                              \
	}                                                                                          \
	static void rcu_teardown_##NAME(void *shared)                                              \
	{                                                                                          \
		rcu_wait_callbacks(shared, (int)SB_RCU_##NAME##_RETIRE == SB_RCU_RETIRE_CALL, sb_rcu_##NAME##_barrier); \
		sb_rcu_##NAME##_destroy(&((rcu_shared *)shared)->sync.NAME);                       \
		rcu_teardown_done(shared);                                                         \
	}
SB_RCU_IMPLS(RCU_LIFE)
#undef RCU_LIFE

#define RCU_ROW(NAME, FLAGS)                                                                       \
	{ .family = "rcu", .impl = #NAME, .scenario = "readmostly",                                \
	  .flags = SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS),                                   \
	  .about = ((FLAGS) & SB_IMPL_HIDDEN)                                                      \
			   ? "negative control: the writer reuses the old record without waiting for readers" \
			   : "read_pct % reads of a shared record, the rest replace it (" #NAME ")", \
	  .sweep = "read_pct=90,99,100", .setup = rcu_setup_##NAME, .pick = rcu_pick_##NAME,       \
	  .check = rcu_check_##NAME, .teardown = rcu_teardown_##NAME },
#define RCU_GRACE_ROW(NAME, FLAGS)                                                                 \
	{ .family = "rcu", .impl = #NAME, .scenario = "grace", .flags = SB_CASE_NO_DELAY | SB_CASE_LONG_OP | SB_CASE_IMPL_FLAGS(FLAGS), \
	  .about = "worker 0 times synchronize_rcu while threads-1 readers read (see lat_p50_ns)", \
	  .setup = rcu_setup_##NAME, .worker = rcu_worker_grace_##NAME, .check = rcu_check_##NAME, \
	  .teardown = rcu_teardown_##NAME },

static const sb_case rcu_cases[] = { SB_RCU_IMPLS(RCU_ROW) SB_RCU_GRACE_IMPLS(RCU_GRACE_ROW) };

const sb_family sb_family_rcu = { "rcu", rcu_cases, sizeof rcu_cases / sizeof rcu_cases[0] };
