/* bench/gbench/gbench_cases.h: the cases syncbench-gbench registers with google-benchmark, one
 * function per family (called by main before the run, from the main thread), and the machine/build
 * context it adds to the report. Each returns 0 or a negative errno with a message in err.
 * Names are "family/impl/scenario"; google-benchmark appends "/real_time" and "/threads:N". */
#ifndef SB_BENCH_GBENCH_CASES_H
#define SB_BENCH_GBENCH_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "syncbench/gbench.h"

typedef struct sb_gbench_opts {
	int max_threads;        /* contended cases run at 1, 2, 4, ... max_threads */
	bool negative_controls; /* also register the hidden implementations (the broken lock) */
	double run_limit_s;     /* a multi-threaded run that takes longer fails (no watchdog in gb) */
} sb_gbench_opts;

int sb_gbench_null_register(const sb_gbench_opts *o, char *err, size_t len);
int sb_gbench_mutex_register(const sb_gbench_opts *o, char *err, size_t len);
int sb_gbench_rlock_register(const sb_gbench_opts *o, char *err, size_t len);
int sb_gbench_rwlock_register(const sb_gbench_opts *o, char *err, size_t len);
int sb_gbench_semaphore_register(const sb_gbench_opts *o, char *err, size_t len);
int sb_gbench_condvar_register(const sb_gbench_opts *o, char *err, size_t len);
int sb_gbench_event_register(const sb_gbench_opts *o, char *err, size_t len);
int sb_gbench_timer_register(const sb_gbench_opts *o, char *err, size_t len);
int sb_gbench_atomic_register(const sb_gbench_opts *o, char *err, size_t len);
int sb_gbench_rcu_register(const sb_gbench_opts *o, char *err, size_t len);
int sb_gbench_queue_register(const sb_gbench_opts *o, char *err, size_t len);
int sb_gbench_map_register(const sb_gbench_opts *o, char *err, size_t len);

/* The measured loop of a one-thread case: OP once per iteration google-benchmark hands out, in
 * one batch, with no call between operations (sb_gb_keep_running_batch). */
#define SB_GB_LOOP(st, OP)                                                        \
	do {                                                                      \
		int64_t n_;                                                       \
		while ((n_ = sb_gb_keep_running_batch((st), 0)) > 0)              \
			for (int64_t i_ = 0; i_ < n_; i_++) {                     \
				OP;                                               \
			}                                                         \
	} while (0)

/* Registers "family/impl/uncontended" (one thread, wall time), with one run per value of
 * vals[0..nvals-1] of the argument arg_name (name:value in the name; nvals 0: no argument).
 * A hidden implementation (a negative control) is registered only with --negative-controls.
 * Returns 0, or -EINVAL with a message in err. */
int sb_gbench_uncontended(const sb_gbench_opts *o, const char *family, const char *impl, int hidden,
			  sb_gb_fn fn, void *arg, const char *arg_name, const long long *vals, int nvals,
			  char *err, size_t len);
/* Machine and build information into the report's "context" (as in the suite's meta.json). */
int sb_gbench_context_add(char *err, size_t len);

#endif
