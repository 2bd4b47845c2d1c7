/* syncbench/run.h: a whole run: the options, then plan (syncbench/plan.h), rounds of repetitions
 * until each case is precise enough, every result logged (console, results.csv, run.log), and at
 * the end summary.csv, summary.md, results.json and meta.json (src/report.c: its functions take the
 * run's internal state, src/run_state.h, so there is no public report header).
 * sb_run() is called once by main; it owns the logging configuration for the run. A run's options
 * travel in sb_run_opts: nothing is global but the signal flag. */
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
	int reps;                  /* repetitions (with target_ci: at least this many) */
	double target_ci;          /* > 0: repeat until the median's 95 % interval is within +-target_ci % */
	int max_reps;              /* with target_ci: at most this many repetitions (default 30) */
	uint64_t budget_ns;        /* > 0: start no round that would end past this (after the minimum) */
	uint64_t min_ops;          /* a window shorter than this many operations is lengthened, then flagged */
	uint64_t max_window_ns;    /* ... up to this window (default 2 s) */
	uint64_t cs_ns, think_ns;
	enum sb_pin pin;           /* the first placement (the null probe's) */
	const char *pin_name;
	int cpu_list[SB_MAX_LIST];
	int ncpu_list;
	const struct sb_pin_spec *pins; /* --pin LIST: a sweep axis of placements (NULL: pin above) */
	int npins;
	const struct sb_topo *topo; /* --topology (dry run only): plan for that machine (NULL: this one) */
	const char *out_dir;       /* NULL: results/<run id>, and results/latest points to it */
	int append;                /* out_dir may hold an earlier run of the same plan: add to it */
	int quiet;
	int negative_controls;     /* also select hidden negative-control cases */
	int stop_on_fail;
	int dry_run;               /* print the plan and its estimated time, run nothing */
	int progress;              /* 1: a rewriting progress line (stderr is a terminal), 0: lines */
	int log_level;
	const char *log_format;     /* run.log and the other log handlers */
	const char *console_format; /* the console */
	const char *log_datefmt;
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
/* Check the options and the whole plan, before anything starts or is written: the selection is
 * not empty, every parameter is taken by a selected case and within its range, every CPU exists.
 * 0, or -EINVAL with a one-line reason in err. */
int sb_run_validate(const sb_run_opts *o, char *err, size_t errlen);
/* Run. Returns the process exit status: 0 all cases ok, 1 a case failed or hung or a handler
 * failed, 2 bad input or an output folder that cannot be written, 128+N killed by signal N. */
int sb_run(const sb_run_opts *o);

/* Print the cases matching glob (NULL: all) to f, one per line; with verbose, their description,
 * parameters and default sweep; with json, one JSON document. Returns how many. */
int sb_list(FILE *f, const char *glob, int verbose, int negative_controls);
int sb_list_json(FILE *f, const char *glob, int negative_controls);
/* Every case point's worker function as "label offset", the offset from anchor (for the
 * disassembly test). Returns how many, or -1. */
int sb_list_workers(FILE *f, const char *glob, int negative_controls, void (*anchor)(void));

#endif
