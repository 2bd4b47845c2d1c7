/* tests/sbtest_rows.h: read a run's results.csv into rows whose fields are found by column name,
 * for the family tests that check every row of a run; and the two checks every family test makes,
 * with the expected counts taken from the program itself ("list", "run --dry-run"):
 *   sbt_every_impl_ok(dir, "FAMILY/...", opts)            every implementation passes its check
 *   sbt_negative_caught(dir, "FAMILY/broken/SC", opts, what)   this negative control is caught */
#ifndef SB_TESTS_SBTEST_ROWS_H
#define SB_TESTS_SBTEST_ROWS_H

#include "sbtest.h"

#define SBT_MAX_ROWS 256
#define SBT_MAX_COLS 64

typedef struct sbt_rows {
	char *text;                     /* the file, split in place */
	char *hdr[SBT_MAX_COLS];
	int ncols, nrows;
	char *f[SBT_MAX_ROWS][SBT_MAX_COLS];
} sbt_rows;

/* 0, or -1 when the file is missing or malformed. */
static inline int sbt_rows_read(sbt_rows *r, const char *path)
{
	memset(r, 0, sizeof *r);
	r->text = sbt_slurp(path);
	if (!r->text)
		return -1;
	char *save = NULL;
	char *line = strtok_r(r->text, "\n", &save);
	if (!line)
		return -1;
	r->ncols = sbt_csv_split(line, r->hdr, SBT_MAX_COLS);
	while ((line = strtok_r(NULL, "\n", &save)) && r->nrows < SBT_MAX_ROWS) {
		int n = sbt_csv_split(line, r->f[r->nrows], SBT_MAX_COLS);
		if (n != r->ncols)
			return -1;
		r->nrows++;
	}
	return 0;
}

/* Field of row i under column name ("" when there is no such column). */
static inline const char *sbt_get(const sbt_rows *r, int i, const char *name)
{
	for (int c = 0; c < r->ncols; c++)
		if (!strcmp(r->hdr[c], name))
			return r->f[i][c];
	return "";
}

static inline void sbt_rows_free(sbt_rows *r) { free(r->text); }

/* What "run --dry-run ARGS" plans: the case points and the repetitions of each, from its last
 * line ("# N case points x R repetitions, ..."). 0, or -1 when the plan was refused. */
static inline int sbt_plan(const char *dir, const char *args, int *points, int *reps)
{
	char cmd[1200], p[128];
	snprintf(cmd, sizeof cmd, "run --dry-run %s", args);
	if (sbt_run(dir, cmd) != 0)
		return -1;
	snprintf(p, sizeof p, "%s/out.txt", dir);
	char *out = sbt_slurp(p);
	const char *last = out ? strstr(out, " case points x ") : NULL;
	while (last && strstr(last + 1, " case points x "))
		last = strstr(last + 1, " case points x ");
	int ok = 0;
	if (last) {
		while (last > out && last[-1] != ' ')
			last--;
		ok = sscanf(last, "%d case points x %d repetitions", points, reps) == 2;
	}
	free(out);
	return ok ? 0 : -1;
}

/* The implementations (distinct "family/impl") that "list [--negative-controls] GLOB" shows, into
 * names[0 .. max-1] as "family/impl" (at most 63 characters each); how many, or -1. */
static inline int sbt_list_impls(const char *dir, const char *glob, int negative, char names[][64], int max)
{
	char cmd[600], p[128];
	snprintf(cmd, sizeof cmd, "list %s'%s'", negative ? "--negative-controls " : "", glob);
	if (sbt_run(dir, cmd) != 0)
		return -1;
	snprintf(p, sizeof p, "%s/out.txt", dir);
	char *out = sbt_slurp(p);
	if (!out)
		return -1;
	int n = 0;
	char *save = NULL;
	for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *slash = strchr(line, '/');
		char *end = slash ? strchr(slash + 1, '/') : NULL;
		if (!end)
			continue;
		*end = 0;
		int seen = 0;
		for (int i = 0; i < n && !seen; i++)
			seen = !strcmp(names[i], line);
		if (!seen && n < max)
			snprintf(names[n++], 64, "%s", line);
	}
	free(out);
	return n;
}

/* Rows of r whose family and impl are "family/impl". */
static inline int sbt_rows_of(const sbt_rows *r, const char *family_impl)
{
	int n = 0;
	for (int i = 0; i < r->nrows; i++) {
		char name[128];
		snprintf(name, sizeof name, "%s/%s", sbt_get(r, i, "family"), sbt_get(r, i, "impl"));
		n += !strcmp(name, family_impl);
	}
	return n;
}

static inline void sbt_rows_drop(sbt_rows *r)
{
	if (r)
		sbt_rows_free(r);
	free(r);
}

#ifdef CRITERION_H_
/* sbt_list_count that fails the test when the glob names no case. */
static inline int sbt_listed(const char *glob, int negative)
{
	int n = sbt_list_count(glob, negative);
	cr_assert(n > 0, "list %s'%s' names no case", negative ? "--negative-controls " : "", glob);
	return n;
}

/* Run the program with args_fmt (its one %s is dir), assert its exit status, and read
 * dir/run/results.csv. The caller frees with sbt_rows_free and free. */
static inline sbt_rows *sbt_run_rows(const char *dir, const char *args_fmt, int want_status)
{
	char args[1400], p[128];
	snprintf(args, sizeof args, args_fmt, dir);
	int st = sbt_run(dir, args);
	snprintf(p, sizeof p, "%s/err.txt", dir);
	char *err = sbt_slurp(p);
	cr_assert_eq(st, want_status, "exit %d (want %d): %s", st, want_status, err ? err : "");
	free(err);
	sbt_rows *r = malloc(sizeof *r);
	snprintf(p, sizeof p, "%s/run/results.csv", dir);
	cr_assert_eq(sbt_rows_read(r, p), 0, "cannot read %s", p);
	return r;
}

/* Runs "run -q [--negative-controls] -f 'GLOB' OPTS -o DIR/run", asserts exit status want_status,
 * and that results.csv has one row per case point and repetition of the same command's dry run.
 * The caller frees with sbt_rows_drop. */
static inline sbt_rows *sbt_run_planned(const char *dir, const char *glob, const char *opts, int negative,
					int want_status)
{
	char args[1000], fmt[1100];
	snprintf(args, sizeof args, "-q %s-f '%s' %s", negative ? "--negative-controls " : "", glob, opts);
	int points = 0, reps = 0;
	cr_assert_eq(sbt_plan(dir, args, &points, &reps), 0, "the plan of \"run %s\" was refused", args);
	snprintf(fmt, sizeof fmt, "run %s -o %%s/run", args);
	sbt_rows *r = sbt_run_rows(dir, fmt, want_status);
	cr_assert_eq(r->nrows, points * reps, "%s: %d rows for %d case points x %d repetitions", glob, r->nrows,
		     points, reps);
	return r;
}

/* Every implementation of a family passes its check: runs the cases GLOB selects with OPTS (as
 * sbt_run_planned, exit 0), expects every row "ok" with operations counted, and a row for every
 * implementation that "list GLOB" shows (the counts come from the program, not from the test).
 * Returns the rows for the family's own checks (sbt_rows_drop). */
static inline sbt_rows *sbt_every_impl_ok(const char *dir, const char *glob, const char *opts)
{
	char impls[64][64];
	int n = sbt_list_impls(dir, glob, 0, impls, 64);
	cr_assert(n > 0, "list '%s' shows no implementation", glob);
	sbt_rows *r = sbt_run_planned(dir, glob, opts, 0, 0);
	for (int i = 0; i < n; i++)
		cr_expect(sbt_rows_of(r, impls[i]) > 0, "%s: no row", impls[i]);
	for (int i = 0; i < r->nrows; i++) {
		const char *impl = sbt_get(r, i, "impl"), *sc = sbt_get(r, i, "scenario");
		const char *th = sbt_get(r, i, "threads"), *par = sbt_get(r, i, "params");
		cr_expect_str_eq(sbt_get(r, i, "check"), "ok", "%s/%s t=%s %s", impl, sc, th, par);
		cr_expect(atoll(sbt_get(r, i, "ops")) > 0, "%s/%s t=%s %s: no operations", impl, sc, th, par);
	}
	return r;
}

/* This negative control is caught: runs the hidden cases GLOB selects with OPTS and
 * --negative-controls (as sbt_run_planned, exit 1: a failed check fails the run), and expects at
 * least one row whose check is "FAIL: ..." containing what. Skipped under ThreadSanitizer (a
 * negative control races on purpose). Returns the rows (sbt_rows_drop). */
static inline sbt_rows *sbt_negative_caught(const char *dir, const char *glob, const char *opts, const char *what)
{
	if (sbt_under_tsan())
		cr_skip_test("%s races on purpose; ThreadSanitizer would (rightly) stop the run", glob);
	sbt_rows *r = sbt_run_planned(dir, glob, opts, 1, 1);
	int caught = 0;
	for (int i = 0; i < r->nrows; i++) {
		const char *chk = sbt_get(r, i, "check");
		caught += !strncmp(chk, "FAIL", 4) && strstr(chk, what);
	}
	cr_expect(caught >= 1, "%s was not caught (\"%s\") in any of %d rows", glob, what, r->nrows);
	return r;
}
#endif

#endif
