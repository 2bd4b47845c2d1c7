/* syncbench/result.h: one measurement (a case × repetition), computed from a joined team, and the
 * CSV columns of schema version 1 (results.csv and summary.csv). A result becomes a log record
 * whose structured fields are its columns (sb_result_fields), so it travels through the logger
 * "syncbench.result" to the CSV handler like any other record. Plain data, no allocation. */
#ifndef SYNCBENCH_RESULT_H
#define SYNCBENCH_RESULT_H

#include <stddef.h>
#include <stdint.h>

#include "syncbench/case.h"
#include "syncbench/log.h"

#define SB_SCHEMA_VERSION 1

typedef struct sb_result {
	const char *run_id, *host, *family, *impl, *scenario, *pin;
	sb_case_params p;
	int cpus, rep;
	double duration_s;
	uint64_t ops;
	int64_t read_ops, write_ops;   /* -1: does not apply */
	double ops_per_s, ns_per_op;
	uint64_t lat_samples, lat_p50, lat_p90, lat_p99, lat_p999, lat_max;
	double fair_jain;
	uint64_t thread_ops_min, thread_ops_max;
	double user_s, sys_s;
	long vol_cs, invol_cs;
	char check[200];               /* "ok" or "FAIL: ..." */
} sb_result;

extern const char *const sb_result_columns[];
extern const size_t sb_result_ncolumns;
extern const char *const sb_summary_columns[];
extern const size_t sb_summary_ncolumns;

/* Fill the measured fields of r from a joined team (r's identity fields are the caller's). */
void sb_result_from_team(sb_result *r, const sb_team *t, int has_rw);
/* The result as log fields, in column order; f must hold sb_result_ncolumns entries. Strings
 * point into r. Returns the count. */
size_t sb_result_fields(const sb_result *r, sb_log_field *f);

/* Summary over the repetitions of one case; f holds sb_summary_ncolumns entries. */
size_t sb_summary_fields(const sb_result *reps, size_t n, sb_log_field *f);

#endif
