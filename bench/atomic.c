/* bench/atomic.c: the atomic family on the steady-state loop of syncbench/loop.h. Scenario
 * "counter": every worker adds one to a counter as fast as it can, with one operation (fetch_add,
 * CAS loop, exchange, load/store pair: prim/atomic_*.h) on one placement (one shared line,
 * per-thread counters packed into one line, per-thread counters padded to lines of their own,
 * _Thread_local counters). One worker function per (operation, placement), the operation inlined
 * (bench/atomic_op.h).
 *
 * Check after the join: the total the counters hold (plus, for exchange, the values the threads
 * hold, and the thread-local counters each worker handed back) equals the operations the workers
 * counted, warm-up included. A load/store pair on the shared line (negative control) fails it. */
#include "bench/atomic_op.h"
#include "bench/family.h"
#include "prim/atomic_list.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Padded counters take two lines each: Intel's adjacent-line prefetcher fetches lines in pairs,
 * so a counter alone on a 64-byte line can still ping-pong with its neighbour. */
#define ATOMIC_PAD (2 * SB_CACHELINE)

typedef struct atomic_padded {
	_Alignas(ATOMIC_PAD) _Atomic uint64_t v;
} atomic_padded;

typedef struct atomic_shared {
	_Alignas(ATOMIC_PAD) _Atomic uint64_t one;   /* shared: every thread updates this word */
	_Alignas(ATOMIC_PAD) _Atomic uint64_t *packed; /* false_shared: nthreads words, 8 per line */
	atomic_padded *padded;                        /* padded: nthreads words, one per 2 lines */
	int nthreads;
} atomic_shared;

static _Thread_local _Atomic uint64_t atomic_tls_counter;

/* Where worker id counts, per placement (called once, before the loop). */
static inline _Atomic uint64_t *atomic_slot_shared(atomic_shared *s, int id) { (void)id; return &s->one; }
static inline _Atomic uint64_t *atomic_slot_false_shared(atomic_shared *s, int id) { return &s->packed[id]; }
static inline _Atomic uint64_t *atomic_slot_padded(atomic_shared *s, int id) { return &s->padded[id].v; }
static inline _Atomic uint64_t *atomic_slot_tls(atomic_shared *s, int id)
{
	(void)s;
	(void)id;
	atomic_store_explicit(&atomic_tls_counter, 0, memory_order_relaxed);
	return &atomic_tls_counter;
}
/* What a worker hands back after its loop: only the thread-local counter dies with the thread. */
static inline uint64_t atomic_left_shared(_Atomic uint64_t *c) { (void)c; return 0; }
static inline uint64_t atomic_left_false_shared(_Atomic uint64_t *c) { (void)c; return 0; }
static inline uint64_t atomic_left_padded(_Atomic uint64_t *c) { (void)c; return 0; }
static inline uint64_t atomic_left_tls(_Atomic uint64_t *c) { return atomic_load_explicit(c, memory_order_relaxed); }

/* The worker of every (operation, placement): the thread's counter found once, then the
 * steady-state loop around the operation. */
static SB_ALWAYS_INLINE void atomic_run(sb_worker *w, _Atomic uint64_t *counter, sb_loop_op op)
{
	atomic_ctx c = { .counter = counter, .held = 0 };
	sb_loop_steady(w, op, &c, NULL);
	w->aux = c.held;
}

#define ATOMIC_WORKER(OP, PL, FLAGS)                                        \
	static void atomic_worker_##OP##_##PL(sb_worker *w)                 \
	{                                                                   \
		_Atomic uint64_t *c = atomic_slot_##PL(w->shared, w->id);   \
		atomic_run(w, c, atomic_op_##OP);                           \
		w->aux += atomic_left_##PL(c);                              \
	}
SB_ATOMIC_IMPLS(ATOMIC_WORKER)
#undef ATOMIC_WORKER

static size_t round_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

static int atomic_setup(const sb_case_params *p, void **out, char *err, size_t errlen)
{
	int n = p->threads > 0 ? p->threads : 1;
	atomic_shared *s = aligned_alloc(ATOMIC_PAD, sizeof *s);
	_Atomic uint64_t *packed = aligned_alloc(ATOMIC_PAD, round_up((size_t)n * sizeof *packed, ATOMIC_PAD));
	atomic_padded *padded = aligned_alloc(ATOMIC_PAD, (size_t)n * sizeof *padded);
	if (!s || !packed || !padded) {
		snprintf(err, errlen, "out of memory for %d counters", n);
		free(s);
		free(packed);
		free(padded);
		return -ENOMEM;
	}
	atomic_init(&s->one, 0);
	for (int i = 0; i < n; i++) {
		atomic_init(&packed[i], 0);
		atomic_init(&padded[i].v, 0);
	}
	s->packed = packed;
	s->padded = padded;
	s->nthreads = n;
	*out = s;
	return 0;
}

static void atomic_check(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)p;
	atomic_shared *s = shared;
	uint64_t counted = atomic_load_explicit(&s->one, memory_order_relaxed), ops = 0;
	for (int i = 0; i < t->o.nthreads; i++) {
		counted += atomic_load_explicit(&s->packed[i], memory_order_relaxed) +
			   atomic_load_explicit(&s->padded[i].v, memory_order_relaxed) + t->workers[i].aux;
		ops += t->workers[i].warm_ops + t->workers[i].ops;
	}
	if (counted != ops)
		snprintf(msg, len, "counter %" PRIu64 " != %" PRIu64 " operations (%" PRId64 " lost)", counted, ops,
			 (int64_t)(ops - counted));
}

static void atomic_teardown(void *shared)
{
	atomic_shared *s = shared;
	free(s->packed);
	free(s->padded);
	free(s);
}

#define ATOMIC_ROW(OP, PL, FLAGS)                                                                  \
	{ .family = "atomic", .impl = #OP "_" #PL, .scenario = "counter",                          \
	  .flags = SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS),                                   \
	  .about = ((FLAGS) & SB_IMPL_HIDDEN) ? "negative control: " #OP " on one line that every worker writes loses updates" \
					      : "N workers add one with " #OP " to a counter placed " #PL, \
	  .setup = atomic_setup, .worker = atomic_worker_##OP##_##PL, .check = atomic_check,       \
	  .teardown = atomic_teardown },

static const sb_case atomic_cases[] = { SB_ATOMIC_IMPLS(ATOMIC_ROW) };

const sb_family sb_family_atomic = { "atomic", atomic_cases, sizeof atomic_cases / sizeof atomic_cases[0] };
