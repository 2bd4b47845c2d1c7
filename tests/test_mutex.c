/* tests/test_mutex.c: every mutex implementation at 1 and 2 workers passes its mutual-exclusion
 * check through the real program; the broken lock (negative control) is caught as FAIL; the CSVs
 * and meta.json are complete. */
#include <criterion/criterion.h>
#include <unistd.h>

#include "sbtest.h"

static char dir[64];
static void setup(void) { sbt_tmpdir(dir, sizeof dir); }
static void teardown(void) { sbt_rmdir(dir); }
TestSuite(mutex, .init = setup, .fini = teardown, .timeout = 120);

/* rows of results.csv as (impl, scenario, threads, check) checks */
static int check_rows(const char *csv, const char *want_impl, int expect_fail, int *rows)
{
	char *s = strdup(csv), *save = NULL;
	char *hdr = strtok_r(s, "\n", &save);
	int ci = sbt_col(hdr, "impl"), cc = sbt_col(hdr, "check"), ct = sbt_col(hdr, "threads");
	int co = sbt_col(hdr, "ops"), cn = sbt_col(hdr, "ns_per_op"), cj = sbt_col(hdr, "fair_jain");
	cr_assert(ci >= 0 && cc >= 0 && ct >= 0 && co >= 0 && cn >= 0 && cj >= 0, "header: %s", hdr);
	int bad = 0;
	*rows = 0;
	for (char *line = strtok_r(NULL, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[64];
		int n = sbt_csv_split(line, f, 64);
		cr_assert(n > cc, "short row");
		if (want_impl && strcmp(f[ci], want_impl))
			continue;
		(*rows)++;
		int failed = strncmp(f[cc], "FAIL", 4) == 0;
		if (!expect_fail) {
			cr_expect(!failed && !strcmp(f[cc], "ok"), "%s threads=%s: %s", f[ci], f[ct], f[cc]);
			cr_expect(atoll(f[co]) > 0, "%s threads=%s: no operations", f[ci], f[ct]);
			cr_expect(atof(f[cn]) > 0, "%s: ns_per_op %s", f[ci], f[cn]);
			cr_expect(atof(f[cj]) > 0 && atof(f[cj]) <= 1.0 + 1e-9, "%s: jain %s", f[ci], f[cj]);
		}
		bad += failed;
	}
	free(s);
	return bad;
}

Test(mutex, every_implementation_excludes)
{
	char args[512];
	snprintf(args, sizeof args, "run -q -f 'mutex/*' -t 1,2 -d 20ms --warmup 5ms -r 1 --cs 50ns --think 50ns -o %s/run", dir);
	int st = sbt_run(dir, args);
	char p[128];
	snprintf(p, sizeof p, "%s/err.txt", dir);
	char *err = sbt_slurp(p);
	cr_assert_eq(st, 0, "exit %d: %s", st, err);
	free(err);
	snprintf(p, sizeof p, "%s/run/results.csv", dir);
	char *csv = sbt_slurp(p);
	cr_assert(csv, "no results.csv");
	int rows;
	cr_assert_eq(check_rows(csv, NULL, 0, &rows), 0);
	/* every listed implementation: uncontended (1 thread) + contended at 1 and 2 threads */
	int impls = sbt_count_listed("mutex/*/uncontended");
	cr_assert(impls >= 10, "list shows %d mutex implementations", impls);
	cr_assert_eq(rows, 3 * impls, "rows %d for %d implementations", rows, impls);
	free(csv);
	snprintf(p, sizeof p, "%s/run/summary.csv", dir);
	char *sum = sbt_slurp(p);
	cr_assert(sum, "no summary.csv");
	cr_assert_eq(sbt_count_lines(sum), 3 * impls + 1, "summary lines %d", sbt_count_lines(sum));
	cr_assert(strstr(sum, "ops_per_s_ci_lo"), "summary header");
	free(sum);
	snprintf(p, sizeof p, "%s/run/meta.json", dir);
	char *meta = sbt_slurp(p);
	cr_assert(meta && strstr(meta, "\"complete\": true") && strstr(meta, "\"cpu_model\"") &&
		  strstr(meta, "\"null_loop_ns_per_op\"") && strstr(meta, "\"schema_version\": 2"), "%s", meta);
	free(meta);
	snprintf(p, sizeof p, "%s/run/run.log", dir);
	char *log = sbt_slurp(p);
	cr_assert(log && strstr(log, "INFO") && strstr(log, "mutex/mcs/contended"), "run.log");
	free(log);
}

Test(mutex, broken_lock_is_caught)
{
	if (sbt_under_tsan())
		cr_skip_test("the broken lock races on purpose; ThreadSanitizer would (rightly) stop the run");
	char args[512];
	snprintf(args, sizeof args,
		 "run -q --negative-controls -f 'mutex/broken/contended' -t 2 -d 100ms --warmup 10ms -r 2 --cs 20ns --think 0 -o %s/run", dir);
	int st = sbt_run(dir, args);
	cr_assert_eq(st, 1, "a failed check must make the run exit 1, got %d", st);
	char p[128];
	snprintf(p, sizeof p, "%s/run/results.csv", dir);
	char *csv = sbt_slurp(p);
	int rows;
	int bad = check_rows(csv, "broken", 1, &rows);
	cr_assert_eq(rows, 2);
	cr_assert(bad >= 1, "the broken lock was not caught: %s", csv);
	cr_assert(strstr(csv, "mutual exclusion violated"), "%s", csv);
	free(csv);
}

Test(mutex, pinned_to_one_cpu)
{
	char args[512];
	snprintf(args, sizeof args, "run -q -f 'mutex/futex/contended' -t 2 -d 20ms --warmup 5ms -r 1 --pin cpus=0 -o %s/run", dir);
	cr_assert_eq(sbt_run(dir, args), 0);
	char p[128];
	snprintf(p, sizeof p, "%s/run/results.csv", dir);
	char *csv = sbt_slurp(p);
	char *s = strdup(csv), *save = NULL;
	char *hdr = strtok_r(s, "\n", &save);
	int cc = sbt_col(hdr, "cpus"), cp = sbt_col(hdr, "params");
	char *line = strtok_r(NULL, "\n", &save);
	char *f[64];
	sbt_csv_split(line, f, 64);
	cr_assert_str_eq(f[cc], "1");
	cr_assert(strstr(f[cp], "oversubscribed=1"), "params '%s'", f[cp]);
	free(s);
	free(csv);
}
