/* bench/timer.c: the timer family on the every-operation-timed loop of syncbench/loop.h: how late
 * a timed wait wakes up. One worker per timer (each worker has its own, on lines of its own)
 * repeats timer_op_IMPL (bench/timer_op.h): deadline = now + `timeout` (swept: --timeout,
 * default 50us and 1ms), wait until it, read the clock. The operation times itself: the
 * histogram holds (wake-up - deadline), the overshoot, for every wait of the window (each wait is
 * the figure; the clock overhead is subtracted); ns_per_op is the length of one whole wait
 * (timeout + overshoot + loop).
 * Check: a wait that returns before its deadline (on the same CLOCK_MONOTONIC) is a FAIL, seen by
 * the worker itself; the negative control `early` sleeps half the time and must be caught.
 * Blocking: `release` interrupts every wait that can be cut short; a clock_nanosleep ends at its
 * deadline (at most `timeout` after the window). */
#include "bench/family.h"
#include "bench/timer_op.h"
#include "prim/timer_list.h"
#include "syncbench/loop.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct timer_slot {
	_Alignas(SB_CACHELINE) union {
#define X(NAME, FLAGS) sb_timer_##NAME NAME;
		SB_TIMER_IMPLS(X)
#undef X
	} t; /* one timer per worker, on lines of its own */
} timer_slot;

typedef struct timer_shared {
	timer_slot *slots;
	int n, ninit; /* slots, and how many of them hold an initialised timer */
} timer_shared;

/* What the loop's operation works on: the operation's context and the worker it reports to. */
typedef struct timer_run {
	timer_ctx op;
	sb_worker *w;
} timer_run;

static __attribute__((cold, noinline)) void timer_fail(sb_worker *w, int r, uint64_t early_ns)
{
	if (w->fail[0])
		return;
	if (r < 0)
		snprintf(w->fail, sizeof w->fail, "timed wait failed: %s", strerror(-r));
	else
		snprintf(w->fail, sizeof w->fail, "woke %" PRIu64 " ns before its deadline", early_ns);
}

/* After one wait that returned r: its overshoot into the histogram; 0 to stop (the window is
 * over: interrupted; or the wait failed). */
static SB_ALWAYS_INLINE int timer_account(timer_run *c, int r)
{
	if (r == 1)
		return 0;
	if (r < 0) {
		timer_fail(c->w, r, 0);
		return 0;
	}
	if (c->op.woke < c->op.deadline) {
		timer_fail(c->w, 0, c->op.deadline - c->op.woke);
		return 1;
	}
	sb_worker_sample(c->w, c->op.deadline, c->op.woke);
	return 1;
}

/* The worker of every implementation: the every-operation-timed loop, the wait timing itself. */
static SB_ALWAYS_INLINE void timer_run_loop(sb_worker *w, void *timer, sb_loop_timed_op step)
{
	timer_run c = {
		.op = { .timer = timer, .timeout_ns = (uint64_t)sb_param(w->team_params, "timeout", 1000000) },
		.w = w,
	};
	sb_loop_timed(w, step, &c, 1, 1);
}

#define TIMER_WORKER(NAME, FLAGS)                                                                   \
	static SB_ALWAYS_INLINE int timer_step_##NAME(void *ctx)                                    \
	{                                                                                           \
		timer_run *c = ctx;                                                                 \
		return timer_account(c, timer_op_##NAME(&c->op));                                   \
	}                                                                                           \
	static void timer_worker_##NAME(sb_worker *w)                                               \
	{                                                                                           \
		timer_run_loop(w, &((timer_shared *)w->shared)->slots[w->id].t.NAME, timer_step_##NAME); \
	}
SB_TIMER_IMPLS(TIMER_WORKER)
#undef TIMER_WORKER

static void timer_shared_free(timer_shared *sh)
{
	free(sh->slots);
	free(sh);
}

/* The shared state for p with no timer initialised yet (NULL: err says why). */
static timer_shared *timer_shared_new(const sb_case_params *p, int *r, char *err, size_t errlen)
{
	long long timeout = sb_param(p, "timeout", 1000000);
	if (timeout < 1 || timeout > 10000000000ll) {
		snprintf(err, errlen, "timeout must be between 1ns and 10s (got %lld ns)", timeout);
		*r = -EINVAL;
		return NULL;
	}
	timer_shared *sh = calloc(1, sizeof *sh);
	if (sh)
		sh->slots = aligned_alloc(SB_CACHELINE, sizeof(timer_slot) * (size_t)p->threads);
	if (!sh || !sh->slots) {
		free(sh);
		*r = -ENOMEM;
		return NULL;
	}
	sh->n = p->threads;
	return sh;
}

static int timer_setup_fail(int r, char *err, size_t errlen)
{
	snprintf(err, errlen, "cannot create the timer (%s)", strerror(-r));
	return r;
}

#define TIMER_LIFE(NAME, FLAGS)                                                                     \
	static void timer_teardown_##NAME(void *shared)                                             \
	{                                                                                           \
		timer_shared *sh = shared;                                                          \
		for (int i = 0; i < sh->ninit; i++)                                                 \
			sb_timer_##NAME##_destroy(&sh->slots[i].t.NAME);                            \
		timer_shared_free(sh);                                                              \
	}                                                                                           \
	static int timer_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{                                                                                           \
		int r = 0;                                                                          \
		timer_shared *sh = timer_shared_new(p, &r, err, errlen);                            \
		if (!sh)                                                                            \
			return r;                                                                   \
		while (sh->ninit < sh->n && !(r = sb_timer_##NAME##_init(&sh->slots[sh->ninit].t.NAME))) \
			sh->ninit++;                                                                \
		if (r) {                                                                            \
			timer_teardown_##NAME(sh);                                                  \
			return timer_setup_fail(r, err, errlen);                                    \
		}                                                                                   \
		*out = sh;                                                                          \
		return 0;                                                                           \
	}                                                                                           \
	static void timer_release_##NAME(void *shared)                                              \
	{                                                                                           \
		timer_shared *sh = shared;                                                          \
		for (int i = 0; i < sh->ninit; i++)                                                 \
			sb_timer_##NAME##_interrupt(&sh->slots[i].t.NAME);                          \
	}
SB_TIMER_IMPLS(TIMER_LIFE)
#undef TIMER_LIFE

/* Every early wake-up is reported by the worker that saw it (w->fail); nothing is left to check
 * after the join. */
static void timer_check(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)p; (void)shared; (void)t; (void)msg; (void)len;
}

#define TIMER_ROWS(NAME, FLAGS)                                                                     \
	{ .family = "timer", .impl = #NAME, .scenario = "overshoot",                                \
	  .flags = SB_CASE_ONE_THREAD | SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS),               \
	  .about = "wait until now + --timeout; histogram of (wake-up - deadline)",                 \
	  .sweep = "timeout=50us,1ms", .setup = timer_setup_##NAME, .worker = timer_worker_##NAME,  \
	  .check = timer_check, .release = timer_release_##NAME, .teardown = timer_teardown_##NAME },

static const sb_case timer_cases[] = { SB_TIMER_IMPLS(TIMER_ROWS) };

const sb_family sb_family_timer = { "timer", timer_cases, sizeof timer_cases / sizeof timer_cases[0] };
