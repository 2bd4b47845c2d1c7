/* bench/gbench/gbench_cases.h: the cases syncbench-gbench registers with google-benchmark, one
 * function per family of bench/family_list.h (called by main before the run, from the main
 * thread), and the machine/build context it adds to the report. Each returns 0 or a negative
 * errno with a message in err.
 * Names are "family/impl/scenario"; google-benchmark appends "/real_time" and "/threads:N".
 *
 * A family's cases are a table of sb_gbench_case rows, one per implementation, generated from the
 * family's implementation list (src/prim/FAMILY_list.h) and registered by sb_gbench_add: the rows
 * name and set up the cases; the measured loop is the row's function, instantiated per
 * implementation, with the suite's operation (bench/FAMILY_op.h) inlined into it. */
#ifndef SB_BENCH_GBENCH_CASES_H
#define SB_BENCH_GBENCH_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bench/family_list.h"
#include "syncbench/gbench.h"

typedef struct sb_gbench_opts {
	int max_threads;        /* contended cases run at 1, 2, 4, ... max_threads */
	bool negative_controls; /* also register the hidden implementations (the broken lock) */
	double run_limit_s;     /* a multi-threaded run that takes longer fails (no watchdog in gb) */
} sb_gbench_opts;

/* sb_gbench_FAMILY_register for every family of the list. A family without google-benchmark
 * cases says so with a register function of its own that registers nothing (bench/gbench/none.c),
 * so a family added to the list without either fails to link instead of being left out unseen. */
#define SB_GBENCH_REGISTER_DECL(F) int sb_gbench_##F##_register(const sb_gbench_opts *o, char *err, size_t len);
SB_FAMILIES(SB_GBENCH_REGISTER_DECL)
#undef SB_GBENCH_REGISTER_DECL
/* The shim's own cost (null/keep_running/empty, null/batch/empty): not a family of the suite. */
int sb_gbench_null_register(const sb_gbench_opts *o, char *err, size_t len);

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

/* One implementation's google-benchmark case(s) of a family. The state its function works on
 * comes from one of two places:
 *  - suite: the suite's own setup. `suite` names the scenario of the suite's row FAMILY/IMPL/suite
 *    (bench/FAMILY.c's case table); its setup runs once, at registration, for one thread and the
 *    scenario's default parameters, and the state it returns is the function's arg. The layout is
 *    the one the suite's workers see (the family's *_shared type, bench/FAMILY_op.h).
 *  - setup: a state of the google-benchmark side's own (NULL: none), set up at registration;
 *    0 or -errno (a message in err, or the row's default one); the function's arg is `arg`.
 * The suite's states live until the program's end (a benchmark may run again until then), when
 * sb_gbench_teardown hands each to its case's teardown; a row's own setup keeps static state. */
typedef struct sb_gbench_case {
	const char *family, *impl;
	unsigned impl_flags;    /* FLAGS of the list (SB_IMPL_HIDDEN: only with --negative-controls) */
	sb_gb_fn fn;            /* the case's function: the loop, instantiated for this impl */
	const char *suite;      /* the suite's scenario whose setup makes the state, or NULL */
	int (*setup)(char *err, size_t len);
	void *arg;
	const char *arg_name;   /* one run per value of vals[0..nvals-1], "arg_name:value" */
	const long long *vals;
	int nvals;
	bool contended;         /* also "family/impl/contended" at 1, 2, 4 .. max_threads threads */
} sb_gbench_case;

/* Sets up and registers "family/impl/uncontended" (one thread, wall time) for every row, and
 * "family/impl/contended" for the rows that ask for it. Returns 0, or a negative errno with a
 * message in err (a setup that failed, a suite row that does not exist, a refused registration). */
int sb_gbench_add(const sb_gbench_opts *o, const sb_gbench_case *rows, size_t nrows, char *err, size_t len);
/* Tear down every state the suite's setups made for sb_gbench_add (after the run). */
void sb_gbench_teardown(void);

/* Machine and build information into the report's "context" (as in the suite's meta.json). */
int sb_gbench_context_add(char *err, size_t len);

#endif
