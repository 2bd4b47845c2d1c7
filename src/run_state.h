/* run_state.h: what the run engine (run.c) and the reports (report.c) share about one run.
 * Internal to src/; owned by sb_run, used on the controller thread only. */
#ifndef SB_SRC_RUN_STATE_H
#define SB_SRC_RUN_STATE_H

#include "syncbench/clock.h"
#include "syncbench/machine.h"
#include "syncbench/plan.h"
#include "syncbench/result.h"
#include "syncbench/run.h"
#include "syncbench/spin.h"

typedef struct sb_run_state {
	const sb_run_opts *o;
	sb_machine m;
	char run_id[192], dir[4096], start_iso[40];
	char plan_sig[1024];       /* the options that define the plan (for --append) */
	sb_clock_info clk;
	sb_spin_cal cal;
	double cs_measured_ns, think_measured_ns, null_ns_per_op;
	uint64_t cs_iters, think_iters;
	sb_plan plan;
	int max_reps;
	size_t reps_done, reps_failed, reps_flagged, cases_done;
	int rounds;
	uint64_t t0;               /* when the measuring started */
	int hung, interrupted, signal, write_failed;
	char stop_reason[256];
	int reserve_fd;            /* disk space held for the closing files, or -1 (run.c) */
} sb_run_state;

/* report.c */
void sb_report_meta(sb_run_state *s, int complete);
int sb_report_summary_csv(sb_run_state *s, char *err, size_t errlen);
void sb_report_table(sb_run_state *s, FILE *f);
int sb_report_markdown(sb_run_state *s);
int sb_report_json(sb_run_state *s);
void sb_report_dry_run(const sb_run_opts *o, const sb_plan *plan, int max_reps, FILE *f);
/* "12.3 M" style: v with an SI prefix and unit ("ops/s", "ns" scales to us/ms/s). */
void sb_fmt_si(double v, const char *unit, char *buf, size_t len);
/* One line for a finished case: its label, median ns/op (range), ops/s, flags, check. */
void sb_report_case_line(const sb_run_state *s, const sb_plan_item *it, char *buf, size_t len);

/* Write path atomically: fill a temporary file with fn, fsync, rename over path. 0 or -errno. */
int sb_write_atomic(const char *path, int (*fn)(FILE *f, void *arg), void *arg);

#endif
