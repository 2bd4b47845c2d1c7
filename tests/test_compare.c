/* tests/test_compare.c: compare and rank on synthetic runs (known distributions, fixed seeds):
 * verdicts, Holm, A/A error rate, option differences, machines, malformed input, scale; and
 * `compare` on two real runs with the overlay plots. */
#include <criterion/criterion.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sbtest.h"
#include "syncbench/compare.h"

static char dir[64];
static void setup(void) { sbt_tmpdir(dir, sizeof dir); }
static void teardown(void) { sbt_rmdir(dir); }

/* --- synthetic runs --------------------------------------------------------------------------- */

static uint64_t rng = 88172645463325252ull;
static double unif(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return ((double)(rng >> 11) + 0.5) / 9007199254740992.0;
}
/* log-normal around m with a spread of about s (relative) */
static double draw(double m, double s)
{
	double z = sqrt(-2 * log(unif())) * cos(2 * M_PI * unif());
	return m * exp(s * z);
}

#define HDR "run_id,host,family,impl,scenario,threads,cpus,pin,cs_ns,think_ns,read_pct,depth,permits,waiters," \
	    "params,rep,duration_s,ops,ops_per_s,ns_per_op,lat_p99_ns,fair_jain,user_s,sys_s,c2c_before_ns," \
	    "relation,flags,check\n"

static FILE *run_open(const char *name, const char *meta)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	mkdir(p, 0777);
	if (meta) {
		snprintf(p, sizeof p, "%s/%s/meta.json", dir, name);
		FILE *m = fopen(p, "w");
		fputs(meta, m);
		fclose(m);
	}
	snprintf(p, sizeof p, "%s/%s/results.csv", dir, name);
	FILE *f = fopen(p, "w");
	cr_assert(f);
	fputs(HDR, f);
	return f;
}

static void row(FILE *f, const char *impl, int threads, int cs, int rep, double ns, const char *flags)
{
	double ops = 1e7 / ns * threads;
	fprintf(f, "r,h,mutex,%s,contended,%d,%d,compact,%d,200,,,,,,%d,0.01,%.0f,%.6g,%.6g,%.6g,1,0.01,0,50,core,%s,ok\n",
		impl, threads, threads, cs, rep, ops, 1e9 * ops / 0.01 / 1e9, ns, ns * 3, flags);
}

#define META(fp, complete) "{\"schema_version\": 2, \"complete\": " complete ", \"host\": \"h\", \"cpu_model\": \"X\"," \
	" \"cores\": " fp ", \"machine_fingerprint\": \"fp" fp "\", \"build_fingerprint\": \"b1\"," \
	" \"options\": {\"duration_s\": 0.01}}\n"

static char *compare_lib(const char *a, const char *b, int nmetric, int *rc)
{
	sb_compare_opts o;
	sb_compare_opts_default(&o);
	char pa[128], pb[128], err[1024] = "";
	snprintf(pa, sizeof pa, "%s/%s", dir, a);
	snprintf(pb, sizeof pb, "%s/%s", dir, b);
	o.run_a = pa;
	o.run_b = pb;
	if (nmetric >= 0) {
		o.metrics[0] = nmetric;
		o.nmetrics = 1;
	}
	o.fail_on_slower = 1;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	*rc = sb_compare_runs(&o, out, NULL, err, sizeof err);
	fclose(out);
	if (*rc < 0) {
		free(buf);
		return strdup(err);
	}
	return buf;
}

static int count(const char *s, const char *w)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, w)); p += strlen(w))
		n++;
	return n;
}

Test(compare, seventeen_x_at_two_reps_is_inconclusive, .init = setup, .fini = teardown)
{
	FILE *a = run_open("a", META("2", "true")), *b = run_open("b", META("2", "true"));
	row(a, "futex", 2, 100, 1, 10, "");
	row(a, "futex", 2, 100, 2, 11, "");
	row(b, "futex", 2, 100, 1, 170, "");
	row(b, "futex", 2, 100, 2, 180, "");
	fclose(a);
	fclose(b);
	int rc;
	char *out = compare_lib("a", "b", -1, &rc);
	cr_assert_eq(rc, 0, "%s", out);
	cr_assert(strstr(out, "inconclusive: needs \u2265 4 reps"), "%s", out);
	cr_assert(!strstr(out, "  slower\n") && !strstr(out, "  same\n"), "%s", out);
	cr_assert(strstr(out, "run with -r 4 or more"), "%s", out);
	free(out);
}

Test(compare, clear_2x_at_8_reps_is_slower, .init = setup, .fini = teardown)
{
	FILE *a = run_open("a", META("2", "true")), *b = run_open("b", META("2", "true"));
	for (int r = 1; r <= 8; r++) {
		row(a, "futex", 2, 100, r, draw(100, 0.05), r == 3 ? "preempted" : "");
		row(b, "futex", 2, 100, r, draw(200, 0.05), "");
	}
	fclose(a);
	fclose(b);
	int rc;
	char *out = compare_lib("a", "b", SB_METRIC_NS_PER_OP, &rc);
	cr_assert_eq(rc, 1, "--fail-on slower: %s", out);
	cr_assert(strstr(out, "  slower; A: 1/8 reps flagged (preempted)"), "%s", out);
	free(out);
	/* ops/s: higher is better, the same data is still slower */
	out = compare_lib("a", "b", SB_METRIC_OPS_PER_S, &rc);
	cr_assert_eq(rc, 1, "%s", out);
	cr_assert(strstr(out, "slower"), "%s", out);
	free(out);
	/* and B against A is faster */
	out = compare_lib("b", "a", SB_METRIC_NS_PER_OP, &rc);
	cr_assert_eq(rc, 0, "%s", out);
	cr_assert(strstr(out, "faster"), "%s", out);
	free(out);
	/* cpu per operation: (user+sys)/ops */
	out = compare_lib("a", "b", SB_METRIC_CPU, &rc);
	cr_assert(strstr(out, " cpu "), "%s", out);
	free(out);
}

Test(compare, same_within_threshold, .init = setup, .fini = teardown)
{
	FILE *a = run_open("a", META("2", "true")), *b = run_open("b", META("2", "true"));
	for (int r = 1; r <= 12; r++) {
		row(a, "futex", 2, 100, r, draw(100, 0.005), "");
		row(b, "futex", 2, 100, r, draw(101, 0.005), "");
	}
	fclose(a);
	fclose(b);
	int rc;
	char *out = compare_lib("a", "b", -1, &rc);
	cr_assert_eq(rc, 0, "%s", out);
	cr_assert(strstr(out, "  same\n"), "%s", out);
	free(out);
}

Test(compare, holm_across_cases, .init = setup, .fini = teardown)
{
	/* 20 cases, each completely separated with 5 vs 5: p = 2/252 = 0.0079 < 0.05 alone, but Holm's
	 * first step needs p < 0.05/20 = 0.0025: every case is inconclusive and 6 reps are needed */
	FILE *a = run_open("a", META("2", "true")), *b = run_open("b", META("2", "true"));
	for (int t = 1; t <= 20; t++)
		for (int r = 1; r <= 5; r++) {
			row(a, "futex", t, 100, r, 100 + r, "");
			row(b, "futex", t, 100, r, 200 + r, "");
		}
	fclose(a);
	fclose(b);
	int rc;
	char *out = compare_lib("a", "b", -1, &rc);
	cr_assert_eq(rc, 0, "%s", out);
	cr_assert_eq(count(out, "inconclusive: needs \u2265 6 reps"), 20, "%s", out);
	cr_assert(strstr(out, "20 cases: 0 slower"), "%s", out);
	free(out);
}

Test(compare, a_a_error_rate, .init = setup, .fini = teardown, .timeout = 120)
{
	/* 40 comparisons of 50 cases, both runs drawn from one distribution (skewed, 8 reps): Holm
	 * keeps the chance of any false "faster"/"slower" in a comparison at 5% or less */
	int sets_with_error = 0, errors = 0;
	for (int set = 0; set < 40; set++) {
		FILE *a = run_open("a", META("2", "true")), *b = run_open("b", META("2", "true"));
		for (int t = 1; t <= 50; t++)
			for (int r = 1; r <= 8; r++) {
				row(a, "futex", t, 100, r, draw(100, 0.2), "");
				row(b, "futex", t, 100, r, draw(100, 0.2), "");
			}
		fclose(a);
		fclose(b);
		int rc;
		char *out = compare_lib("a", "b", -1, &rc);
		cr_assert_eq(rc >= 0, 1, "%s", out);
		int e = count(out, "  slower\n") + count(out, "  faster\n");
		errors += e;
		sets_with_error += e > 0;
		cr_assert(strstr(out, "ns_per_op: 50 cases:"), "%s", out);
		free(out);
	}
	cr_assert_leq(sets_with_error, 5, "%d of 40 A/A comparisons called a difference (%d cases)", sets_with_error,
		      errors);
}

Test(compare, interval_inside_the_ratio_range)
{
	for (int k = 0; k < 500; k++) {
		size_t n1 = 2 + (size_t)(unif() * 12), n2 = 2 + (size_t)(unif() * 12);
		double a[16], b[16], amin = INFINITY, amax = 0, bmin = INFINITY, bmax = 0;
		for (size_t i = 0; i < n1; i++) {
			a[i] = draw(100, 0.5);
			amin = fmin(amin, a[i]);
			amax = fmax(amax, a[i]);
		}
		for (size_t i = 0; i < n2; i++) {
			b[i] = draw(150, 0.5);
			bmin = fmin(bmin, b[i]);
			bmax = fmax(bmax, b[i]);
		}
		double est, lo, hi;
		int rc = sb_stats_hl_ratio(a, n1, b, n2, 0.95, &est, &lo, &hi);
		cr_assert(est >= bmin / amax * (1 - 1e-12) && est <= bmax / amin * (1 + 1e-12));
		if (rc == 0)
			cr_assert(lo >= bmin / amax * (1 - 1e-12) && hi <= bmax / amin * (1 + 1e-12) && lo <= est && est <= hi,
				  "%zu vs %zu: %g..%g outside %g..%g", n1, n2, lo, hi, bmin / amax, bmax / amin);
		else
			cr_assert_eq(rc, -EAGAIN);
	}
}

Test(compare, options_that_differ_pair_the_cases, .init = setup, .fini = teardown)
{
	FILE *a = run_open("a", META("2", "true")), *b = run_open("b", "{\"complete\": false, \"machine_fingerprint\": "
							       "\"fp2\", \"options\": {\"duration_s\": 0.2}}");
	for (int r = 1; r <= 3; r++) {
		row(a, "futex", 2, 100, r, 100, "");
		row(a, "tas", 2, 100, r, 100, "");
		row(b, "futex", 2, 1000, r, 900, "");
		row(b, "tas", 2, 1000, r, 900, "");
		row(b, "mcs", 2, 1000, r, 900, "");
	}
	fclose(a);
	fclose(b);
	char args[256];
	snprintf(args, sizeof args, "compare %s/a %s/b", dir, dir);
	cr_assert_eq(sbt_run(dir, args), 0);
	char p[128];
	snprintf(p, sizeof p, "%s/out.txt", dir);
	char *out = sbt_slurp(p);
	cr_assert(strstr(out, "runs differ in: cs_ns 100 vs 1000; duration_s 0.01 vs 0.2"), "%s", out);
	cr_assert(strstr(out, "only in B (1): mutex/mcs/contended t=2"), "%s", out);
	cr_assert(!strstr(out, "only in A"), "%s", out);
	cr_assert_eq(count(out, "mutex/futex/contended"), 1, "%s", out);
	free(out);
	snprintf(p, sizeof p, "%s/err.txt", dir);
	out = sbt_slurp(p);
	cr_assert(strstr(out, "run B is partial"), "%s", out);
	free(out);
}

static void expect_cli(const char *args, int status, const char *in_stderr)
{
	cr_assert_eq(sbt_run(dir, args), status, "%s", args);
	char p[128];
	snprintf(p, sizeof p, "%s/err.txt", dir);
	char *err = sbt_slurp(p);
	if (in_stderr)
		cr_assert(strstr(err, in_stderr), "%s: %s", args, err);
	if (status == 2)
		cr_assert_eq(sbt_count_lines(err), 1, "%s: not one line: %s", args, err);
	free(err);
}

Test(compare, machines_and_builds, .init = setup, .fini = teardown)
{
	FILE *a = run_open("a", META("2", "true")), *b = run_open("b", META("4", "true"));
	FILE *c = run_open("c", "{\"complete\": true}");
	for (int r = 1; r <= 3; r++) {
		row(a, "futex", 2, 100, r, 100, "");
		row(b, "futex", 2, 100, r, 100, "");
		row(c, "futex", 2, 100, r, 100, "");
	}
	fclose(a);
	fclose(b);
	fclose(c);
	char args[256];
	snprintf(args, sizeof args, "compare %s/a %s/b", dir, dir);
	expect_cli(args, 2, "different machines (cores '2' vs '4'); --across-machines");
	snprintf(args, sizeof args, "compare --across-machines %s/a %s/b", dir, dir);
	expect_cli(args, 0, NULL);
	char p[128];
	snprintf(p, sizeof p, "%s/out.txt", dir);
	char *out = sbt_slurp(p);
	cr_assert(strstr(out, "machine comparison: A = h (X), B = h (X); differ in cores '2' vs '4'"), "%s", out);
	free(out);
	snprintf(args, sizeof args, "compare %s/a %s/c", dir, dir);
	expect_cli(args, 0, "run B has no machine fingerprint");
	FILE *d = run_open("d", "{\"complete\": true, \"machine_fingerprint\": \"fp2\", \"build_fingerprint\": \"b2\","
			   " \"git_commit\": \"abc\"}");
	row(d, "futex", 2, 100, 1, 100, "");
	fclose(d);
	snprintf(args, sizeof args, "compare %s/a %s/d", dir, dir);
	expect_cli(args, 0, "different builds: git_commit '' vs 'abc'");
	/* json and csv */
	snprintf(args, sizeof args, "compare --format json %s/a %s/c", dir, dir);
	expect_cli(args, 0, NULL);
	char cmd[256];
	snprintf(cmd, sizeof cmd, "python3 -c 'import json,sys; d=json.load(open(\"%s/out.txt\")); "
		 "sys.exit(0 if d[\"rows\"][0][\"n_a\"] == 3 and d[\"warnings\"] else 1)'", dir);
	cr_assert_eq(system(cmd), 0, "json output");
	snprintf(args, sizeof args, "compare --format csv --metric ns_per_op,lat_p99_ns %s/a %s/c", dir, dir);
	expect_cli(args, 0, NULL);
	out = sbt_slurp(p);
	cr_assert_eq(sbt_count_lines(out), 3, "%s", out);
	cr_assert(strstr(out, "case,family,impl,scenario,threads"), "%s", out);
	free(out);
}

/* a run whose results.csv is text, written verbatim */
static void raw_run(const char *name, const char *csv, size_t len)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	mkdir(p, 0777);
	snprintf(p, sizeof p, "%s/%s/results.csv", dir, name);
	FILE *f = fopen(p, "wb");
	fwrite(csv, 1, len, f);
	fclose(f);
}

Test(compare, malformed_input, .init = setup, .fini = teardown)
{
	FILE *a = run_open("a", META("2", "true"));
	for (int r = 1; r <= 3; r++)
		row(a, "futex", 2, 100, r, 100, "");
	fclose(a);
	const char *h = "family,impl,scenario,threads,rep,ns_per_op,check\n";
	struct { const char *csv, *why; } bad[] = {
		{ "family,impl,scenario,threads,rep,ns_per_op,check\nmutex,futex,contended,2,1,100,ok", "newline" },
		{ "%smutex,futex,contended,2,1,100\n", "6 fields, the header has 7" },
		{ "%smutex,futex,contended,2,1,100,ok,extra\n", "8 fields" },
		{ "%smutex,futex,contended,2,1,abc,ok\n", "ns_per_op 'abc' is not a number" },
		{ "%smutex,futex,contended,2,1,nan,ok\n", "ns_per_op 'nan'" },
		{ "%smutex,futex,contended,2,1,inf,ok\n", "ns_per_op 'inf'" },
		{ "%smutex,futex,contended,2,1,-5,ok\n", "ns_per_op '-5'" },
		{ "%smutex,futex,contended,2,1,1e999,ok\n", "1e999" },
		{ "%smutex,futex,contended,two,1,100,ok\n", "threads 'two'" },
		{ "%smutex,futex,contended,2,1,100,maybe\n", "neither ok nor FAIL" },
		{ "%s", "a header and no rows" },
		{ "family,impl,scenario,rep,ns_per_op,check\nmutex,futex,contended,1,100,ok\n", "no column threads" },
		{ "family,impl,scenario,threads,rep,check\nmutex,futex,contended,2,1,ok\n", "no column ns_per_op" },
		{ "%smutex,futex,\"contended,2,1,100,ok\n", "NUL byte" },
	};
	char csv[512], args[256];
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(csv, sizeof csv, bad[i].csv, h);
		raw_run("b", csv, strlen(csv));
		snprintf(args, sizeof args, "compare %s/a %s/b", dir, dir);
		expect_cli(args, 2, bad[i].why);
		snprintf(args, sizeof args, "rank %s/b", dir);
		expect_cli(args, 2, bad[i].why);
	}
	/* binary garbage, a NUL byte, a huge field */
	char g[4096];
	for (size_t i = 0; i < sizeof g; i++)
		g[i] = (char)(i * 131 + 7);
	g[sizeof g - 1] = '\n';
	raw_run("b", g, sizeof g);
	snprintf(args, sizeof args, "compare %s/a %s/b", dir, dir);
	expect_cli(args, 2, "compare:");
	snprintf(csv, sizeof csv, "%smutex,fu_tex,contended,2,1,100,ok\n", h);
	size_t cl = strlen(csv);
	csv[strlen(h) + 8] = 0;
	raw_run("b", csv, cl);
	expect_cli(args, 2, "NUL byte");
	size_t big = 200000;
	char *huge = malloc(big + 200);
	size_t o = (size_t)snprintf(huge, 200, "%smutex,futex,", h);
	memset(huge + o, 'x', big);
	o += big;
	o += (size_t)snprintf(huge + o, 200, ",2,1,100,ok\n");
	raw_run("b", huge, o);
	free(huge);
	expect_cli(args, 2, "longer than");
	/* meta.json that is not JSON */
	raw_run("c", "family,impl,scenario,threads,rep,ns_per_op,check\nmutex,futex,contended,2,1,100,ok\n", 80);
	char p[128];
	snprintf(p, sizeof p, "%s/c/meta.json", dir);
	FILE *m = fopen(p, "w");
	fputs("{\"complete\": tru", m);
	fclose(m);
	snprintf(args, sizeof args, "compare %s/a %s/c", dir, dir);
	expect_cli(args, 2, "meta.json");
	snprintf(args, sizeof args, "compare %s/a %s/nosuch", dir, dir);
	expect_cli(args, 2, "results.csv");
	expect_cli("compare onlyone", 2, "two run folders");
	expect_cli("compare --metric speed a b", 2, "--metric");
	expect_cli("compare --threshold x a b", 2, "--threshold");
}

Test(compare, unknown_columns_and_failed_checks, .init = setup, .fini = teardown)
{
	const char *h = "family,impl,scenario,threads,rep,ns_per_op,brand_new_column,check\n";
	char csv[1024];
	snprintf(csv, sizeof csv, "%smutex,futex,contended,2,1,100,zz,ok\nmutex,futex,contended,2,2,101,,ok\n"
		 "mutex,tas,contended,2,1,,q,FAIL: two owners\n", h);
	raw_run("a", csv, strlen(csv));
	raw_run("b", csv, strlen(csv));
	char args[256];
	snprintf(args, sizeof args, "compare %s/a %s/b", dir, dir);
	expect_cli(args, 0, "run A is partial or old");
	char p[128];
	snprintf(p, sizeof p, "%s/out.txt", dir);
	char *out = sbt_slurp(p);
	cr_assert(strstr(out, "FAILED: FAIL: two owners"), "%s", out);
	free(out);
}

Test(compare, summary_only_run, .init = setup, .fini = teardown)
{
	FILE *a = run_open("a", META("2", "true"));
	for (int r = 1; r <= 4; r++)
		row(a, "futex", 2, 100, r, 100 + r, "");
	fclose(a);
	const char *sum = "family,impl,scenario,threads,reps,ns_per_op_median,ns_per_op_ci_lo,flags,check\n"
			  "mutex,futex,contended,2,4,300,250,,ok\n";
	raw_run("b", "x", 1);
	char p[128];
	snprintf(p, sizeof p, "%s/b/results.csv", dir);
	unlink(p);
	snprintf(p, sizeof p, "%s/b/summary.csv", dir);
	FILE *f = fopen(p, "w");
	fputs(sum, f);
	fclose(f);
	char args[256];
	snprintf(args, sizeof args, "compare %s/a %s/b", dir, dir);
	expect_cli(args, 0, "run B has no results.csv: one median per case from summary.csv");
	snprintf(p, sizeof p, "%s/out.txt", dir);
	char *out = sbt_slurp(p);
	cr_assert(strstr(out, "2.927") && strstr(out, "inconclusive: needs"), "%s", out);
	free(out);
}

/* The null lock is a baseline (SB_CASE_BASELINE in the case table): rank shows it, after the
 * contenders, never as the best even when it is the fastest. */
Test(compare, rank_never_calls_the_baseline_best, .init = setup, .fini = teardown)
{
	FILE *a = run_open("a", META("2", "true"));
	for (int r = 1; r <= 8; r++) {
		row(a, "null", 2, 100, r, 50 + 0.1 * r, "");
		row(a, "futex", 2, 100, r, 100 + 0.1 * r, "");
		row(a, "tas", 2, 100, r, 131 + 0.1 * r, "");
	}
	fclose(a);
	char args[256], p[128];
	snprintf(args, sizeof args, "rank %s/a -t 2", dir);
	expect_cli(args, 0, NULL);
	snprintf(p, sizeof p, "%s/out.txt", dir);
	char *out = sbt_slurp(p);
	cr_assert(strstr(out, "1  futex   100.5  best"), "futex is the best: %s", out);
	cr_assert(strstr(out, "-  null") && strstr(out, "0.50\u00d7 the best") && strstr(out, "baseline"),
		  "null shown as the baseline: %s", out);
	cr_assert(strstr(out, "1 comparison:"), "only tas is a comparison: %s", out);
	free(out);
}

Test(compare, rank_and_baseline, .init = setup, .fini = teardown)
{
	FILE *a = run_open("a", META("2", "true"));
	for (int r = 1; r <= 8; r++) {
		row(a, "futex", 2, 100, r, 100 + 0.1 * r, "");
		row(a, "tas", 2, 100, r, 131 + 0.1 * r, "");
		row(a, "mcs", 2, 100, r, 100.5 + 0.01 * r, "");
		row(a, "futex", 4, 100, r, 300 + r, "");
	}
	fclose(a);
	char args[256];
	snprintf(args, sizeof args, "rank %s/a -t 2 -f 'mutex/*'", dir);
	expect_cli(args, 0, NULL);
	char p[128], cmd0[1024];
	snprintf(p, sizeof p, "%s/out.txt", dir);
	char *out = sbt_slurp(p);
	cr_assert(strstr(out, "1.31\u00d7 slower ("), "%s", out);
	cr_assert(strstr(out, "mutex/contended") && !strstr(out, "  4  "), "%s", out);
	cr_assert(strstr(out, "2 comparisons"), "%s", out);
	free(out);
	snprintf(args, sizeof args, "rank %s/a --format json -t 2", dir);
	expect_cli(args, 0, NULL);
	snprintf(cmd0, sizeof cmd0, "python3 -c 'import json; r=json.load(open(\"%s/out.txt\"))[\"rows\"]; "
		 "assert [x[\"impl\"] for x in r] == [\"futex\", \"mcs\", \"tas\"], r; "
		 "assert r[0][\"verdict\"] == \"best\" and r[1][\"verdict\"] == \"same\" and r[2][\"verdict\"] == \"slower\", r'",
		 dir);
	cr_assert_eq(system(cmd0), 0, "rank json");
	snprintf(args, sizeof args, "rank %s/a --format markdown --metric ops_per_s", dir);
	expect_cli(args, 0, NULL);
	out = sbt_slurp(p);
	cr_assert(strstr(out, "| scenario | threads |") && strstr(out, "higher is better"), "%s", out);
	free(out);
	snprintf(args, sizeof args, "rank %s/a -f 'rwlock/*'", dir);
	expect_cli(args, 2, "no case");
	/* baselines live in results/baselines of the working folder: run there */
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "cd %s && %s/%s baseline save ci a >bl.txt 2>&1 && %s/%s baseline save ci a >>bl.txt 2>&1 "
		 "&& test -f results/baselines/ci/results.csv && test -f results/baselines/ci/meta.json && "
		 "%s/%s compare --baseline ci a >cmp.txt 2>&1 && ! %s/%s baseline save ../x a 2>/dev/null && "
		 "! ls results/baselines/.ci* 2>/dev/null",
		 dir, getenv("PWD"), sbt_prog(), getenv("PWD"), sbt_prog(), getenv("PWD"), sbt_prog(), getenv("PWD"),
		 sbt_prog());
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	snprintf(p, sizeof p, "%s/cmp.txt", dir);
	out = sbt_slurp(p);
	cr_assert(strstr(out, "results/baselines/ci") && strstr(out, "mutex/tas/contended"), "%s", out);
	free(out);
}

Test(compare, two_hundred_thousand_rows, .init = setup, .fini = teardown, .timeout = 300)
{
	/* 40,000 cases x 5 reps: hashing keeps it linear (a generous timeout, not a timing test) */
	FILE *a = run_open("a", META("2", "true"));
	for (int c = 0; c < 40000; c++)
		for (int r = 1; r <= 5; r++)
			fprintf(a, "r,h,mutex,futex,contended,%d,2,compact,100,200,,,,,keys=%d,%d,0.01,1000,1e5,%.4g,300,1,"
				   "0.01,0,50,core,,ok\n", 1 + c % 64, c, r, 100.0 + r + (c % 7));
	fclose(a);
	char cmd[512];
	snprintf(cmd, sizeof cmd, "cp -r %s/a %s/b", dir, dir);
	cr_assert_eq(system(cmd), 0);
	char args[256];
	snprintf(args, sizeof args, "compare --format csv %s/a %s/b", dir, dir);
	expect_cli(args, 0, NULL);
	char p[128];
	snprintf(p, sizeof p, "%s/out.txt", dir);
	char *out = sbt_slurp(p);
	cr_assert_eq(sbt_count_lines(out), 40001);
	free(out);
}

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
	cr_assert(strstr(out, "only in A (") && strstr(out, "only in B ("), "%s", out);
	cr_assert(strstr(out, "over 1 case;"), "%s", out);
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
}
