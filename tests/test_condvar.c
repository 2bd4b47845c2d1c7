/* tests/test_condvar.c: the condition variable's timed wait and signal keep their contract; every
 * condvar case passes its checks through the real program (pingpong with an odd worker out too);
 * the broken condvar (a mutex that does not exclude) is caught by the bounded-buffer check. */
#include <criterion/criterion.h>
#include <pthread.h>

#include "prim/condvar_list.h"
#include "sbtest.h"
#include "sbtest_rows.h"
#include "syncbench/clock.h"

static char dir[64];
static void setup(void) { sbt_tmpdir(dir, sizeof dir); }
static void teardown(void) { sbt_rmdir(dir); }
TestSuite(condvar, .init = setup, .fini = teardown, .timeout = 60);

static sb_condvar_pthread_mutex m;
static sb_condvar_pthread_cond c;
static int flag;

static void *signaller(void *p)
{
	(void)p;
	sb_sleep_until_ns(sb_now_ns() + 10000000, NULL);
	sb_condvar_pthread_lock(&m);
	flag = 1;
	sb_condvar_pthread_signal(&c);
	sb_condvar_pthread_unlock(&m);
	return NULL;
}

Test(condvar, pthread_timed_wait_and_signal)
{
	cr_assert_eq(sb_condvar_pthread_mutex_init(&m), 0);
	cr_assert_eq(sb_condvar_pthread_cond_init(&c), 0);
	sb_condvar_pthread_lock(&m);
	uint64_t d = sb_now_ns() + 2000000;
	int r = 0;
	while (r != -ETIMEDOUT)
		r = sb_condvar_pthread_wait_until(&c, &m, d);
	cr_assert(sb_now_ns() >= d, "timed out before the deadline");
	pthread_t th;
	cr_assert_eq(pthread_create(&th, NULL, signaller, NULL), 0);
	d = sb_now_ns() + 5000000000ull;
	r = 0;
	while (!flag && r != -ETIMEDOUT)
		r = sb_condvar_pthread_wait_until(&c, &m, d);
	cr_assert(flag, "the signal did not wake the waiter before its 5 s deadline");
	sb_condvar_pthread_unlock(&m);
	pthread_join(th, NULL);
	sb_condvar_pthread_cond_destroy(&c);
	sb_condvar_pthread_mutex_destroy(&m);
}

/* How many cases `syncbench list [--negative-controls] GLOB` names (the table, not a count
 * written here); 0 when none. */
Test(condvar, every_case_passes_its_checks)
{
	/* uncontended (1 thread); pingpong at 2, 3 (one worker without a partner) and 4;
	 * prodcons x signal/broadcast at 2, 3 and 4 */
	int want = sbt_listed("condvar/*/uncontended", 0) + 3 * sbt_listed("condvar/*/pingpong", 0) + 6 * sbt_listed("condvar/*/prodcons", 0);
	cr_assert(want > 0 && sbt_listed("condvar/*", 0) == sbt_listed("condvar/*/uncontended", 0) + sbt_listed("condvar/*/pingpong", 0) +
							  sbt_listed("condvar/*/prodcons", 0),
		  "every condvar case is uncontended, pingpong or prodcons");
	sbt_rows *rp = sbt_run_rows(dir, "run -q -f 'condvar/*' -t 2,3,4 -d 20ms --warmup 5ms -r 1 --watchdog 5s -o %s/run", 0);
	sbt_rows r = *rp; /* the rows point into rp->text, freed by sbt_rows_free */
	free(rp);
	cr_assert_eq(r.nrows, want, "rows %d, want %d", r.nrows, want);
	for (int i = 0; i < r.nrows; i++) {
		const char *sc = sbt_get(&r, i, "scenario"), *th = sbt_get(&r, i, "threads");
		cr_expect_str_eq(sbt_get(&r, i, "check"), "ok", "%s t=%s", sc, th);
		cr_expect(atoll(sbt_get(&r, i, "ops")) > 0, "%s t=%s: no operations", sc, th);
		if (!strcmp(sc, "prodcons")) {
			cr_expect(atoll(sbt_get(&r, i, "read_ops")) > 0 && atoll(sbt_get(&r, i, "write_ops")) > 0,
				  "prodcons t=%s: puts and takes counted apart", th);
			cr_expect(strstr(sbt_get(&r, i, "params"), "capacity=16") != NULL, "params");
		} else if (!strcmp(sc, "pingpong")) {
			cr_expect(atof(sbt_get(&r, i, "lat_p50_ns")) > 0, "pingpong t=%s: no round trip timed", th);
		}
	}
	sbt_rows_free(&r);
}

Test(condvar, broken_condvar_is_caught)
{
	if (sbt_under_tsan())
		cr_skip_test("the broken condvar races on purpose; ThreadSanitizer would (rightly) stop the run");
	char args[512], p[128];
	snprintf(args, sizeof args,
		 "run -q --negative-controls -f 'condvar/broken/p*' -t 2,4 -d 50ms --warmup 5ms -r 1 -o %s/run", dir);
	int st = sbt_run(dir, args);
	cr_assert_eq(st, 1, "a failed check must make the run exit 1, got %d", st);
	sbt_rows r;
	snprintf(p, sizeof p, "%s/run/results.csv", dir);
	cr_assert_eq(sbt_rows_read(&r, p), 0);
	/* 2 and 4 threads; the bounded buffer with signal and with broadcast */
	int want = 4 * sbt_listed("condvar/broken/prodcons", 1) +
		   2 * sbt_list_count("condvar/broken/pingpong", 1) /* none today */;
	cr_assert_eq(r.nrows, want, "rows %d, want %d", r.nrows, want);
	int caught = 0;
	for (int i = 0; i < r.nrows; i++)
		caught += !strncmp(sbt_get(&r, i, "check"), "FAIL", 4);
	cr_assert(caught >= 1, "the broken condvar was not caught in any of %d rows", r.nrows);
	sbt_rows_free(&r);
}
