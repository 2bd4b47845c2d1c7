/* plan.c: the sweep grammar, parameter ranges and the plan of a run (syncbench/plan.h). */
#include "syncbench/plan.h"
#include "syncbench/opts.h"
#include "syncbench/topo.h"

#include <errno.h>
#include <fnmatch.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every parameter's range. A key not listed takes 0 .. 2^40. */
static const struct { const char *key; long long lo, hi; } ranges[] = {
	{ "read_pct", 0, 100 },   { "depth", 1, 1024 },    { "permits", 1, 1024 },
	{ "waiters", 1, SB_MAX_THREADS - 1 }, { "producers", 1, SB_MAX_THREADS },
	{ "consumers", 1, SB_MAX_THREADS }, { "keys", 1, 1LL << 24 }, { "capacity", 1, 1LL << 20 },
	{ "broadcast", 0, 1 },    { "timeout", 1000, 10000000000LL },
};

void sb_param_range(const char *key, long long *lo, long long *hi)
{
	*lo = 0;
	*hi = 1LL << 40;
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
		if (!strcmp(ranges[i].key, key)) {
			*lo = ranges[i].lo;
			*hi = ranges[i].hi;
		}
}

/* "50us" -> 50000, "90" -> 90; -EINVAL on anything else. */
static int parse_value(const char *s, long long *v, char *err, size_t errlen)
{
	size_t l = strlen(s);
	if (l && s[l - 1] == 's') {
		uint64_t ns;
		if (sb_parse_duration(s, &ns, err, errlen))
			return -EINVAL;
		*v = (long long)ns;
		return 0;
	}
	long x;
	if (sb_parse_long(s, 0, 1L << 40, &x, err, errlen))
		return -EINVAL;
	*v = x;
	return 0;
}

int sb_sweep_parse(const char *spec, sb_sweep_key *keys, int *nkeys, int max, char *err, size_t errlen)
{
	if (!spec || !*spec)
		return 0;
	size_t len = strlen(spec);
	char *buf = malloc(len + 1);
	if (!buf) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	memcpy(buf, spec, len + 1);
	int rc = 0, first = *nkeys; /* the keys of this spec (keys[] may hold earlier ones) */
	char *save = NULL;
	for (char *item = strtok_r(buf, ";", &save); item; item = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(item, '=');
		if (!eq || eq == item) {
			snprintf(err, errlen, "'%.60s' is not KEY=LIST", item);
			rc = -EINVAL;
			break;
		}
		*eq = 0;
		if (strlen(item) >= sizeof keys[0].key) {
			snprintf(err, errlen, "parameter name '%.40s...' is too long", item);
			rc = -EINVAL;
			break;
		}
		if (*nkeys >= max) {
			snprintf(err, errlen, "more than %d parameters", max);
			rc = -EINVAL;
			break;
		}
		for (int j = first; j < *nkeys; j++)
			if (!strcmp(keys[j].key, item)) {
				snprintf(err, errlen, "%s is given twice", item);
				rc = -EINVAL;
			}
		/* strtok would skip an empty value ("5,,6"): every value is taken whole or refused */
		size_t vl = strlen(eq + 1);
		if (!rc && (vl == 0 || eq[1] == ',' || eq[vl] == ',' || strstr(eq + 1, ",,"))) {
			snprintf(err, errlen, "%s: an empty value in '%.60s'", item, eq + 1);
			rc = -EINVAL;
		}
		if (rc)
			break;
		sb_sweep_key *k = &keys[(*nkeys)++];
		snprintf(k->key, sizeof k->key, "%s", item);
		k->n = 0;
		long long lo, hi;
		sb_param_range(k->key, &lo, &hi);
		char *s2 = NULL;
		for (char *v = strtok_r(eq + 1, ",", &s2); v; v = strtok_r(NULL, ",", &s2)) {
			char why[160];
			if (k->n >= SB_MAX_LIST) {
				snprintf(err, errlen, "more than %d values for %s", SB_MAX_LIST, k->key);
				rc = -EINVAL;
				break;
			}
			if (parse_value(v, &k->vals[k->n], why, sizeof why)) {
				snprintf(err, errlen, "%s: %s", k->key, why);
				rc = -EINVAL;
				break;
			}
			if (k->vals[k->n] < lo || k->vals[k->n] > hi) {
				snprintf(err, errlen, "%s=%lld is out of its range %lld..%lld", k->key, k->vals[k->n], lo, hi);
				rc = -EINVAL;
				break;
			}
			k->n++;
		}
		if (rc)
			break;
		if (k->n == 0) {
			snprintf(err, errlen, "no value for %s", k->key);
			rc = -EINVAL;
			break;
		}
	}
	free(buf);
	return rc;
}

int sb_run_check_param(const char *spec, char *err, size_t errlen)
{
	sb_sweep_key *keys = malloc(SB_MAX_KV * sizeof *keys);
	if (!keys) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	int n = 0, r = sb_sweep_parse(spec, keys, &n, SB_MAX_KV, err, errlen);
	free(keys);
	return r;
}

int sb_case_selected(const sb_run_opts *o, const sb_case *c)
{
	if ((c->flags & SB_CASE_HIDDEN) && !o->negative_controls)
		return 0;
	if (o->nfilters == 0)
		return 1;
	char name[160];
	sb_case_name(c, name, sizeof name);
	for (int i = 0; i < o->nfilters; i++)
		if (fnmatch(o->filters[i], name, 0) == 0)
			return 1;
	return 0;
}

static void set_kv(sb_case_params *p, const char *key, long long v)
{
	sb_kv *kv = &p->kv[p->nkv++];
	size_t kl = strnlen(key, sizeof kv->key - 1); /* keys are checked shorter by sb_sweep_parse */
	memcpy(kv->key, key, kl);
	kv->key[kl] = 0;
	kv->val = v;
	if (!strcmp(key, "read_pct")) p->read_pct = (int)v;
	else if (!strcmp(key, "depth")) p->depth = (int)v;
	else if (!strcmp(key, "permits")) p->permits = (int)v;
	else if (!strcmp(key, "waiters")) p->waiters = (int)v;
	else {
		size_t l = strlen(p->params);
		snprintf(p->params + l, sizeof p->params - l, "%s%s=%lld", l ? ";" : "", key, v);
	}
}

/* Edit distance, for "did you mean" (short keys only). */
static int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 30 || lb > 30)
		return 99;
	int d[32][32];
	for (size_t i = 0; i <= la; i++) d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++) d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < c) c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c) c = d[i][j - 1] + 1;
			d[i][j] = c;
		}
	return d[la][lb];
}

/* Whether a selected case takes key; else the closest key of any case into best. */
static int key_taken(const sb_run_opts *o, const char *key, char *best, size_t bestlen)
{
	int bd = 99, taken = 0;
	best[0] = 0;
	for (size_t f = 0; f < sb_nfamilies; f++)
		for (size_t i = 0; i < sb_families[f]->ncases; i++) {
			const sb_case *c = &sb_families[f]->cases[i];
			sb_sweep_key keys[SB_MAX_KV];
			int nk = 0;
			char err[160];
			if (sb_sweep_parse(c->sweep, keys, &nk, SB_MAX_KV, err, sizeof err))
				continue;
			for (int k = 0; k < nk; k++) {
				if (!strcmp(keys[k].key, key)) {
					if (sb_case_selected(o, c))
						taken = 1;
				}
				int d = distance(key, keys[k].key);
				if (d < bd) {
					bd = d;
					snprintf(best, bestlen, "%.23s", keys[k].key);
				}
			}
		}
	if (bd > 3)
		best[0] = 0;
	return taken;
}

static void make_label(sb_plan_item *it, int show_pin)
{
	size_t o = 0;
	int w = snprintf(it->label, sizeof it->label, "%s t=%d", it->name, it->p.threads);
	if (w > 0 && show_pin && it->pin)
		w += snprintf(it->label + w, sizeof it->label - (size_t)w, " pin=%s", it->pin->name);
	o = w > 0 ? (size_t)w : 0;
	for (int k = 0; k < it->p.nkv && o < sizeof it->label; k++) {
		const char *key = it->p.kv[k].key;
		long long v = it->p.kv[k].val;
		/* a duration with its unit ("timeout=50us"), the largest that divides it; the CSV's
		 * params column keeps nanoseconds */
		static const struct { long long ns; const char *unit; } units[] = {
			{ 1000000000LL, "s" }, { 1000000LL, "ms" }, { 1000LL, "us" }, { 1, "ns" } };
		size_t u = 0;
		if (!strcmp(key, "timeout") && v > 0)
			while (v % units[u].ns)
				u++;
		if (!strcmp(key, "timeout") && v > 0)
			w = snprintf(it->label + o, sizeof it->label - o, " %s=%lld%s", key, v / units[u].ns, units[u].unit);
		else
			w = snprintf(it->label + o, sizeof it->label - o, " %s=%lld", key, v);
		if (w > 0)
			o += (size_t)w;
	}
}

/* Count (items NULL) or fill the items of one case. */
static size_t expand_case(const sb_run_opts *o, const sb_case *c, sb_sweep_key *ov, int no, sb_plan_item *items,
			  char *err, size_t errlen, int *rc)
{
	int tl[SB_MAX_LIST], nt = 0;
	if (c->flags & (SB_CASE_ONE_THREAD | SB_CASE_WAITERS))
		tl[nt++] = 1; /* SB_CASE_WAITERS: set from the waiters parameter below */
	else
		for (int k = 0; k < o->nthreads; k++)
			if (!(c->flags & SB_CASE_MIN2) || o->threads[k] >= 2)
				tl[nt++] = o->threads[k];
	if (nt == 0)
		tl[nt++] = 2;
	sb_sweep_key keys[SB_MAX_KV];
	int nk = 0;
	char name[160], why[200];
	sb_case_name(c, name, sizeof name);
	if (sb_sweep_parse(c->sweep, keys, &nk, SB_MAX_KV, why, sizeof why)) {
		snprintf(err, errlen, "%s: its default sweep: %s", name, why);
		*rc = -EINVAL;
		return 0;
	}
	for (int a = 0; a < nk; a++)
		for (int b = 0; b < no; b++)
			if (!strcmp(keys[a].key, ov[b].key))
				keys[a] = ov[b];
	size_t combos = 1, n = 0;
	for (int a = 0; a < nk; a++)
		combos *= (size_t)keys[a].n;
	int npins = o->npins > 0 ? o->npins : 1;
	for (int pi = 0; pi < npins; pi++)
	for (int k = 0; k < nt; k++)
		for (size_t cb = 0; cb < combos; cb++, n++) {
			if (!items)
				continue;
			sb_plan_item *it = &items[n];
			memset(it, 0, sizeof *it);
			it->c = c;
			it->pin = o->npins > 0 ? &o->pins[pi] : NULL;
			snprintf(it->name, sizeof it->name, "%s", name);
			it->p.threads = tl[k];
			int nodelay = (c->flags & SB_CASE_NO_DELAY) != 0;
			it->p.cs_ns = nodelay ? 0 : o->cs_ns;
			it->p.think_ns = nodelay ? 0 : o->think_ns;
			it->p.read_pct = it->p.depth = it->p.permits = it->p.waiters = -1;
			size_t rest = cb, pick[SB_MAX_KV];
			for (int a = nk - 1; a >= 0; a--) {
				pick[a] = rest % (size_t)keys[a].n;
				rest /= (size_t)keys[a].n;
			}
			for (int a = 0; a < nk; a++)
				set_kv(&it->p, keys[a].key, keys[a].vals[pick[a]]);
			if ((c->flags & SB_CASE_WAITERS) && it->p.waiters >= 1)
				it->p.threads = it->p.waiters + 1;
			make_label(it, o->npins > 1);
		}
	return n;
}

static size_t expand(const sb_run_opts *o, sb_sweep_key *ov, int no, sb_plan_item *items, char *err, size_t errlen,
		     int *rc)
{
	size_t n = 0;
	for (size_t f = 0; f < sb_nfamilies && !*rc; f++)
		for (size_t i = 0; i < sb_families[f]->ncases && !*rc; i++) {
			const sb_case *c = &sb_families[f]->cases[i];
			if (sb_case_selected(o, c))
				n += expand_case(o, c, ov, no, items ? items + n : NULL, err, errlen, rc);
		}
	return n;
}

static int check_options(const sb_run_opts *o, char *err, size_t errlen)
{
	if (o->reps < 1) {
		snprintf(err, errlen, "repetitions must be at least 1");
		return -EINVAL;
	}
	if (o->duration_ns == 0) {
		snprintf(err, errlen, "the measured window (-d) must be longer than 0");
		return -EINVAL;
	}
	if (o->cs_ns > SB_MAX_DELAY_NS || o->think_ns > SB_MAX_DELAY_NS) {
		snprintf(err, errlen, "--cs and --think are busy loops of at most 10ms");
		return -EINVAL;
	}
	if (o->max_window_ns && o->max_window_ns < o->duration_ns) {
		snprintf(err, errlen, "--max-window is shorter than the window (-d)");
		return -EINVAL;
	}
	if (o->target_ci < 0 || o->target_ci > 100) {
		snprintf(err, errlen, "--target-ci takes a percentage in (0, 100]");
		return -EINVAL;
	}
	if (o->max_reps < o->reps && o->target_ci > 0) {
		snprintf(err, errlen, "--max-reps %d is below -r %d", o->max_reps, o->reps);
		return -EINVAL;
	}
	for (int k = 0; k < o->nthreads; k++)
		if (o->threads[k] < 1 || o->threads[k] > SB_MAX_THREADS) {
			snprintf(err, errlen, "thread count %d out of range 1..%d", o->threads[k], SB_MAX_THREADS);
			return -EINVAL;
		}
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) != 0)
		CPU_ZERO(&set);
	for (int pi = -1; pi < o->npins; pi++) {
		const int *cl = pi < 0 ? o->cpu_list : o->pins[pi].cpus;
		int ncl = pi < 0 ? (o->pin == SB_PIN_LIST ? o->ncpu_list : 0)
				 : (o->pins[pi].kind == SB_PIN_LIST ? o->pins[pi].ncpus : 0);
		for (int i = 0; i < ncl; i++)
			if (cl[i] < 0 || cl[i] >= CPU_SETSIZE || !CPU_ISSET(cl[i], &set)) {
				snprintf(err, errlen, "--pin: CPU %d is not one this process may run on (it has %d)",
					 cl[i], CPU_COUNT(&set));
				return -EINVAL;
			}
	}
	return 0;
}

int sb_plan_build(const sb_run_opts *o, int reps_cap, sb_plan *plan, char *err, size_t errlen)
{
	memset(plan, 0, sizeof *plan);
	int rc = check_options(o, err, errlen);
	if (rc)
		return rc;
	for (int i = 0; i < o->nfilters; i++) {
		sb_run_opts one = *o;
		one.filters[0] = o->filters[i];
		one.nfilters = 1;
		int any = 0;
		for (size_t f = 0; f < sb_nfamilies && !any; f++)
			for (size_t j = 0; j < sb_families[f]->ncases && !any; j++)
				any = sb_case_selected(&one, &sb_families[f]->cases[j]);
		if (!any) {
			snprintf(err, errlen, "filter '%s' matches no case (see 'syncbench list')", o->filters[i]);
			return -EINVAL;
		}
	}
	/* the overrides: each key taken by some selected case, each value in range */
	sb_sweep_key *ov = calloc(SB_MAX_KV, sizeof *ov);
	if (!ov) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	int no = 0;
	for (int q = 0; q < o->nparams && !rc; q++) {
		char why[200];
		sb_sweep_key one[SB_MAX_KV];
		int n1 = 0;
		rc = sb_sweep_parse(o->params[q], one, &n1, SB_MAX_KV, why, sizeof why);
		if (rc) {
			snprintf(err, errlen, "--param %s", why);
			break;
		}
		for (int k = 0; k < n1 && !rc; k++) {
			char best[32];
			if (!key_taken(o, one[k].key, best, sizeof best)) {
				if (best[0] && strcmp(best, one[k].key))
					snprintf(err, errlen, "no selected case takes the parameter '%s' (did you mean %s?)", one[k].key, best);
				else
					snprintf(err, errlen, "no selected case takes the parameter '%s' (see 'syncbench list -v')", one[k].key);
				rc = -EINVAL;
				break;
			}
			int slot = no;
			for (int b = 0; b < no; b++)
				if (!strcmp(ov[b].key, one[k].key))
					slot = b; /* a later --param for the same key replaces the earlier one */
			if (slot == no) {
				if (no >= SB_MAX_KV) {
					snprintf(err, errlen, "more than %d different parameters", SB_MAX_KV);
					rc = -EINVAL;
					break;
				}
				no++;
			}
			ov[slot] = one[k];
		}
	}
	size_t n = rc ? 0 : expand(o, ov, no, NULL, err, errlen, &rc);
	if (!rc && n == 0) {
		snprintf(err, errlen, "no case selected");
		rc = -EINVAL;
	}
	if (!rc) {
		plan->items = calloc(n, sizeof *plan->items);
		if (!plan->items) {
			snprintf(err, errlen, "out of memory for %zu cases", n);
			rc = -ENOMEM;
		}
	}
	if (!rc) {
		expand(o, ov, no, plan->items, err, errlen, &rc);
		plan->n = n;
		for (size_t i = 0; i < n && !rc; i++) {
			plan->items[i].cap = reps_cap;
			plan->items[i].res = calloc((size_t)reps_cap, sizeof(sb_result));
			if (!plan->items[i].res) {
				snprintf(err, errlen, "out of memory for the results");
				rc = -ENOMEM;
			}
		}
		if (rc)
			sb_plan_free(plan);
	}
	free(ov);
	return rc;
}

void sb_plan_free(sb_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++)
		free(plan->items[i].res);
	free(plan->items);
	plan->items = NULL;
	plan->n = 0;
}
