/* report.c: what a run writes and prints besides its rows: meta.json, summary.csv, summary.md,
 * results.json (google-benchmark's layout), the console's per-case line and final table, and the
 * dry run's plan. All on the controller thread, outside any measured window. */
#include "run_state.h"

#include "syncbench/interval.h"
#include "syncbench/stats.h"
#include "syncbench/topo.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int sb_write_atomic(const char *path, int (*fn)(FILE *f, void *arg), void *arg)
{
	char tmp[4200];
	if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp)
		return -ENAMETOOLONG;
	FILE *f = fopen(tmp, "w");
	if (!f)
		return -errno;
	int r = fn(f, arg);
	if (fflush(f) != 0 || ferror(f))
		r = r ? r : -(errno ? errno : EIO);
	if (!r && fsync(fileno(f)) != 0)
		r = -errno;
	if (fclose(f) != 0 && !r)
		r = -(errno ? errno : EIO);
	if (!r && rename(tmp, path) != 0)
		r = -errno;
	if (r)
		unlink(tmp);
	return r;
}

void sb_fmt_si(double v, const char *unit, char *buf, size_t len)
{
	if (!isfinite(v)) {
		snprintf(buf, len, "-");
		return;
	}
	if (!strcmp(unit, "ns")) {
		const char *u = "ns";
		double x = v;
		if (x >= 1e9) { x /= 1e9; u = "s"; }
		else if (x >= 1e6) { x /= 1e6; u = "ms"; }
		else if (x >= 1e3) { x /= 1e3; u = "us"; }
		snprintf(buf, len, x >= 100 ? "%.0f %s" : x >= 10 ? "%.1f %s" : "%.2f %s", x, u);
		return;
	}
	static const char *const pre[] = { "", "k", "M", "G", "T" };
	int p = 0;
	double x = v;
	while (fabs(x) >= 1000 && p < 4) {
		x /= 1000;
		p++;
	}
	snprintf(buf, len, fabs(x) >= 100 ? "%.0f %s%s" : fabs(x) >= 10 ? "%.1f %s%s" : "%.2f %s%s", x, pre[p], unit);
}

/* ---- meta.json ------------------------------------------------------------------------------ */

static int meta_body(FILE *f, void *arg)
{
	void **a = arg;
	sb_run_state *s = a[0];
	int complete = *(int *)a[1];
	const sb_run_opts *o = s->o;
	int first = 1;
	fputs("{\n", f);
	sb_json_kv_int(f, &first, "schema_version", SB_SCHEMA_VERSION);
	sb_json_kv_str(f, &first, "run_id", s->run_id);
	sb_json_kv_str(f, &first, "start_time", s->start_iso);
	char now[40];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	sb_json_kv_str(f, &first, complete ? "end_time" : "updated_time", now);
	sb_json_kv_bool(f, &first, "complete", complete);
	sb_json_kv_bool(f, &first, "interrupted", s->interrupted);
	if (s->signal)
		sb_json_kv_int(f, &first, "signal", s->signal);
	sb_json_kv_bool(f, &first, "hung", s->hung);
	sb_json_kv_bool(f, &first, "write_failed", s->write_failed);
	if (s->stop_reason[0])
		sb_json_kv_str(f, &first, "stop_reason", s->stop_reason);
	sb_json_kv_int(f, &first, "case_points", (long long)s->plan.n);
	sb_json_kv_int(f, &first, "rounds", s->rounds);
	sb_json_kv_int(f, &first, "cases_planned", (long long)(s->plan.n * (size_t)o->reps));
	sb_json_kv_int(f, &first, "cases_done", (long long)s->reps_done);
	sb_json_kv_int(f, &first, "cases_failed", (long long)s->reps_failed);
	sb_json_kv_int(f, &first, "reps_flagged", (long long)s->reps_flagged);
	sb_json_kv_str(f, &first, "command_line", o->cmdline ? o->cmdline : "");
	sb_json_kv_str(f, &first, "plan_signature", s->plan_sig);
	sb_machine_json(f, &first, &s->m);
	sb_json_key(f, &first, "calibration");
	{
		int f2 = 1;
		fputs("{\n", f);
		sb_json_kv_num(f, &f2, "timer_overhead_ns", s->clk.overhead_ns);
		sb_json_kv_num(f, &f2, "timer_overhead_min_ns", s->clk.overhead_min_ns);
		sb_json_kv_num(f, &f2, "timer_resolution_ns", s->clk.resolution_ns);
		sb_json_kv_num(f, &f2, "spin_ns_per_iter", s->cal.ns_per_iter);
		sb_json_kv_num(f, &f2, "spin_fixed_ns", s->cal.fixed_ns);
		sb_json_kv_int(f, &f2, "cs_iters", (long long)s->cs_iters);
		sb_json_kv_num(f, &f2, "cs_measured_ns", s->cs_measured_ns);
		sb_json_kv_int(f, &f2, "think_iters", (long long)s->think_iters);
		sb_json_kv_num(f, &f2, "think_measured_ns", s->think_measured_ns);
		sb_json_kv_num(f, &f2, "null_loop_ns_per_op", s->null_ns_per_op);
		fputs("\n  }", f);
	}
	sb_json_key(f, &first, "options");
	{
		int f2 = 1;
		fputs("{\n", f);
		sb_json_key(f, &f2, "filters");
		fputc('[', f);
		for (int i = 0; i < o->nfilters; i++) {
			if (i)
				fputs(", ", f);
			sb_json_str(f, o->filters[i]);
		}
		fputc(']', f);
		sb_json_key(f, &f2, "threads");
		fputc('[', f);
		for (int i = 0; i < o->nthreads; i++)
			fprintf(f, "%s%d", i ? ", " : "", o->threads[i]);
		fputc(']', f);
		sb_json_key(f, &f2, "params");
		fputc('[', f);
		for (int i = 0; i < o->nparams; i++) {
			if (i)
				fputs(", ", f);
			sb_json_str(f, o->params[i]);
		}
		fputc(']', f);
		sb_json_kv_num(f, &f2, "duration_s", (double)o->duration_ns / 1e9);
		sb_json_kv_num(f, &f2, "warmup_s", (double)o->warmup_ns / 1e9);
		sb_json_kv_int(f, &f2, "reps", o->reps);
		sb_json_kv_num(f, &f2, "target_ci_pct", o->target_ci);
		sb_json_kv_int(f, &f2, "max_reps", s->max_reps);
		sb_json_kv_num(f, &f2, "budget_s", (double)o->budget_ns / 1e9);
		sb_json_kv_int(f, &f2, "min_ops", (long long)o->min_ops);
		sb_json_kv_num(f, &f2, "max_window_s", (double)o->max_window_ns / 1e9);
		sb_json_kv_int(f, &f2, "cs_ns", (long long)o->cs_ns);
		sb_json_kv_int(f, &f2, "think_ns", (long long)o->think_ns);
		sb_json_kv_str(f, &f2, "pin", o->pin_name);
		sb_json_kv_num(f, &f2, "watchdog_s", (double)o->watchdog_ns / 1e9);
		sb_json_kv_bool(f, &f2, "negative_controls", o->negative_controls);
		fputs("\n  }", f);
	}
	fputs("\n}\n", f);
	return 0;
}

void sb_report_meta(sb_run_state *s, int complete)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/meta.json", s->dir);
	void *a[2] = { s, &complete };
	if (sb_write_atomic(path, meta_body, a))
		s->write_failed = 1;
}

/* ---- summary.csv ---------------------------------------------------------------------------- */

static void csv_value(FILE *f, const sb_log_field *fl)
{
	switch (fl->type) {
	case SB_LOG_FIELD_STR: sb_csv_write_field(f, fl->v.s); break;
	case SB_LOG_FIELD_INT: fprintf(f, "%lld", fl->v.i); break;
	case SB_LOG_FIELD_UINT: fprintf(f, "%llu", fl->v.u); break;
	case SB_LOG_FIELD_DOUBLE: fprintf(f, "%.10g", fl->v.d); break;
	case SB_LOG_FIELD_NONE: break;
	}
}

static int summary_body(FILE *f, void *arg)
{
	sb_run_state *s = arg;
	for (size_t c = 0; c < sb_summary_ncolumns; c++) {
		if (c)
			fputc(',', f);
		sb_csv_write_field(f, sb_summary_columns[c]);
	}
	fputc('\n', f);
	for (size_t i = 0; i < s->plan.n; i++) {
		sb_plan_item *it = &s->plan.items[i];
		if (!it->done)
			continue;
		sb_log_field fl[64];
		char buf[1024];
		size_t nf = sb_summary_fields(it->res, (size_t)it->done, fl, buf, sizeof buf);
		for (size_t c = 0; c < nf; c++) {
			if (c)
				fputc(',', f);
			csv_value(f, &fl[c]);
		}
		fputc('\n', f);
	}
	return 0;
}

int sb_report_summary_csv(sb_run_state *s, char *err, size_t errlen)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/summary.csv", s->dir);
	int r = sb_write_atomic(path, summary_body, s);
	if (r)
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(-r));
	return r;
}

/* ---- the console ---------------------------------------------------------------------------- */

static void flag_counts_str(const sb_plan_item *it, char *buf, size_t len)
{
	int cnt[SB_NFLAGS] = { 0 };
	for (int j = 0; j < it->done; j++)
		for (int b = 0; b < SB_NFLAGS; b++)
			if (it->res[j].flags & (1u << b))
				cnt[b]++;
	sb_summary sm;
	sb_summary_compute(it->res, (size_t)it->done, &sm);
	size_t o = 0;
	buf[0] = 0;
	for (int b = 0; b < SB_NFLAGS; b++) {
		int w = 0;
		if (cnt[b])
			w = snprintf(buf + o, len > o ? len - o : 0, "%s%s %d/%d", o ? ", " : "", sb_flag_name(b), cnt[b], it->done);
		else if (sm.flags & (1u << b))
			w = snprintf(buf + o, len > o ? len - o : 0, "%s%s", o ? ", " : "", sb_flag_name(b));
		if (w > 0)
			o += (size_t)w;
	}
}

void sb_report_case_line(const sb_run_state *s, const sb_plan_item *it, char *buf, size_t len)
{
	(void)s;
	sb_summary sm;
	sb_summary_compute(it->res, (size_t)it->done, &sm);
	char med[32], lo[32], hi[32], ops[32], fl[256], ivl[96];
	sb_fmt_si(sm.ns_median, "ns", med, sizeof med);
	sb_fmt_si(sm.ops_median, "ops/s", ops, sizeof ops);
	if (isfinite(sm.ns_lo)) {
		sb_fmt_si(sm.ns_lo, "ns", lo, sizeof lo);
		sb_fmt_si(sm.ns_hi, "ns", hi, sizeof hi);
		snprintf(ivl, sizeof ivl, "95%% %s..%s", lo, hi);
	} else {
		sb_fmt_si(sm.ns_min, "ns", lo, sizeof lo);
		sb_fmt_si(sm.ns_max, "ns", hi, sizeof hi);
		snprintf(ivl, sizeof ivl, "range %s..%s", lo, hi);
	}
	flag_counts_str(it, fl, sizeof fl);
	snprintf(buf, len, "%s: %s/op (%s, %d reps), %s%s%s%s%s", it->label, med, ivl, it->done, ops,
		 fl[0] ? "; flags: " : "", fl, strcmp(sm.check, "ok") ? "; " : "", strcmp(sm.check, "ok") ? sm.check : "");
}

/* Groups: family/scenario + threads + parameters; the best median ns/op of each group is marked. */
static int same_group(const sb_plan_item *a, const sb_plan_item *b)
{
	if (strcmp(a->c->family, b->c->family) || strcmp(a->c->scenario, b->c->scenario) || a->p.threads != b->p.threads ||
	    a->p.nkv != b->p.nkv)
		return 0;
	for (int k = 0; k < a->p.nkv; k++)
		if (strcmp(a->p.kv[k].key, b->p.kv[k].key) || a->p.kv[k].val != b->p.kv[k].val)
			return 0;
	return 1;
}

void sb_report_table(sb_run_state *s, FILE *f)
{
	size_t n = s->plan.n;
	char *shown = calloc(n ? n : 1, 1);
	if (!shown)
		return;
	fprintf(f, "%-34s %4s %11s %23s %11s %6s  %s\n", "case", "thr", "ns/op", "95% interval (or range)", "ops/s",
		"jain", "flags / check");
	const char *fam = "";
	for (size_t i = 0; i < n; i++) {
		if (shown[i] || !s->plan.items[i].done)
			continue;
		/* the group of item i, in plan order; its best */
		double best = INFINITY;
		for (size_t j = i; j < n; j++) {
			const sb_plan_item *it = &s->plan.items[j];
			if (!it->done || !same_group(&s->plan.items[i], it))
				continue;
			sb_summary sm;
			sb_summary_compute(it->res, (size_t)it->done, &sm);
			if (!strcmp(sm.check, "ok") && !(it->c->flags & SB_CASE_BASELINE) && sm.ns_median < best)
				best = sm.ns_median;
		}
		const sb_plan_item *g = &s->plan.items[i];
		if (strcmp(fam, g->c->family)) {
			fam = g->c->family;
			fprintf(f, "-- %s\n", fam);
		}
		char head[200];
		size_t o = (size_t)snprintf(head, sizeof head, "%s/%s t=%d", g->c->family, g->c->scenario, g->p.threads);
		for (int k = 0; k < g->p.nkv && o < sizeof head; k++)
			o += (size_t)snprintf(head + o, sizeof head - o, " %s=%lld", g->p.kv[k].key, g->p.kv[k].val);
		fprintf(f, "%s\n", head);
		for (size_t j = i; j < n; j++) {
			sb_plan_item *it = &s->plan.items[j];
			if (!it->done || !same_group(g, it))
				continue;
			shown[j] = 1;
			sb_summary sm;
			sb_summary_compute(it->res, (size_t)it->done, &sm);
			double jn[1024];
			size_t m = 0;
			for (int r = 0; r < it->done && m < 1024; r++)
				jn[m++] = it->res[r].fair_jain;
			char med[32], lo[32], hi[32], ops[32], ivl[80], fl[200];
			sb_fmt_si(sm.ns_median, "ns", med, sizeof med);
			sb_fmt_si(sm.ops_median, "ops/s", ops, sizeof ops);
			if (isfinite(sm.ns_lo)) {
				sb_fmt_si(sm.ns_lo, "ns", lo, sizeof lo);
				sb_fmt_si(sm.ns_hi, "ns", hi, sizeof hi);
			} else {
				sb_fmt_si(sm.ns_min, "ns", lo, sizeof lo);
				sb_fmt_si(sm.ns_max, "ns", hi, sizeof hi);
			}
			snprintf(ivl, sizeof ivl, "%s%s - %s%s", isfinite(sm.ns_lo) ? "" : "(", lo, hi, isfinite(sm.ns_lo) ? "" : ")");
			sb_flags_str(sm.flags, fl, sizeof fl);
			int is_best = !strcmp(sm.check, "ok") && !(it->c->flags & SB_CASE_BASELINE) && sm.ns_median == best;
			fprintf(f, "%s %-32s %4d %11s %23s %11s %6.3f  %s%s%s\n", is_best ? "*" : " ", it->c->impl, it->p.threads, med,
				ivl, ops, sb_stats_median(jn, m), strcmp(sm.check, "ok") ? sm.check : "", fl[0] && strcmp(sm.check, "ok") ? " " : "", fl);
		}
	}
	free(shown);
	/* how many cases carry each flag */
	int cnt[SB_NFLAGS] = { 0 }, cases = 0;
	for (size_t i = 0; i < n; i++) {
		sb_plan_item *it = &s->plan.items[i];
		if (!it->done)
			continue;
		cases++;
		sb_summary sm;
		sb_summary_compute(it->res, (size_t)it->done, &sm);
		for (int b = 0; b < SB_NFLAGS; b++)
			if (sm.flags & (1u << b))
				cnt[b]++;
	}
	fprintf(f, "* marks the lowest ns/op of each group (the null baseline aside); an interval needs 6 repetitions, else (min - max)\n");
	int any = 0;
	for (int b = 0; b < SB_NFLAGS; b++)
		if (cnt[b]) {
			if (!any++)
				fprintf(f, "flags (cases carrying each, of %d):\n", cases);
			fprintf(f, "  %-12s %4d  %s\n", sb_flag_name(b), cnt[b], sb_flag_words(b));
		}
	if (!any)
		fprintf(f, "no case carries a validity flag\n");
}

/* ---- summary.md ----------------------------------------------------------------------------- */

static int md_body(FILE *f, void *arg)
{
	sb_run_state *s = arg;
	fprintf(f, "# syncbench run %s\n\n", s->run_id);
	fprintf(f, "Host `%s`, CPU %s, %s. Median over the repetitions; the interval is the distribution-free 95%% "
		"interval of the median (empty below 6 repetitions).\n\n", s->m.host, s->m.cpu_model, s->m.kernel);
	fprintf(f, "| case | threads | parameters | ns/op | 95%% interval | ops/s | reps | flags | check |\n");
	fprintf(f, "|---|---:|---|---:|---|---:|---:|---|---|\n");
	for (size_t i = 0; i < s->plan.n; i++) {
		sb_plan_item *it = &s->plan.items[i];
		if (!it->done)
			continue;
		sb_summary sm;
		sb_summary_compute(it->res, (size_t)it->done, &sm);
		char med[32], lo[32], hi[32], ops[32], fl[200], par[200] = "";
		sb_fmt_si(sm.ns_median, "ns", med, sizeof med);
		sb_fmt_si(sm.ops_median, "ops/s", ops, sizeof ops);
		sb_fmt_si(sm.ns_lo, "ns", lo, sizeof lo);
		sb_fmt_si(sm.ns_hi, "ns", hi, sizeof hi);
		sb_flags_str(sm.flags, fl, sizeof fl);
		size_t o = 0;
		for (int k = 0; k < it->p.nkv && o < sizeof par; k++)
			o += (size_t)snprintf(par + o, sizeof par - o, "%s%s=%lld", k ? " " : "", it->p.kv[k].key, it->p.kv[k].val);
		for (char *p = fl; *p; p++)
			if (*p == ';')
				*p = ' ';
		fprintf(f, "| %s | %d | %s | %s | %s | %s | %d | %s | %s |\n", it->name, it->p.threads, par, med,
			isfinite(sm.ns_lo) ? lo : "", ops, it->done, fl, sm.check);
		(void)hi;
	}
	return 0;
}

int sb_report_markdown(sb_run_state *s)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/summary.md", s->dir);
	return sb_write_atomic(path, md_body, s);
}

/* ---- results.json: google-benchmark's JSON layout ------------------------------------------ */

#define MAX_AGG_REPS 1024

static void gb_name(const sb_plan_item *it, char *buf, size_t len)
{
	size_t o = (size_t)snprintf(buf, len, "%s", it->name);
	for (int k = 0; k < it->p.nkv && o < len; k++)
		o += (size_t)snprintf(buf + o, len - o, "/%s:%lld", it->p.kv[k].key, it->p.kv[k].val);
	if (o < len)
		snprintf(buf + o, len - o, "/real_time/threads:%d", it->p.threads);
}

/* The counters of an entry, extra numeric fields as google-benchmark writes user counters: a
 * repetition's own whole numbers (v NULL), or one aggregate of each over the repetitions. */
typedef struct gb_ctrs {
	const sb_kv *kv;
	const double *v;
	int n;
} gb_ctrs;

static void gb_entry(FILE *f, int *first, const char *name, const char *run_name, const char *run_type, int rep,
		     int reps, const char *agg, double ns, double ops, uint64_t iters, int threads, const gb_ctrs *c)
{
	fprintf(f, "%s\n    {", *first ? "" : ",");
	*first = 0;
	int f2 = 1;
	sb_json_kv_str(f, &f2, "name", name);
	sb_json_kv_str(f, &f2, "run_name", run_name);
	sb_json_kv_str(f, &f2, "run_type", run_type);
	sb_json_kv_int(f, &f2, "repetitions", reps);
	if (rep >= 0)
		sb_json_kv_int(f, &f2, "repetition_index", rep);
	sb_json_kv_int(f, &f2, "threads", threads);
	if (agg) {
		sb_json_kv_str(f, &f2, "aggregate_name", agg);
		sb_json_kv_str(f, &f2, "aggregate_unit", strcmp(agg, "cv") ? "time" : "percentage");
	}
	sb_json_kv_int(f, &f2, "iterations", (long long)iters);
	sb_json_kv_num(f, &f2, "real_time", ns);
	sb_json_kv_num(f, &f2, "cpu_time", ns);
	sb_json_kv_str(f, &f2, "time_unit", "ns");
	sb_json_kv_num(f, &f2, "items_per_second", ops);
	for (int k = 0; c && k < c->n; k++) {
		if (c->v)
			sb_json_kv_num(f, &f2, c->kv[k].key, c->v[k]);
		else
			sb_json_kv_int(f, &f2, c->kv[k].key, c->kv[k].val);
	}
	fputs("}", f);
}

/* The aggregates of each counter of the first measured repetition over the measured ones that
 * have it: mean, median, stddev and cv (stddev / mean, 0 when the mean is), google-benchmark's four. */
static void gb_ctr_aggregates(const sb_plan_item *it, double agg[4][SB_MAX_COUNTERS], gb_ctrs *c)
{
	memset(c, 0, sizeof *c);
	double a[MAX_AGG_REPS];
	const sb_counters *first = sb_counters_first(it->res, (size_t)it->done);
	if (first) {
		c->kv = first->kv;
		c->n = first->n;
	}
	for (int k = 0; k < c->n; k++) {
		size_t m = sb_counter_values(it->res, (size_t)it->done, c->kv[k].key, a, MAX_AGG_REPS);
		agg[0][k] = sb_stats_mean(a, m);
		agg[1][k] = sb_stats_median(a, m);
		agg[2][k] = sb_stats_stddev(a, m);
		agg[3][k] = agg[0][k] != 0 ? agg[2][k] / agg[0][k] : 0; /* google-benchmark's cv of a mean of 0 */
	}
}

static int json_body(FILE *f, void *arg)
{
	sb_run_state *s = arg;
	fputs("{\n  \"context\": {", f);
	int first = 1;
	sb_json_kv_str(f, &first, "date", s->start_iso);
	sb_json_kv_str(f, &first, "host_name", s->m.host);
	sb_json_kv_str(f, &first, "executable", "syncbench");
	sb_json_kv_int(f, &first, "num_cpus", s->m.cpus_online);
	sb_json_kv_str(f, &first, "library_build_type", "release");
	sb_json_kv_str(f, &first, "syncbench_run_id", s->run_id);
	fputs("\n  },\n  \"benchmarks\": [", f);
	first = 1;
	for (size_t i = 0; i < s->plan.n; i++) {
		sb_plan_item *it = &s->plan.items[i];
		if (!it->done)
			continue;
		char name[400], an[440];
		gb_name(it, name, sizeof name);
		for (int r = 0; r < it->done; r++) {
			const sb_result *x = &it->res[r];
			if (!isfinite(x->ns_per_op))
				continue;
			gb_ctrs c = { x->counters.kv, NULL, x->counters.n };
			gb_entry(f, &first, name, name, "iteration", r, it->done, NULL, x->ns_per_op, x->ops_per_s, x->ops,
				 it->p.threads, &c);
		}
		sb_summary sm;
		sb_summary_compute(it->res, (size_t)it->done, &sm);
		double agg[4][SB_MAX_COUNTERS];
		gb_ctrs c[4];
		gb_ctr_aggregates(it, agg, &c[0]);
		for (int k = 1; k < 4; k++)
			c[k] = c[0];
		for (int k = 0; k < 4; k++)
			c[k].v = agg[k];
		snprintf(an, sizeof an, "%s_mean", name);
		gb_entry(f, &first, an, name, "aggregate", -1, it->done, "mean", sm.ns_mean, sm.ops_mean, 0, it->p.threads, &c[0]);
		snprintf(an, sizeof an, "%s_median", name);
		gb_entry(f, &first, an, name, "aggregate", -1, it->done, "median", sm.ns_median, sm.ops_median, 0, it->p.threads, &c[1]);
		snprintf(an, sizeof an, "%s_stddev", name);
		gb_entry(f, &first, an, name, "aggregate", -1, it->done, "stddev", sm.ns_sd, sm.ops_sd, 0, it->p.threads, &c[2]);
		snprintf(an, sizeof an, "%s_cv", name);
		gb_entry(f, &first, an, name, "aggregate", -1, it->done, "cv", sm.ns_cv, sm.ops_cv, 0, it->p.threads, &c[3]);
	}
	fputs("\n  ]\n}\n", f);
	return 0;
}

int sb_report_json(sb_run_state *s)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/results.json", s->dir);
	return sb_write_atomic(path, json_body, s);
}

/* ---- the dry run ---------------------------------------------------------------------------- */

/* "  cpus 0,2 (core)": the CPU of each worker under the item's placement, and their closest
 * relation; nothing when the workers are not pinned (or the topology is unknown). */
static void dry_run_cpus(const sb_run_opts *o, const sb_plan_item *it, const sb_topo *topo, FILE *f)
{
	/* the placement the run gives the item's team (run.c: the item's pin, else the options') */
	sb_pin_spec spec = it->pin ? *it->pin : sb_pin_spec_make(o->pin, o->cpu_list, o->ncpu_list);
	int n = it->p.threads;
	if (spec.kind == SB_PIN_NONE || !topo || n < 1 || n > SB_MAX_THREADS)
		return;
	int cpus[SB_MAX_THREADS];
	char why[160], list[200];
	if (sb_topo_place(topo, &spec, n, cpus, why, sizeof why)) {
		fprintf(f, "  (cannot place: %s)", why);
		return;
	}
	sb_topo_format_cpus(cpus, n, list, sizeof list);
	const char *rel = sb_topo_relation(topo, cpus, n);
	fprintf(f, "  cpus %s%s%s%s", list, *rel ? " (" : "", rel, *rel ? ")" : "");
}

void sb_report_dry_run(const sb_run_opts *o, const sb_plan *plan, int max_reps, FILE *f)
{
	size_t per_family[64] = { 0 };
	const sb_topo *topo = o->topo ? o->topo : sb_topo_machine(NULL, 0);
	if (o->topo) {
		char sum[200];
		sb_topo_summary(o->topo, sum, sizeof sum);
		fprintf(f, "# planned for %s (%s)\n", o->topo->source, sum);
	}
	for (size_t i = 0; i < plan->n; i++) {
		const sb_plan_item *it = &plan->items[i];
		fprintf(f, "%s", it->label);
		dry_run_cpus(o, it, topo, f);
		fputc('\n', f);
		for (size_t fi = 0; fi < sb_nfamilies && fi < 64; fi++)
			if (!strcmp(sb_families[fi]->name, it->c->family))
				per_family[fi]++;
	}
	for (size_t fi = 0; fi < sb_nfamilies && fi < 64; fi++)
		if (per_family[fi])
			fprintf(f, "# %-10s %4zu case points\n", sb_families[fi]->name, per_family[fi]);
	/* + start, probes, join: about 5 ms a repetition on a 2-vCPU guest */
	double per = (double)(o->duration_ns + o->warmup_ns) / 1e9 + 0.005;
	/* every window lengthened to the most it may be (too few operations): the worst case */
	double worst = o->max_window_ns > o->duration_ns ? (double)(o->max_window_ns + o->warmup_ns) / 1e9 + 0.005 : per;
	double lo = (double)plan->n * o->reps * per;
	if (o->target_ci > 0) {
		int minr = o->reps > SB_MEDIAN_CI_MIN_N ? o->reps : SB_MEDIAN_CI_MIN_N;
		lo = (double)plan->n * minr * per;
		double hi = (double)plan->n * max_reps * per;
		if (o->budget_ns && hi > (double)o->budget_ns / 1e9)
			hi = (double)o->budget_ns / 1e9 > lo ? (double)o->budget_ns / 1e9 : lo;
		fprintf(f, "# %zu case points, %d to %d repetitions each (until the median is within +-%g%%), windows of %.0f ms + %.0f ms warm-up: about %.0f",
			plan->n, minr, max_reps, o->target_ci, (double)o->duration_ns / 1e6, (double)o->warmup_ns / 1e6, lo);
		if (hi > lo + 0.5)
			fprintf(f, " to %.0f", hi);
		fputs(" s", f);
		if (worst > per)
			fprintf(f, " (%.0f s for the first %d rounds if every window is lengthened to %.0f ms)",
				(double)plan->n * minr * worst, minr, (double)o->max_window_ns / 1e6);
		fputc('\n', f);
	} else {
		fprintf(f, "# %zu case points x %d repetitions, windows of %.0f ms + %.0f ms warm-up: about %.0f s", plan->n,
			o->reps, (double)o->duration_ns / 1e6, (double)o->warmup_ns / 1e6, lo);
		if (worst > per)
			fprintf(f, " (%.0f s if every window is lengthened to %.0f ms)", (double)plan->n * o->reps * worst,
				(double)o->max_window_ns / 1e6);
		fputc('\n', f);
	}
}
