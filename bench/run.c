/* bench/run.c: plan a run, run it in repetition rounds, record every result, write the summary
 * and meta.json. Everything here runs on the controller thread, outside any measured window. */
#include "syncbench/run.h"
#include "syncbench/case.h"
#include "syncbench/clock.h"
#include "syncbench/log.h"
#include "syncbench/machine.h"
#include "syncbench/opts.h"
#include "syncbench/result.h"
#include "syncbench/spin.h"
#include "syncbench/stats.h"

#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static volatile int g_interrupted; /* written by the signal handler, read by the team's sleeps */

static void on_signal(int sig)
{
	(void)sig;
	g_interrupted = 1;
}

void sb_run_opts_default(sb_run_opts *o)
{
	memset(o, 0, sizeof *o);
	o->threads[0] = 1;
	o->threads[1] = 2;
	o->threads[2] = 4;
	o->nthreads = 3;
	o->duration_ns = 200000000ull;
	o->warmup_ns = 50000000ull;
	o->reps = 5;
	o->cs_ns = 100;
	o->think_ns = 200;
	o->pin = SB_PIN_COMPACT;
	o->pin_name = "compact";
	o->log_level = SB_LOG_INFO;
}

typedef struct plan_item {
	const sb_case *c;
	sb_case_params p;
	char name[160];
	sb_result *res; /* one per repetition */
	int done;       /* repetitions completed */
} plan_item;

static int case_selected(const sb_run_opts *o, const sb_case *c, const char *name)
{
	if ((c->flags & SB_CASE_HIDDEN) && !o->negative_controls)
		return 0;
	if (o->nfilters == 0)
		return 1;
	for (int i = 0; i < o->nfilters; i++)
		if (fnmatch(o->filters[i], name, 0) == 0)
			return 1;
	return 0;
}

long long sb_param(const sb_case_params *p, const char *key, long long dflt)
{
	for (int i = 0; i < p->nkv; i++)
		if (!strcmp(p->kv[i].key, key))
			return p->kv[i].val;
	return dflt;
}

/* "50us" -> 50000, "90" -> 90; -1 on garbage. */
static int parse_value(const char *s, long long *v)
{
	char err[128];
	const char *e = s + strlen(s);
	if (e > s && (e[-1] == 's')) {
		uint64_t ns;
		if (sb_parse_duration(s, &ns, err, sizeof err))
			return -1;
		*v = (long long)ns;
		return 0;
	}
	long x;
	if (sb_parse_long(s, 0, 1L << 40, &x, err, sizeof err))
		return -1;
	*v = x;
	return 0;
}

typedef struct sweep_key {
	char key[24];
	long long vals[SB_MAX_LIST];
	int n;
} sweep_key;

/* Parse "k=v,v;k=v" into keys; 0 or -EINVAL (err says why). */
static int sweep_parse(const char *spec, sweep_key *keys, int *nkeys, char *err, size_t errlen)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s", spec ? spec : "");
	char *save = NULL;
	for (char *item = strtok_r(buf, ";", &save); item; item = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(item, '=');
		if (!eq || eq == item || *nkeys >= SB_MAX_KV) {
			snprintf(err, errlen, "'%s' is not key=LIST", item);
			return -EINVAL;
		}
		*eq = 0;
		sweep_key *k = &keys[(*nkeys)++];
		snprintf(k->key, sizeof k->key, "%s", item);
		k->n = 0;
		char *s2 = NULL;
		for (char *v = strtok_r(eq + 1, ",", &s2); v; v = strtok_r(NULL, ",", &s2)) {
			if (k->n >= SB_MAX_LIST || parse_value(v, &k->vals[k->n])) {
				snprintf(err, errlen, "bad value '%s' for %s", v, item);
				return -EINVAL;
			}
			k->n++;
		}
		if (k->n == 0) {
			snprintf(err, errlen, "no value for %s", item);
			return -EINVAL;
		}
	}
	return 0;
}

int sb_run_check_param(const char *spec, char *err, size_t errlen)
{
	sweep_key keys[SB_MAX_KV];
	int n = 0;
	return sweep_parse(spec, keys, &n, err, errlen);
}

static void set_kv(sb_case_params *p, const char *key, long long v)
{
	sb_kv *kv = &p->kv[p->nkv++];
	size_t kl = strnlen(key, sizeof kv->key - 1);
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

/* Expand the selection into items; returns the count (items may be NULL to count only). */
static size_t plan_build(const sb_run_opts *o, plan_item *items)
{
	size_t n = 0;
	for (size_t f = 0; f < sb_nfamilies; f++) {
		const sb_family *fam = sb_families[f];
		for (size_t i = 0; i < fam->ncases; i++) {
			const sb_case *c = &fam->cases[i];
			char name[160], err[160];
			sb_case_name(c, name, sizeof name);
			if (!case_selected(o, c, name))
				continue;
			int tl[SB_MAX_LIST], nt = 0;
			if (c->flags & (SB_CASE_ONE_THREAD | SB_CASE_WAITERS))
				tl[nt++] = 1; /* SB_CASE_WAITERS: set from the waiters parameter below */
			else
				for (int k = 0; k < o->nthreads; k++)
					if (!(c->flags & SB_CASE_MIN2) || o->threads[k] >= 2)
						tl[nt++] = o->threads[k];
			if (nt == 0)
				tl[nt++] = 2;
			sweep_key keys[SB_MAX_KV], ov[SB_MAX_KV];
			int nk = 0, no = 0;
			if (sweep_parse(c->sweep, keys, &nk, err, sizeof err))
				continue; /* a family's own table is checked by the tests */
			for (int q = 0; q < o->nparams; q++)
				sweep_parse(o->params[q], ov, &no, err, sizeof err);
			for (int a = 0; a < nk; a++)
				for (int b = 0; b < no; b++)
					if (!strcmp(keys[a].key, ov[b].key))
						keys[a] = ov[b];
			/* cross product: threads x each key's values */
			size_t combos = 1;
			for (int a = 0; a < nk; a++)
				combos *= (size_t)keys[a].n;
			for (int k = 0; k < nt; k++)
				for (size_t cb = 0; cb < combos; cb++, n++) {
					if (!items)
						continue;
					plan_item *it = &items[n];
					memset(it, 0, sizeof *it);
					it->c = c;
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
				}
		}
	}
	return n;
}

int sb_run_validate(const sb_run_opts *o, char *err, size_t errlen)
{
	if (o->reps < 1) {
		snprintf(err, errlen, "repetitions must be at least 1");
		return -EINVAL;
	}
	if (o->duration_ns == 0) {
		snprintf(err, errlen, "the measured window (-d) must be longer than 0");
		return -EINVAL;
	}
	for (int i = 0; i < o->nfilters; i++) {
		sb_run_opts one = *o;
		one.filters[0] = o->filters[i];
		one.nfilters = 1;
		if (plan_build(&one, NULL) == 0) {
			snprintf(err, errlen, "filter '%s' matches no case (see 'syncbench list')", o->filters[i]);
			return -EINVAL;
		}
	}
	if (plan_build(o, NULL) == 0) {
		snprintf(err, errlen, "no case selected");
		return -EINVAL;
	}
	return 0;
}

int sb_list(FILE *f, const char *glob, int verbose, int negative_controls)
{
	int n = 0;
	for (size_t i = 0; i < sb_nfamilies; i++)
		for (size_t j = 0; j < sb_families[i]->ncases; j++) {
			const sb_case *c = &sb_families[i]->cases[j];
			char name[160];
			sb_case_name(c, name, sizeof name);
			if ((c->flags & SB_CASE_HIDDEN) && !negative_controls)
				continue;
			if (glob && fnmatch(glob, name, 0) != 0)
				continue;
			if (verbose)
				fprintf(f, "%-44s %s\n", name, c->about ? c->about : "");
			else
				fprintf(f, "%s\n", name);
			n++;
		}
	return n;
}

static int mkdir_p(const char *path)
{
	char buf[4096];
	if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
		return -ENAMETOOLONG;
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0777) != 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0777) != 0 && errno != EEXIST)
		return -errno;
	return 0;
}

typedef struct run_state {
	const sb_run_opts *o;
	sb_machine m;
	char run_id[192], dir[4096], start_iso[32];
	sb_clock_info clk;
	sb_spin_cal cal;
	double cs_measured_ns, think_measured_ns, null_ns_per_op;
	uint64_t cs_iters, think_iters;
	size_t nitems;
	plan_item *items;
	size_t cases_done, cases_failed;
	int hung, interrupted;
} run_state;

static void write_meta(run_state *s, int complete)
{
	char path[4200], tmp[4300];
	snprintf(path, sizeof path, "%s/meta.json", s->dir);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return;
	const sb_run_opts *o = s->o;
	int first = 1;
	fputs("{\n", f);
	sb_json_kv_int(f, &first, "schema_version", SB_SCHEMA_VERSION);
	sb_json_kv_str(f, &first, "run_id", s->run_id);
	sb_json_kv_str(f, &first, "start_time", s->start_iso);
	char now[32];
	time_t t = time(NULL);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	sb_json_kv_str(f, &first, complete ? "end_time" : "updated_time", now);
	sb_json_kv_bool(f, &first, "complete", complete);
	sb_json_kv_bool(f, &first, "interrupted", s->interrupted);
	sb_json_kv_bool(f, &first, "hung", s->hung);
	sb_json_kv_int(f, &first, "cases_planned", (long long)(s->nitems * (size_t)o->reps));
	sb_json_kv_int(f, &first, "cases_done", (long long)s->cases_done);
	sb_json_kv_int(f, &first, "cases_failed", (long long)s->cases_failed);
	sb_json_kv_str(f, &first, "command_line", o->cmdline);
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
		sb_json_kv_num(f, &f2, "duration_s", (double)o->duration_ns / 1e9);
		sb_json_kv_num(f, &f2, "warmup_s", (double)o->warmup_ns / 1e9);
		sb_json_kv_int(f, &f2, "reps", o->reps);
		sb_json_kv_int(f, &f2, "cs_ns", (long long)o->cs_ns);
		sb_json_kv_int(f, &f2, "think_ns", (long long)o->think_ns);
		sb_json_kv_str(f, &f2, "pin", o->pin_name);
		fputs("\n  }", f);
	}
	fputs("\n}\n", f);
	if (fclose(f) == 0)
		rename(tmp, path);
}

/* A worker-less probe of the harness: the null mutex, uncontended, for the meta data. */
static double null_loop_cost(run_state *s)
{
	for (size_t f = 0; f < sb_nfamilies; f++)
		for (size_t i = 0; i < sb_families[f]->ncases; i++) {
			const sb_case *c = &sb_families[f]->cases[i];
			if (strcmp(c->family, "mutex") || strcmp(c->impl, "null") || strcmp(c->scenario, "uncontended"))
				continue;
			sb_case_params p = { .threads = 1, .read_pct = -1, .depth = -1, .permits = -1, .waiters = -1 };
			void *sh;
			char err[160];
			if (c->setup(&p, &sh, err, sizeof err))
				return NAN;
			sb_team t;
			sb_team_opts to = { .nthreads = 1, .pin = s->o->pin, .cpu_list = s->o->cpu_list,
					    .ncpu_list = s->o->ncpu_list, .warmup_ns = 10000000, .duration_ns = 50000000,
					    .timer_ns = (uint64_t)s->clk.overhead_ns, .params = &p };
			double r = NAN;
			if (sb_team_run(&t, &to, c->pick ? c->pick(&p) : c->worker, sh) == 0 && !t.hung && t.workers[0].ops)
				r = (double)(t.t_end - t.t_begin) / (double)t.workers[0].ops;
			sb_team_free(&t);
			c->teardown(sh);
			return r;
		}
	return NAN;
}

static void fmt_hms(char *b, size_t n, double s)
{
	if (!isfinite(s) || s < 0)
		s = 0;
	long t = lround(s);
	snprintf(b, n, "%ld:%02ld", t / 60, t % 60);
}

static int run_one(run_state *s, plan_item *it, int rep, size_t idx, size_t total, uint64_t t_run0)
{
	const sb_run_opts *o = s->o;
	sb_logger *lg = sb_log_get("syncbench.result");
	sb_case_params p = it->p;
	p.cs_iters = p.cs_ns ? s->cs_iters : 0;
	p.think_iters = p.think_ns ? s->think_iters : 0;
	if (p.cs_ns && p.cs_ns != o->cs_ns)
		p.cs_iters = sb_spin_iters(&s->cal, p.cs_ns);
	if (p.think_ns && p.think_ns != o->think_ns)
		p.think_iters = sb_spin_iters(&s->cal, p.think_ns);

	sb_result *r = &it->res[rep];
	memset(r, 0, sizeof *r);
	r->run_id = s->run_id;
	r->host = s->m.host;
	r->family = it->c->family;
	r->impl = it->c->impl;
	r->scenario = it->c->scenario;
	r->pin = o->pin_name;
	r->p = p;
	r->rep = rep + 1;

	void *shared = NULL;
	char err[200] = "";
	int rc = it->c->setup(&p, &shared, err, sizeof err);
	sb_team t;
	memset(&t, 0, sizeof t);
	if (rc == 0) {
		sb_team_opts to = { .nthreads = p.threads, .pin = o->pin, .cpu_list = o->cpu_list,
				    .ncpu_list = o->ncpu_list, .warmup_ns = o->warmup_ns,
				    .duration_ns = o->duration_ns, .timer_ns = (uint64_t)llround(s->clk.overhead_ns),
				    .release = it->c->release, .interrupted = &g_interrupted, .params = &p,
				    .watchdog_ns = o->watchdog_ns };
		rc = sb_team_run(&t, &to, it->c->pick ? it->c->pick(&p) : it->c->worker, shared);
		if (rc)
			snprintf(err, sizeof err, "%s", t.err);
	}
	if (rc == 0 && t.interrupted) {
		/* a cut window is not a measurement: drop it */
		sb_team_free(&t);
		it->c->teardown(shared);
		return 1;
	}
	if (rc) {
		snprintf(r->check, sizeof r->check, "FAIL: setup: %.180s", err);
	} else if (t.hung) {
		/* a hung worker's figures may still be changing: none of the team's are reported */
		r->ops_per_s = r->ns_per_op = r->fair_jain = NAN;
		r->read_ops = r->write_ops = -1;
		r->cpus = t.cpus_used;
		snprintf(r->check, sizeof r->check, "FAIL: hung: %.180s", t.err);
		s->hung = 1;
	} else {
		sb_result_from_team(r, &t, 0);
		for (int i = 0; i < p.threads; i++)
			if (t.workers[i].read_ops || t.workers[i].write_ops) {
				sb_result_from_team(r, &t, 1);
				break;
			}
		char msg[180] = "";
		for (int i = 0; i < p.threads && !msg[0]; i++)
			if (t.workers[i].fail[0])
				snprintf(msg, sizeof msg, "worker %d: %s", i, t.workers[i].fail);
		if (!msg[0])
			it->c->check(&p, shared, &t, msg, sizeof msg);
		if (msg[0])
			snprintf(r->check, sizeof r->check, "FAIL: %.190s", msg);
		else
			snprintf(r->check, sizeof r->check, "ok");
		if (t.oversubscribed)
			snprintf(r->p.params + strlen(r->p.params), sizeof r->p.params - strlen(r->p.params),
				 "%soversubscribed=1", r->p.params[0] ? ";" : "");
		sb_team_free(&t);
		it->c->teardown(shared);
	}
	it->done = rep + 1;
	s->cases_done++;
	int ok = strcmp(r->check, "ok") == 0;
	if (!ok)
		s->cases_failed++;

	double el = (double)(sb_now_ns() - t_run0) / 1e9;
	double left = el / (double)idx * (double)(total - idx);
	char e1[48], e2[48];
	fmt_hms(e1, sizeof e1, el);
	fmt_hms(e2, sizeof e2, left);
	sb_log_field fields[64];
	size_t nf = sb_result_fields(r, fields);
	SB_LOG_FIELDS(lg, ok ? SB_LOG_INFO : SB_LOG_ERROR, fields, nf,
		      "[%zu/%zu %s, ~%s left] %s t=%d rep %d: %.1f ns/op, %.4g ops/s, p50 %llu ns, p99 %llu ns, jain %.3f, cs %ld/%ld, %s",
		      idx, total, e1, e2, it->name, p.threads, rep + 1, r->ns_per_op, r->ops_per_s,
		      (unsigned long long)r->lat_p50, (unsigned long long)r->lat_p99, r->fair_jain, r->vol_cs,
		      r->invol_cs, r->check);
	return 0;
}

static int add_handler(sb_logger *lg, sb_log_handler *h, int level, sb_log_formatter *fm)
{
	if (!h)
		return -1;
	sb_log_handler_set_level(h, level);
	if (fm)
		sb_log_handler_set_formatter(h, fm);
	return sb_logger_add_handler(lg, h);
}

int sb_run(const sb_run_opts *o)
{
	run_state *s = calloc(1, sizeof *s);
	if (!s)
		return 2;
	s->o = o;
	char err[512];
	sb_machine_read(&s->m);

	/* plan */
	s->nitems = plan_build(o, NULL);
	s->items = calloc(s->nitems, sizeof *s->items);
	if (!s->items) {
		fprintf(stderr, "syncbench: out of memory\n");
		free(s);
		return 2;
	}
	int status = 0;
	plan_build(o, s->items);
	for (size_t i = 0; i < s->nitems; i++)
		s->items[i].res = calloc((size_t)o->reps, sizeof(sb_result));
	if (o->dry_run) {
		size_t per_family[64] = { 0 };
		for (size_t i = 0; i < s->nitems; i++) {
			plan_item *it = &s->items[i];
			printf("%-44s threads=%-3d %s\n", it->name, it->p.threads, it->p.params);
			for (size_t f = 0; f < sb_nfamilies && f < 64; f++)
				if (!strcmp(sb_families[f]->name, it->c->family))
					per_family[f]++;
		}
		for (size_t f = 0; f < sb_nfamilies && f < 64; f++)
			if (per_family[f])
				printf("# %-10s %4zu case points\n", sb_families[f]->name, per_family[f]);
		printf("# %zu case points x %d repetitions, windows of %.0f ms + %.0f ms warm-up: about %.0f s\n",
		       s->nitems, o->reps, (double)o->duration_ns / 1e6, (double)o->warmup_ns / 1e6,
		       (double)s->nitems * o->reps * (double)(o->duration_ns + o->warmup_ns) / 1e9 * 1.05);
		goto out;
	}

	/* where the results go */
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char stamp[32];
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	strftime(s->start_iso, sizeof s->start_iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(s->run_id, sizeof s->run_id, "%s-%s", s->m.host, stamp);
	if (o->out_dir)
		snprintf(s->dir, sizeof s->dir, "%s", o->out_dir);
	else
		snprintf(s->dir, sizeof s->dir, "results/%s", s->run_id);
	int rc = mkdir_p(s->dir);
	char probe[4200];
	snprintf(probe, sizeof probe, "%s/results.csv", s->dir);
	if (rc == 0 && access(s->dir, W_OK) != 0)
		rc = -errno;
	if (rc) {
		fprintf(stderr, "syncbench: cannot write the output folder %s: %s\n", s->dir, strerror(-rc));
		{ status = 2; goto out; }
	}
	if (!o->out_dir) {
		unlink("results/latest");
		if (symlink(s->run_id, "results/latest") != 0)
			fprintf(stderr, "syncbench: warning: cannot update results/latest: %s\n", strerror(errno));
	}

	/* logging: console (stderr), run.log, results.csv, summary.csv, and the optional ones */
	sb_log_formatter *fm = NULL;
	if (sb_log_formatter_new(o->log_format, NULL, &fm, err, sizeof err)) {
		fprintf(stderr, "syncbench: --log-format: %s\n", err);
		{ status = 2; goto out; }
	}
	sb_logger *root = sb_log_get("syncbench");
	sb_logger_set_level(root, SB_LOG_DEBUG);
	int console_level = o->quiet ? SB_LOG_WARNING : o->log_level;
	add_handler(root, sb_log_stream_handler_new(stderr), console_level, fm);
	char path[4200];
	snprintf(path, sizeof path, "%s/run.log", s->dir);
	if (add_handler(root, sb_log_file_handler_new(path, "a", err, sizeof err),
			o->log_level < SB_LOG_INFO ? o->log_level : SB_LOG_INFO, fm)) {
		fprintf(stderr, "syncbench: %s\n", err);
		{ status = 2; goto out; }
	}
	if (o->log_file && add_handler(root, sb_log_file_handler_new(o->log_file, "a", err, sizeof err), o->log_level, fm)) {
		fprintf(stderr, "syncbench: --log-file: %s\n", err);
		{ status = 2; goto out; }
	}
	if (o->log_udp) {
		char hp[256];
		snprintf(hp, sizeof hp, "%s", o->log_udp);
		char *colon = strrchr(hp, ':');
		if (!colon) {
			fprintf(stderr, "syncbench: --log-udp wants host:port, got '%s'\n", o->log_udp);
			{ status = 2; goto out; }
		}
		*colon = 0;
		if (add_handler(root, sb_log_udp_handler_new(hp, colon + 1, err, sizeof err), o->log_level, fm)) {
			fprintf(stderr, "syncbench: --log-udp: %s\n", err);
			{ status = 2; goto out; }
		}
	}
	if (o->log_syslog)
		add_handler(root, sb_log_syslog_handler_new("syncbench", 1 << 3 /* LOG_USER */, err, sizeof err), o->log_level, fm);
	if (add_handler(sb_log_get("syncbench.result"),
			sb_log_csv_handler_new(probe, sb_result_columns, sb_result_ncolumns, err, sizeof err),
			SB_LOG_NOTSET, NULL)) {
		fprintf(stderr, "syncbench: %s\n", err);
		{ status = 2; goto out; }
	}
	sb_logger *lg = sb_log_get("syncbench.harness");

	/* calibration, once per run, on a worker-like thread? The spin loop does not care which
	 * thread runs it; the clock neither. */
	sb_clock_measure(&s->clk);
	sb_spin_calibrate(&s->cal);
	s->cs_iters = sb_spin_iters(&s->cal, o->cs_ns);
	s->think_iters = sb_spin_iters(&s->cal, o->think_ns);
	s->cs_measured_ns = s->cs_iters ? sb_spin_measure(s->cs_iters) : 0;
	s->think_measured_ns = s->think_iters ? sb_spin_measure(s->think_iters) : 0;
	{
		/* the median of three short probes: one can land on a moment the host is busy */
		double pr[3];
		for (int k = 0; k < 3; k++)
			pr[k] = null_loop_cost(s);
		s->null_ns_per_op = sb_stats_median(pr, 3);
	}
	SB_LOG_INFO(lg, "run %s: %zu cases x %d reps -> %s", s->run_id, s->nitems, o->reps, s->dir);
	SB_LOG_INFO(lg, "calibration: clock %.1f ns/read, spin %.4f ns/iter, cs %llu ns = %llu iters (measured %.1f ns), think %llu ns = %llu iters (measured %.1f ns), null loop %.2f ns/op",
		    s->clk.overhead_ns, s->cal.ns_per_iter, (unsigned long long)o->cs_ns, (unsigned long long)s->cs_iters,
		    s->cs_measured_ns, (unsigned long long)o->think_ns, (unsigned long long)s->think_iters,
		    s->think_measured_ns, s->null_ns_per_op);
	write_meta(s, 0);

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND; /* a second Ctrl-C kills at once; the rows are on disk already */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	/* repetition rounds: every case once, then every case again (MEASURING.md 2) */
	size_t total = s->nitems * (size_t)o->reps, idx = 0;
	uint64_t t0 = sb_now_ns();
	for (int rep = 0; rep < o->reps && !g_interrupted && !s->hung; rep++)
		for (size_t i = 0; i < s->nitems && !g_interrupted && !s->hung; i++) {
			idx++;
			run_one(s, &s->items[i], rep, idx, total, t0);
			if (o->stop_on_fail && s->cases_failed)
				goto done;
		}
done:
	s->interrupted = g_interrupted;
	if (s->interrupted)
		SB_LOG_WARNING(lg, "interrupted: %zu of %zu cases done; the CSVs hold every finished case", s->cases_done, total);
	if (s->hung)
		SB_LOG_ERROR(lg, "a case hung; the run stops here (its threads cannot be reclaimed)");

	/* summary.csv: one row per case that completed at least one repetition */
	snprintf(path, sizeof path, "%s/summary.csv", s->dir);
	sb_logger *sl = sb_log_get("syncbench.summary");
	sb_logger_set_propagate(sl, 0);
	if (add_handler(sl, sb_log_csv_handler_new(path, sb_summary_columns, sb_summary_ncolumns, err, sizeof err),
			SB_LOG_NOTSET, NULL))
		SB_LOG_ERROR(lg, "summary.csv: %s", err);
	printf("%-40s %7s %12s %25s %12s %7s  %-6s %s\n", "case", "threads", "ns/op", "(min - max)", "ops/s", "jain",
	       "check", "parameters");
	for (size_t i = 0; i < s->nitems; i++) {
		plan_item *it = &s->items[i];
		if (!it->done)
			continue;
		sb_log_field f[64];
		size_t nf = sb_summary_fields(it->res, (size_t)it->done, f);
		SB_LOG_FIELDS(sl, SB_LOG_INFO, f, nf, "%s", it->name);
		double ns[1024], ops[1024], jn[1024];
		size_t m = (size_t)it->done;
		const char *chk = "ok";
		for (size_t j = 0; j < m && j < 1024; j++) {
			ns[j] = it->res[j].ns_per_op;
			ops[j] = it->res[j].ops_per_s;
			jn[j] = it->res[j].fair_jain;
			if (strcmp(it->res[j].check, "ok"))
				chk = it->res[j].check;
		}
		char range[64];
		snprintf(range, sizeof range, "(%.1f - %.1f)", sb_stats_min(ns, m), sb_stats_max(ns, m));
		char par[200] = "";
		size_t o = 0;
		for (int k = 0; k < it->p.nkv && o < sizeof par; k++) {
			int w = snprintf(par + o, sizeof par - o, "%s%s=%lld", k ? " " : "", it->p.kv[k].key, it->p.kv[k].val);
			if (w > 0)
				o += (size_t)w;
		}
		printf("%-40s %7d %12.1f %25s %12.4g %7.3f  %-6s %s\n", it->name, it->p.threads, sb_stats_median(ns, m),
		       range, sb_stats_median(ops, m), sb_stats_median(jn, m), chk, par);
	}
	fflush(stdout);
	write_meta(s, !s->interrupted && !s->hung);
	printf("results: %s\n", s->dir);
	status = s->interrupted ? 130 : (s->cases_failed || s->hung) ? 1 : 0;
	if (sb_log_error_count()) {
		fprintf(stderr, "syncbench: %lu log records could not be written\n", sb_log_error_count());
		if (!status)
			status = 1;
	}
out:
	if (!s->hung) { /* hung workers may still use the run's memory */
		sb_log_shutdown();
		for (size_t i = 0; i < s->nitems; i++)
			free(s->items[i].res);
		free(s->items);
		free(s);
	}
	return status;
}
