/* tests/sbtest_rows.h: read a run's results.csv into rows whose fields are found by column name,
 * for the family tests that check every row of a run. */
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

#ifdef CRITERION_H_
/* Run the program with args_fmt (its one %s is dir), assert its exit status, and read
 * dir/run/results.csv. The caller frees with sbt_rows_free and free. */
static inline sbt_rows *sbt_run_rows(const char *dir, const char *args_fmt, int want_status)
{
	char args[600], p[128];
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
#endif

#endif
