/* syncbench/torture.h: `syncbench torture`, a search for bugs in the primitives rather than a
 * measurement (after the kernel's locktorture and rcutorture).
 *
 * Every selected implementation runs many short phases whose parameters are drawn from a seeded
 * PRNG: worker count (1 .. 4x the CPUs), pinning (none or compact), critical-section and think
 * lengths, and delays injected inside the critical section (sched_yield, a short nanosleep, a busy
 * stretch). The family's invariant is checked at every operation; every wait is timed (a wait past
 * starve_ns fails the phase: "starved") and a phase whose workers do not all finish within hang_ns
 * of its end fails as "hung" (a lost wake-up or a deadlock; its threads and memory are then leaked
 * on purpose). The harness coordinates with C11 atomics and raw futexes only, never with a
 * primitive it tortures.
 *
 * Phases are reproducible: phase k of implementation X draws from mix(seed, X, k) alone, so the
 * same --seed and -f replay a failure exactly (scheduling aside).
 *
 * Not thread-safe: one torture run per process. sb_torture_run prints to out and returns 0 when
 * every implementation survived, 1 on any failure, 2 when nothing matched, -errno on a system
 * error (message in err). */
#ifndef SYNCBENCH_TORTURE_H
#define SYNCBENCH_TORTURE_H

#include <stdint.h>
#include <stdio.h>

#define SB_TORTURE_MAX_FILTERS 16

typedef struct sb_torture_opts {
	uint64_t duration_ns;   /* the whole run, split evenly over the selected implementations */
	uint64_t seed;
	const char *filters[SB_TORTURE_MAX_FILTERS]; /* fnmatch globs on "family/impl"; none = all */
	int nfilters;
	int negative_controls;  /* also the deliberately broken implementations */
	uint64_t starve_ns;     /* longest acceptable wait (default 2 s) */
	uint64_t hang_ns;       /* how long after a phase's end its workers may take to finish (3 s) */
	int list;               /* print the selected implementations and run nothing */
} sb_torture_opts;

void sb_torture_opts_default(sb_torture_opts *o);
int sb_torture_run(const sb_torture_opts *o, FILE *out, char *err, size_t errlen);

#endif
