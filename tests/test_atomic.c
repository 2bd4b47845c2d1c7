/* tests/test_atomic.c: the atomic operations' own contract, then every (operation, placement) of
 * the atomic family at 1 and 2 workers through the real program with its count check, and the
 * negative control (a load/store pair on one shared line) caught as FAIL. */
#include <criterion/criterion.h>
#include <pthread.h>

#include "prim/atomic_ops.h"
#include "sbtest.h"

static char dir[64];
static void setup(void) { sbt_tmpdir(dir, sizeof dir); }
static void teardown(void) { sbt_rmdir(dir); }
TestSuite(atomic, .init = setup, .fini = teardown, .timeout = 60);

Test(atomic, each_operation_adds_one)
{
	_Atomic uint64_t c = 0;
	uint64_t held = 0;
	sb_atomic_fetch_add_inc(&c, &held);
	sb_atomic_cas_inc(&c, &held);
	sb_atomic_loadstore_inc(&c, &held);
	cr_assert_eq(c, 3);
	cr_assert_eq(held, 0);
	/* xchg: the word and the held value together grow by one per operation */
	for (int i = 0; i < 5; i++)
		sb_atomic_xchg_inc(&c, &held);
	cr_assert_eq(c + held, 8, "word %llu + held %llu", (unsigned long long)c, (unsigned long long)held);
}

typedef struct { _Atomic uint64_t *c; uint64_t held; } xarg;
static void *xchg_many(void *p)
{
	xarg *a = p;
	for (int i = 0; i < 100000; i++)
		sb_atomic_xchg_inc(a->c, &a->held);
	return NULL;
}

Test(atomic, xchg_conserves_under_contention, .timeout = 20)
{
	_Atomic uint64_t c = 0;
	xarg a[2] = { { &c, 0 }, { &c, 0 } };
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, xchg_many, &a[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	cr_assert_eq(c + a[0].held + a[1].held, 200000);
}

static int check_rows(const char *csv, int expect_fail, int *rows, int *bad)
{
	char *s = strdup(csv), *save = NULL;
	char *hdr = strtok_r(s, "\n", &save);
	int ci = sbt_col(hdr, "impl"), cc = sbt_col(hdr, "check"), ct = sbt_col(hdr, "threads");
	int co = sbt_col(hdr, "ops"), cn = sbt_col(hdr, "ns_per_op"), cs = sbt_col(hdr, "scenario");
	cr_assert(ci >= 0 && cc >= 0 && ct >= 0 && co >= 0 && cn >= 0 && cs >= 0, "header: %s", hdr);
	*rows = *bad = 0;
	for (char *line = strtok_r(NULL, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[64];
		int n = sbt_csv_split(line, f, 64);
		cr_assert(n > cc, "short row");
		(*rows)++;
		cr_expect_str_eq(f[cs], "counter");
		int failed = strncmp(f[cc], "FAIL", 4) == 0;
		if (!expect_fail) {
			cr_expect_str_eq(f[cc], "ok", "%s threads=%s: %s", f[ci], f[ct], f[cc]);
			cr_expect(atoll(f[co]) > 0, "%s threads=%s: no operations", f[ci], f[ct]);
			cr_expect(atof(f[cn]) > 0, "%s: ns_per_op %s", f[ci], f[cn]);
		}
		*bad += failed;
	}
	free(s);
	return 0;
}

Test(atomic, every_operation_and_placement_counts)
{
	char args[512], p[128];
	snprintf(args, sizeof args, "run -q -f 'atomic/*' -t 1,2 -d 20ms --warmup 5ms -r 1 --watchdog 2s -o %s/run", dir);
	int st = sbt_run(dir, args);
	snprintf(p, sizeof p, "%s/err.txt", dir);
	char *err = sbt_slurp(p);
	cr_assert_eq(st, 0, "exit %d: %s", st, err);
	free(err);
	snprintf(p, sizeof p, "%s/run/results.csv", dir);
	char *csv = sbt_slurp(p);
	cr_assert(csv, "no results.csv");
	int rows, bad;
	check_rows(csv, 0, &rows, &bad);
	/* 3 operations x 4 placements + loadstore x 3 placements, at 1 and 2 workers */
	cr_assert_eq(rows, 30, "rows %d", rows);
	cr_assert_eq(bad, 0);
	for (const char *const *n = (const char *const[]){ "fetch_add_shared", "cas_false_shared", "xchg_padded",
							    "loadstore_tls", NULL }; *n; n++)
		cr_assert(strstr(csv, *n), "no %s row", *n);
	cr_assert(!strstr(csv, "loadstore_shared"), "the negative control ran without --negative-controls");
	free(csv);
}

Test(atomic, plain_rmw_on_a_shared_line_is_caught)
{
	char args[512], p[128];
	snprintf(args, sizeof args,
		 "run -q --negative-controls -f 'atomic/loadstore_shared/counter' -t 2 -d 100ms --warmup 10ms -r 2 --watchdog 2s -o %s/run", dir);
	int st = sbt_run(dir, args);
	cr_assert_eq(st, 1, "a failed check must make the run exit 1, got %d", st);
	snprintf(p, sizeof p, "%s/run/results.csv", dir);
	char *csv = sbt_slurp(p);
	cr_assert(csv, "no results.csv");
	int rows, bad;
	check_rows(csv, 1, &rows, &bad);
	cr_assert_eq(rows, 2);
	cr_assert(bad >= 1, "lost updates not caught: %s", csv);
	cr_assert(strstr(csv, "lost"), "%s", csv);
	free(csv);
}
