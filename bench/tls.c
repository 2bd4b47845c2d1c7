/* bench/tls.c: the tls family (Python's threading.local) on the steady-state loop of
 * syncbench/loop.h, one worker function per implementation and scenario, the variable's calls
 * inlined.
 *
 * read:  each worker sets its value once, before the loop; an operation is one get (what reading
 *        `local.x` costs), compared with the value the thread set.
 * write: an operation is `local.n += 1`: get, compare with the value the thread set last, set
 *        the next one.
 * A thread's values carry its id in their top bits ((id + 1) << 40, plus a count), so a value
 * read from another thread's copy never matches. Check while it runs: every get returns exactly
 * the value the calling thread set last (the first wrong one is reported); after the loop one
 * more get returns the last value set, and the writes counted match the operations done. The
 * negative control `shared` (one global for all threads) is caught at 2 threads and more. */
#include "bench/family.h"
#include "prim/tls_list.h"
#include "syncbench/loop.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct tls_shared {
	_Alignas(SB_CACHELINE) union {
#define X(NAME, FLAGS) sb_tls_##NAME NAME;
		SB_TLS_IMPLS(X)
#undef X
	} var;
} tls_shared;

/* An implementation's calls on an untyped variable, passed by value to the always-inline
 * operations: constants there, so the calls are inlined (no call through a pointer). */
typedef struct tls_calls {
	uint64_t (*get)(void *v);
	void (*set)(void *v, uint64_t x);
} tls_calls;

typedef struct tls_ctx {
	void *var;          /* sb_tls_IMPL */
	uint64_t expect;    /* the value this thread set last */
	uint64_t wrong;     /* gets that returned something else */
	uint64_t first_got, first_want; /* the first of them */
} tls_ctx;

/* The first value of worker id: its id in the top bits, a count of its writes below. */
static inline uint64_t tls_seed(int id) { return ((uint64_t)id + 1) << 40; }

static __attribute__((cold, noinline)) void tls_wrong(tls_ctx *c, uint64_t got)
{
	if (!c->wrong++) {
		c->first_got = got;
		c->first_want = c->expect;
	}
}

static SB_ALWAYS_INLINE void tls_read(tls_ctx *c, const tls_calls tc)
{
	uint64_t x = tc.get(c->var);
	if (x != c->expect)
		tls_wrong(c, x);
}

static SB_ALWAYS_INLINE void tls_write(tls_ctx *c, const tls_calls tc)
{
	uint64_t x = tc.get(c->var);
	if (x != c->expect)
		tls_wrong(c, x);
	tc.set(c->var, ++c->expect);
}

static __attribute__((cold, noinline)) void tls_report(sb_worker *w, const tls_ctx *c)
{
	snprintf(w->fail, sizeof w->fail, "read %#" PRIx64 " where it set %#" PRIx64 " (%" PRIu64 " wrong reads)",
		 c->first_got, c->first_want, c->wrong);
}

/* The loop, then one more look; w->aux = the writes this thread made. */
static SB_ALWAYS_INLINE void tls_run(sb_worker *w, void *var, sb_loop_op op, const tls_calls tc)
{
	tls_ctx c = { .var = var, .expect = tls_seed(w->id) };
	tc.set(var, c.expect);
	sb_loop_steady(w, op, &c, NULL);
	tls_read(&c, tc);
	w->aux = c.expect - tls_seed(w->id);
	if (c.wrong)
		tls_report(w, &c);
}

static __attribute__((cold, noinline)) void tls_cannot(sb_worker *w, int r)
{
	snprintf(w->fail, sizeof w->fail, "cannot register the thread (errno %d)", -r);
	sb_worker_idle(w);
}

#define TLS_CALLS(NAME) ((tls_calls){ tls_get_##NAME, tls_set_##NAME })

#define TLS_WORKER(NAME, FLAGS)                                                                     \
	_Static_assert(sizeof(sb_tls_##NAME##_thread) <= SB_WORKER_LOCAL, #NAME ": thread context too big"); \
	static uint64_t tls_get_##NAME(void *v) { return sb_tls_##NAME##_get(v); }                  \
	static void tls_set_##NAME(void *v, uint64_t x) { sb_tls_##NAME##_set(v, x); }              \
	static inline void tls_read_op_##NAME(void *c, int has_cs) { (void)has_cs; tls_read(c, TLS_CALLS(NAME)); } \
	static inline void tls_write_op_##NAME(void *c, int has_cs) { (void)has_cs; tls_write(c, TLS_CALLS(NAME)); } \
	static SB_ALWAYS_INLINE void tls_worker_##NAME(sb_worker *w, sb_loop_op op)                 \
	{                                                                                           \
		sb_tls_##NAME *v = &((tls_shared *)w->shared)->var.NAME;                            \
		sb_tls_##NAME##_thread *t = (sb_tls_##NAME##_thread *)w->local;                     \
		int r = sb_tls_##NAME##_thread_init(v, t);                                          \
		if (r) {                                                                            \
			tls_cannot(w, r);                                                           \
			return;                                                                     \
		}                                                                                   \
		tls_run(w, v, op, TLS_CALLS(NAME));                                                 \
		sb_tls_##NAME##_thread_exit(v, t);                                                  \
	}                                                                                           \
	static void tls_read_##NAME(sb_worker *w) { tls_worker_##NAME(w, tls_read_op_##NAME); }     \
	static void tls_write_##NAME(sb_worker *w) { tls_worker_##NAME(w, tls_write_op_##NAME); }
SB_TLS_IMPLS(TLS_WORKER)
#undef TLS_WORKER

#define TLS_LIFE(NAME, FLAGS)                                                                       \
	static int tls_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen)   \
	{                                                                                           \
		tls_shared *sh = aligned_alloc(SB_CACHELINE, sizeof *sh);                           \
		int r = sh ? sb_tls_##NAME##_init(&sh->var.NAME, p->threads) : -ENOMEM;             \
		return tls_setup_done(sh, r, #NAME, out, err, errlen);                              \
	}                                                                                           \
	static void tls_teardown_##NAME(void *shared)                                               \
	{                                                                                           \
		sb_tls_##NAME##_destroy(&((tls_shared *)shared)->var.NAME);                         \
		free(shared);                                                                       \
	}

static int tls_setup_done(tls_shared *sh, int r, const char *name, void **out, char *err, size_t errlen)
{
	if (r) {
		snprintf(err, errlen, "cannot create the %s variable (errno %d)", name, -r);
		free(sh);
		return r;
	}
	*out = sh;
	return 0;
}
SB_TLS_IMPLS(TLS_LIFE)
#undef TLS_LIFE

/* After the join: the writes each worker counted (w->aux) are its operations (write), or none
 * (read). */
static void tls_check_writes(const sb_team *t, int writes, char *msg, size_t len)
{
	for (int i = 0; i < t->o.nthreads; i++) {
		const sb_worker *w = &t->workers[i];
		uint64_t want = writes ? w->warm_ops + w->ops : 0;
		if (w->aux != want) {
			snprintf(msg, len, "worker %d: %" PRIu64 " writes for %" PRIu64 " expected", i, w->aux, want);
			return;
		}
	}
}

static void tls_check_read(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)p;
	(void)shared;
	tls_check_writes(t, 0, msg, len);
}

static void tls_check_write(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)p;
	(void)shared;
	tls_check_writes(t, 1, msg, len);
}

#define TLS_ABOUT(FLAGS, WHAT) \
	(((FLAGS) & SB_IMPL_HIDDEN) ? "negative control: one global for every thread; " WHAT : WHAT)

#define TLS_ROWS(NAME, FLAGS)                                                                       \
	{ .family = "tls", .impl = #NAME, .scenario = "read",                                       \
	  .flags = SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS),                                     \
	  .about = TLS_ABOUT(FLAGS, "N workers read their own value (local.x), set once before the loop"), \
	  .setup = tls_setup_##NAME, .worker = tls_read_##NAME, .check = tls_check_read,             \
	  .teardown = tls_teardown_##NAME },                                                         \
	{ .family = "tls", .impl = #NAME, .scenario = "write",                                      \
	  .flags = SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS),                                     \
	  .about = TLS_ABOUT(FLAGS, "N workers increment their own value (local.n += 1: get, set)"), \
	  .setup = tls_setup_##NAME, .worker = tls_write_##NAME, .check = tls_check_write,           \
	  .teardown = tls_teardown_##NAME },

static const sb_case tls_cases[] = { SB_TLS_IMPLS(TLS_ROWS) };

const sb_family sb_family_tls = { "tls", tls_cases, sizeof tls_cases / sizeof tls_cases[0] };
