/* syncbench/run.h: a whole run: plan the cases, run every case once per repetition round, log each
 * result (console, results.csv, run.log), then write summary.csv and meta.json.
 * sb_run() is called once by main; it owns the logging configuration for the run. */
#ifndef SYNCBENCH_RUN_H
#define SYNCBENCH_RUN_H

#include <stdint.h>
#include <stdio.h>

#include "syncbench/harness.h"

#define SB_MAX_FILTERS 64
#define SB_MAX_LIST 256

typedef struct sb_run_opts {
	const char *filters[SB_MAX_FILTERS];
	int nfilters;
	int threads[SB_MAX_LIST];
	int nthreads;
	uint64_t duration_ns, warmup_ns;
	uint64_t watchdog_ns;      /* after the window, how long a case may take to finish (0: 10 s + window) */
	int reps;
	uint64_t cs_ns, think_ns;
	enum sb_pin pin;
	const char *pin_name;
	int cpu_list[SB_MAX_LIST];
	int ncpu_list;
	const char *out_dir;       /* NULL: results/<host>-<UTC time>, and results/latest points to it */
	int quiet;
	int negative_controls;     /* also select hidden negative-control cases */
	int stop_on_fail;
	int dry_run;               /* print the plan and its estimated time, run nothing */
	int log_level;
	const char *log_format;
	const char *log_file;      /* another log file besides <run>/run.log */
	const char *log_udp;       /* host:port: every log record also as a UDP datagram */
	int log_syslog;
	const char *params[SB_MAX_FILTERS]; /* "key=LIST" overrides of the cases' sweeps */
	int nparams;
	const char *cmdline;
} sb_run_opts;

/* Check one --param value "key=LIST[;key=LIST]"; 0 or -EINVAL with the reason in err. */
int sb_run_check_param(const char *spec, char *err, size_t errlen);

void sb_run_opts_default(sb_run_opts *o);
/* Check the options and that the selection is not empty, before anything starts or is written.
 * 0, or -EINVAL with a one-line reason in err. */
int sb_run_validate(const sb_run_opts *o, char *err, size_t errlen);
/* Run. Returns the process exit status: 0 all cases ok, 1 a case failed or hung or a handler
 * failed, 2 bad input or an output folder that cannot be written, 130 interrupted. */
int sb_run(const sb_run_opts *o);

/* Print the cases matching glob (NULL: all) to f, one per line; with verbose, their description.
 * Returns how many. */
int sb_list(FILE *f, const char *glob, int verbose, int negative_controls);

#endif
