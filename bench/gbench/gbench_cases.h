/* bench/gbench/gbench_cases.h: the cases syncbench-gbench registers with google-benchmark, one
 * function per family (called by main before the run, from the main thread), and the machine/build
 * context it adds to the report. Each returns 0 or a negative errno with a message in err.
 * Names are "family/impl/scenario"; google-benchmark appends "/real_time" and "/threads:N". */
#ifndef SB_BENCH_GBENCH_CASES_H
#define SB_BENCH_GBENCH_CASES_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sb_gbench_opts {
	int max_threads;        /* contended cases run at 1, 2, 4, ... max_threads */
	bool negative_controls; /* also register the hidden implementations (the broken lock) */
	double run_limit_s;     /* a multi-threaded run that takes longer fails (no watchdog in gb) */
} sb_gbench_opts;

int sb_gbench_null_register(const sb_gbench_opts *o, char *err, size_t len);
int sb_gbench_mutex_register(const sb_gbench_opts *o, char *err, size_t len);
/* Machine and build information into the report's "context" (as in the suite's meta.json). */
int sb_gbench_context_add(char *err, size_t len);

#endif
