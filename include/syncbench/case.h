/* syncbench/case.h: what a benchmark family declares, and what one run of a case is given.
 *
 * A family (bench/<family>.c) exports a table of sb_case rows, one per implementation × scenario.
 * The rows only name, select and set up cases: the measured loop itself is the worker function a
 * row's pick() returns, instantiated per implementation, so nothing indirect sits between the loop
 * and the primitive. All calls are made by the controller thread, outside the measured window.
 */
#ifndef SYNCBENCH_CASE_H
#define SYNCBENCH_CASE_H

#include <stddef.h>
#include <stdint.h>

#include "syncbench/harness.h"

#define SB_MAX_KV 8

/* One scenario parameter: a name and a whole number (durations in ns). */
typedef struct sb_kv {
	char key[24];
	long long val;
} sb_kv;

/* Parameters of one case (what the CSV's parameter columns record). -1 = does not apply. */
typedef struct sb_case_params {
	int threads;
	uint64_t cs_ns, think_ns;       /* requested lengths */
	uint64_t cs_iters, think_iters; /* the calibrated busy-loop iterations for them */
	int read_pct, depth, permits, waiters; /* copies of the kv entries of those names */
	sb_kv kv[SB_MAX_KV];            /* every swept parameter of the scenario */
	int nkv;
	char params[160];               /* the kv entries without a column of their own, "k=v;k=v" */
} sb_case_params;

/* The value of parameter key, or dflt when the case has none. */
long long sb_param(const sb_case_params *p, const char *key, long long dflt);

/* Counters (as google-benchmark calls them): named whole numbers that a case's check hands to the
 * row of its repetition, figures of the run rather than conditions of the case (a queue's backlog
 * at the end, a map's entries). They are results.csv's `counters` column ("key=value;key=value",
 * in the order added) and extra numeric fields of the repetition's entry in results.json. The
 * check computes them after the join, from counts the workers kept: nothing in the window. */
#define SB_MAX_COUNTERS 8
typedef struct sb_counters {
	sb_kv kv[SB_MAX_COUNTERS];
	int n;
	char str[SB_MAX_COUNTERS * 48]; /* the column: kv as "k=v;k=v" (a key < 24, a value < 21 chars) */
} sb_counters;

/* Sets counter key of the repetition team t runs (its options' counters; nowhere when they have
 * none, as under google-benchmark or in a unit test) to val, replacing an earlier value. A key is
 * 1-23 characters of [a-z0-9_] and not a field of a results.json entry (name, threads,
 * iterations, real_time, ...). 0, or -EINVAL for such a key, -ENOSPC past SB_MAX_COUNTERS. */
int sb_counters_add(const sb_team *t, const char *key, long long val);
/* The same on a counters buffer itself (c may be NULL: nothing is kept). */
int sb_counters_set(sb_counters *c, const char *key, long long val);

enum {
	SB_CASE_HIDDEN = 1u << 0,   /* negative control: only selected with --negative-controls */
	SB_CASE_ONE_THREAD = 1u << 1, /* scenario runs on exactly one worker */
	SB_CASE_NO_DELAY = 1u << 2, /* scenario ignores --cs/--think (recorded as 0) */
	SB_CASE_MIN2 = 1u << 3,     /* needs at least two workers */
	SB_CASE_WAITERS = 1u << 4,  /* one releaser + `waiters` workers: threads = waiters + 1 (-t unused) */
	SB_CASE_SPINS = 1u << 5,    /* the implementation never blocks: a worker off its CPU is `preempted` */
	SB_CASE_NULL_PROBE = 1u << 6, /* the harness's own cost (the null lock, one thread): meta.json's probe */
	SB_CASE_BASELINE = 1u << 7, /* no primitive (the null lock): read the others against it, never ranked */
	/* one operation may outlast the longest window (a grace period with more threads than CPUs):
	 * a window with none done is flagged few_ops and starved, its figures left empty, not
	 * failed; an operation that never ends is still caught by the watchdog (hung) */
	SB_CASE_LONG_OP = 1u << 8,
};

/* The case flags that follow from an implementation's flags in its family list (prim/impl_flags.h). */
#define SB_CASE_IMPL_FLAGS(F) \
	((((F) & SB_IMPL_HIDDEN) ? SB_CASE_HIDDEN : 0u) | (((F) & SB_IMPL_SPINS) ? SB_CASE_SPINS : 0u) | \
	 (((F) & SB_IMPL_BASELINE) ? SB_CASE_BASELINE : 0u))

typedef struct sb_case {
	const char *family, *impl, *scenario;
	unsigned flags;
	const char *about;          /* one line for `syncbench list -v` */
	/* The scenario's parameters and their default sweep, "key=v,v,v;key=v" (NULL: none). Values
	 * are whole numbers or durations ("50us" is stored as ns). The plan runs the cross product;
	 * `--param key=LIST` (or the sugar --read-pct, --depth, --permits, --waiters, --timeout,
	 * --producers, --consumers, --keys) replaces a key's list. read_pct, depth, permits and waiters
	 * fill the CSV columns of those names; the others go into the params column. */
	const char *sweep;
	/* Allocate and initialise the shared state for p; 0 or -errno with a message in err. */
	int (*setup)(const sb_case_params *p, void **shared, char *err, size_t errlen);
	/* The worker: the measured loop instantiated for this implementation. */
	sb_worker_fn worker;
	/* Or, when the loop depends on the parameters, the one for p (NULL: use worker). */
	sb_worker_fn (*pick)(const sb_case_params *p);
	/* After the join: check the primitive's invariant; leave msg empty when it held. */
	void (*check)(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len);
	/* Wake anything a worker could be blocked on (end of window, watchdog); may be NULL. */
	void (*release)(void *shared);
	void (*teardown)(void *shared);
} sb_case;

typedef struct sb_family {
	const char *name;
	const sb_case *cases;
	size_t ncases;
} sb_family;

/* Every family, in the order `list` shows them (bench/registry.c). */
extern const sb_family *const sb_families[];
extern const size_t sb_nfamilies;

/* Full case name "family/impl/scenario" into buf. */
void sb_case_name(const sb_case *c, char *buf, size_t len);
/* The row family/impl/scenario of the case table, or NULL. */
const sb_case *sb_case_find(const char *family, const char *impl, const char *scenario);

#endif
