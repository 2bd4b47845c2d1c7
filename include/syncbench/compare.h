/* syncbench/compare.h: two runs side by side (compare), the implementations of one run in order
 * (rank), and saved baselines.
 *
 * compare matches cases on their whole key (family, impl, scenario, threads, every parameter
 * column, cs/think/pin, and the window); when the two runs differ only in an option (cs_ns,
 * think_ns, pin, duration), cases are paired on the rest and the difference is shown. Per case
 * and metric: the ratio B/A of the medians, a 95% distribution-free interval (Hodges-Lehmann on
 * log values), the exact Mann-Whitney p, Holm-corrected over the cases, and a verdict. See
 * docs/compare.md. Inputs are checked whole: any malformed row, value or meta.json is an error
 * (one line in err) and nothing is printed. Single-threaded; nothing is kept between calls. */
#ifndef SYNCBENCH_COMPARE_H
#define SYNCBENCH_COMPARE_H

#include <stddef.h>
#include <stdio.h>

#include "syncbench/stats.h"

enum { SB_METRIC_NS_PER_OP, SB_METRIC_OPS_PER_S, SB_METRIC_LAT_P99, SB_METRIC_FAIR, SB_METRIC_CPU,
       SB_METRIC_COUNT };
enum { SB_FORMAT_TEXT, SB_FORMAT_MARKDOWN, SB_FORMAT_JSON, SB_FORMAT_CSV };
enum { SB_VERDICT_FASTER, SB_VERDICT_SLOWER, SB_VERDICT_SAME, SB_VERDICT_INCONCLUSIVE, SB_VERDICT_FAILED };

#define SB_COMPARE_MAX_FILTERS 16

typedef struct sb_compare_opts {
	const char *run_a, *run_b;     /* run folders (rank: run_a only) */
	int metrics[SB_METRIC_COUNT], nmetrics;  /* default: ns_per_op */
	double alpha;                  /* family-wise significance level, default 0.05 */
	double threshold;              /* "same" when the interval is inside 1 -/+ this (0.05) */
	int format;                    /* SB_FORMAT_* */
	int across_machines;           /* allow runs of different machine fingerprints */
	int fail_on_slower;            /* return 1 when a case is slower after correction */
	const char *filters[SB_COMPARE_MAX_FILTERS]; /* rank: globs on family/impl/scenario */
	int nfilters;
	int threads;                   /* rank: only this thread count (0: all) */
} sb_compare_opts;

void sb_compare_opts_default(sb_compare_opts *o);
/* "ns_per_op" ... -> SB_METRIC_*, -1 when unknown; the name of a metric. */
int sb_metric_parse(const char *name);
const char *sb_metric_name(int metric);
int sb_format_parse(const char *name);   /* -1 when unknown */

/* compare o->run_a with o->run_b, the report to out, warnings (one line each) to warn.
 * Returns 0; 1 when o->fail_on_slower and a case is slower; -errno with a one-line reason in err
 * on bad input (-EXDEV: different machines without o->across_machines). */
int sb_compare_runs(const sb_compare_opts *o, FILE *out, FILE *warn, char *err, size_t errlen);

/* rank the implementations of each scenario of o->run_a, best first. Returns 0 or -errno. */
int sb_rank_run(const sb_compare_opts *o, FILE *out, FILE *warn, char *err, size_t errlen);

/* The folder of baseline name under results_dir ("results/baselines/NAME"); -EINVAL for a name
 * that is not [A-Za-z0-9._-]+ (or starts with a dot). */
int sb_baseline_path(const char *results_dir, const char *name, char *buf, size_t len, char *err, size_t errlen);
/* Copies the CSV and JSON files of run into the baseline name, replacing an older one atomically
 * (built aside, then exchanged with renameat2). The baseline's folder into path. */
int sb_baseline_save(const char *results_dir, const char *name, const char *run, char *path, size_t pathlen,
		     char *err, size_t errlen);

/* The old entry point: compare a and b on ns_per_op, text to out. */
int sb_compare(const char *a, const char *b, double alpha, FILE *out, char *err, size_t errlen);

#endif
