/* syncbench/result.h: one measurement (a case × repetition), computed from a joined team, with the
 * validity flags that say how much to believe it, and the CSV columns of schema version 2
 * (results.csv and summary.csv). A result becomes a log record whose structured fields are its
 * columns (sb_result_fields), so it travels through the logger "syncbench.result" to the CSV
 * handler like any other record. Plain data; only sb_result_from_team allocates (and frees). */
#ifndef SYNCBENCH_RESULT_H
#define SYNCBENCH_RESULT_H

#include <stddef.h>
#include <stdint.h>

#include "syncbench/case.h"
#include "syncbench/log.h"

#define SB_SCHEMA_VERSION 2

/* Validity flags of one repetition (results.csv `flags`) and of a case (summary.csv `flags`). */
enum sb_flag {
	SB_FLAG_FEW_OPS = 1u << 0,     /* fewer operations than --min-ops, even after lengthening */
	SB_FLAG_LOW_OVERLAP = 1u << 1, /* the workers ran their loops together for < 90 % of the window */
	SB_FLAG_STARVED = 1u << 2,     /* a worker did no operation, or < 1 % of the mean */
	SB_FLAG_PREEMPTED = 1u << 3,   /* a spinning worker was on a CPU for < 80 % of the window */
	SB_FLAG_MOVED = 1u << 4,       /* the cache-line transfer time changed > 1.5x across the rep */
	SB_FLAG_SLOWED = 1u << 5,      /* the CPU speed probe changed > 1.2x across the rep */
	SB_FLAG_BELOW_CLOCK = 1u << 6, /* a latency percentile below the clock's resolution (left empty) */
	SB_FLAG_OVERRUN = 1u << 7,     /* the measured span exceeds the window by > 20 % */
	/* case level (summary.csv) */
	SB_FLAG_UNSTABLE = 1u << 8,    /* the median's 95 % interval is wider than +-10 % */
	SB_FLAG_BIMODAL = 1u << 9,     /* the repetitions fall into two clusters far apart */
	SB_FLAG_FEW_REPS = 1u << 10,   /* too few repetitions for a 95 % interval of the median */
};
#define SB_NFLAGS 11

/* The token of flag bit i ("few_ops", ...) and its meaning in words. */
const char *sb_flag_name(int i);
const char *sb_flag_words(int i);
/* The flags as ';'-joined tokens into buf ("" when none). */
void sb_flags_str(unsigned flags, char *buf, size_t len);

/* What the flags are judged against (from the run's options and calibration). */
typedef struct sb_flag_opts {
	uint64_t min_ops, min_ops_per_worker;
	double clock_floor_ns;  /* latency below this is below the clock's resolution */
	int spins;              /* the implementation never blocks (SB_CASE_SPINS) */
} sb_flag_opts;

typedef struct sb_result {
	const char *run_id, *host, *family, *impl, *scenario, *pin;
	sb_case_params p;
	int cpus, rep;
	double duration_s;
	uint64_t ops;
	int64_t read_ops, write_ops;   /* -1: does not apply */
	double ops_per_s, ns_per_op;
	uint64_t lat_samples, lat_p50, lat_p90, lat_p99, lat_p999, lat_max;
	unsigned lat_below;            /* bit q: percentile q (p50, p90, p99, p99.9, max) is below the clock */
	double fair_jain;
	uint64_t thread_ops_min, thread_ops_max;
	double user_s, sys_s;
	long vol_cs, invol_cs;
	double c2c_before_ns, c2c_after_ns;     /* NAN: not measured (one worker) */
	double speed_before_ns, speed_after_ns; /* NAN: not measured */
	double overlap;                /* share of the window all workers ran together */
	double cpu_share_min;          /* the least CPU time of a worker / its window */
	char relation[16];             /* closest relation between the workers' CPUs ("" unknown) */
	unsigned flags;                /* enum sb_flag, repetition level */
	char check[200];               /* "ok" or "FAIL: ..." */
	sb_counters counters;          /* what the case's check handed to the row (syncbench/case.h) */
} sb_result;

extern const char *const sb_result_columns[];
extern const size_t sb_result_ncolumns;
extern const char *const sb_summary_columns[];
extern const size_t sb_summary_ncolumns;

/* Fill the measured fields and the validity flags of r from a joined team (r's identity fields
 * are the caller's). fo may be NULL (no flags judged). */
void sb_result_from_team(sb_result *r, const sb_team *t, int has_rw, const sb_flag_opts *fo);
/* The result as log fields, in column order; f must hold sb_result_ncolumns entries. Strings
 * point into r or into buf (at least 128 bytes). Returns the count. */
size_t sb_result_fields(const sb_result *r, sb_log_field *f, char *buf, size_t buflen);

/* The case-level figures of n repetitions. */
typedef struct sb_summary {
	size_t reps;
	double ns_median, ns_min, ns_max, ns_lo, ns_hi, ns_mean, ns_sd, ns_cv;
	double ops_median, ops_min, ops_max, ops_lo, ops_hi, ops_mean, ops_sd, ops_cv;
	double halfwidth;             /* the ns/op interval's half-width / median (NAN: no interval) */
	unsigned flags;               /* union of the reps' flags plus unstable, bimodal, few_reps */
	const char *check;            /* "ok", or the first failing rep's check */
} sb_summary;

void sb_summary_compute(const sb_result *reps, size_t n, sb_summary *s);

/* Summary over the repetitions of one case; f holds sb_summary_ncolumns entries; buf holds the
 * strings of the flags and counters fields (1024 bytes hold the longest). */
size_t sb_summary_fields(const sb_result *reps, size_t n, sb_log_field *f, char *buf, size_t buflen);
/* The counters of the first measured repetition (finite ns_per_op), or NULL. */
const sb_counters *sb_counters_first(const sb_result *reps, size_t n);
/* The values of counter key in the measured repetitions that have it, into a (at most cap);
 * returns how many. The summary's medians and results.json's aggregates are over these. */
size_t sb_counter_values(const sb_result *reps, size_t n, const char *key, double *a, size_t cap);

#endif
