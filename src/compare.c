/* compare.c: `syncbench compare` and `syncbench rank` (see syncbench/compare.h, docs/compare.md). */
#include "compare_impl.h"

#include "syncbench/case.h"
#include "syncbench/machine.h"

#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *name, *unit; int higher_better; } metric_info[SB_METRIC_COUNT] = {
	[SB_METRIC_NS_PER_OP] = { "ns_per_op", "ns/op", 0 },
	[SB_METRIC_OPS_PER_S] = { "ops_per_s", "ops/s", 1 },
	[SB_METRIC_LAT_P99] = { "lat_p99_ns", "ns (p99)", 0 },
	[SB_METRIC_FAIR] = { "fair_jain", "Jain index", 1 },
	[SB_METRIC_CPU] = { "cpu", "CPU ns/op", 0 },
};

void sb_compare_opts_default(sb_compare_opts *o)
{
	memset(o, 0, sizeof *o);
	o->alpha = 0.05;
	o->threshold = 0.05;
	o->format = SB_FORMAT_TEXT;
}

int sb_metric_parse(const char *name)
{
	for (int m = 0; m < SB_METRIC_COUNT; m++)
		if (!strcmp(name, metric_info[m].name))
			return m;
	return -1;
}

const char *sb_metric_name(int m)
{
	return m >= 0 && m < SB_METRIC_COUNT ? metric_info[m].name : "?";
}

int sb_format_parse(const char *name)
{
	static const char *const f[] = { "text", "markdown", "json", "csv" };
	for (int i = 0; i < 4; i++)
		if (!strcmp(name, f[i]))
			return i;
	return -1;
}

static const char *verdict_name(int v, int metric)
{
	int fair = metric == SB_METRIC_FAIR;
	switch (v) {
	case SB_VERDICT_FASTER: return fair ? "fairer" : "faster";
	case SB_VERDICT_SLOWER: return fair ? "less fair" : "slower";
	case SB_VERDICT_SAME: return "same";
	case SB_VERDICT_FAILED: return "FAILED";
	default: return "inconclusive";
	}
}

/* --- one comparison of two samples --------------------------------------------------------- */

typedef struct cmp_stat {
	size_t na, nb;
	double med_a, med_b, ratio;   /* ratio: b/a of the medians ("worse" direction for rank) */
	double est, lo, hi;           /* Hodges-Lehmann ratio and its 95% interval (NAN: none) */
	double p, p_adj;
	int failed, verdict;
	size_t need;                  /* repetitions per side that could reach significance */
	char why[128];
} cmp_stat;

static void stat_compute(cmp_stat *s, const cmp_sample *a, const cmp_sample *b, int failed)
{
	memset(s, 0, sizeof *s);
	s->na = a->n;
	s->nb = b->n;
	s->failed = failed;
	s->med_a = sb_stats_median(a->v, a->n);
	s->med_b = sb_stats_median(b->v, b->n);
	s->ratio = s->med_a > 0 ? s->med_b / s->med_a : NAN;
	s->est = s->lo = s->hi = s->p = s->p_adj = NAN;
	if (failed || !a->n || !b->n)
		return;
	s->p = sb_mann_whitney_p(a->v, a->n, b->v, b->n);
	sb_stats_hl_ratio(a->v, a->n, b->v, b->n, 0.95, &s->est, &s->lo, &s->hi);
}

/* Holm over the n comparisons, then a verdict for each. bigger_is_worse: a ratio above 1 is
 * slower (ns/op) rather than faster (ops/s). */
static int stat_verdicts(cmp_stat *s, size_t n, int bigger_is_worse, double alpha, double thr)
{
	if (!n)
		return 0;
	double *p = malloc(n * sizeof *p);
	if (!p)
		return -ENOMEM;
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		p[i] = s[i].p;
		m += !isnan(p[i]);
	}
	sb_stats_holm(p, n, p);
	double per = alpha / (double)(m ? m : 1);
	for (size_t i = 0; i < n; i++) {
		cmp_stat *c = &s[i];
		c->p_adj = p[i];
		if (c->failed) {
			c->verdict = SB_VERDICT_FAILED;
			continue;
		}
		c->verdict = SB_VERDICT_INCONCLUSIVE;
		if (!c->na || !c->nb) {
			snprintf(c->why, sizeof c->why, "no values in %s", !c->na ? "A" : "B");
			continue;
		}
		int ci = !isnan(c->lo);
		if (ci && c->lo >= 1 - thr && c->hi <= 1 + thr) {
			c->verdict = SB_VERDICT_SAME;
			continue;
		}
		if (c->p_adj < alpha) {
			double r = !isnan(c->est) ? c->est : c->ratio;
			c->verdict = (r > 1) == (bigger_is_worse != 0) ? SB_VERDICT_SLOWER : SB_VERDICT_FASTER;
			continue;
		}
		if (sb_stats_mw_min_p(c->na, c->nb) >= per) {
			c->need = sb_stats_mw_reps_needed(per);
			snprintf(c->why, sizeof c->why, "needs \u2265 %zu reps a side (has %zu and %zu)", c->need, c->na, c->nb);
		} else
			snprintf(c->why, sizeof c->why, "%s", ci ? "interval too wide" : "no interval (a value is 0)");
	}
	free(p);
	return 0;
}

/* --- formatting ---------------------------------------------------------------------------- */

/* For the text tables: four significant digits, with an SI suffix from 10^4 up ("12.3k",
 * "7933k") instead of an exponent; the JSON and CSV forms keep fmt_full's plain numbers. */
static void fmt_num(char *b, size_t n, double v)
{
	static const char sfx[] = { 'k', 'M', 'G', 'T' };
	if (isnan(v)) {
		b[0] = 0;
		return;
	}
	double a = fabs(v);
	int i = -1;
	while (a >= 1e4 && i < 3) {
		a /= 1e3;
		i++;
	}
	if (i < 0)
		snprintf(b, n, "%.4g", v);
	else
		snprintf(b, n, a >= 100 ? "%.0f%c" : "%.1f%c", v < 0 ? -a : a, sfx[i]);
}

static void fmt_full(char *b, size_t n, double v)
{
	if (!isfinite(v))
		b[0] = 0;
	else
		snprintf(b, n, "%.6g", v);
}

/* a ratio for reading: 3 decimals in the usual range, else 3 significant digits */
static const char *fmt_ratio(char *b, size_t n, double v)
{
	if (!isfinite(v))
		b[0] = 0;
	else if (v >= 0.01 && v < 1000)
		snprintf(b, n, "%.3f", v);
	else
		snprintf(b, n, "%.3g", v);
	return b;
}

static void case_label(const cmp_case *c, int with_impl, char *b, size_t n)
{
	int w = with_impl ? snprintf(b, n, "%s/%s/%s", c->key[K_FAMILY], c->key[K_IMPL], c->key[K_SCENARIO])
			  : snprintf(b, n, "%s/%s", c->key[K_FAMILY], c->key[K_SCENARIO]);
	size_t o = w > 0 && (size_t)w < n ? (size_t)w : n - 1;
	for (int k = K_READ_PCT; k <= K_PARAMS; k++) {
		if (!c->key[k][0])
			continue;
		w = k == K_PARAMS ? snprintf(b + o, n - o, " %s", c->key[k])
				  : snprintf(b + o, n - o, " %s=%s", sb_cmp_key_cols[k], c->key[k]);
		if (w < 0 || (size_t)w >= n - o)
			break;
		o += (size_t)w;
	}
}

static void flag_note(char *b, size_t n, const char *side, const cmp_case *c)
{
	if (!c || !c->flagged) {
		b[0] = 0;
		return;
	}
	snprintf(b, n, "%s: %zu/%zu reps flagged (%s)", side, c->flagged, c->reps, c->flags);
}

/* reps of a case that gave no value of the metric (no operation, a percentile below the clock) */
static void missing_note(char *b, size_t n, const char *side, const cmp_case *c, size_t have, int metric)
{
	if (!c || c->failed || have >= c->reps)
		return;
	size_t o = strlen(b);
	snprintf(b + o, n - o, "%s%s: %zu/%zu reps without %s", o ? "; " : "", side, c->reps - have, c->reps,
		 sb_metric_name(metric));
}

/* --- meta.json ----------------------------------------------------------------------------- */

static const char *meta_text(const cmp_run *r, const char *key, char *buf, size_t len)
{
	return sb_json_text(sb_json_get(r->meta, key), buf, len);
}

static const char *meta_option(const cmp_run *r, const char *key, char *buf, size_t len)
{
	return sb_json_text(sb_json_get(sb_json_get(r->meta, "options"), key), buf, len);
}

static void warn_line(cmp_table *t, FILE *warn, const char *msg)
{
	if (warn)
		fprintf(warn, "syncbench: warning: %s\n", msg);
	sb_cmp_table_note(t, 2, "%s", msg);
}

static void check_partial(const cmp_run *r, const char *name, cmp_table *t, FILE *warn)
{
	char msg[4400];
	const sb_json *c = sb_json_get(r->meta, "complete");
	if (!r->meta)
		snprintf(msg, sizeof msg, "run %s is partial or old: %s has no meta.json", name, r->dir);
	else if (!c || c->type != SB_JSON_BOOL)
		snprintf(msg, sizeof msg, "run %s is partial: its meta.json does not say it is complete", name);
	else if (!c->boolean)
		snprintf(msg, sizeof msg, "run %s is partial (meta.json: \"complete\": false)", name);
	else
		return;
	warn_line(t, warn, msg);
}

static void check_summary_only(const cmp_run *r, const char *name, cmp_table *t, FILE *warn)
{
	if (!r->from_summary)
		return;
	char msg[4400];
	snprintf(msg, sizeof msg, "run %s has no results.csv: one median per case from summary.csv, too few for "
		 "a verdict", name);
	warn_line(t, warn, msg);
}

/* "key a vs b" for every key of keys whose values differ; the count. */
static int list_differences(const cmp_run *a, const cmp_run *b, const char *const *keys, char *out, size_t len)
{
	int n = 0;
	size_t o = 0;
	out[0] = 0;
	for (; *keys; keys++) {
		char x[256], y[256];
		meta_text(a, *keys, x, sizeof x);
		meta_text(b, *keys, y, sizeof y);
		if (!strcmp(x, y))
			continue;
		int w = snprintf(out + o, len - o, "%s%s '%.60s' vs '%.60s'", n ? ", " : "", *keys, x, y);
		n++;
		if (w < 0 || (size_t)w >= len - o)
			break;
		o += (size_t)w;
	}
	return n;
}

static int check_machines(const sb_compare_opts *o, const cmp_run *a, const cmp_run *b, cmp_table *t, FILE *warn,
			  char *err, size_t errlen)
{
	check_partial(a, "A", t, warn);
	check_partial(b, "B", t, warn);
	check_summary_only(a, "A", t, warn);
	check_summary_only(b, "B", t, warn);
	char fa[64], fb[64], msg[2048];
	meta_text(a, "machine_fingerprint", fa, sizeof fa);
	meta_text(b, "machine_fingerprint", fb, sizeof fb);
	if (!fa[0] || !fb[0]) {
		snprintf(msg, sizeof msg, "run %s has no machine fingerprint (an older run): whether both runs come "
			 "from one machine cannot be checked", !fa[0] ? "A" : "B");
		warn_line(t, warn, msg);
	} else if (strcmp(fa, fb)) {
		char d[1600];
		if (!list_differences(a, b, sb_machine_fp_keys, d, sizeof d))
			snprintf(d, sizeof d, "machine_fingerprint %s vs %s", fa, fb);
		if (!o->across_machines) {
			snprintf(err, errlen, "the runs come from different machines (%s); --across-machines compares "
				 "them anyway", d);
			return -EXDEV;
		}
		char ha[128], hb[128], ca[160], cb[160];
		sb_cmp_table_note(t, 0, "machine comparison: A = %s (%s), B = %s (%s); differ in %s",
				  meta_text(a, "host", ha, sizeof ha), meta_text(a, "cpu_model", ca, sizeof ca),
				  meta_text(b, "host", hb, sizeof hb), meta_text(b, "cpu_model", cb, sizeof cb), d);
	}
	meta_text(a, "build_fingerprint", fa, sizeof fa);
	meta_text(b, "build_fingerprint", fb, sizeof fb);
	if (fa[0] && fb[0] && strcmp(fa, fb)) {
		char d[1600];
		if (!list_differences(a, b, sb_build_fp_keys, d, sizeof d))
			snprintf(d, sizeof d, "build_fingerprint %s vs %s", fa, fb);
		snprintf(msg, sizeof msg, "the runs come from different builds: %s", d);
		warn_line(t, warn, msg);
	}
	return 0;
}

/* --- which option fields differ between the runs ------------------------------------------ */

#define SET_MAX 32
typedef struct vset {
	const char *v[SET_MAX];
	int n, overflow;
} vset;

static void vset_add(vset *s, const char *v)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], v))
			return;
	if (s->n < SET_MAX)
		s->v[s->n++] = v;
	else
		s->overflow = 1;
}

static int vset_has(const vset *s, const char *v)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], v))
			return 1;
	return 0;
}

/* values of a not in b, ',' joined */
static void vset_minus(const vset *a, const vset *b, char *out, size_t len)
{
	size_t o = 0;
	out[0] = 0;
	for (int i = 0; i < a->n; i++) {
		if (vset_has(b, a->v[i]))
			continue;
		int w = snprintf(out + o, len - o, "%s%s", o ? "," : "", a->v[i][0] ? a->v[i] : "(none)");
		if (w < 0 || (size_t)w >= len - o)
			break;
		o += (size_t)w;
	}
}

/* the runs are unique on their key without mask */
static int unique_under(const cmp_run *r, unsigned mask, cmp_index *ix)
{
	memset(ix, 0, sizeof *ix);
	ix->mask = mask;
	for (size_t i = 0; i < r->n; i++) {
		size_t at = sb_cmp_index_add(ix, r, i);
		if (at != SIZE_MAX)
			return at == SIZE_MAX - 1 ? -ENOMEM : 0;
	}
	return 1;
}

/* --- compare ------------------------------------------------------------------------------- */

static const char *const data_cols[] = { "case", "family", "impl", "scenario", "threads", "params", "metric",
					 "n_a", "n_b", "a_median", "b_median", "ratio", "ci_lo", "ci_hi", "p",
					 "p_holm", "verdict", "reason", "flags_a", "flags_b" };
static const int data_num[] = { 0, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0 };
static const char *const text_cols[] = { "case", "threads", "metric", "A", "B", "B/A", "95% interval",
					 "p (Holm)", "verdict" };
static const int text_num[] = { 0, 1, 0, 1, 1, 1, 1, 1, 0 };

#define NDATA ((int)(sizeof data_cols / sizeof data_cols[0]))
#define NTEXT ((int)(sizeof text_cols / sizeof text_cols[0]))

static void params_of(const cmp_case *c, char *b, size_t n)
{
	size_t o = 0;
	b[0] = 0;
	for (int k = K_READ_PCT; k <= K_PARAMS; k++) {
		if (!c->key[k][0])
			continue;
		int w = k == K_PARAMS ? snprintf(b + o, n - o, "%s%s", o ? ";" : "", c->key[k])
				      : snprintf(b + o, n - o, "%s%s=%s", o ? ";" : "", sb_cmp_key_cols[k], c->key[k]);
		if (w < 0 || (size_t)w >= n - o)
			break;
		o += (size_t)w;
	}
}

/* One row of both tables. a or b NULL: the case is in one run only. */
static int add_rows(cmp_table *text, cmp_table *data, const cmp_case *a, const cmp_case *b, int metric,
		    const cmp_stat *s)
{
	const cmp_case *c = a ? a : b;
	char label[512], par[256], na[24], nb[24], ma[32], mb[32], ra[32], lo[32], hi[32], p[32], ph[32];
	char fa[160], fb[160], iv[96], tv[512];
	case_label(c, 1, label, sizeof label);
	params_of(c, par, sizeof par);
	const char *verdict, *why = "";
	na[0] = nb[0] = ma[0] = mb[0] = ra[0] = lo[0] = hi[0] = p[0] = ph[0] = iv[0] = 0;
	if (s) {
		snprintf(na, sizeof na, "%zu", s->na);
		snprintf(nb, sizeof nb, "%zu", s->nb);
		fmt_full(ma, sizeof ma, s->med_a);
		fmt_full(mb, sizeof mb, s->med_b);
		fmt_full(ra, sizeof ra, s->ratio);
		fmt_full(lo, sizeof lo, s->lo);
		fmt_full(hi, sizeof hi, s->hi);
		fmt_full(p, sizeof p, s->p);
		fmt_full(ph, sizeof ph, s->p_adj);
		verdict = verdict_name(s->verdict, metric);
		why = s->verdict == SB_VERDICT_FAILED ? (a && a->failed ? a->fail_msg : b->fail_msg) : s->why;
	} else
		verdict = a ? "only in A" : "only in B";
	flag_note(fa, sizeof fa, "A", a);
	flag_note(fb, sizeof fb, "B", b);
	missing_note(fa, sizeof fa, "A", a, s ? s->na : 0, metric);
	missing_note(fb, sizeof fb, "B", b, s ? s->nb : 0, metric);
	char thr[16];
	snprintf(thr, sizeof thr, "%s", c->key[K_THREADS]);
	if (data) {
		const char *cells[NDATA] = { label, c->key[K_FAMILY], c->key[K_IMPL], c->key[K_SCENARIO], thr, par,
					     sb_metric_name(metric), na, nb, ma, mb, ra, lo, hi, p, ph,
					     verdict, why, fa, fb };
		if (sb_cmp_table_row(data, cells))
			return -ENOMEM;
	}
	if (!text)
		return 0;
	/* the text row */
	if (s && !isnan(s->lo)) {
		char x[32], y[32];
		snprintf(iv, sizeof iv, "%s\u2013%s", fmt_ratio(x, sizeof x, s->lo), fmt_ratio(y, sizeof y, s->hi));
	}
	snprintf(tv, sizeof tv, "%s%s%s%s%s%s%s", verdict, why[0] ? ": " : "", why, fa[0] ? "; " : "", fa,
		 fb[0] ? "; " : "", fb);
	char sa[32], sb2[32], sr[32] = "", sp[32];
	fmt_num(sa, sizeof sa, s ? s->med_a : NAN);
	fmt_num(sb2, sizeof sb2, s ? s->med_b : NAN);
	if (s)
		fmt_ratio(sr, sizeof sr, s->ratio);
	fmt_num(sp, sizeof sp, s ? s->p_adj : NAN);
	const char *cells[] = { label, thr, sb_metric_name(metric), sa, sb2, sr, iv, sp, tv };
	return sb_cmp_table_row(text, cells);
}

static void summary(cmp_table *t, const cmp_stat *s, size_t n, int metric, double alpha, double thr, const char *what)
{
	size_t cnt[5] = { 0 }, need = 0, m = 0, total = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i].verdict < 0)
			continue; /* rank: the best of a group */
		total++;
		cnt[s[i].verdict]++;
		m += !isnan(s[i].p);
		if (s[i].need > need)
			need = s[i].need;
	}
	char one[32];
	snprintf(one, sizeof one, "%.*s", (int)strlen(what) - 1, what);
	sb_cmp_table_note(t, 1, "%s: %zu %s: %zu %s, %zu %s, %zu same, %zu inconclusive, %zu failed",
			  sb_metric_name(metric), total, total == 1 ? one : what, cnt[SB_VERDICT_SLOWER], verdict_name(SB_VERDICT_SLOWER, metric),
			  cnt[SB_VERDICT_FASTER], verdict_name(SB_VERDICT_FASTER, metric), cnt[SB_VERDICT_SAME],
			  cnt[SB_VERDICT_INCONCLUSIVE], cnt[SB_VERDICT_FAILED]);
	if (need)
		sb_cmp_table_note(t, 1, "  with these repetitions a difference cannot reach p < %g/%zu (Holm's strictest "
				  "step): run with -r %zu or more", alpha, m, need);
	(void)thr;
}

static int need_mask(const sb_compare_opts *o, int need[SB_METRIC_COUNT], int metrics[SB_METRIC_COUNT], int *nm)
{
	memset(need, 0, SB_METRIC_COUNT * sizeof *need);
	*nm = 0;
	for (int i = 0; i < o->nmetrics; i++)
		if (o->metrics[i] >= 0 && o->metrics[i] < SB_METRIC_COUNT && !need[o->metrics[i]]) {
			need[o->metrics[i]] = 1;
			metrics[(*nm)++] = o->metrics[i];
		}
	if (!*nm) {
		need[SB_METRIC_NS_PER_OP] = 1;
		metrics[(*nm)++] = SB_METRIC_NS_PER_OP;
	}
	return 0;
}

int sb_compare_runs(const sb_compare_opts *o, FILE *out, FILE *warn, char *err, size_t errlen)
{
	int need[SB_METRIC_COUNT], metrics[SB_METRIC_COUNT], nm;
	need_mask(o, need, metrics, &nm);
	cmp_run a, b;
	memset(&b, 0, sizeof b);
	cmp_table text = { .cols = text_cols, .numeric = text_num, .ncols = NTEXT };
	cmp_table data = { .cols = data_cols, .numeric = data_num, .ncols = NDATA };
	cmp_index ia = { 0 }, ib = { 0 };
	size_t *pa = NULL, *pb = NULL, np = 0;
	char *bmatched = NULL;
	cmp_stat *st = NULL;
	int rc = sb_cmp_load(&a, o->run_a, need, err, errlen);
	if (rc) {
		sb_cmp_free(&a);
		return rc;
	}
	if ((rc = sb_cmp_load(&b, o->run_b, need, err, errlen)))
		goto out;
	cmp_table *tabs[2] = { &text, &data };
	for (int i = 0; i < 2; i++) {
		sb_cmp_table_note(tabs[i], 0, "A = %s", a.dir);
		sb_cmp_table_note(tabs[i], 0, "B = %s", b.dir);
	}
	if ((rc = check_machines(o, &a, &b, &text, warn, err, errlen)))
		goto out;
	for (size_t i = 0; i < text.nnotes; i++)
		if (i >= 2)
			sb_cmp_table_note(&data, 0, "%s", text.notes[i]);
	for (size_t i = 0; i < text.nwarnings; i++)
		sb_cmp_table_note(&data, 2, "%s", text.warnings[i]);
	/* options that differ: pair the cases without them and say so */
	static const int optk[] = { K_PIN, K_CS, K_THINK };
	unsigned mask = 0;
	char differ[1024] = "";
	size_t dlen = 0;
	for (size_t j = 0; j < sizeof optk / sizeof optk[0]; j++) {
		vset sa = { 0 }, sbs = { 0 };
		for (size_t i = 0; i < a.n; i++)
			vset_add(&sa, a.c[i].key[optk[j]]);
		for (size_t i = 0; i < b.n; i++)
			vset_add(&sbs, b.c[i].key[optk[j]]);
		int same = !sa.overflow && !sbs.overflow && sa.n == sbs.n;
		for (int i = 0; same && i < sa.n; i++)
			same = vset_has(&sbs, sa.v[i]);
		if (same || sa.overflow || sbs.overflow)
			continue;
		char x[128], y[128];
		vset_minus(&sa, &sbs, x, sizeof x);
		vset_minus(&sbs, &sa, y, sizeof y);
		mask |= 1u << optk[j];
		int w = snprintf(differ + dlen, sizeof differ - dlen, "%s%s %s vs %s", dlen ? "; " : "",
				 sb_cmp_key_cols[optk[j]], x[0] ? x : "-", y[0] ? y : "-");
		if (w > 0 && (size_t)w < sizeof differ - dlen)
			dlen += (size_t)w;
	}
	if (mask) {
		int ua = unique_under(&a, mask, &ia), ub = unique_under(&b, mask, &ib);
		if (ua < 0 || ub < 0) {
			rc = -ENOMEM;
			goto out;
		}
		if (!ua || !ub) { /* the option varies inside a run: match on the whole key */
			mask = 0;
			differ[0] = 0;
			dlen = 0;
		}
		sb_cmp_index_free(&ia);
		sb_cmp_index_free(&ib);
	}
	static const char *const runopt[] = { "duration_s", "warmup_s" };
	for (size_t j = 0; j < 2; j++) {
		char x[64], y[64];
		meta_option(&a, runopt[j], x, sizeof x);
		meta_option(&b, runopt[j], y, sizeof y);
		if (!x[0] || !y[0] || !strcmp(x, y))
			continue;
		int w = snprintf(differ + dlen, sizeof differ - dlen, "%s%s %s vs %s", dlen ? "; " : "", runopt[j], x, y);
		if (w > 0 && (size_t)w < sizeof differ - dlen)
			dlen += (size_t)w;
	}
	if (differ[0])
		for (int i = 0; i < 2; i++)
			sb_cmp_table_note(tabs[i], 0, "runs differ in: %s", differ);
	/* pairs */
	if (unique_under(&b, mask, &ib) < 0) {
		rc = -ENOMEM;
		goto out;
	}
	pa = malloc((a.n + 1) * sizeof *pa);
	pb = malloc((a.n + 1) * sizeof *pb);
	bmatched = calloc(b.n + 1, 1);
	st = malloc((a.n + 1) * sizeof *st);
	if (!pa || !pb || !bmatched || !st) {
		rc = -ENOMEM;
		goto out;
	}
	size_t only_a = 0, only_b = 0;
	for (size_t i = 0; i < a.n; i++) {
		size_t j = sb_cmp_index_find(&ib, &b, a.c[i].key);
		if (j == SIZE_MAX) {
			only_a++;
			continue;
		}
		pa[np] = i;
		pb[np++] = j;
		bmatched[j] = 1;
	}
	for (size_t j = 0; j < b.n; j++)
		only_b += !bmatched[j];
	for (int i = 0; i < 2; i++)
		sb_cmp_table_note(tabs[i], 0, "%s; 95%% intervals (Hodges-Lehmann); p: exact Mann-Whitney, Holm-corrected "
				  "over %zu case%s; same: interval inside \u00b1%g%%",
				  nm == 1 ? (metric_info[metrics[0]].higher_better ? "higher is better" : "lower is better")
					  : "each metric in its own direction", np, np == 1 ? "" : "s", o->threshold * 100);
	int slower = 0;
	for (int mi = 0; mi < nm; mi++) {
		int m = metrics[mi];
		for (size_t k = 0; k < np; k++)
			stat_compute(&st[k], &a.c[pa[k]].m[m], &b.c[pb[k]].m[m], a.c[pa[k]].failed || b.c[pb[k]].failed);
		if ((rc = stat_verdicts(st, np, !metric_info[m].higher_better, o->alpha, o->threshold)))
			goto out;
		for (size_t k = 0; k < np; k++) {
			slower |= st[k].verdict == SB_VERDICT_SLOWER;
			if ((rc = add_rows(&text, &data, &a.c[pa[k]], &b.c[pb[k]], m, &st[k])))
				goto out;
		}
		summary(&text, st, np, m, o->alpha, o->threshold, "cases");
		summary(&data, st, np, m, o->alpha, o->threshold, "cases");
	}
	/* cases in one run only: rows in the data formats, a short list in the text ones */
	char list[2][1024] = { "", "" };
	size_t shown[2] = { 0, 0 };
	for (int side = 0; side < 2; side++) {
		cmp_run *r = side ? &b : &a;
		for (size_t i = 0; i < r->n; i++) {
			int alone = side ? !bmatched[i] : sb_cmp_index_find(&ib, &b, a.c[i].key) == SIZE_MAX;
			if (!alone)
				continue;
			if ((rc = add_rows(NULL, &data, side ? NULL : &r->c[i], side ? &r->c[i] : NULL, metrics[0], NULL)))
				goto out;
			if (shown[side] < 8) {
				char l[512];
				size_t o2 = strlen(list[side]);
				case_label(&r->c[i], 1, l, sizeof l);
				snprintf(list[side] + o2, sizeof list[side] - o2, "%s%s t=%s", o2 ? ", " : "", l,
					 r->c[i].key[K_THREADS]);
			}
			shown[side]++;
		}
	}
	if (only_a)
		sb_cmp_table_note(&text, 1, "only in A (%zu): %s%s", only_a, list[0], only_a > 8 ? ", ..." : "");
	if (only_b)
		sb_cmp_table_note(&text, 1, "only in B (%zu): %s%s", only_b, list[1], only_b > 8 ? ", ..." : "");
	int fmt = o->format;
	sb_cmp_table_print(fmt == SB_FORMAT_JSON || fmt == SB_FORMAT_CSV ? &data : &text, fmt, out);
	rc = o->fail_on_slower && slower ? 1 : 0;
out:
	free(pa);
	free(pb);
	free(bmatched);
	free(st);
	sb_cmp_index_free(&ia);
	sb_cmp_index_free(&ib);
	sb_cmp_table_free(&text);
	sb_cmp_table_free(&data);
	sb_cmp_free(&a);
	sb_cmp_free(&b);
	return rc;
}

int sb_compare(const char *a, const char *b, double alpha, FILE *out, char *err, size_t errlen)
{
	sb_compare_opts o;
	sb_compare_opts_default(&o);
	o.run_a = a;
	o.run_b = b;
	o.alpha = alpha;
	int rc = sb_compare_runs(&o, out, stderr, err, errlen);
	return rc > 0 ? 0 : rc;
}

/* --- rank ---------------------------------------------------------------------------------- */

static const char *const rank_data_cols[] = { "scenario", "family", "threads", "params", "cs_ns", "think_ns",
					      "pin", "metric", "rank", "impl", "n", "median", "vs_best", "ci_lo",
					      "ci_hi", "p", "p_holm", "verdict", "reason", "flags" };
static const int rank_data_num[] = { 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0 };
static const char *const rank_text_cols[] = { "scenario", "threads", "#", "impl", "median", "vs the best",
					      "verdict" };
static const int rank_text_num[] = { 0, 1, 1, 0, 1, 0, 0 };

typedef struct rank_item {
	size_t c;        /* case */
	size_t group;
	double med;
	int baseline;    /* a baseline of the case table (the null lock): shown, never the best */
} rank_item;

/* Whether family/impl/scenario is a baseline row of this program's case table (SB_CASE_BASELINE):
 * the harness's own cost, which a ranking shows but never calls the best. */
static int is_baseline(const cmp_case *c)
{
	const sb_case *r = sb_case_find(c->key[K_FAMILY], c->key[K_IMPL], c->key[K_SCENARIO]);
	return r && (r->flags & SB_CASE_BASELINE) != 0;
}

static int higher_first;

static int cmp_rank_item(const void *x, const void *y)
{
	const rank_item *a = x, *b = y;
	if (a->group != b->group)
		return (a->group > b->group) - (a->group < b->group);
	/* failed and empty cases last, before them the baselines, then best first */
	int na = isnan(a->med), nb = isnan(b->med);
	if (na || nb)
		return na - nb;
	if (a->baseline != b->baseline)
		return a->baseline - b->baseline;
	double d = higher_first ? b->med - a->med : a->med - b->med;
	return (d > 0) - (d < 0);
}

static int rank_selected(const sb_compare_opts *o, const cmp_case *c)
{
	if (o->threads > 0 && atoi(c->key[K_THREADS]) != o->threads)
		return 0;
	if (!o->nfilters)
		return 1;
	char name[512];
	snprintf(name, sizeof name, "%s/%s/%s", c->key[K_FAMILY], c->key[K_IMPL], c->key[K_SCENARIO]);
	for (int i = 0; i < o->nfilters; i++)
		if (!fnmatch(o->filters[i], name, 0))
			return 1;
	return 0;
}

int sb_rank_run(const sb_compare_opts *o, FILE *out, FILE *warn, char *err, size_t errlen)
{
	int need[SB_METRIC_COUNT], metrics[SB_METRIC_COUNT], nm;
	need_mask(o, need, metrics, &nm);
	cmp_run a;
	cmp_table text = { .cols = rank_text_cols, .numeric = rank_text_num, .ncols = 7 };
	cmp_table data = { .cols = rank_data_cols, .numeric = rank_data_num, .ncols = 20 };
	cmp_index gx = { .mask = 1u << K_IMPL };
	rank_item *it = NULL;
	cmp_stat *st = NULL;
	size_t *grp = NULL;
	int rc = sb_cmp_load(&a, o->run_a, need, err, errlen);
	if (rc)
		goto out;
	check_partial(&a, "A", &text, warn);
	check_summary_only(&a, "A", &text, warn);
	rc = -ENOMEM;
	it = malloc((a.n + 1) * sizeof *it);
	st = malloc((a.n + 1) * sizeof *st);
	grp = malloc((a.n + 1) * sizeof *grp);
	if (!it || !st || !grp)
		goto out;
	/* groups: the key without impl; a group's number is the index of its first case */
	size_t ni = 0;
	for (size_t i = 0; i < a.n; i++) {
		if (!rank_selected(o, &a.c[i]))
			continue;
		size_t at = sb_cmp_index_add(&gx, &a, i);
		if (at == SIZE_MAX - 1)
			goto out;
		it[ni].c = i;
		it[ni].baseline = is_baseline(&a.c[i]);
		it[ni++].group = at == SIZE_MAX ? i : at;
	}
	if (!ni) {
		rc = -ENOENT;
		snprintf(err, errlen, "no case of %s matches the selection", a.dir);
		goto out;
	}
	char h[64];
	sb_cmp_table_note(&text, 0, "run: %s (%s)", a.dir, meta_text(&a, "host", h, sizeof h));
	sb_cmp_table_note(&data, 0, "run: %s", a.dir);
	for (int mi = 0; mi < nm; mi++) {
		int m = metrics[mi];
		higher_first = metric_info[m].higher_better;
		for (size_t k = 0; k < ni; k++) {
			const cmp_case *c = &a.c[it[k].c];
			it[k].med = c->failed || !c->m[m].n ? NAN : sb_stats_median(c->m[m].v, c->m[m].n);
		}
		qsort(it, ni, sizeof *it, cmp_rank_item);
		/* every implementation against the best of its group: stat.ratio > 1 is worse */
		size_t best = 0;
		for (size_t k = 0; k < ni; k++) {
			if (k == 0 || it[k].group != it[k - 1].group)
				best = k;
			grp[k] = best;
			const cmp_case *bc = &a.c[it[best].c], *c = &a.c[it[k].c];
			if ((k == best || it[k].baseline) && !c->failed) {
				/* the best against itself, or a baseline (not a contender), is no test */
				cmp_sample none = { 0 };
				stat_compute(&st[k], &none, &none, 0);
				st[k].na = st[k].nb = c->m[m].n;
			} else if (higher_first)
				stat_compute(&st[k], &c->m[m], &bc->m[m], c->failed);
			else
				stat_compute(&st[k], &bc->m[m], &c->m[m], c->failed);
		}
		if ((rc = stat_verdicts(st, ni, 1, o->alpha, o->threshold)))
			goto out;
		size_t tests = 0;
		for (size_t k = 0; k < ni; k++)
			tests += !isnan(st[k].p);
		sb_cmp_table_note(&text, 0, "metric %s (%s, %s); vs the best: ratio of medians, 95%% interval "
				  "(Hodges-Lehmann); p: exact Mann-Whitney, Holm over %zu comparisons; same: inside \u00b1%g%%",
				  metric_info[m].name, metric_info[m].unit,
				  metric_info[m].higher_better ? "higher is better" : "lower is better", tests,
				  o->threshold * 100);
		int rank = 0;
		for (size_t k = 0; k < ni; k++) {
			const cmp_case *c = &a.c[it[k].c];
			int first = grp[k] == k;
			rank = first ? 1 : it[k].baseline ? rank : rank + 1;
			char label[512], par[256], thr[16], rk[16], n[24], med[32], vs[32], lo[32], hi[32], p[32], ph[32];
			char vshow[128], tv[512], fl[160];
			case_label(c, 0, label, sizeof label);
			params_of(c, par, sizeof par);
			snprintf(thr, sizeof thr, "%s", c->key[K_THREADS]);
			int base = it[k].baseline && !first && !c->failed;
			if (base)
				snprintf(rk, sizeof rk, "-");
			else
				snprintf(rk, sizeof rk, "%d", rank);
			snprintf(n, sizeof n, "%zu", c->m[m].n);
			fmt_full(med, sizeof med, it[k].med);
			int isbest = grp[k] == k && !c->failed;
			const cmp_stat *s = &st[k];
			fmt_full(vs, sizeof vs, isbest ? 1.0 : s->ratio);
			fmt_full(lo, sizeof lo, s->lo);
			fmt_full(hi, sizeof hi, s->hi);
			fmt_full(p, sizeof p, s->p);
			fmt_full(ph, sizeof ph, s->p_adj);
			flag_note(fl, sizeof fl, "", c);
			const char *verdict = isbest ? "best" : base ? "baseline" : verdict_name(s->verdict, m);
			const char *why = s->verdict == SB_VERDICT_FAILED ? c->fail_msg : isbest ? "" :
					  base ? "the harness's own cost: not ranked" : s->why;
			double base_ratio = it[grp[k]].med > 0 ? it[k].med / it[grp[k]].med : NAN;
			if (base)
				fmt_full(vs, sizeof vs, base_ratio);
			const char *cells[] = { label, c->key[K_FAMILY], thr, par, c->key[K_CS], c->key[K_THINK],
						c->key[K_PIN], metric_info[m].name, rk, c->key[K_IMPL], n, med, vs, lo, hi,
						p, ph, verdict, why, fl[0] ? fl + 2 : "" };
			if ((rc = sb_cmp_table_row(&data, cells)))
				goto out;
			if (isbest)
				snprintf(vshow, sizeof vshow, "best");
			else if (base)
				snprintf(vshow, sizeof vshow, "%.2f\u00d7 the best", base_ratio);
			else if (c->failed || isnan(s->ratio))
				snprintf(vshow, sizeof vshow, "%s", c->failed ? "FAILED" : "");
			else if (isnan(s->lo))
				snprintf(vshow, sizeof vshow, "%.2f\u00d7 %s", s->ratio, m == SB_METRIC_FAIR ? "less fair" : "slower");
			else
				snprintf(vshow, sizeof vshow, "%.2f\u00d7 %s (%.2f\u2013%.2f)", s->ratio,
					 m == SB_METRIC_FAIR ? "less fair" : "slower", s->lo, s->hi);
			snprintf(tv, sizeof tv, "%s%s%s%s%s", isbest ? "" : verdict, why[0] ? ": " : "", why,
				 fl[0] ? "; " : "", fl[0] ? fl + 2 : "");
			char mshow[32];
			fmt_num(mshow, sizeof mshow, it[k].med);
			const char *tcells[] = { first ? label : "", first ? thr : "", rk, c->key[K_IMPL], mshow,
						 vshow, tv };
			if ((rc = sb_cmp_table_row(&text, tcells)))
				goto out;
		}
		size_t groups = 0;
		for (size_t k = 0; k < ni; k++) {
			groups += grp[k] == k;
			if ((grp[k] == k || it[k].baseline) && !a.c[it[k].c].failed)
				st[k].verdict = -1; /* the best and the baselines are not comparisons */
		}
		summary(&text, st, ni, m, o->alpha, o->threshold, "comparisons");
		sb_cmp_table_note(&text, 1, "%zu scenarios, %zu implementations ranked", groups, ni);
	}
	int fmt = o->format;
	sb_cmp_table_print(fmt == SB_FORMAT_JSON || fmt == SB_FORMAT_CSV ? &data : &text, fmt, out);
	rc = 0;
out:
	free(it);
	free(st);
	free(grp);
	sb_cmp_index_free(&gx);
	sb_cmp_table_free(&text);
	sb_cmp_table_free(&data);
	sb_cmp_free(&a);
	return rc;
}
