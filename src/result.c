/* result.c: from a joined team to one row of results.csv, and from repetitions to summary.csv. */
#include "syncbench/result.h"
#include "syncbench/stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PARAM_COLUMNS "run_id", "host", "family", "impl", "scenario", "threads", "cpus", "pin", \
	"cs_ns", "think_ns", "read_pct", "depth", "permits", "waiters", "params"

const char *const sb_result_columns[] = {
	PARAM_COLUMNS, "rep", "duration_s", "ops", "read_ops", "write_ops", "ops_per_s", "ns_per_op",
	"lat_samples", "lat_p50_ns", "lat_p90_ns", "lat_p99_ns", "lat_p999_ns", "lat_max_ns", "fair_jain",
	"thread_ops_min", "thread_ops_max", "user_s", "sys_s", "vol_cs", "invol_cs", "check",
};
const size_t sb_result_ncolumns = sizeof sb_result_columns / sizeof sb_result_columns[0];

const char *const sb_summary_columns[] = {
	PARAM_COLUMNS, "reps", "ops_per_s_median", "ops_per_s_min", "ops_per_s_max", "ops_per_s_ci_lo",
	"ops_per_s_ci_hi", "ns_per_op_median", "ns_per_op_min", "ns_per_op_max", "ns_per_op_ci_lo",
	"ns_per_op_ci_hi", "read_ops_per_s_median", "write_ops_per_s_median", "lat_p50_ns_median",
	"lat_p90_ns_median", "lat_p99_ns_median", "lat_p999_ns_median", "lat_max_ns_max",
	"fair_jain_median", "vol_cs_median", "invol_cs_median", "check",
};
const size_t sb_summary_ncolumns = sizeof sb_summary_columns / sizeof sb_summary_columns[0];

void sb_result_from_team(sb_result *r, const sb_team *t, int has_rw)
{
	int n = t->o.nthreads;
	sb_hist h;
	sb_hist_init(&h);
	uint64_t *per = calloc((size_t)n, sizeof *per);
	uint64_t rd = 0, wr = 0;
	r->ops = 0;
	r->user_s = r->sys_s = 0;
	r->vol_cs = r->invol_cs = 0;
	r->thread_ops_min = UINT64_MAX;
	r->thread_ops_max = 0;
	for (int i = 0; i < n; i++) {
		const sb_worker *w = &t->workers[i];
		r->ops += w->ops;
		rd += w->read_ops;
		wr += w->write_ops;
		if (per)
			per[i] = w->ops;
		if (w->ops < r->thread_ops_min) r->thread_ops_min = w->ops;
		if (w->ops > r->thread_ops_max) r->thread_ops_max = w->ops;
		r->user_s += w->user_s;
		r->sys_s += w->sys_s;
		r->vol_cs += w->vol_cs;
		r->invol_cs += w->invol_cs;
		sb_hist_merge(&h, &w->hist);
	}
	r->read_ops = has_rw ? (int64_t)rd : -1;
	r->write_ops = has_rw ? (int64_t)wr : -1;
	/* The window is the span in which the counted operations happened: from the first worker's
	 * start to the last worker's end (a worker sees the end of the window only between two
	 * bursts of operations, see SB_MEASURE_LOOP). Idle workers (no operation) do not count. */
	uint64_t b = UINT64_MAX, e = 0;
	for (int i = 0; i < n; i++) {
		const sb_worker *w = &t->workers[i];
		if (!w->ops || w->t_end <= w->t_begin)
			continue;
		if (w->t_begin < b) b = w->t_begin;
		if (w->t_end > e) e = w->t_end;
	}
	if (e <= b) {
		b = t->t_begin;
		e = t->t_end;
	}
	r->duration_s = (double)(e - b) / 1e9;
	r->ops_per_s = r->duration_s > 0 ? (double)r->ops / r->duration_s : 0;
	r->ns_per_op = r->ops ? (double)n * r->duration_s * 1e9 / (double)r->ops : NAN;
	r->fair_jain = per ? sb_stats_jain(per, (size_t)n) : NAN;
	free(per);
	r->lat_samples = h.count;
	r->lat_p50 = sb_hist_percentile(&h, 50);
	r->lat_p90 = sb_hist_percentile(&h, 90);
	r->lat_p99 = sb_hist_percentile(&h, 99);
	r->lat_p999 = sb_hist_percentile(&h, 99.9);
	r->lat_max = h.count ? h.max : 0;
	r->cpus = t->cpus_used;
}

static sb_log_field opt_int(const char *k, long long v)
{
	return v < 0 ? SB_FNONE(k) : SB_FINT(k, v);
}

static size_t param_fields(const sb_result *r, sb_log_field *f)
{
	size_t i = 0;
	f[i++] = SB_FSTR("run_id", r->run_id);
	f[i++] = SB_FSTR("host", r->host);
	f[i++] = SB_FSTR("family", r->family);
	f[i++] = SB_FSTR("impl", r->impl);
	f[i++] = SB_FSTR("scenario", r->scenario);
	f[i++] = SB_FINT("threads", r->p.threads);
	f[i++] = SB_FINT("cpus", r->cpus);
	f[i++] = SB_FSTR("pin", r->pin);
	f[i++] = SB_FUINT("cs_ns", r->p.cs_ns);
	f[i++] = SB_FUINT("think_ns", r->p.think_ns);
	f[i++] = opt_int("read_pct", r->p.read_pct);
	f[i++] = opt_int("depth", r->p.depth);
	f[i++] = opt_int("permits", r->p.permits);
	f[i++] = opt_int("waiters", r->p.waiters);
	f[i++] = SB_FSTR("params", r->p.params);
	return i;
}

static sb_log_field dbl(const char *k, double v)
{
	return isfinite(v) ? SB_FDBL(k, v) : SB_FNONE(k);
}

size_t sb_result_fields(const sb_result *r, sb_log_field *f)
{
	size_t i = param_fields(r, f);
	f[i++] = SB_FINT("rep", r->rep);
	f[i++] = SB_FDBL("duration_s", r->duration_s);
	f[i++] = SB_FUINT("ops", r->ops);
	f[i++] = opt_int("read_ops", r->read_ops);
	f[i++] = opt_int("write_ops", r->write_ops);
	f[i++] = dbl("ops_per_s", r->ops_per_s);
	f[i++] = dbl("ns_per_op", r->ns_per_op);
	f[i++] = SB_FUINT("lat_samples", r->lat_samples);
	f[i++] = r->lat_samples ? SB_FUINT("lat_p50_ns", r->lat_p50) : SB_FNONE("lat_p50_ns");
	f[i++] = r->lat_samples ? SB_FUINT("lat_p90_ns", r->lat_p90) : SB_FNONE("lat_p90_ns");
	f[i++] = r->lat_samples ? SB_FUINT("lat_p99_ns", r->lat_p99) : SB_FNONE("lat_p99_ns");
	f[i++] = r->lat_samples ? SB_FUINT("lat_p999_ns", r->lat_p999) : SB_FNONE("lat_p999_ns");
	f[i++] = r->lat_samples ? SB_FUINT("lat_max_ns", r->lat_max) : SB_FNONE("lat_max_ns");
	f[i++] = dbl("fair_jain", r->fair_jain);
	f[i++] = SB_FUINT("thread_ops_min", r->thread_ops_min);
	f[i++] = SB_FUINT("thread_ops_max", r->thread_ops_max);
	f[i++] = SB_FDBL("user_s", r->user_s);
	f[i++] = SB_FDBL("sys_s", r->sys_s);
	f[i++] = SB_FINT("vol_cs", r->vol_cs);
	f[i++] = SB_FINT("invol_cs", r->invol_cs);
	f[i++] = SB_FSTR("check", r->check);
	return i;
}

#define MAXREP 1024
size_t sb_summary_fields(const sb_result *reps, size_t n, sb_log_field *f)
{
	static _Thread_local double a[MAXREP], b[MAXREP];
	if (n > MAXREP)
		n = MAXREP;
	size_t i = param_fields(&reps[0], f);
	f[i++] = SB_FINT("reps", (long long)n);
	double lo, hi;
	for (int which = 0; which < 2; which++) {
		const char *k[5] = { "ops_per_s_median", "ops_per_s_min", "ops_per_s_max", "ops_per_s_ci_lo", "ops_per_s_ci_hi" };
		const char *k2[5] = { "ns_per_op_median", "ns_per_op_min", "ns_per_op_max", "ns_per_op_ci_lo", "ns_per_op_ci_hi" };
		for (size_t j = 0; j < n; j++)
			a[j] = which ? reps[j].ns_per_op : reps[j].ops_per_s;
		const char **kk = which ? k2 : k;
		f[i++] = dbl(kk[0], sb_stats_median(a, n));
		f[i++] = dbl(kk[1], sb_stats_min(a, n));
		f[i++] = dbl(kk[2], sb_stats_max(a, n));
		sb_stats_ci95(a, n, &lo, &hi);
		f[i++] = dbl(kk[3], lo);
		f[i++] = dbl(kk[4], hi);
	}
	if (reps[0].read_ops >= 0) {
		for (size_t j = 0; j < n; j++) {
			a[j] = reps[j].duration_s > 0 ? (double)reps[j].read_ops / reps[j].duration_s : NAN;
			b[j] = reps[j].duration_s > 0 ? (double)reps[j].write_ops / reps[j].duration_s : NAN;
		}
		f[i++] = dbl("read_ops_per_s_median", sb_stats_median(a, n));
		f[i++] = dbl("write_ops_per_s_median", sb_stats_median(b, n));
	} else {
		f[i++] = SB_FNONE("read_ops_per_s_median");
		f[i++] = SB_FNONE("write_ops_per_s_median");
	}
	const char *lk[4] = { "lat_p50_ns_median", "lat_p90_ns_median", "lat_p99_ns_median", "lat_p999_ns_median" };
	for (int q = 0; q < 4; q++) {
		size_t m = 0;
		for (size_t j = 0; j < n; j++)
			if (reps[j].lat_samples) {
				uint64_t v = q == 0 ? reps[j].lat_p50 : q == 1 ? reps[j].lat_p90 : q == 2 ? reps[j].lat_p99 : reps[j].lat_p999;
				a[m++] = (double)v;
			}
		f[i++] = m ? SB_FDBL(lk[q], sb_stats_median(a, m)) : SB_FNONE(lk[q]);
	}
	uint64_t mx = 0;
	int any = 0;
	for (size_t j = 0; j < n; j++)
		if (reps[j].lat_samples) {
			any = 1;
			if (reps[j].lat_max > mx) mx = reps[j].lat_max;
		}
	f[i++] = any ? SB_FUINT("lat_max_ns_max", mx) : SB_FNONE("lat_max_ns_max");
	for (size_t j = 0; j < n; j++) a[j] = reps[j].fair_jain;
	f[i++] = dbl("fair_jain_median", sb_stats_median(a, n));
	for (size_t j = 0; j < n; j++) a[j] = (double)reps[j].vol_cs;
	f[i++] = dbl("vol_cs_median", sb_stats_median(a, n));
	for (size_t j = 0; j < n; j++) a[j] = (double)reps[j].invol_cs;
	f[i++] = dbl("invol_cs_median", sb_stats_median(a, n));
	const char *chk = "ok";
	for (size_t j = 0; j < n; j++)
		if (strcmp(reps[j].check, "ok") != 0) {
			chk = reps[j].check;
			break;
		}
	f[i++] = SB_FSTR("check", chk);
	return i;
}
