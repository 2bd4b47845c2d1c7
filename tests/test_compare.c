/* tests/test_compare.c: the Mann-Whitney test against hand-computed values, and `compare` on two
 * real runs. */
#include <criterion/criterion.h>
#include <math.h>

#include "sbtest.h"
#include "syncbench/compare.h"

Test(compare, mann_whitney_exact)
{
	double a[] = { 1, 2, 3, 4, 5 }, b[] = { 6, 7, 8, 9, 10 };
	/* complete separation of 5 vs 5: 2 of C(10,5) = 252 arrangements are as extreme */
	cr_assert_float_eq(sb_mann_whitney_p(a, 5, b, 5), 2.0 / 252, 1e-12);
	cr_assert_float_eq(sb_mann_whitney_p(b, 5, a, 5), 2.0 / 252, 1e-12);
	/* 3 vs 3: the smallest possible p is 2/20 */
	cr_assert_float_eq(sb_mann_whitney_p(a, 3, b, 3), 0.1, 1e-12);
	/* interleaved samples: no evidence */
	double c[] = { 1, 3, 5, 7, 9 }, d[] = { 2, 4, 6, 8, 10 };
	double p = sb_mann_whitney_p(c, 5, d, 5);
	cr_assert(p > 0.5 && p <= 1.0, "p %g", p);
	/* one swap from separation: rank sum 16 of a; P(W <= 16) = 4/252 -> p = 8/252 */
	double e[] = { 1, 2, 3, 4, 6 }, f[] = { 5, 7, 8, 9, 10 };
	cr_assert_float_eq(sb_mann_whitney_p(e, 5, f, 5), 4.0 / 252, 1e-12);
	cr_assert(isnan(sb_mann_whitney_p(a, 0, b, 5)));
}

static char dir[64];
static void setup(void) { sbt_tmpdir(dir, sizeof dir); }
static void teardown(void) { sbt_rmdir(dir); }

Test(compare, two_runs, .init = setup, .fini = teardown, .timeout = 60)
{
	char args[512];
	snprintf(args, sizeof args, "run -q -f 'mutex/null/uncontended' -f 'mutex/futex/uncontended' -d 5ms --warmup 1ms -r 3 -o %s/a", dir);
	cr_assert_eq(sbt_run(dir, args), 0);
	snprintf(args, sizeof args, "run -q -f 'mutex/futex/uncontended' -f 'mutex/tas/uncontended' -d 5ms --warmup 1ms -r 3 -o %s/b", dir);
	cr_assert_eq(sbt_run(dir, args), 0);
	snprintf(args, sizeof args, "compare %s/a %s/b", dir, dir);
	cr_assert_eq(sbt_run(dir, args), 0);
	char p[128];
	snprintf(p, sizeof p, "%s/out.txt", dir);
	char *out = sbt_slurp(p);
	cr_assert(strstr(out, "mutex/futex/uncontended"), "%s", out);
	cr_assert(strstr(out, "only in A") && strstr(out, "only in B"), "%s", out);
	cr_assert(strstr(out, "1 cases in both runs"), "%s", out);
	free(out);
	/* the overlay plots: both runs' lines in one picture */
	char cmd[512];
	snprintf(cmd, sizeof cmd, "sh scripts/plot.sh %s/a %s/b >%s/plot.txt 2>&1 && "
		 "python3 scripts/check_png.py %s/a/plots-vs-b/mutex-uncontended-ns_per_op.png >/dev/null", dir, dir, dir, dir);
	cr_assert_eq(system(cmd), 0, "overlay plots");
	snprintf(p, sizeof p, "%s/plot.txt", dir);
	out = sbt_slurp(p);
	cr_assert(strstr(out, "plots-vs-b"), "%s", out);
	free(out);
	snprintf(args, sizeof args, "compare %s/a %s/nosuch", dir, dir);
	cr_assert_eq(sbt_run(dir, args), 2);
	cr_assert_eq(sbt_run(dir, "compare onlyone"), 2);
}
