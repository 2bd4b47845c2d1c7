/* tests/test_flags.c: the trust work through the real program: a window too short for --min-ops
 * is lengthened, then flagged few_ops; a clock-bound operation's percentiles are left empty and
 * flagged below_clock; a "spinning" worker that sleeps is flagged preempted; --target-ci stops a
 * stable case at the minimum and caps an unstable one at --max-reps; the window is lengthened on
 * the operations a family says got done, not on those its loop tried. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "sbtest_rows.h"
#include "syncbench/loop.h"

static char dir[64];
static void setup(void) { sbt_tmpdir(dir, sizeof dir); }
static void teardown(void) { sbt_rmdir(dir); }
TestSuite(flags, .init = setup, .fini = teardown, .timeout = 120);

static int has_flag(const char *flags, const char *want)
{
	const char *p = strstr(flags, want);
	return p && (p == flags || p[-1] == ';');
}

Test(flags, short_window_is_lengthened_then_flagged)
{
	/* 10^9 operations cannot happen: the 2 ms window doubles up to --max-window 16 ms, then the
	 * row says few_ops and its duration is the window it used */
	sbt_rows *r = sbt_run_rows(dir, "run -q -f 'mutex/null/uncontended' -d 2ms --warmup 1ms -r 1 --min-ops 1000000000 "
				   "--max-window 16ms -o %s/run", 0);
	cr_assert_eq(r->nrows, 1);
	cr_assert(has_flag(sbt_get(r, 0, "flags"), "few_ops"), "flags '%s'", sbt_get(r, 0, "flags"));
	double d = atof(sbt_get(r, 0, "duration_s"));
	cr_assert(d > 0.012, "the window was not lengthened: %g s", d);
	sbt_rows_free(r);
	free(r);
	/* a reachable minimum: not flagged (sbt_run_rows reads DIR/run: a folder of its own) */
	char dir2[64];
	sbt_tmpdir(dir2, sizeof dir2);
	r = sbt_run_rows(dir2, "run -q -f 'mutex/null/uncontended' -d 10ms --warmup 2ms -r 1 --min-ops 1000 -o %s/run", 0);
	cr_assert(!has_flag(sbt_get(r, 0, "flags"), "few_ops"), "flags '%s'", sbt_get(r, 0, "flags"));
	sbt_rows_free(r);
	free(r);
	sbt_rmdir(dir2);
}

Test(flags, clock_bound_operation_is_below_clock)
{
	/* the null lock costs a nanosecond or two: a sampled latency cannot resolve it */
	sbt_rows *r = sbt_run_rows(dir, "run -q -f 'mutex/null/uncontended' -d 10ms --warmup 2ms -r 1 -o %s/run", 0);
	cr_assert(has_flag(sbt_get(r, 0, "flags"), "below_clock"), "flags '%s'", sbt_get(r, 0, "flags"));
	cr_assert_str_eq(sbt_get(r, 0, "lat_p50_ns"), "", "p50 below the clock must be empty");
	sbt_rows_free(r);
	free(r);
}

Test(flags, sleeping_spinner_is_preempted)
{
	sbt_rows *r = sbt_run_rows(dir, "run -q --negative-controls -f 'mutex/sleepy/uncontended' -d 50ms --warmup 5ms -r 1 -o %s/run", 0);
	cr_assert(has_flag(sbt_get(r, 0, "flags"), "preempted"), "flags '%s'", sbt_get(r, 0, "flags"));
	cr_assert_str_eq(sbt_get(r, 0, "check"), "ok", "it excludes: only the flag is wrong");
	sbt_rows_free(r);
	free(r);
}

static int summary_reps(const char *d)
{
	char p[160];
	snprintf(p, sizeof p, "%s/summary.csv", d);
	sbt_rows s;
	cr_assert_eq(sbt_rows_read(&s, p), 0, "no %s", p);
	cr_assert_eq(s.nrows, 1);
	int reps = atoi(sbt_get(&s, 0, "reps"));
	sbt_rows_free(&s);
	return reps;
}

Test(flags, target_ci_stops_stable_and_caps_unstable)
{
	char a[512], d[160];
	/* +-90 %: any six repetitions of the null lock are precise enough */
	snprintf(a, sizeof a, "run -q -f 'mutex/null/uncontended' -d 2ms --warmup 1ms --target-ci 90 --max-reps 30 -o %s/stable", dir);
	cr_assert_eq(sbt_run(dir, a), 0);
	snprintf(d, sizeof d, "%s/stable", dir);
	/* at 6 the interval is min..max: one preempted repetition on a loaded machine can widen it,
	 * and the case then goes on until the inner order statistics are close; it still stops early */
	int reps = summary_reps(d);
	cr_assert(reps >= 6 && reps < 30, "a stable case stops early (at 6 on a quiet machine), not at --max-reps: %d", reps);
	/* +-0.001 %: never reached; the case stops at --max-reps, flagged unstable */
	snprintf(a, sizeof a, "run -q -f 'mutex/null/uncontended' -d 2ms --warmup 1ms --target-ci 0.001 --max-reps 8 -o %s/capped", dir);
	cr_assert_eq(sbt_run(dir, a), 0);
	snprintf(d, sizeof d, "%s/capped", dir);
	cr_assert_eq(summary_reps(d), 8, "an imprecise case stops at --max-reps");
	char p[200];
	snprintf(p, sizeof p, "%s/summary.csv", d);
	sbt_rows s;
	sbt_rows_read(&s, p);
	cr_assert(strlen(sbt_get(&s, 0, "ns_per_op_ci_lo")) > 0, "8 repetitions have an interval");
	cr_assert(!has_flag(sbt_get(&s, 0, "flags"), "few_reps"), "flags '%s'", sbt_get(&s, 0, "flags"));
	sbt_rows_free(&s);
}

/* A try that gets nothing done (a push that finds its pool empty, every node waiting for a grace
 * period): the loop counts the try, the family's count says none was done. */
static void op_try(void *ctx, int has_cs)
{
	(void)has_cs;
	(*(volatile uint64_t *)ctx)++;
}
static uint64_t none_done(void *ctx)
{
	(void)ctx;
	return 0;
}
static void worker_counted(sb_worker *w)
{
	uint64_t tries = 0;
	sb_loop_steady_counted(w, op_try, &tries, NULL, none_done);
}
static void worker_tried(sb_worker *w)
{
	uint64_t tries = 0;
	sb_loop_steady(w, op_try, &tries, NULL);
}

Test(flags, window_lengthened_on_operations_done_not_tried)
{
	sb_case_params p;
	memset(&p, 0, sizeof p);
	p.threads = 1;
	sb_team t;
	sb_team_opts o = { .nthreads = 1, .warmup_ns = 1000000, .duration_ns = 2000000, .params = &p,
			   .min_ops = 100, .min_ops_per_worker = 1, .max_window_ns = 64000000 };
	cr_assert_eq(sb_team_run(&t, &o, worker_counted, NULL), 0, "%s", t.err);
	cr_assert_eq(t.window_ns, 64000000ull, "none done: the longest window, not %llu ns", (unsigned long long)t.window_ns);
	cr_assert_eq(t.lengthened, 5);
	cr_assert(t.workers[0].ops > 100, "the loop's own count is still what it did: %llu", (unsigned long long)t.workers[0].ops);
	sb_team_free(&t);
	/* the same tries counted by the loop: 2 ms hold far more than 100 (a worker kept off its CPU
	 * for 62 ms could still see the window doubled up to the longest) */
	cr_assert_eq(sb_team_run(&t, &o, worker_tried, NULL), 0, "%s", t.err);
	cr_assert_lt(t.window_ns, 64000000ull, "every try counts: %llu ns", (unsigned long long)t.window_ns);
	sb_team_free(&t);
}

Test(flags, a_window_shorter_than_one_grace_period_is_flagged_not_failed)
{
	/* rcu/memb/grace at 4 threads on this machine's 2 CPUs: one grace period can outlast a 1 ms
	 * window (most windows here end with none); such a window is few_ops and starved with no
	 * figure, the run is not failed (a grace period that never ends would be: the watchdog) */
	char a[256];
	snprintf(a, sizeof a, "run -q -f 'rcu/memb/grace' -t 4 -d 1ms --warmup 1ms --max-window 1ms -r 6 -o %s/run", dir);
	cr_assert_eq(sbt_run(dir, a), 0, "a window with no grace period failed the run");
	char p[160];
	snprintf(p, sizeof p, "%s/run/results.csv", dir);
	sbt_rows r;
	cr_assert_eq(sbt_rows_read(&r, p), 0);
	cr_assert_eq(r.nrows, 6);
	for (int i = 0; i < r.nrows; i++) {
		cr_expect_str_eq(sbt_get(&r, i, "check"), "ok");
		if (atoll(sbt_get(&r, i, "ops")) == 0) {
			cr_expect_str_eq(sbt_get(&r, i, "ns_per_op"), "", "no operation, no figure");
			cr_expect(has_flag(sbt_get(&r, i, "flags"), "few_ops") && has_flag(sbt_get(&r, i, "flags"), "starved"),
				  "flags '%s'", sbt_get(&r, i, "flags"));
		}
	}
	sbt_rows_free(&r);
}
