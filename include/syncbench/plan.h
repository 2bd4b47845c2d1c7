/* syncbench/plan.h: what a run will do, decided whole before anything starts.
 *
 * A plan is the cross product of the selected cases (family × impl × scenario, by glob) with
 * their thread counts and the values of their parameters (each case's default sweep, "key=v,v;k=v",
 * with --param KEY=LIST replacing a key's list). sb_plan_build refuses, with one line, anything
 * the run could not honour: a filter that matches nothing, a parameter that no selected case
 * takes (with the closest name as a suggestion), a value out of its parameter's range, a CPU that
 * does not exist, a thread count or delay out of bounds.
 *
 * Pure planning: no thread, no file. The plan owns its items (sb_plan_free).
 */
#ifndef SYNCBENCH_PLAN_H
#define SYNCBENCH_PLAN_H

#include <stddef.h>

#include "syncbench/case.h"
#include "syncbench/result.h"
#include "syncbench/run.h"

#define SB_MAX_DELAY_NS 10000000ull /* --cs and --think: at most 10 ms */

typedef struct sb_plan_item {
	const sb_case *c;
	sb_case_params p;
	const struct sb_pin_spec *pin; /* its placement (NULL: the options' pin) */
	char name[160];          /* family/impl/scenario */
	char label[288];         /* name and every parameter, as the console shows it */
	sb_result *res;          /* one per repetition done (room for max repetitions) */
	int cap, done;           /* repetitions room, done */
	int stopped;             /* precise enough, or at its maximum: no more rounds */
} sb_plan_item;

typedef struct sb_plan {
	sb_plan_item *items;
	size_t n;
} sb_plan;

/* A key of a sweep and its values. */
typedef struct sb_sweep_key {
	char key[24];
	long long vals[SB_MAX_LIST];
	int n;
} sb_sweep_key;

/* Parse "k=v,v;k=v" (values whole numbers or durations: "50us" is 50000) into keys[0..*nkeys);
 * max keys at most. 0, or -EINVAL with the reason in err. */
int sb_sweep_parse(const char *spec, sb_sweep_key *keys, int *nkeys, int max, char *err, size_t errlen);

/* The range a parameter's values must lie in (every parameter has one). */
void sb_param_range(const char *key, long long *lo, long long *hi);

/* Build the plan of o (reps_cap results of room per item). 0, or -EINVAL with the reason in err
 * (nothing is allocated then). */
int sb_plan_build(const sb_run_opts *o, int reps_cap, sb_plan *plan, char *err, size_t errlen);
void sb_plan_free(sb_plan *plan);

/* Whether case c is selected by o's filters (and --negative-controls). */
int sb_case_selected(const sb_run_opts *o, const sb_case *c);

#endif
