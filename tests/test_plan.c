/* tests/test_plan.c: the planner and the option parsers, called directly (no program run): the
 * sweep grammar, parameter ranges, the cross product of cases × parameters × threads, the
 * whole-plan refusals with their one-line reasons, and the value parsers (durations, thread lists,
 * CPU lists, pin policies). Expected counts come from the case table itself, not from numbers
 * written here. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "syncbench/case.h"
#include "syncbench/opts.h"
#include "syncbench/plan.h"
#include "syncbench/run.h"

TestSuite(plan, .timeout = 30);

/* ---- the sweep grammar ------------------------------------------------------------------- */

Test(plan, sweep_grammar)
{
	sb_sweep_key k[SB_MAX_KV];
	int n = 0;
	char err[160];
	cr_assert_eq(sb_sweep_parse("read_pct=50,90,100;keys=1024", k, &n, SB_MAX_KV, err, sizeof err), 0, "%s", err);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(k[0].key, "read_pct");
	cr_assert_eq(k[0].n, 3);
	cr_assert_eq(k[0].vals[0], 50);
	cr_assert_eq(k[0].vals[2], 100);
	cr_assert_str_eq(k[1].key, "keys");
	cr_assert_eq(k[1].vals[0], 1024);
	/* durations are stored as nanoseconds (keys are appended to what *n already counts) */
	n = 0;
	cr_assert_eq(sb_sweep_parse("timeout=50us,1ms", k, &n, SB_MAX_KV, err, sizeof err), 0, "%s", err);
	cr_assert_eq(k[0].vals[0], 50000);
	cr_assert_eq(k[0].vals[1], 1000000);
	/* nothing is an empty sweep */
	n = 0;
	cr_assert_eq(sb_sweep_parse(NULL, k, &n, SB_MAX_KV, err, sizeof err), 0);
	cr_assert_eq(n, 0);
}

Test(plan, sweep_grammar_refusals)
{
	sb_sweep_key k[SB_MAX_KV];
	int n = 0;
	char err[160];
	const char *bad[] = { "read_pct", "=5", "read_pct=", "read_pct=5,,6", "read_pct=x", "read_pct=5;read_pct=6",
			      "k=1;k2=2;k3=3", "read_pct=99999999999999999999" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = 0;
		n = 0;
		int max = i == 6 ? 2 : SB_MAX_KV; /* the seventh has more keys than room */
		cr_expect_eq(sb_sweep_parse(bad[i], k, &n, max, err, sizeof err), -EINVAL, "'%s' accepted", bad[i]);
		cr_expect(err[0], "'%s': no reason given", bad[i]);
	}
}

Test(plan, every_parameter_has_a_range)
{
	long long lo, hi;
	sb_param_range("read_pct", &lo, &hi);
	cr_assert_eq(lo, 0);
	cr_assert_eq(hi, 100);
	/* every key of every case's default sweep has a range, and its default values lie in it */
	for (size_t f = 0; f < sb_nfamilies; f++)
		for (size_t c = 0; c < sb_families[f]->ncases; c++) {
			const sb_case *cs = &sb_families[f]->cases[c];
			sb_sweep_key k[SB_MAX_KV];
			int n = 0;
			char err[160];
			cr_assert_eq(sb_sweep_parse(cs->sweep, k, &n, SB_MAX_KV, err, sizeof err), 0, "%s/%s/%s: %s",
				     cs->family, cs->impl, cs->scenario, err);
			for (int i = 0; i < n; i++) {
				sb_param_range(k[i].key, &lo, &hi);
				cr_assert(lo <= hi, "%s: no range", k[i].key);
				for (int v = 0; v < k[i].n; v++)
					cr_assert(k[i].vals[v] >= lo && k[i].vals[v] <= hi, "%s/%s/%s: %s=%lld outside %lld..%lld",
						  cs->family, cs->impl, cs->scenario, k[i].key, k[i].vals[v], lo, hi);
			}
		}
}

/* ---- plans ------------------------------------------------------------------------------- */

static sb_run_opts opts(const char *filter, const char *threads)
{
	sb_run_opts o;
	sb_run_opts_default(&o);
	o.filters[0] = filter;
	o.nfilters = 1;
	char err[160];
	cr_assert_eq(sb_parse_threads(threads, o.threads, SB_MAX_LIST, &o.nthreads, err, sizeof err), 0, "%s", err);
	return o;
}

/* The cases of the table that o selects, and the product of their sweeps' lengths. */
static size_t expected_points(const sb_run_opts *o)
{
	size_t points = 0;
	for (size_t f = 0; f < sb_nfamilies; f++)
		for (size_t c = 0; c < sb_families[f]->ncases; c++) {
			const sb_case *cs = &sb_families[f]->cases[c];
			if (!sb_case_selected(o, cs))
				continue;
			sb_sweep_key k[SB_MAX_KV];
			int n = 0;
			char err[160];
			sb_sweep_parse(cs->sweep, k, &n, SB_MAX_KV, err, sizeof err);
			size_t per = 1;
			for (int i = 0; i < n; i++)
				per *= (size_t)k[i].n;
			size_t threads = (cs->flags & (SB_CASE_ONE_THREAD | SB_CASE_WAITERS)) ? 1 : (size_t)o->nthreads;
			if (cs->flags & SB_CASE_MIN2) {
				threads = 0;
				for (int t = 0; t < o->nthreads; t++)
					threads += o->threads[t] >= 2;
			}
			points += per * threads;
		}
	return points;
}

Test(plan, cross_product_of_cases_parameters_and_threads)
{
	const char *globs[] = { "mutex/*", "rwlock/*", "map/*", "condvar/*/prodcons" };
	for (size_t g = 0; g < sizeof globs / sizeof globs[0]; g++) {
		sb_run_opts o = opts(globs[g], "1,2,4");
		sb_plan plan;
		char err[200];
		cr_assert_eq(sb_plan_build(&o, 1, &plan, err, sizeof err), 0, "%s: %s", globs[g], err);
		cr_assert_eq(plan.n, expected_points(&o), "%s: %zu points, the table says %zu", globs[g], plan.n,
			     expected_points(&o));
		/* every item names its case and its thread count in its label */
		for (size_t i = 0; i < plan.n; i++) {
			char t[32];
			snprintf(t, sizeof t, " t=%d", plan.items[i].p.threads);
			cr_assert(strstr(plan.items[i].label, plan.items[i].name) == plan.items[i].label, "%s", plan.items[i].label);
			cr_assert(strstr(plan.items[i].label, t), "%s lacks%s", plan.items[i].label, t);
		}
		sb_plan_free(&plan);
	}
}

Test(plan, param_override_replaces_a_key)
{
	sb_run_opts o = opts("rwlock/futex/mixed", "2");
	o.params[0] = "read_pct=10,20";
	o.nparams = 1;
	sb_plan plan;
	char err[200];
	cr_assert_eq(sb_plan_build(&o, 1, &plan, err, sizeof err), 0, "%s", err);
	cr_assert_eq(plan.n, 2);
	cr_assert_eq(plan.items[0].p.read_pct, 10);
	cr_assert_eq(plan.items[1].p.read_pct, 20);
	cr_assert(strstr(plan.items[1].label, "read_pct=20"), "%s", plan.items[1].label);
	sb_plan_free(&plan);
}

/* Refused whole, with a reason naming what is wrong. */
static void refused(sb_run_opts *o, const char *needle)
{
	sb_plan plan;
	char err[200] = "";
	cr_assert_eq(sb_plan_build(o, 1, &plan, err, sizeof err), -EINVAL, "accepted (want: %s)", needle);
	cr_assert(strstr(err, needle), "reason '%s' lacks '%s'", err, needle);
}

Test(plan, refusals)
{
	sb_run_opts o = opts("nosuch/*", "1");
	refused(&o, "nosuch/*");
	o = opts("rwlock/*/mixed", "2");
	o.params[0] = "read_pc=50";
	o.nparams = 1;
	refused(&o, "read_pct"); /* did you mean */
	o.params[0] = "read_pct=150";
	refused(&o, "150");
	o = opts("mutex/*", "1");
	o.params[0] = "keys=64"; /* no selected case takes it */
	o.nparams = 1;
	refused(&o, "keys");
}

/* ---- value parsers ----------------------------------------------------------------------- */

Test(plan, durations)
{
	uint64_t ns;
	char err[160];
	struct { const char *s; uint64_t ns; } ok[] = { { "200ms", 200000000ull }, { "1.5s", 1500000000ull }, { "100ns", 100 },
							{ "50us", 50000 }, { "0", 0 } };
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		cr_assert_eq(sb_parse_duration(ok[i].s, &ns, err, sizeof err), 0, "%s: %s", ok[i].s, err);
		cr_assert_eq(ns, ok[i].ns, "%s = %llu", ok[i].s, (unsigned long long)ns);
	}
	const char *bad[] = { "", "200", "-5ms", "fast", "1xs", "1m", "5ms5", "2d" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect_eq(sb_parse_duration(bad[i], &ns, err, sizeof err), -EINVAL, "'%s' accepted", bad[i]);
}

Test(plan, thread_lists)
{
	int t[SB_MAX_LIST], n;
	char err[160];
	cr_assert_eq(sb_parse_threads("4,1,2,2", t, SB_MAX_LIST, &n, err, sizeof err), 0, "%s", err);
	cr_assert_eq(n, 3);
	cr_assert(t[0] == 1 && t[1] == 2 && t[2] == 4, "sorted, without duplicates");
	cr_assert_eq(sb_parse_threads("1..16", t, SB_MAX_LIST, &n, err, sizeof err), 0, "%s", err);
	cr_assert_eq(n, 5);
	cr_assert_eq(t[4], 16);
	cr_assert_eq(sb_parse_threads("1-3", t, SB_MAX_LIST, &n, err, sizeof err), 0, "%s", err);
	cr_assert_eq(n, 3);
	const char *bad[] = { "0", "1,x", "", "3-1", "1025" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect_eq(sb_parse_threads(bad[i], t, SB_MAX_LIST, &n, err, sizeof err), -EINVAL, "'%s' accepted", bad[i]);
}

Test(plan, pin_policies_and_cpu_lists)
{
	enum sb_pin pin;
	int cpus[8], n;
	char err[160];
	cr_assert_eq(sb_parse_pin("cpus=0,1", &pin, cpus, 8, &n, err, sizeof err), 0, "%s", err);
	cr_assert_eq(pin, SB_PIN_LIST);
	cr_assert(n == 2 && cpus[0] == 0 && cpus[1] == 1);
	cr_assert_eq(sb_parse_pin("smt", &pin, cpus, 8, &n, err, sizeof err), 0, "%s", err);
	cr_assert_eq(pin, SB_PIN_SMT);
	cr_assert_eq(sb_parse_pin("everywhere", &pin, cpus, 8, &n, err, sizeof err), -EINVAL);
	int l[8];
	cr_assert_eq(sb_parse_int_list("1-3,7", 0, 10, l, 8, &n, err, sizeof err), 0, "%s", err);
	cr_assert(n == 4 && l[0] == 1 && l[2] == 3 && l[3] == 7);
	cr_assert_eq(sb_parse_int_list("11", 0, 10, l, 8, &n, err, sizeof err), -EINVAL);
	long v;
	cr_assert_eq(sb_parse_long("4294967297", 1, 1000, &v, err, sizeof err), -EINVAL, "no wrap-around");
	cr_assert_eq(sb_parse_long("42", 1, 1000, &v, err, sizeof err), 0);
	cr_assert_eq(v, 42);
}
