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
#define TIMER_CONTRACT(NAME, HID)                                                                  \
	static int wu_##NAME(void *t, uint64_t d) { return sb_timer_##NAME##_wait_until(t, d); }   \
	__attribute__((unused)) static void contract_##NAME(int interruptible)                                             \
	{                                                                                          \
		sb_timer_##NAME t;                                                                 \
		cr_assert_eq(sb_timer_##NAME##_init(&t), 0, #NAME ": init");                      \
		for (int i = 0; i < 5; i++) {                                                      \
			uint64_t d = sb_now_ns() + 300000;                                         \
			cr_assert_eq(sb_timer_##NAME##_wait_until(&t, d), 0, #NAME ": wait");      \
			uint64_t now = sb_now_ns();                                                \
			cr_assert(now >= d, #NAME ": woke %llu ns early", (unsigned long long)(d - now)); \
		}                                                                                  \
		if (interruptible) {                                                               \
			targ a = { .t = &t, .wait_until = wu_##NAME };                             \
			pthread_t th;                                                              \
			uint64_t t0 = sb_now_ns();                                                 \
			cr_assert_eq(pthread_create(&th, NULL, long_wait, &a), 0);                 \
			sb_sleep_until_ns(t0 + 10000000, NULL);                                    \
			sb_timer_##NAME##_interrupt(&t);                                           \
			pthread_join(th, NULL);                                                    \
			cr_assert_eq(a.r, 1, #NAME ": an interrupted wait returns 1");             \
			cr_assert(sb_now_ns() - t0 < 5000000000ull, #NAME ": interrupt did not end the wait"); \
		}                                                                                  \
		sb_timer_##NAME##_destroy(&t);                                                     \
	}
SB_TIMER_IMPLS(TIMER_CONTRACT)

Test(timer, every_wait_ends_at_its_deadline)
{
	contract_cond_timedwait(1);
	contract_sem_timedwait(1);
	contract_nanosleep(0);
	contract_timerfd(1);
	contract_futex(1);
}

Test(timer, every_case_passes_its_check)
{
	sbt_rows *rp = sbt_run_rows(dir, "run -q -f 'timer/*' --timeout 50us,1ms -d 20ms --warmup 5ms -r 1 -o %s/run", 0);
	sbt_rows r = *rp; /* the rows point into rp->text, freed by sbt_rows_free */
	free(rp);
	cr_assert_eq(r.nrows, 10, "rows %d", r.nrows);
	for (int i = 0; i < r.nrows; i++) {
		const char *im = sbt_get(&r, i, "impl"), *pa = sbt_get(&r, i, "params");
		cr_expect_str_eq(sbt_get(&r, i, "check"), "ok", "%s %s", im, pa);
		cr_expect(atoll(sbt_get(&r, i, "lat_samples")) == atoll(sbt_get(&r, i, "ops")),
			  "%s %s: every wait is a sample", im, pa);
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
