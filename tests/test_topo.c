/* tests/test_topo.c: src/topo.c on synthetic topologies, on lstopo XML files (tests/topologies/)
 * and on this machine: every policy's placement and relation, the refusals, the JSON summary,
 * the --pin list parser, the harness's pinning and the topo command. */
#include <criterion/criterion.h>
#include <errno.h>
#include <sched.h>

#include "sbtest.h"
#include "syncbench/harness.h"
#include "syncbench/opts.h"
#include "syncbench/topo.h"

#define DUAL "pack:2 numa:2 l3:4 core:8 pu:2"   /* 256 PUs: 16 per L3, 64 per NUMA node */
#define EPYC "tests/topologies/epyc-8ccx.xml"    /* pack:1 numa:1 l3:8 core:8 pu:2 */
#define XEON "tests/topologies/xeon-4s.xml"      /* pack:4 numa:1 l3:1 core:20 pu:2 */
#define NOL3 "tests/topologies/small-nol3.xml"   /* pack:1 core:4 pu:1, no cache shown */

static sb_topo load(const char *spec)
{
	sb_topo t;
	char err[256] = "";
	int rc = sb_topo_load(&t, spec, err, sizeof err);
	cr_assert_eq(rc, 0, "load '%s': %s", spec ? spec : "machine", err);
	return t;
}

static sb_pin_spec policy(const char *name)
{
	sb_pin_spec p;
	memset(&p, 0, sizeof p);
	char err[256];
	cr_assert_eq(sb_parse_pin(name, &p.kind, p.cpus, SB_PIN_MAX_CPUS, &p.ncpus, err, sizeof err), 0, "%s", err);
	snprintf(p.name, sizeof p.name, "%s", name);
	return p;
}

static int cpus[SB_MAX_THREADS];

/* Place n workers by `name`; returns the relation (asserting success). */
static const char *place_ok(const sb_topo *t, const char *name, int n)
{
	sb_pin_spec p = policy(name);
	char err[256] = "";
	cr_assert_eq(sb_topo_place(t, &p, n, cpus, err, sizeof err), 0, "%s x%d on %s: %s", name, n, t->source, err);
	return sb_topo_relation(t, cpus, n);
}

static void place_refused(const sb_topo *t, const char *name, int n, const char *needle)
{
	sb_pin_spec p = policy(name);
	char err[256] = "";
	cr_assert_eq(sb_topo_place(t, &p, n, cpus, err, sizeof err), -EINVAL, "%s x%d on %s was placed", name, n, t->source);
	cr_assert(strstr(err, needle), "%s x%d: '%s' does not say '%s'", name, n, err, needle);
	cr_assert(!strchr(err, '\n'), "more than one line: %s", err);
}

/* Every pair of the n placed CPUs differs at `level` ("core", "l3", "numa", "pkg") and, with
 * same non-NULL, shares that one. */
static void pairs(const sb_topo *t, int n, const char *differ, const char *same)
{
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++) {
			const sb_topo_cpu *a = sb_topo_find(t, cpus[i]), *b = sb_topo_find(t, cpus[j]);
			cr_assert(a && b);
			int d = !strcmp(differ, "pu") ? a->os != b->os : !strcmp(differ, "core") ? a->core != b->core
				: !strcmp(differ, "l3") ? a->l3 != b->l3 : !strcmp(differ, "numa") ? a->numa != b->numa
				: a->pkg != b->pkg;
			cr_assert(d, "CPUs %d and %d share a %s", cpus[i], cpus[j], differ);
			if (same) {
				int s = !strcmp(same, "core") ? a->core == b->core : !strcmp(same, "l3") ? a->l3 == b->l3
					: a->pkg == b->pkg;
				cr_assert(s, "CPUs %d and %d are not in one %s", cpus[i], cpus[j], same);
			}
		}
}

TestSuite(topo, .timeout = 60);

Test(topo, dual_socket_summary)
{
	sb_topo t = load(DUAL);
	cr_assert_eq(t.packages, 2);
	cr_assert_eq(t.numa_nodes, 4);
	cr_assert_eq(t.l3_domains, 16);
	cr_assert_eq(t.cores, 128);
	cr_assert_eq(t.ncpus, 256);
	cr_assert_eq(t.threads_per_core, 2);
	cr_assert(!t.is_machine);
	sb_topo_free(&t);
}

Test(topo, dual_socket_relations)
{
	sb_topo t = load(DUAL);
	int c[][3] = { { 0, 0, -1 }, { 0, 1, -1 }, { 0, 2, -1 }, { 0, 16, -1 }, { 0, 64, -1 }, { 0, 128, -1 },
		       { 0, 128, 1 } };
	const char *want[] = { "same-cpu", "smt", "core", "llc", "numa", "package", "smt" };
	for (int i = 0; i < 7; i++) {
		int n = c[i][2] < 0 ? 2 : 3;
		cr_assert_str_eq(sb_topo_relation(&t, c[i], n), want[i], "case %d", i);
	}
	int one = 5, bad[2] = { 0, 4096 }, unpinned[2] = { -1, 0 };
	cr_assert_str_eq(sb_topo_relation(&t, &one, 1), "");
	cr_assert_str_eq(sb_topo_relation(&t, bad, 2), "");
	cr_assert_str_eq(sb_topo_relation(&t, unpinned, 2), "");
	sb_topo_free(&t);
}

Test(topo, dual_socket_policies)
{
	sb_topo t = load(DUAL);
	cr_assert_str_eq(place_ok(&t, "smt", 2), "smt");
	pairs(&t, 2, "pu", "core");
	place_refused(&t, "smt", 4, "cores have only 2 hardware threads: --pin smt needs 4 for 4 workers");

	cr_assert_str_eq(place_ok(&t, "core", 8), "core");
	pairs(&t, 8, "core", "l3");
	place_refused(&t, "core", 9, "only 8 cores per L3 domain");

	cr_assert_str_eq(place_ok(&t, "llc", 4), "llc");
	pairs(&t, 4, "l3", "pkg");
	cr_assert_str_eq(place_ok(&t, "llc", 8), "llc"); /* both NUMA nodes of package 0 */
	pairs(&t, 8, "l3", "pkg");
	place_refused(&t, "llc", 9, "only 8 L3 domains per package: --pin llc needs 9 for 9 workers");

	cr_assert_str_eq(place_ok(&t, "numa", 2), "numa");
	cr_assert_str_eq(place_ok(&t, "numa", 4), "numa");
	pairs(&t, 4, "numa", NULL);
	place_refused(&t, "numa", 5, "only 4 NUMA nodes");

	cr_assert_str_eq(place_ok(&t, "package", 2), "package");
	pairs(&t, 2, "pkg", NULL);
	place_refused(&t, "package", 3, "only 2 packages: --pin package needs 3 for 3 workers");

	/* compact fills siblings first; spread goes to the other package, then the other NUMA node */
	cr_assert_str_eq(place_ok(&t, "compact", 3), "smt");
	cr_assert_eq(cpus[0], 0);
	cr_assert_eq(cpus[1], 1);
	cr_assert_eq(cpus[2], 2);
	cr_assert_str_eq(place_ok(&t, "spread", 2), "package");
	cr_assert_str_eq(place_ok(&t, "spread", 4), "numa");
	cr_assert_str_eq(place_ok(&t, "spread", 16), "llc");
	pairs(&t, 16, "l3", NULL);
	cr_assert_str_eq(place_ok(&t, "spread", 128), "core");
	pairs(&t, 128, "core", NULL);
	cr_assert_str_eq(place_ok(&t, "spread", 256), "smt");
	pairs(&t, 256, "pu", NULL);
	cr_assert_str_eq(place_ok(&t, "spread", 257), "same-cpu"); /* wraps */

	cr_assert_str_eq(place_ok(&t, "none", 3), "");
	cr_assert_eq(cpus[0], -1);
	cr_assert_eq(cpus[2], -1);
	cr_assert_str_eq(place_ok(&t, "cpus=3,130", 4), "same-cpu");
	cr_assert_eq(cpus[0], 3);
	cr_assert_eq(cpus[1], 130);
	cr_assert_eq(cpus[2], 3);
	place_refused(&t, "cpus=1,999", 2, "CPU 999 is not in the topology");
	/* one worker: every policy is satisfiable */
	const char *all[] = { "smt", "core", "llc", "numa", "package" };
	for (int i = 0; i < 5; i++)
		cr_assert_str_eq(place_ok(&t, all[i], 1), "");
	sb_topo_free(&t);
}

Test(topo, epyc_xml)
{
	sb_topo t = load(EPYC);
	cr_assert_eq(t.packages, 1);
	cr_assert_eq(t.numa_nodes, 1);
	cr_assert_eq(t.l3_domains, 8);
	cr_assert_eq(t.cores, 64);
	cr_assert_eq(t.ncpus, 128);
	cr_assert_str_eq(place_ok(&t, "smt", 2), "smt");
	cr_assert_str_eq(place_ok(&t, "core", 8), "core");
	pairs(&t, 8, "core", "l3");
	cr_assert_str_eq(place_ok(&t, "llc", 8), "llc");
	pairs(&t, 8, "l3", "pkg");
	place_refused(&t, "llc", 9, "only 8 L3 domains per package");
	place_refused(&t, "numa", 2, "only 1 NUMA node: --pin numa needs 2 for 2 workers");
	place_refused(&t, "package", 2, "only 1 package: --pin package needs 2 for 2 workers");
	cr_assert_str_eq(place_ok(&t, "spread", 8), "llc");
	pairs(&t, 8, "l3", NULL);
	sb_topo_free(&t);
}

Test(topo, xeon_four_socket_xml)
{
	sb_topo t = load(XEON);
	cr_assert_eq(t.packages, 4);
	cr_assert_eq(t.numa_nodes, 4);
	cr_assert_eq(t.l3_domains, 4);
	cr_assert_eq(t.cores, 80);
	cr_assert_eq(t.ncpus, 160);
	cr_assert_eq(t.threads_per_core, 2);
	cr_assert_str_eq(place_ok(&t, "package", 4), "package");
	pairs(&t, 4, "pkg", NULL);
	cr_assert_str_eq(place_ok(&t, "numa", 4), "package"); /* one node per socket */
	cr_assert_str_eq(place_ok(&t, "core", 20), "core");
	pairs(&t, 20, "core", "l3");
	place_refused(&t, "core", 21, "only 20 cores per L3 domain");
	place_refused(&t, "llc", 2, "only 1 L3 domain per package: --pin llc needs 2 for 2 workers");
	place_refused(&t, "package", 5, "only 4 packages");
	cr_assert_str_eq(place_ok(&t, "spread", 4), "package");
	sb_topo_free(&t);
}

Test(topo, no_l3_shown_stands_in_the_package)
{
	sb_topo t = load(NOL3);
	cr_assert_eq(t.has_l3, 0);
	cr_assert_eq(t.l3_domains, 1);
	cr_assert_eq(t.threads_per_core, 1);
	cr_assert_str_eq(place_ok(&t, "core", 4), "core");
	place_refused(&t, "smt", 2, "no SMT siblings in this topology");
	place_refused(&t, "core", 5, "package (no L3 shown)");
	sb_topo_free(&t);
}

Test(topo, bad_specs)
{
	sb_topo t;
	char err[256];
	cr_assert_eq(sb_topo_load(&t, "pack:two", err, sizeof err), -EINVAL);
	cr_assert(strstr(err, "pack:two"), "%s", err);
	cr_assert_eq(sb_topo_load(&t, "tests/topologies/nosuch.xml", err, sizeof err), -EINVAL);
	cr_assert(strstr(err, "nosuch.xml"), "%s", err);
}

Test(topo, this_machine)
{
	sb_topo t = load(NULL);
	cpu_set_t set;
	cr_assert_eq(sched_getaffinity(0, sizeof set, &set), 0);
	cr_assert_eq(t.ncpus, CPU_COUNT(&set));
	cr_assert(t.is_machine);
	for (int i = 0; i < t.ncpus; i++)
		cr_assert(CPU_ISSET(t.cpu[i].os, &set));
	if (t.threads_per_core == 1)
		place_refused(&t, "smt", 2, "no SMT siblings on this machine");
	else
		cr_assert_str_eq(place_ok(&t, "smt", 2), "smt");
	if (t.packages == 1)
		place_refused(&t, "package", 2, "only 1 package: --pin package needs 2 for 2 workers");
	if (t.numa_nodes == 1)
		place_refused(&t, "numa", 2, "only 1 NUMA node");
	if (t.ncpus >= 2 && t.threads_per_core == 1 && t.l3_domains == 1)
		cr_assert_str_eq(place_ok(&t, "core", 2), "core");
	cr_assert_eq(sb_topo_machine(NULL, 0)->ncpus, t.ncpus);
	sb_topo_free(&t);
}

Test(topo, cpu_lists)
{
	char b[64];
	sb_topo_format_cpus((int[]){ 0, 1, 2, 3, 16, 32, 33 }, 7, b, sizeof b);
	cr_assert_str_eq(b, "0-3,16,32,33");
	sb_topo_format_cpus((int[]){ 0, 1, 0, 1 }, 4, b, sizeof b);
	cr_assert_str_eq(b, "0,1,0,1");
	sb_topo_format_cpus((int[]){ -1, -1 }, 2, b, sizeof b);
	cr_assert_str_eq(b, "any,any");
	int many[100];
	for (int i = 0; i < 100; i++)
		many[i] = 2 * i;
	sb_topo_format_cpus(many, 100, b, 24);
	cr_assert(strlen(b) < 24 && strstr(b, ",..."), "%s", b);
}

Test(topo, json_summary)
{
	sb_topo t = load(DUAL);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int first = 1;
	fputc('{', f);
	sb_topo_json(f, &first, &t);
	fputc('}', f);
	fclose(f);
	const char *want[] = { "\"topology\": {", "\"packages\": 2", "\"numa_nodes\": 4", "\"l3_domains\": 16",
			       "\"cores\": 128", "\"pus\": 256", "\"threads_per_core\": 2", "\"cpus\": [0,1,2," };
	for (int i = 0; i < 8; i++)
		cr_assert(strstr(buf, want[i]), "no %s in %s", want[i], buf);
	free(buf);
	sb_topo_free(&t);
}

Test(topo, pin_list_parsing)
{
	sb_pin_spec p[SB_PIN_MAX_POLICIES];
	int n = 0;
	char err[256];
	cr_assert_eq(sb_parse_pin_list("smt,core,package", NULL, NULL, 0, p, SB_PIN_MAX_POLICIES, &n, err, sizeof err), 0, "%s", err);
	cr_assert_eq(n, 3);
	cr_assert_eq(p[0].kind, SB_PIN_SMT);
	cr_assert_eq(p[2].kind, SB_PIN_PACKAGE);
	cr_assert_str_eq(p[1].name, "core");
	cr_assert_eq(sb_parse_pin_list("compact,cpus=0,1,4-5,spread", NULL, NULL, 0, p, SB_PIN_MAX_POLICIES, &n, err, sizeof err), 0, "%s", err);
	cr_assert_eq(n, 3);
	cr_assert_eq(p[1].kind, SB_PIN_LIST);
	cr_assert_eq(p[1].ncpus, 4);
	cr_assert_eq(p[1].cpus[3], 5);
	cr_assert_str_eq(p[1].name, "cpus=0,1,4-5");
	cr_assert_eq(p[2].kind, SB_PIN_SPREAD);
	cr_assert_eq(sb_parse_pin_list("core,core", NULL, NULL, 0, p, SB_PIN_MAX_POLICIES, &n, err, sizeof err), -EINVAL);
	cr_assert(strstr(err, "twice"), "%s", err);
	cr_assert_eq(sb_parse_pin_list("core,everywhere", NULL, NULL, 0, p, SB_PIN_MAX_POLICIES, &n, err, sizeof err), -EINVAL);
	cr_assert(strstr(err, "everywhere"), "%s", err);
	cr_assert_eq(sb_parse_pin_list("", NULL, NULL, 0, p, SB_PIN_MAX_POLICIES, &n, err, sizeof err), -EINVAL);
	cr_assert_eq(sb_parse_pin_list("3,core", NULL, NULL, 0, p, SB_PIN_MAX_POLICIES, &n, err, sizeof err), -EINVAL);

	/* checked against a topology for every thread count: refused before any run */
	sb_topo t = load(DUAL);
	int th[] = { 1, 2, 4 };
	cr_assert_eq(sb_parse_pin_list("core,llc,numa", &t, th, 3, p, SB_PIN_MAX_POLICIES, &n, err, sizeof err), 0, "%s", err);
	cr_assert_eq(sb_parse_pin_list("core,smt", &t, th, 3, p, SB_PIN_MAX_POLICIES, &n, err, sizeof err), -EINVAL);
	cr_assert(strstr(err, "--pin smt needs 4 for 4 workers"), "%s", err);
	cr_assert_eq(sb_parse_pin_list("package", &t, th, 3, p, SB_PIN_MAX_POLICIES, &n, err, sizeof err), -EINVAL);
	cr_assert(strstr(err, "only 2 packages"), "%s", err);
	sb_topo_free(&t);
}

static void idle(sb_worker *w) { sb_worker_idle(w); }

Test(topo, harness_pins_and_refuses)
{
	const sb_topo *m = sb_topo_machine(NULL, 0);
	cr_assert(m);
	sb_team team;
	sb_team_opts o = { .nthreads = 2, .pin = SB_PIN_COMPACT, .warmup_ns = 1000000, .duration_ns = 2000000 };
	cr_assert_eq(sb_team_run(&team, &o, idle, NULL), 0, "%s", team.err);
	cr_assert_eq(team.workers[0].cpu, m->cpu[0].os);
	cr_assert_str_eq(team.relation, m->ncpus >= 2 ? sb_topo_relation(m, (int[]){ m->cpu[0].os, m->cpu[1].os }, 2) : "same-cpu");
	sb_team_free(&team);

	/* a synthetic topology places workers on CPUs this machine may not have: only refusals */
	sb_topo dual = load(DUAL);
	o.topo = &dual;
	o.pin = SB_PIN_PACKAGE;
	o.nthreads = 3;
	cr_assert_eq(sb_team_run(&team, &o, idle, NULL), -EINVAL);
	cr_assert(strstr(team.err, "only 2 packages"), "%s", team.err);
	sb_topo_free(&dual);

	o.topo = NULL;
	o.nthreads = 2;
	o.pin = m->threads_per_core == 1 ? SB_PIN_SMT : SB_PIN_NONE;
	int rc = sb_team_run(&team, &o, idle, NULL);
	if (m->threads_per_core == 1) {
		cr_assert_eq(rc, -EINVAL);
		cr_assert(strstr(team.err, "no SMT siblings on this machine"), "%s", team.err);
	} else {
		cr_assert_eq(rc, 0);
		cr_assert_str_eq(team.relation, "");
		sb_team_free(&team);
	}
}

Test(topo, topo_command)
{
	char dir[64], p[128];
	sbt_tmpdir(dir, sizeof dir);
	int st = sbt_run(dir, "topo --topology '" DUAL "' -t 2,4");
	snprintf(p, sizeof p, "%s/out.txt", dir);
	char *out = sbt_slurp(p);
	cr_assert_eq(st, 0, "%s", out);
	cr_assert(strstr(out, "2 packages, 4 NUMA nodes, 16 L3 domains, 128 cores, 256 PUs, 2 threads per core"), "%s", out);
	cr_assert(strstr(out, "package          2  package   0,128\n"), "%s", out);
	cr_assert(strstr(out, "compact          4  smt       0-3\n"), "%s", out);
	cr_assert(strstr(out, "smt              4  refused   cores have only 2"), "%s", out);
	free(out);

	st = sbt_run(dir, "topo --topology " XEON " --pin package,cpus=0,1 -t 4");
	out = sbt_slurp(p);
	cr_assert_eq(st, 0, "%s", out);
	cr_assert(strstr(out, "cpus=0,1         4  same-cpu  0,1,0,1\n"), "%s", out);
	free(out);

	/* an explicit --pin is checked as a run checks it */
	st = sbt_run(dir, "topo --topology " XEON " --pin core,llc -t 2");
	snprintf(p, sizeof p, "%s/err.txt", dir);
	char *err = sbt_slurp(p);
	cr_assert_eq(st, 2);
	cr_assert_eq(sbt_count_lines(err), 1, "%s", err);
	cr_assert(strstr(err, "only 1 L3 domain per package"), "%s", err);
	free(err);
	st = sbt_run(dir, "topo --topology 'pack:x'");
	cr_assert_eq(st, 2);
	sbt_rmdir(dir);
}

/* run --dry-run shows the CPUs each case point's workers get, for this machine or, with
 * --topology, for one the project does not have; --topology without --dry-run is refused */
Test(topo, dry_run_shows_each_workers_cpu)
{
	char dir[64], p[128];
	sbt_tmpdir(dir, sizeof dir);
	int st = sbt_run(dir, "run --dry-run --topology '" DUAL "' -f mutex/ticket/contended --pin smt,core,llc,numa,package -t 2 -o x");
	snprintf(p, sizeof p, "%s/out.txt", dir);
	char *out = sbt_slurp(p);
	cr_assert_eq(st, 0, "%s", out);
	cr_assert(strstr(out, "# planned for synthetic: " DUAL " (2 packages"), "%s", out);
	cr_assert(strstr(out, "t=2 pin=smt  cpus 0,1 (smt)\n"), "%s", out);
	cr_assert(strstr(out, "t=2 pin=core  cpus 0,2 (core)\n"), "%s", out);
	cr_assert(strstr(out, "t=2 pin=llc  cpus 0,16 (llc)\n"), "%s", out);
	cr_assert(strstr(out, "t=2 pin=numa  cpus 0,64 (numa)\n"), "%s", out);
	cr_assert(strstr(out, "t=2 pin=package  cpus 0,128 (package)\n"), "%s", out);
	free(out);
	st = sbt_run(dir, "run --dry-run --topology " XEON " -f mutex/ticket/contended --pin package -t 4 -o x");
	out = sbt_slurp(p);
	cr_assert_eq(st, 0, "%s", out);
	cr_assert(strstr(out, "t=4  cpus 0,40,80,120 (package)\n"), "%s", out); /* one policy: no pin= */
	free(out);
	/* this machine: CPU 0 for both workers of cpus=0 */
	st = sbt_run(dir, "run --dry-run -f mutex/ticket/contended --pin cpus=0 -t 2 -o x");
	out = sbt_slurp(p);
	cr_assert_eq(st, 0, "%s", out);
	cr_assert(strstr(out, "t=2  cpus 0,0 (same-cpu)\n"), "%s", out);
	free(out);
	st = sbt_run(dir, "run --topology '" DUAL "' -f mutex/ticket/contended -t 2 -d 1ms -o x");
	cr_assert_eq(st, 2, "--topology without --dry-run: exit %d", st);
	snprintf(p, sizeof p, "%s/err.txt", dir);
	char *err = sbt_slurp(p);
	cr_assert(strstr(err, "only with --dry-run"), "%s", err);
	free(err);
	sbt_rmdir(dir);
}

/* --default-sweep: doubling up to twice the CPUs this process may use, both counts included */
static void sweep_counts(const char *prefix, int *got, int *n)
{
	char dir[64], cmd[2048], p[128];
	sbt_tmpdir(dir, sizeof dir);
	snprintf(cmd, sizeof cmd, "%.100s %.500s run --default-sweep --dry-run -f mutex/null/contended -o %s/out > %s/out.txt 2>&1",
		 prefix, sbt_prog(), dir, dir);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	snprintf(p, sizeof p, "%s/out.txt", dir);
	char *out = sbt_slurp(p);
	*n = 0;
	/* the dry run prints one case point a line: "family/impl/scenario t=N ..." */
	for (const char *q = out; (q = strstr(q, " t=")) != NULL; q += 3)
		got[(*n)++] = atoi(q + 3);
	free(out);
	sbt_rmdir(dir);
}

Test(topo, default_sweep_is_bounded_by_the_allowed_cpus)
{
	int got[64], n;
	cpu_set_t set;
	cr_assert_eq(sched_getaffinity(0, sizeof set, &set), 0);
	int ncpu = CPU_COUNT(&set), want[64], nw = 0;
	for (int t = 1; t <= 2 * ncpu && t <= SB_MAX_THREADS; t++) /* ascending, no duplicates */
		if ((t & (t - 1)) == 0 || t == ncpu || t == 2 * ncpu)
			want[nw++] = t;
	sweep_counts("", got, &n);
	cr_assert_eq(n, nw, "%d thread counts, want %d", n, nw);
	for (int i = 0; i < n; i++)
		cr_assert_eq(got[i], want[i], "count %d: %d, want %d", i, got[i], want[i]);
	if (system("command -v taskset > /dev/null 2>&1") == 0) {
		sweep_counts("taskset -c 0", got, &n); /* one CPU allowed: 1 and 2 */
		cr_assert_eq(n, 2);
		cr_assert_eq(got[0], 1);
		cr_assert_eq(got[1], 2);
	}
}
