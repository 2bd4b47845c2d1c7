/* syncbench/opts.h: parsing of command-line values. Each parser returns 0 or -EINVAL and, on error,
 * writes a one-line reason (without the option's name) into err. No state, thread-safe. */
#ifndef SYNCBENCH_OPTS_H
#define SYNCBENCH_OPTS_H

#include <stddef.h>
#include <stdint.h>

#include "syncbench/harness.h"
#include "syncbench/topo.h"

/* "200ms", "1.5s", "100ns", "50us", "0"; a bare number is nanoseconds only when it is 0.
 * Negative, garbage, a missing unit or more than a day is an error. */
int sb_parse_duration(const char *s, uint64_t *ns, char *err, size_t errlen);
/* "1,2,4", "1-8" (every count), "1..16" (doubling: 1,2,4,8,16), mixed with commas ("1,3..12");
 * each count in 1..SB_MAX_THREADS; sorted, duplicates removed. Returns the count via *n. */
int sb_parse_threads(const char *s, int *out, int max, int *n, char *err, size_t errlen);
/* One policy: "none", "compact", "spread", "smt", "core", "llc", "numa", "package", or "cpus=0,1" /
 * "cpus=0" (a CPU list; see sb_parse_int_list). Not checked against any topology. */
int sb_parse_pin(const char *s, enum sb_pin *pin, int *cpus, int max, int *ncpus, char *err, size_t errlen);
/* A --pin sweep: "smt,core,package", "compact,cpus=0,1" (an item starting with a digit belongs to
 * the cpus= before it). Fills out[0..*n-1] in the order given (at most max, SB_PIN_MAX_POLICIES);
 * a policy listed twice is an error. With topo non-NULL every policy is placed for every count in
 * threads[0..nthreads-1], and the first that the topology cannot satisfy is refused with
 * sb_topo_place's reason: the check to make before the run starts. */
int sb_parse_pin_list(const char *s, const sb_topo *topo, const int *threads, int nthreads,
		      sb_pin_spec *out, int max, int *n, char *err, size_t errlen);
/* Comma-separated integers in [lo, hi], ranges a-b allowed. */
int sb_parse_int_list(const char *s, long lo, long hi, int *out, int max, int *n, char *err, size_t errlen);
/* A whole number in [lo, hi]. */
int sb_parse_long(const char *s, long lo, long hi, long *out, char *err, size_t errlen);

#endif
