/* case.c: the case table as the program shows it: names, parameters, `list`. */
#include "syncbench/case.h"
#include "syncbench/plan.h"
#include "syncbench/result.h"
#include "syncbench/machine.h"
#include "syncbench/run.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void sb_case_name(const sb_case *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s/%s", c->family, c->impl, c->scenario);
}

const sb_case *sb_case_find(const char *family, const char *impl, const char *scenario)
{
	for (size_t i = 0; i < sb_nfamilies; i++) {
		if (strcmp(sb_families[i]->name, family) != 0)
			continue;
		for (size_t j = 0; j < sb_families[i]->ncases; j++) {
			const sb_case *c = &sb_families[i]->cases[j];
			if (!strcmp(c->impl, impl) && !strcmp(c->scenario, scenario))
				return c;
		}
	}
	return NULL;
}

long long sb_param(const sb_case_params *p, const char *key, long long dflt)
{
	for (int i = 0; i < p->nkv; i++)
		if (!strcmp(p->kv[i].key, key))
			return p->kv[i].val;
	return dflt;
}

/* The fields of a results.json entry (google-benchmark's, src/report.c): no counter takes their name. */
static const char *const json_fields[] = {
	"name", "family_index", "per_family_instance_index", "run_name", "run_type", "repetitions",
	"repetition_index", "threads", "aggregate_name", "aggregate_unit", "iterations", "real_time",
	"cpu_time", "time_unit", "items_per_second", "bytes_per_second", "label", "error_occurred",
	"error_message",
};

static int counter_key_ok(const char *key)
{
	size_t n = key ? strlen(key) : 0;
	if (n == 0 || n >= sizeof ((sb_kv *)0)->key || !(key[0] >= 'a' && key[0] <= 'z') ||
	    strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_") != n)
		return 0;
	for (size_t i = 0; i < sizeof json_fields / sizeof json_fields[0]; i++)
		if (!strcmp(key, json_fields[i]))
			return 0;
	return 1;
}

int sb_counters_set(sb_counters *c, const char *key, long long val)
{
	if (!counter_key_ok(key))
		return -EINVAL;
	if (!c)
		return 0;
	int i = 0;
	while (i < c->n && strcmp(c->kv[i].key, key))
		i++;
	if (i == c->n) {
		if (c->n >= SB_MAX_COUNTERS)
			return -ENOSPC;
		snprintf(c->kv[i].key, sizeof c->kv[i].key, "%s", key);
		c->n++;
	}
	c->kv[i].val = val;
	size_t o = 0;
	c->str[0] = 0;
	for (int k = 0; k < c->n && o < sizeof c->str; k++)
		o += (size_t)snprintf(c->str + o, sizeof c->str - o, "%s%s=%lld", k ? ";" : "", c->kv[k].key, c->kv[k].val);
	return 0;
}

int sb_counters_add(const sb_team *t, const char *key, long long val)
{
	return sb_counters_set(t ? t->o.counters : NULL, key, val);
}

static int listed(const sb_case *c, const char *glob, int negative_controls, char *name, size_t len)
{
	sb_case_name(c, name, len);
	if ((c->flags & SB_CASE_HIDDEN) && !negative_controls)
		return 0;
	return !glob || fnmatch(glob, name, 0) == 0;
}

static const char *threads_of(const sb_case *c)
{
	if (c->flags & SB_CASE_ONE_THREAD)
		return "1";
	if (c->flags & SB_CASE_WAITERS)
		return "waiters + 1";
	if (c->flags & SB_CASE_MIN2)
		return "-t (2 at least)";
	return "-t";
}

/* A case's parameters, their ranges and default sweep: for list -v ("    -p KEY=LIST   range
 * LO..HI, default sweep V,V") or as the members of list --json's "params" object. */
static void print_params(FILE *f, const sb_case *c, int json)
{
	sb_sweep_key keys[SB_MAX_KV];
	int nk = 0;
	char err[160];
	if (sb_sweep_parse(c->sweep, keys, &nk, SB_MAX_KV, err, sizeof err) != 0)
		return;
	for (int k = 0; k < nk; k++) {
		long long lo, hi;
		sb_param_range(keys[k].key, &lo, &hi);
		if (json) {
			fputs(k ? ", " : "", f);
			sb_json_str(f, keys[k].key);
			fprintf(f, ": {\"min\": %lld, \"max\": %lld, \"sweep\": [", lo, hi);
		} else {
			fprintf(f, "    -p %s=LIST   range %lld..%lld, default sweep ", keys[k].key, lo, hi);
		}
		for (int v = 0; v < keys[k].n; v++)
			fprintf(f, "%s%lld", v ? (json ? ", " : ",") : "", keys[k].vals[v]);
		fputs(json ? "]}" : "\n", f);
	}
}

int sb_list(FILE *f, const char *glob, int verbose, int negative_controls)
{
	int n = 0;
	for (size_t i = 0; i < sb_nfamilies; i++)
		for (size_t j = 0; j < sb_families[i]->ncases; j++) {
			const sb_case *c = &sb_families[i]->cases[j];
			char name[160];
			if (!listed(c, glob, negative_controls, name, sizeof name))
				continue;
			n++;
			if (!verbose) {
				fprintf(f, "%s\n", name);
				continue;
			}
			fprintf(f, "%s\n    %s\n    threads: %s%s%s\n", name, c->about ? c->about : "", threads_of(c),
				(c->flags & SB_CASE_NO_DELAY) ? "; ignores --cs/--think" : "; --cs, --think",
				(c->flags & SB_CASE_SPINS) ? "; never blocks" : "");
			print_params(f, c, 0);
		}
	return n;
}

int sb_list_json(FILE *f, const char *glob, int negative_controls)
{
	int n = 0;
	fputs("{\"cases\": [", f);
	for (size_t i = 0; i < sb_nfamilies; i++)
		for (size_t j = 0; j < sb_families[i]->ncases; j++) {
			const sb_case *c = &sb_families[i]->cases[j];
			char name[160];
			if (!listed(c, glob, negative_controls, name, sizeof name))
				continue;
			fprintf(f, "%s\n  {\"name\": ", n++ ? "," : "");
			sb_json_str(f, name);
			fputs(", \"family\": ", f);
			sb_json_str(f, c->family);
			fputs(", \"impl\": ", f);
			sb_json_str(f, c->impl);
			fputs(", \"scenario\": ", f);
			sb_json_str(f, c->scenario);
			fputs(", \"about\": ", f);
			sb_json_str(f, c->about ? c->about : "");
			fputs(", \"threads\": ", f);
			sb_json_str(f, threads_of(c));
			fprintf(f, ", \"delays\": %s, \"spins\": %s, \"negative_control\": %s, \"params\": {",
				(c->flags & SB_CASE_NO_DELAY) ? "false" : "true", (c->flags & SB_CASE_SPINS) ? "true" : "false",
				(c->flags & SB_CASE_HIDDEN) ? "true" : "false");
			print_params(f, c, 1);
			fputs("}}", f);
		}
	fputs("\n]}\n", f);
	return n;
}

/* The worker function of every case point of the default plan, as an offset from `anchor` (a
 * function of the program, e.g. main), so that a test can find it in the binary's symbol table
 * and disassemble it (tests/disasm.sh). */
int sb_list_workers(FILE *f, const char *glob, int negative_controls, void (*anchor)(void))
{
	sb_run_opts o;
	sb_run_opts_default(&o);
	o.negative_controls = negative_controls;
	if (glob) {
		o.filters[0] = glob;
		o.nfilters = 1;
	}
	o.threads[0] = 1;
	o.threads[1] = 2;
	o.nthreads = 2;
	sb_plan plan;
	char err[256];
	if (sb_plan_build(&o, 1, &plan, err, sizeof err)) {
		fprintf(stderr, "syncbench: %s\n", err);
		return -1;
	}
	int n = 0;
	for (size_t i = 0; i < plan.n; i++) {
		const sb_plan_item *it = &plan.items[i];
		sb_case_params p = it->p;
		sb_worker_fn fn = it->c->pick ? it->c->pick(&p) : it->c->worker;
		/* the distance between two functions of one program: how the test finds the symbol */
		long long off = (long long)((uintptr_t)fn - (uintptr_t)anchor);
		fprintf(f, "%s %lld\n", it->label, off);
		n++;
	}
	sb_plan_free(&plan);
	return n;
}
