/* compare_impl.h: what compare.c, compare_load.c and compare_table.c share (not public). */
#ifndef SYNCBENCH_COMPARE_IMPL_H
#define SYNCBENCH_COMPARE_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "syncbench/compare.h"
#include "syncbench/json.h"

/* The key of a case, in results.csv's column names. */
enum { K_FAMILY, K_IMPL, K_SCENARIO, K_THREADS, K_PIN, K_CS, K_THINK, K_READ_PCT, K_DEPTH, K_PERMITS,
       K_WAITERS, K_PARAMS, NKEY };
extern const char *const sb_cmp_key_cols[NKEY];

typedef struct cmp_sample {
	double *v;
	size_t n, cap;
} cmp_sample;

typedef struct cmp_case {
	char *key[NKEY];            /* into blob */
	char *blob;
	cmp_sample m[SB_METRIC_COUNT];
	size_t reps, flagged;
	char flags[96];             /* union of the reps' flag tokens, ';'-joined */
	int failed;
	char fail_msg[96];
} cmp_case;

/* An open-addressing index of cases by their key without the fields in a mask (bit k: key k). */
typedef struct cmp_index {
	size_t *slot;               /* case index + 1; 0 = empty */
	uint64_t *hash;             /* the key hash of each slot: compared before the key */
	size_t cap, n;
	unsigned mask;
} cmp_index;

typedef struct cmp_run {
	char dir[4096];
	cmp_case *c;
	size_t n, cap, rows;
	cmp_index full;
	sb_json *meta;              /* NULL when there is no meta.json */
	int from_summary;           /* no results.csv: one median per case from summary.csv */
} cmp_run;

/* Reads dir/results.csv (else dir/summary.csv's medians) and dir/meta.json when present into r; need[m] says which metrics must
 * be readable. 0, or -errno with the reason in err. */
int sb_cmp_load(cmp_run *r, const char *dir, const int need[SB_METRIC_COUNT], char *err, size_t errlen);
void sb_cmp_free(cmp_run *r);
uint64_t sb_cmp_key_hash(char *const key[NKEY], unsigned mask);
/* The case of r whose key (without mask) equals key, or SIZE_MAX. */
size_t sb_cmp_index_find(const cmp_index *ix, const cmp_run *r, char *const key[NKEY]);
/* Adds case i; returns the index of an existing case with the same key instead (nothing added),
 * SIZE_MAX when it was added, or SIZE_MAX - 1 on ENOMEM. */
size_t sb_cmp_index_add(cmp_index *ix, const cmp_run *r, size_t i);
void sb_cmp_index_free(cmp_index *ix);

/* A table of string cells, printed as text, markdown, JSON or CSV. */
typedef struct cmp_table {
	const char *const *cols;
	const int *numeric;         /* per column: JSON writes the cell as a number (or null) */
	int ncols;
	char **cells;               /* nrows x ncols, malloc'd */
	size_t nrows, cap;
	char **notes;               /* lines before the table */
	size_t nnotes;
	char **after;               /* lines after it */
	size_t nafter;
	char **warnings;
	size_t nwarnings;
} cmp_table;

int sb_cmp_table_row(cmp_table *t, const char *const *cells);
int sb_cmp_table_note(cmp_table *t, int where, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void sb_cmp_table_print(const cmp_table *t, int format, FILE *out);
void sb_cmp_table_free(cmp_table *t);

#endif
