/* result.c: from a joined team to one row of results.csv (figures and validity flags), and from
 * repetitions to summary.csv. */
#include "syncbench/result.h"
#include "syncbench/interval.h"
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
	"thread_ops_min", "thread_ops_max", "user_s", "sys_s", "vol_cs", "invol_cs",
	"c2c_before_ns", "c2c_after_ns", "speed_before_ns", "speed_after_ns", "relation", "flags", "check", "counters",
};
const size_t sb_result_ncolumns = sizeof sb_result_columns / sizeof sb_result_columns[0];

const char *const sb_summary_columns[] = {
	PARAM_COLUMNS, "reps", "ops_per_s_median", "ops_per_s_min", "ops_per_s_max", "ops_per_s_ci_lo",
	"ops_per_s_ci_hi", "ops_per_s_mean", "ops_per_s_stddev", "ops_per_s_cv",
	"ns_per_op_median", "ns_per_op_min", "ns_per_op_max", "ns_per_op_ci_lo", "ns_per_op_ci_hi",
	"ns_per_op_mean", "ns_per_op_stddev", "ns_per_op_cv",
	"read_ops_per_s_median", "write_ops_per_s_median", "lat_p50_ns_median",
	"lat_p90_ns_median", "lat_p99_ns_median", "lat_p999_ns_median", "lat_max_ns_max",
	"fair_jain_median", "vol_cs_median", "invol_cs_median", "flags", "check", "counters",
};
const size_t sb_summary_ncolumns = sizeof sb_summary_columns / sizeof sb_summary_columns[0];

static const char *const flag_names[SB_NFLAGS] = {
	"few_ops", "low_overlap", "starved", "preempted", "moved", "slowed", "below_clock", "overrun",
	"unstable", "bimodal", "few_reps",
};
static const char *const flag_words[SB_NFLAGS] = {
	"fewer operations than --min-ops, even in the longest window",
	"the workers ran their loops at the same time for less than 90% of the window",
	"a worker did no operation, or fewer than 1% of the mean",
	"a spinning worker was on a CPU for less than 80% of the window (the figure measures the scheduler)",
	"the cache-line transfer time between the workers' CPUs changed by more than 1.5x (the vCPUs moved)",
	"the CPU's speed changed by more than 1.2x during the repetition",
	"a latency percentile is below the clock's resolution (left empty)",
	"the measured span is more than 20% longer than the window",
	"the median's 95% interval is wider than +-10%",
	"the repetitions fall into two clusters far apart",
	"too few repetitions for a 95% interval of the median (6 at least)",
};

const char *sb_flag_name(int i) { return i >= 0 && i < SB_NFLAGS ? flag_names[i] : "?"; }
const char *sb_flag_words(int i) { return i >= 0 && i < SB_NFLAGS ? flag_words[i] : "?"; }

void sb_flags_str(unsigned flags, char *buf, size_t len)
{
	size_t o = 0;
	if (len)
		buf[0] = 0;
	for (int i = 0; i < SB_NFLAGS; i++)
		if (flags & (1u << i)) {
			int w = snprintf(buf + o, len > o ? len - o : 0, "%s%s", o ? ";" : "", flag_names[i]);
			if (w > 0)
				o += (size_t)w;
		}
}

static int ratio_beyond(double a, double b, double limit)
{
	if (!(a > 0) || !(b > 0) || !isfinite(a) || !isfinite(b))
		return 0;
	return a / b > limit || b / a > limit;
}

/* The flags of one repetition: see enum sb_flag. */
static unsigned judge(sb_result *r, const sb_team *t, const sb_flag_opts *fo)
{
	unsigned f = 0;
	int n = t->o.nthreads, active = 0;
	uint64_t low = UINT64_MAX, sum = 0;
	for (int i = 0; i < n; i++) {
		const sb_worker *w = &t->workers[i];
		if (w->idle)
			continue;
		active++;
		sum += w->ops;
		if (w->ops < low)
			low = w->ops;
	}
	if (r->ops < fo->min_ops || (active && low < fo->min_ops_per_worker))
		f |= SB_FLAG_FEW_OPS;
	if (active && (low == 0 || (double)low < 0.01 * (double)sum / active))
		f |= SB_FLAG_STARVED;
	/* overlap: from the last worker's first counted operation to the first worker's last one */
	uint64_t b = 0, e = UINT64_MAX, b0 = UINT64_MAX, e0 = 0;
	for (int i = 0; i < n; i++) {
		const sb_worker *w = &t->workers[i];
		if (w->idle || !w->ops)
			continue;
		if (w->t_begin > b) b = w->t_begin;
		if (w->t_end < e) e = w->t_end;
		if (w->t_begin < b0) b0 = w->t_begin;
		if (w->t_end > e0) e0 = w->t_end;
	}
	r->overlap = (e0 > b0) ? (e > b ? (double)(e - b) / (double)(e0 - b0) : 0) : NAN;
	if (active >= 2 && isfinite(r->overlap) && r->overlap < 0.9)
		f |= SB_FLAG_LOW_OVERLAP;
	/* on a CPU for the window? only for implementations that never block */
	r->cpu_share_min = NAN;
	for (int i = 0; i < n; i++) {
		const sb_worker *w = &t->workers[i];
		if (w->idle || w->t_end <= w->t_begin)
			continue;
		double share = (w->user_s + w->sys_s) / ((double)(w->t_end - w->t_begin) / 1e9);
		if (!(share >= r->cpu_share_min))
			r->cpu_share_min = share;
	}
	/* getrusage counts in scheduler ticks of a few ms: judge only windows long enough to tell */
	if (fo->spins && isfinite(r->cpu_share_min) && r->cpu_share_min < 0.8 && r->duration_s >= 0.02)
		f |= SB_FLAG_PREEMPTED;
	if (ratio_beyond(r->c2c_before_ns, r->c2c_after_ns, 1.5))
		f |= SB_FLAG_MOVED;
	for (int i = 0; i < n; i++) {
		const sb_worker *w = &t->workers[i];
		if (w->speed_before_ns && w->speed_after_ns &&
		    ratio_beyond((double)w->speed_before_ns, (double)w->speed_after_ns, 1.2))
			f |= SB_FLAG_SLOWED;
	}
	if (r->lat_below)
		f |= SB_FLAG_BELOW_CLOCK;
	if (t->window_ns && r->duration_s * 1e9 > 1.2 * (double)t->window_ns)
		f |= SB_FLAG_OVERRUN;
	return f;
}

void sb_result_from_team(sb_result *r, const sb_team *t, int has_rw, const sb_flag_opts *fo)
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
	double sp_b = 0, sp_a = 0;
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
		if ((double)w->speed_before_ns > sp_b) sp_b = (double)w->speed_before_ns;
		if ((double)w->speed_after_ns > sp_a) sp_a = (double)w->speed_after_ns;
		sb_hist_merge(&h, &w->hist);
	}
	r->read_ops = has_rw ? (int64_t)rd : -1;
	r->write_ops = has_rw ? (int64_t)wr : -1;
	/* The window is the span in which the counted operations happened: from the first worker's
	 * start to the last worker's end (a worker sees the end of the window only between two
	 * bursts of operations, see syncbench/loop.h). Idle workers (no operation) do not count. */
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
	r->lat_below = 0;
	if (fo && h.count) {
		uint64_t q[5] = { r->lat_p50, r->lat_p90, r->lat_p99, r->lat_p999, r->lat_max };
		for (int i = 0; i < 5; i++)
			if ((double)q[i] < fo->clock_floor_ns)
				r->lat_below |= 1u << i;
	}
	r->cpus = t->cpus_used;
	r->c2c_before_ns = t->c2c_before_ns;
	r->c2c_after_ns = t->c2c_after_ns;
	r->speed_before_ns = sp_b > 0 ? sp_b : NAN;
	r->speed_after_ns = sp_a > 0 ? sp_a : NAN;
	r->flags = fo ? judge(r, t, fo) : 0;
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

static sb_log_field lat(const sb_result *r, const char *k, uint64_t v, int q)
{
	if (!r->lat_samples || (r->lat_below & (1u << q)))
		return SB_FNONE(k);
	return SB_FUINT(k, v);
}

size_t sb_result_fields(const sb_result *r, sb_log_field *f, char *buf, size_t buflen)
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
	f[i++] = lat(r, "lat_p50_ns", r->lat_p50, 0);
	f[i++] = lat(r, "lat_p90_ns", r->lat_p90, 1);
	f[i++] = lat(r, "lat_p99_ns", r->lat_p99, 2);
	f[i++] = lat(r, "lat_p999_ns", r->lat_p999, 3);
	f[i++] = lat(r, "lat_max_ns", r->lat_max, 4);
	f[i++] = dbl("fair_jain", r->fair_jain);
	f[i++] = SB_FUINT("thread_ops_min", r->thread_ops_min);
	f[i++] = SB_FUINT("thread_ops_max", r->thread_ops_max);
	f[i++] = SB_FDBL("user_s", r->user_s);
	f[i++] = SB_FDBL("sys_s", r->sys_s);
	f[i++] = SB_FINT("vol_cs", r->vol_cs);
	f[i++] = SB_FINT("invol_cs", r->invol_cs);
	f[i++] = dbl("c2c_before_ns", r->c2c_before_ns);
	f[i++] = dbl("c2c_after_ns", r->c2c_after_ns);
	f[i++] = dbl("speed_before_ns", r->speed_before_ns);
	f[i++] = dbl("speed_after_ns", r->speed_after_ns);
	f[i++] = SB_FSTR("relation", r->relation);
	sb_flags_str(r->flags, buf, buflen);
	f[i++] = SB_FSTR("flags", buf);
	f[i++] = SB_FSTR("check", r->check);
	f[i++] = SB_FSTR("counters", r->counters.str);
	return i;
}

/* mean, sd, cv, median, min, max, interval of one figure over the repetitions */
static void figure(const double *a, size_t n, double *med, double *mn, double *mx, double *lo, double *hi,
		   double *mean, double *sd, double *cv)
{
	*med = sb_stats_median(a, n);
	*mn = sb_stats_min(a, n);
	*mx = sb_stats_max(a, n);
	if (sb_median_ci(a, n, lo, hi))
		*lo = *hi = NAN;
	*mean = sb_stats_mean(a, n);
	*sd = sb_stats_stddev(a, n);
	*cv = (*mean > 0 && isfinite(*sd)) ? *sd / *mean : NAN;
}

#define MAXREP 1024
void sb_summary_compute(const sb_result *reps, size_t n, sb_summary *s)
{
	double *a = calloc(n ? n : 1, sizeof *a);
	memset(s, 0, sizeof *s);
	s->check = "ok";
	s->reps = n;
	if (!a)
		return;
	/* figures only from repetitions that measured something (a failed setup has none) */
	size_t m = 0;
	for (size_t j = 0; j < n; j++) {
		s->flags |= reps[j].flags;
		if (strcmp(reps[j].check, "ok") != 0 && !strcmp(s->check, "ok"))
			s->check = reps[j].check;
		if (isfinite(reps[j].ns_per_op))
			a[m++] = reps[j].ns_per_op;
	}
	figure(a, m, &s->ns_median, &s->ns_min, &s->ns_max, &s->ns_lo, &s->ns_hi, &s->ns_mean, &s->ns_sd, &s->ns_cv);
	int bim = sb_bimodal(a, m);
	m = 0;
	for (size_t j = 0; j < n; j++)
		if (isfinite(reps[j].ops_per_s) && isfinite(reps[j].ns_per_op))
			a[m++] = reps[j].ops_per_s;
	figure(a, m, &s->ops_median, &s->ops_min, &s->ops_max, &s->ops_lo, &s->ops_hi, &s->ops_mean, &s->ops_sd, &s->ops_cv);
	free(a);
	s->halfwidth = (isfinite(s->ns_lo) && s->ns_median > 0) ? (s->ns_hi - s->ns_lo) / 2.0 / s->ns_median : NAN;
	if (!isfinite(s->halfwidth))
		s->flags |= SB_FLAG_FEW_REPS;
	else if (s->halfwidth > 0.10)
		s->flags |= SB_FLAG_UNSTABLE;
	if (bim)
		s->flags |= SB_FLAG_BIMODAL;
}

const sb_counters *sb_counters_first(const sb_result *reps, size_t n)
{
	for (size_t r = 0; r < n; r++)
		if (isfinite(reps[r].ns_per_op))
			return &reps[r].counters;
	return NULL;
}

size_t sb_counter_values(const sb_result *reps, size_t n, const char *key, double *a, size_t cap)
{
	size_t m = 0;
	for (size_t r = 0; r < n && m < cap; r++) {
		if (!isfinite(reps[r].ns_per_op))
			continue;
		const sb_counters *x = &reps[r].counters;
		for (int j = 0; j < x->n; j++)
			if (!strcmp(x->kv[j].key, key)) {
				a[m++] = (double)x->kv[j].val;
				break;
			}
	}
	return m;
}

/* summary.csv's counters: "key=median;..." over the measured repetitions, in the first one's order
 * (a: MAXREP scratch). Not named with _median: a column of that suffix holds a number. */
static void counters_median_str(const sb_result *reps, size_t n, double *a, char *buf, size_t len)
{
	const sb_counters *c = sb_counters_first(reps, n);
	size_t k = 0;
	buf[0] = 0;
	for (int j = 0; c && j < c->n && k < len; j++) {
		size_t m = sb_counter_values(reps, n, c->kv[j].key, a, MAXREP);
		int w = snprintf(buf + k, len - k, "%s%s=%.10g", j ? ";" : "", c->kv[j].key, sb_stats_median(a, m));
		if (w < 0 || (size_t)w >= len - k) {
			buf[k] = 0; /* no half pair */
			break;
		}
		k += (size_t)w;
	}
}

size_t sb_summary_fields(const sb_result *reps, size_t n, sb_log_field *f, char *buf, size_t buflen)
{
	static _Thread_local double a[MAXREP], b[MAXREP];
	if (n > MAXREP)
		n = MAXREP;
	sb_summary s;
	sb_summary_compute(reps, n, &s);
	size_t i = param_fields(&reps[0], f);
	f[i++] = SB_FINT("reps", (long long)n);
	f[i++] = dbl("ops_per_s_median", s.ops_median);
	f[i++] = dbl("ops_per_s_min", s.ops_min);
	f[i++] = dbl("ops_per_s_max", s.ops_max);
	f[i++] = dbl("ops_per_s_ci_lo", s.ops_lo);
	f[i++] = dbl("ops_per_s_ci_hi", s.ops_hi);
	f[i++] = dbl("ops_per_s_mean", s.ops_mean);
	f[i++] = dbl("ops_per_s_stddev", s.ops_sd);
	f[i++] = dbl("ops_per_s_cv", s.ops_cv);
	f[i++] = dbl("ns_per_op_median", s.ns_median);
	f[i++] = dbl("ns_per_op_min", s.ns_min);
	f[i++] = dbl("ns_per_op_max", s.ns_max);
	f[i++] = dbl("ns_per_op_ci_lo", s.ns_lo);
	f[i++] = dbl("ns_per_op_ci_hi", s.ns_hi);
	f[i++] = dbl("ns_per_op_mean", s.ns_mean);
	f[i++] = dbl("ns_per_op_stddev", s.ns_sd);
	f[i++] = dbl("ns_per_op_cv", s.ns_cv);
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
		size_t m = 0, below = 0;
		for (size_t j = 0; j < n; j++)
			if (reps[j].lat_samples) {
				if (reps[j].lat_below & (1u << q)) {
					below++;
					continue;
				}
				uint64_t v = q == 0 ? reps[j].lat_p50 : q == 1 ? reps[j].lat_p90 : q == 2 ? reps[j].lat_p99 : reps[j].lat_p999;
				a[m++] = (double)v;
			}
		/* a median only when most repetitions resolved the percentile */
		f[i++] = (m && m > below) ? SB_FDBL(lk[q], sb_stats_median(a, m)) : SB_FNONE(lk[q]);
	}
	uint64_t mx = 0;
	int any = 0;
	for (size_t j = 0; j < n; j++)
		if (reps[j].lat_samples && !(reps[j].lat_below & (1u << 4))) {
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
	sb_flags_str(s.flags, buf, buflen);
	f[i++] = SB_FSTR("flags", buf);
	f[i++] = SB_FSTR("check", s.check);
	size_t used = strlen(buf) + 1;
	char *cm = buf + (used < buflen ? used : buflen - 1);
	counters_median_str(reps, n, a, cm, buflen - (size_t)(cm - buf));
	f[i++] = SB_FSTR("counters", cm);
	return i;
}
