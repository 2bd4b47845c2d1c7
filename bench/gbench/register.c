/* bench/gbench/register.c: the one registration every family's cases go through (sb_gbench_add),
 * with the state each case works on: the suite's own setup (its case table), or the row's. */
#include "gbench_cases.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "prim/impl_flags.h"
#include "syncbench/case.h"

/* The states made by the suite's setups, torn down by sb_gbench_teardown after the run. */
#define GB_MAX_STATES 256
static struct {
	void (*teardown)(void *shared);
	void *shared;
} gb_states[GB_MAX_STATES];
static size_t gb_nstates;

void sb_gbench_teardown(void)
{
	while (gb_nstates > 0) {
		gb_nstates--;
		if (gb_states[gb_nstates].teardown)
			gb_states[gb_nstates].teardown(gb_states[gb_nstates].shared);
	}
}

/* The row's state: the suite's setup for one thread (every parameter its setup's default), or
 * the row's own setup. */
static int row_state(const sb_gbench_case *row, void **arg, char *err, size_t len)
{
	*arg = row->arg;
	if (row->suite) {
		const sb_case *c = sb_case_find(row->family, row->impl, row->suite);
		if (!c || !c->setup) {
			snprintf(err, len, "%s/%s: the suite has no case %s/%s/%s to set it up", row->family,
				 row->impl, row->family, row->impl, row->suite);
			return -ENOENT;
		}
		const sb_case_params p = { .threads = 1, .read_pct = -1, .depth = -1, .permits = -1, .waiters = -1 };
		if (gb_nstates >= GB_MAX_STATES) {
			snprintf(err, len, "more than %d suite states", GB_MAX_STATES);
			return -ENOMEM;
		}
		int r = c->setup(&p, arg, err, len);
		if (r == 0) {
			gb_states[gb_nstates].teardown = c->teardown;
			gb_states[gb_nstates++].shared = *arg;
		}
		if (r < 0 && err[0]) {
			char why[160];
			snprintf(why, sizeof why, "%s", err);
			snprintf(err, len, "%s/%s: %s", row->family, row->impl, why);
		}
		return r;
	}
	int r = row->setup ? row->setup(err, len) : 0;
	if (r < 0 && !err[0])
		snprintf(err, len, "%s/%s: cannot initialise (errno %d)", row->family, row->impl, -r);
	return r;
}

static int row_register(const sb_gbench_opts *o, const sb_gbench_case *row, void *arg, char *name, size_t nlen)
{
	snprintf(name, nlen, "%s/%s/uncontended", row->family, row->impl);
	sb_gb_bench *b = sb_gb_register(name, row->fn, arg);
	if (!b || sb_gb_use_real_time(b))
		return -EINVAL;
	for (int i = 0; i < row->nvals; i++)
		if (sb_gb_arg(b, row->vals[i]) != 0)
			return -EINVAL;
	if (row->nvals > 0 && sb_gb_arg_name(b, row->arg_name) != 0)
		return -EINVAL;
	if (!row->contended)
		return 0;
	snprintf(name, nlen, "%s/%s/contended", row->family, row->impl);
	b = sb_gb_register(name, row->fn, arg);
	if (!b || sb_gb_use_real_time(b) || sb_gb_thread_range(b, 1, o->max_threads))
		return -EINVAL;
	return 0;
}

int sb_gbench_add(const sb_gbench_opts *o, const sb_gbench_case *rows, size_t nrows, char *err, size_t len)
{
	for (size_t i = 0; i < nrows; i++) {
		const sb_gbench_case *row = &rows[i];
		void *arg;
		char name[128];
		if ((row->impl_flags & SB_IMPL_HIDDEN) && !o->negative_controls)
			continue;
		err[0] = '\0';
		int r = row_state(row, &arg, err, len);
		if (r < 0)
			return r;
		if (row_register(o, row, arg, name, sizeof name) < 0) {
			snprintf(err, len, "cannot register %s", name);
			return -EINVAL;
		}
	}
	return 0;
}
