/* tests/test_timer.c: every timed wait ends at (never before) its deadline, and the ones that can
 * be interrupted end early when told; every timer case passes its check through the real program;
 * the early timer (negative control) is caught. */
#include <criterion/criterion.h>
#include <pthread.h>

#include "prim/timer_list.h"
#include "sbtest.h"
#include "sbtest_rows.h"
#include "syncbench/clock.h"

static char dir[64];
static void setup(void) { sbt_tmpdir(dir, sizeof dir); }
static void teardown(void) { sbt_rmdir(dir); }
TestSuite(timer, .init = setup, .fini = teardown, .timeout = 60);

typedef struct targ {
	void *t;
	int (*wait_until)(void *, uint64_t);
	int r;
} targ;

static void *long_wait(void *p)
{
	targ *a = p;
	a->r = a->wait_until(a->t, sb_now_ns() + 10000000000ull);
	return NULL;
}

/* Waits end at their deadline; interruptible ones (all but nanosleep) end early on interrupt(). */
#define TIMER_CONTRACT(NAME, FLAGS)                                                                 \
	static int wu_##NAME(void *t, uint64_t d) { return sb_timer_##NAME##_wait_until(t, d); }    \
	static void ir_##NAME(void *t) { sb_timer_##NAME##_interrupt(t); }                          \
	static void contract_##NAME(void)                                                           \
	{                                                                                           \
		sb_timer_##NAME t;                                                                  \
		cr_assert_eq(sb_timer_##NAME##_init(&t), 0, #NAME ": init");                        \
		timer_waits(#NAME, &t, wu_##NAME);                                                  \
		if (sb_timer_##NAME##_interruptible)                                                \
			timer_interrupted(#NAME, &t, wu_##NAME, ir_##NAME);                         \
		sb_timer_##NAME##_destroy(&t);                                                      \
	}

static void timer_waits(const char *name, void *t, int (*wait_until)(void *, uint64_t))
{
	for (int i = 0; i < 5; i++) {
		uint64_t d = sb_now_ns() + 300000;
		cr_assert_eq(wait_until(t, d), 0, "%s: wait", name);
		uint64_t now = sb_now_ns();
		cr_assert(now >= d, "%s: woke %llu ns early", name, (unsigned long long)(d - now));
	}
}

static void timer_interrupted(const char *name, void *t, int (*wait_until)(void *, uint64_t),
			      void (*interrupt)(void *))
{
	targ a = { .t = t, .wait_until = wait_until };
	pthread_t th;
	uint64_t t0 = sb_now_ns();
	cr_assert_eq(pthread_create(&th, NULL, long_wait, &a), 0);
	sb_sleep_until_ns(t0 + 10000000, NULL);
	interrupt(t);
	pthread_join(th, NULL);
	cr_assert_eq(a.r, 1, "%s: an interrupted wait returns 1", name);
	cr_assert(sb_now_ns() - t0 < 5000000000ull, "%s: interrupt did not end the wait", name);
}
SB_TIMER_IMPLS(TIMER_CONTRACT)

Test(timer, every_wait_ends_at_its_deadline)
{
#define X(NAME, FLAGS)                                                                              \
	if (!((FLAGS) & SB_IMPL_HIDDEN))                                                            \
		contract_##NAME();
	SB_TIMER_IMPLS(X)
#undef X
}

Test(timer, every_case_passes_its_check)
{
	int want = 2 * sbt_listed("timer/*", 0); /* two timeouts each */
	sbt_rows *rp = sbt_run_rows(dir, "run -q -f 'timer/*' --timeout 50us,1ms -d 20ms --warmup 5ms -r 1 -o %s/run", 0);
	sbt_rows r = *rp; /* the rows point into rp->text, freed by sbt_rows_free */
	free(rp);
	cr_assert_eq(r.nrows, want, "rows %d, want %d", r.nrows, want);
	for (int i = 0; i < r.nrows; i++) {
		const char *im = sbt_get(&r, i, "impl"), *pa = sbt_get(&r, i, "params");
		cr_expect_str_eq(sbt_get(&r, i, "check"), "ok", "%s %s", im, pa);
		cr_expect(atoll(sbt_get(&r, i, "lat_samples")) == atoll(sbt_get(&r, i, "ops")),
			  "%s %s: every wait of the window is a sample (%s samples, %s ops)", im, pa,
			  sbt_get(&r, i, "lat_samples"), sbt_get(&r, i, "ops"));
		/* a wait of `timeout` takes at least that long */
		long long to = strstr(pa, "timeout=50000") ? 50000 : 1000000;
		cr_expect(atof(sbt_get(&r, i, "ns_per_op")) >= (double)to, "%s %s: ns_per_op %s", im, pa,
			  sbt_get(&r, i, "ns_per_op"));
	}
	sbt_rows_free(&r);
}

Test(timer, early_timer_is_caught)
{
	char args[512], p[128];
	snprintf(args, sizeof args,
		 "run -q --negative-controls -f 'timer/early/*' --timeout 1ms -d 20ms --warmup 5ms -r 1 -o %s/run", dir);
	int st = sbt_run(dir, args);
	cr_assert_eq(st, 1, "a failed check must make the run exit 1, got %d", st);
	snprintf(p, sizeof p, "%s/run/results.csv", dir);
	char *csv = sbt_slurp(p);
	cr_assert(csv && strstr(csv, "before its deadline"), "%s", csv ? csv : "(no results.csv)");
	free(csv);
}
