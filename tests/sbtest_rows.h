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

#endif
