/* tests/test_result.c: the result builder (src/result.c) and the median's interval
 * (src/interval.c), on teams and samples built by hand: each validity flag raised by the case
 * built to raise it and by no other, the counters a check hands to the row (the last column), the
 * interval against exact order statistics. */
#include <criterion/criterion.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "syncbench/interval.h"
#include "syncbench/result.h"

/* A joined team of n workers, each with ops operations over [0, 100 ms], on a CPU all the time. */
static sb_team *team(int n, uint64_t ops)
{
	sb_team *t = calloc(1, sizeof *t);
	t->o.nthreads = n;
	t->workers = calloc((size_t)n, sizeof(sb_worker));
	t->t_begin = 1000;
	t->t_end = 1000 + 100000000ull;
	t->window_ns = 100000000ull;
	t->c2c_before_ns = t->c2c_after_ns = n > 1 ? 50 : NAN;
	for (int i = 0; i < n; i++) {
		sb_worker *w = &t->workers[i];
		sb_hist_init(&w->hist);
		w->ops = ops;
		w->t_begin = t->t_begin;
		w->t_end = t->t_end;
		w->user_s = 0.1;
		w->speed_before_ns = w->speed_after_ns = 2000;
		w->joined = 1;
		for (int k = 0; k < 100; k++)
			sb_hist_record(&w->hist, 500);
	}
	return t;
}

static void team_free(sb_team *t)
{
	free(t->workers);
	free(t);
}

static const sb_flag_opts fo = { .min_ops = 10000, .min_ops_per_worker = 100, .clock_floor_ns = 20, .spins = 1 };

static unsigned flags_of(sb_team *t, const sb_flag_opts *o)
{
	sb_result r;
	memset(&r, 0, sizeof r);
	r.p.threads = t->o.nthreads;
	sb_result_from_team(&r, t, 0, o);
	return r.flags;
}

Test(result, clean_team_has_no_flag)
{
	sb_team *t = team(2, 100000);
	cr_assert_eq(flags_of(t, &fo), 0u);
	team_free(t);
}

Test(result, few_ops_and_starved)
{
	sb_team *t = team(2, 3000);
	cr_assert_eq(flags_of(t, &fo), SB_FLAG_FEW_OPS, "6000 operations < 10000");
	t->workers[1].ops = 50;
	t->workers[0].ops = 20000;
	unsigned f = flags_of(t, &fo);
	cr_assert(f & SB_FLAG_FEW_OPS, "a worker below 100");
	cr_assert(f & SB_FLAG_STARVED, "50 < 1%% of the mean 10025");
	team_free(t);
}

Test(result, low_overlap)
{
	sb_team *t = team(2, 100000);
	t->workers[1].t_begin += 20000000ull; /* started 20 ms late: overlap 80 % */
	cr_assert_eq(flags_of(t, &fo), SB_FLAG_LOW_OVERLAP);
	team_free(t);
}

Test(result, preempted_only_for_spinning_locks)
{
	sb_team *t = team(2, 100000);
	t->workers[0].user_s = 0.05; /* on a CPU for half the window */
	cr_assert_eq(flags_of(t, &fo), SB_FLAG_PREEMPTED);
	sb_flag_opts blocking = fo;
	blocking.spins = 0;
	cr_assert_eq(flags_of(t, &blocking), 0u, "a blocking lock may sleep");
	team_free(t);
}

Test(result, moved_and_slowed)
{
	sb_team *t = team(2, 100000);
	t->c2c_after_ns = 170; /* 50 -> 170 ns: the vCPUs moved */
	cr_assert_eq(flags_of(t, &fo), SB_FLAG_MOVED);
	t->c2c_after_ns = 70; /* 1.4x: not moved */
	cr_assert_eq(flags_of(t, &fo), 0u);
	t->workers[1].speed_after_ns = 2600; /* 1.3x slower CPU */
	cr_assert_eq(flags_of(t, &fo), SB_FLAG_SLOWED);
	team_free(t);
}

Test(result, overrun)
{
	sb_team *t = team(2, 100000);
	t->workers[0].t_end += 30000000ull; /* a 130 ms span for a 100 ms window */
	unsigned f = flags_of(t, &fo);
	cr_assert(f & SB_FLAG_OVERRUN, "flags %x", f);
	team_free(t);
}

Test(result, below_clock_percentiles_are_empty)
{
	sb_team *t = team(1, 100000);
	sb_hist_init(&t->workers[0].hist);
	for (int k = 0; k < 100; k++)
		sb_hist_record(&t->workers[0].hist, k < 95 ? 3 : 400);
	sb_result r;
	memset(&r, 0, sizeof r);
	r.p.threads = 1;
	sb_result_from_team(&r, t, 0, &fo);
	cr_assert_eq(r.flags, SB_FLAG_BELOW_CLOCK);
	sb_log_field f[64];
	char buf[128];
	size_t n = sb_result_fields(&r, f, buf, sizeof buf);
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(f[i].key, "lat_p50_ns") || !strcmp(f[i].key, "lat_p90_ns"))
			cr_assert_eq(f[i].type, SB_LOG_FIELD_NONE, "%s must be empty below the clock", f[i].key);
		if (!strcmp(f[i].key, "lat_p99_ns"))
			cr_assert_neq(f[i].type, SB_LOG_FIELD_NONE, "p99 (400 ns) is above the clock");
		if (!strcmp(f[i].key, "flags"))
			cr_assert_str_eq(f[i].v.s, "below_clock");
	}
	team_free(t);
}

Test(result, counters_reach_the_last_column)
{
	sb_team *t = team(1, 100000);
	sb_result r;
	memset(&r, 0, sizeof r);
	r.p.threads = 1;
	t->o.counters = &r.counters;
	cr_assert_eq(sb_counters_add(t, "backlog", 12), 0);
	cr_assert_eq(sb_counters_add(t, "stalls", 0), 0);
	cr_assert_eq(sb_counters_add(t, "backlog", 14), 0, "a key given again replaces its value");
	cr_assert_eq(sb_counters_add(t, "empty_polls", -3), 0);
	const char *bad[] = { "", "Backlog", "a=b", "a;b", "with space", "_lead", "threads", "real_time",
			      "iterations", "name", "a_key_of_24_characters__" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_assert_eq(sb_counters_add(t, bad[i], 1), -EINVAL, "key '%s' must be refused", bad[i]);
	cr_assert_eq(sb_counters_add(t, NULL, 1), -EINVAL);
	cr_assert_str_eq(r.counters.str, "backlog=14;stalls=0;empty_polls=-3");
	for (int k = r.counters.n; k < SB_MAX_COUNTERS; k++) {
		char key[16];
		snprintf(key, sizeof key, "c%d", k);
		cr_assert_eq(sb_counters_add(t, key, k), 0);
	}
	cr_assert_eq(sb_counters_add(t, "one_more", 1), -ENOSPC);
	cr_assert_eq(sb_counters_add(t, "backlog", 15), 0, "a known key still takes a value when full");
	cr_assert_eq(r.counters.n, SB_MAX_COUNTERS);
	/* no buffer (google-benchmark's side, a team run by hand): accepted, kept nowhere */
	t->o.counters = NULL;
	cr_assert_eq(sb_counters_add(t, "backlog", 1), 0);
	cr_assert_eq(sb_counters_add(NULL, "backlog", 1), 0);
	cr_assert_eq(sb_counters_add(t, "a=b", 1), -EINVAL);

	sb_result_from_team(&r, t, 0, &fo);
	sb_log_field f[64];
	char buf[128];
	size_t n = sb_result_fields(&r, f, buf, sizeof buf);
	cr_assert_eq(n, sb_result_ncolumns);
	cr_assert_str_eq(sb_result_columns[sb_result_ncolumns - 1], "counters", "counters is the last column");
	cr_assert_str_eq(f[n - 1].key, "counters");
	cr_assert_str_eq(f[n - 1].v.s, "backlog=15;stalls=0;empty_polls=-3;c3=3;c4=4;c5=5;c6=6;c7=7");
	memset(&r.counters, 0, sizeof r.counters);
	n = sb_result_fields(&r, f, buf, sizeof buf);
	cr_assert_str_eq(f[n - 1].v.s, "", "a case without counters has an empty field");
	team_free(t);
}

Test(interval, ranks_against_the_binomial)
{
	double cov;
	cr_assert_eq(sb_median_ci_rank(5, &cov), 0, "5 repetitions cannot reach 95 %%");
	cr_assert_eq(sb_median_ci_rank(6, &cov), 1);
	cr_assert_float_eq(cov, 1.0 - 2.0 / 64, 1e-12);
	cr_assert_eq(sb_median_ci_rank(10, &cov), 2);
	cr_assert_float_eq(cov, 1.0 - 2.0 * 11 / 1024, 1e-12); /* P(X <= 1) = 11/1024 */
	cr_assert_eq(sb_median_ci_rank(20, &cov), 6);          /* P(X <= 5) = 0.0207 */
	cr_assert_eq(sb_median_ci_rank(100, &cov), 40);        /* P(X <= 39) = 0.0176, P(X <= 40) = 0.0284 */
}

Test(interval, order_statistics_of_a_known_sample)
{
	double x[10] = { 7, 3, 10, 1, 5, 9, 2, 8, 6, 4 }, lo, hi;
	cr_assert_eq(sb_median_ci(x, 10, &lo, &hi), 0);
	cr_assert_float_eq(lo, 2, 0);
	cr_assert_float_eq(hi, 9, 0);
	cr_assert_eq(sb_median_ci(x, 5, &lo, &hi), -ERANGE);
	cr_assert(isnan(lo) && isnan(hi));
	/* never outside the data, whatever the values */
	double y[30];
	for (int i = 0; i < 30; i++)
		y[i] = 1000.0 / (i + 1);
	cr_assert_eq(sb_median_ci(y, 30, &lo, &hi), 0);
	cr_assert(lo >= 1000.0 / 30 && hi <= 1000.0 && lo <= hi);
}

Test(interval, two_clusters)
{
	double a[6] = { 10, 10.1, 10.2, 20, 20.1, 20.2 }, b[6] = { 10, 10.5, 11, 11.5, 12, 12.5 };
	double c[7] = { 10, 10.1, 10.2, 10.3, 10.4, 10.5, 30 }; /* one outlier is not a cluster */
	cr_assert_eq(sb_bimodal(a, 6), 1);
	cr_assert_eq(sb_bimodal(b, 6), 0);
	cr_assert_eq(sb_bimodal(c, 7), 0);
}

Test(summary, case_flags)
{
	sb_result r[8];
	memset(r, 0, sizeof r);
	for (int i = 0; i < 8; i++) {
		r[i].ns_per_op = 100 + i;
		r[i].ops_per_s = 1e7;
		strcpy(r[i].check, "ok");
	}
	sb_summary s;
	sb_summary_compute(r, 5, &s);
	cr_assert(s.flags & SB_FLAG_FEW_REPS, "5 repetitions: no interval");
	sb_summary_compute(r, 8, &s);
	cr_assert_eq(s.flags, 0u, "8 close repetitions: clean (half-width %g)", s.halfwidth);
	cr_assert(s.ns_lo >= 100 && s.ns_hi <= 107);
	r[6].ns_per_op = r[7].ns_per_op = 300;
	r[5].ns_per_op = r[4].ns_per_op = 290;
	sb_summary_compute(r, 8, &s);
	cr_assert(s.flags & SB_FLAG_UNSTABLE, "half-width %g", s.halfwidth);
	cr_assert(s.flags & SB_FLAG_BIMODAL);
	r[3].flags = SB_FLAG_MOVED;
	sb_summary_compute(r, 8, &s);
	cr_assert(s.flags & SB_FLAG_MOVED, "the union of the repetitions' flags");
}

Test(summary, counters_median_over_the_measured_repetitions)
{
	sb_result r[4];
	memset(r, 0, sizeof r);
	const long long backlog[4] = { 10, 30, 20, 1000 }, stalls[4] = { 1, 2, 3, 4 };
	for (int i = 0; i < 4; i++) {
		r[i].ns_per_op = 100;
		r[i].ops_per_s = 1e7;
		r[i].read_ops = -1;
		strcpy(r[i].check, "ok");
		cr_assert_eq(sb_counters_set(&r[i].counters, "backlog", backlog[i]), 0);
		if (i != 1) /* a repetition without it is left out of its median */
			cr_assert_eq(sb_counters_set(&r[i].counters, "stalls", stalls[i]), 0);
	}
	r[3].ns_per_op = NAN; /* measured nothing (a failed setup): not counted */
	sb_log_field f[64];
	char buf[1024];
	size_t n = sb_summary_fields(r, 4, f, buf, sizeof buf);
	cr_assert_eq(n, sb_summary_ncolumns);
	cr_assert_str_eq(sb_summary_columns[n - 1], "counters");
	cr_assert_str_eq(f[n - 1].key, "counters");
	cr_assert_str_eq(f[n - 1].v.s, "backlog=20;stalls=2", "medians of {10,30,20} and {1,3}");
	double a[4];
	cr_assert_eq(sb_counter_values(r, 4, "stalls", a, 4), 2);
	cr_assert_eq(sb_counter_values(r, 4, "backlog", a, 2), 2, "at most cap values");
	cr_assert_eq(sb_counters_first(r, 4), &r[0].counters);
	/* no counters: an empty field, and flags still in their own */
	for (int i = 0; i < 4; i++)
		memset(&r[i].counters, 0, sizeof r[i].counters);
	n = sb_summary_fields(r, 4, f, buf, sizeof buf);
	cr_assert_str_eq(f[n - 1].v.s, "");
	cr_assert_str_eq(f[n - 3].key, "flags");
	cr_assert_str_eq(f[n - 3].v.s, "few_reps");
}
