/* bench/gbench/null.c: the shim's own cost. null/keep_running/empty tests sb_gb_keep_running once
 * per iteration; null/batch/empty runs a plain counted loop over what sb_gb_keep_running_batch hands
 * out. Both bodies are a compiler barrier only, so their difference is the per-iteration cost of
 * sb_gb_keep_running (the same decrement-and-test as google-benchmark's State::KeepRunning). */
#include "gbench_cases.h"

#include <errno.h>
#include <stdio.h>

#include "syncbench/gbench.h"

static void null_keep_running(sb_gb_state *st, void *arg)
{
	(void)arg;
	while (sb_gb_keep_running(st))
		sb_gb_clobber_memory();
}

static void null_batch(sb_gb_state *st, void *arg)
{
	(void)arg;
	int64_t n;
	while ((n = sb_gb_keep_running_batch(st, 0)) > 0)
		for (int64_t i = 0; i < n; i++)
			sb_gb_clobber_memory();
}

int sb_gbench_null_register(const sb_gbench_opts *o, char *err, size_t len)
{
	(void)o;
	sb_gb_bench *b1 = sb_gb_register("null/keep_running/empty", null_keep_running, NULL);
	sb_gb_bench *b2 = sb_gb_register("null/batch/empty", null_batch, NULL);
	if (!b1 || !b2) {
		snprintf(err, len, "cannot register the null loops");
		return -ENOMEM;
	}
	sb_gb_use_real_time(b1);
	sb_gb_use_real_time(b2);
	return 0;
}
