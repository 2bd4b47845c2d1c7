/* bench/timer.c: the timer family: how late a timed wait wakes up. One worker (each worker has its
 * own timer object) repeats: deadline = now + `timeout` (swept: --timeout, default 50us and 1ms),
 * wait until it, read the clock. The histogram holds (wake-up - deadline), the overshoot, for
 * every wait (each wait is the figure, so each is timed; the clock overhead is subtracted);
 * ns_per_op is then the length of one whole wait (timeout + overshoot + loop).
 * Check: a wait that returns before its deadline (on the same CLOCK_MONOTONIC) is a FAIL; the
 * negative control `early` sleeps half the time and must be caught.
 * Blocking: `release` interrupts every wait that can be cut short; a clock_nanosleep ends at its
 * deadline (at most `timeout` after the window). */
#include "bench/family.h"
#include "prim/timer_list.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef union timer_any {
#define X(NAME, HID) sb_timer_##NAME NAME;
	SB_TIMER_IMPLS(X)
#undef X
} timer_any;

typedef struct timer_slot {
	_Alignas(SB_CACHELINE) timer_any t; /* one per worker, on lines of its own */
} timer_slot;

typedef struct timer_shared {
	timer_slot *slots;
	int n, ninit;
	void (*destroy)(timer_any *);
	void (*interrupt)(timer_any *);
} timer_shared;

#define TIMER_LOOPS(NAME, HID)                                                                     \
	/* one wait; 1 done, 0 interrupted (the window is over) */                                 \
	static inline __attribute__((always_inline)) int timer_wait_##NAME(sb_worker *w, sb_timer_##NAME *t, \
									   uint64_t timeout, int rec) \
	{                                                                                          \
		uint64_t d = sb_now_ns() + timeout;                                                \
		int r = sb_timer_##NAME##_wait_until(t, d);                                        \
		uint64_t t1 = sb_now_ns();                                                         \
		if (r == 1)                                                                        \
			return 0;                                                                  \
		if (r < 0) {                                                                       \
			if (!w->fail[0])                                                           \
				snprintf(w->fail, sizeof w->fail, "timed wait failed: %s", strerror(-r)); \
			return 0;                                                                  \
		}                                                                                  \
		if (t1 < d) {                                                                      \
			if (!w->fail[0])                                                           \
				snprintf(w->fail, sizeof w->fail, "woke %" PRIu64 " ns before its deadline", d - t1); \
			return 1;                                                                  \
		}                                                                                  \
		if (rec)                                                                           \
			sb_worker_sample(w, d, t1);                                                \
		return 1;                                                                          \
	}                                                                                          \
	static void timer_overshoot_##NAME(sb_worker *w)                                           \
	{                                                                                          \
		timer_shared *sh = w->shared;                                                      \
		sb_timer_##NAME *t = &sh->slots[w->id].t.NAME;                                     \
		const uint64_t timeout = (uint64_t)sb_param(w->team_params, "timeout", 1000000);   \
		const _Atomic int *phase = &w->team->phase;                                        \
		uint64_t n = 0;                                                                    \
		while (sb_phase(phase) == SB_PHASE_WARMUP && timer_wait_##NAME(w, t, timeout, 0))  \
			n++;                                                                       \
		sb_worker_window_begin(w, n);                                                      \
		n = 0;                                                                             \
		while (sb_phase(phase) == SB_PHASE_MEASURE && timer_wait_##NAME(w, t, timeout, 1)) \
			n++;                                                                       \
		sb_worker_window_end(w, n);                                                        \
	}                                                                                          \
	static sb_worker_fn timer_pick_##NAME(const sb_case_params *p)                             \
	{                                                                                          \
		(void)p;                                                                           \
		return timer_overshoot_##NAME;                                                     \
	}                                                                                          \
	static int timer_init_##NAME(timer_any *t) { return sb_timer_##NAME##_init(&t->NAME); }    \
	static void timer_destroy_##NAME(timer_any *t) { sb_timer_##NAME##_destroy(&t->NAME); }    \
	static void timer_interrupt_##NAME(timer_any *t) { sb_timer_##NAME##_interrupt(&t->NAME); }

SB_TIMER_IMPLS(TIMER_LOOPS)

static void timer_teardown(void *shared)
{
	timer_shared *sh = shared;
	for (int i = 0; i < sh->ninit; i++)
		sh->destroy(&sh->slots[i].t);
	free(sh->slots);
	free(sh);
}

static int timer_setup(const sb_case_params *p, void **out, char *err, size_t errlen,
		       int (*init)(timer_any *), void (*destroy)(timer_any *), void (*interrupt)(timer_any *))
{
	long long timeout = sb_param(p, "timeout", 1000000);
	if (timeout < 1 || timeout > 10000000000ll) {
		snprintf(err, errlen, "timeout must be between 1ns and 10s (got %lld ns)", timeout);
		return -EINVAL;
	}
	timer_shared *sh = calloc(1, sizeof *sh);
	if (!sh)
		return -ENOMEM;
	sh->n = p->threads;
	sh->destroy = destroy;
	sh->interrupt = interrupt;
	sh->slots = aligned_alloc(SB_CACHELINE, sizeof(timer_slot) * (size_t)sh->n);
	if (!sh->slots) {
		free(sh);
		return -ENOMEM;
	}
	for (int i = 0; i < sh->n; i++) {
		int r = init(&sh->slots[i].t);
		if (r) {
			snprintf(err, errlen, "cannot create the timer (%s)", strerror(-r));
			timer_teardown(sh);
			return r;
		}
		sh->ninit++;
	}
	*out = sh;
	return 0;
}

static void timer_release(void *shared)
{
	timer_shared *sh = shared;
	for (int i = 0; i < sh->ninit; i++)
		sh->interrupt(&sh->slots[i].t);
}

/* Every early wake-up is reported by the worker that saw it (w->fail); nothing is left to check
 * after the join. */
static void timer_check(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)p; (void)shared; (void)t; (void)msg; (void)len;
}

#define TIMER_ROWS(NAME, HID)                                                                      \
	{ .family = "timer", .impl = #NAME, .scenario = "overshoot",                               \
	  .flags = SB_CASE_ONE_THREAD | SB_CASE_NO_DELAY | ((HID) ? SB_CASE_HIDDEN : 0),           \
	  .about = "wait until now + --timeout; histogram of (wake-up - deadline)",                \
	  .sweep = "timeout=50us,1ms", .setup = timer_setup_##NAME, .pick = timer_pick_##NAME,     \
	  .check = timer_check, .release = timer_release, .teardown = timer_teardown },

#define TIMER_SETUPS(NAME, HID)                                                                    \
	static int timer_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t n)    \
	{ return timer_setup(p, out, err, n, timer_init_##NAME, timer_destroy_##NAME, timer_interrupt_##NAME); }
SB_TIMER_IMPLS(TIMER_SETUPS)

static const sb_case timer_cases[] = { SB_TIMER_IMPLS(TIMER_ROWS) };

const sb_family sb_family_timer = { "timer", timer_cases, sizeof timer_cases / sizeof timer_cases[0] };
