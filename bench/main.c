/* bench/main.c: the syncbench command line. The only place that prints usage and exits. */
#include "syncbench/compare.h"
#include "syncbench/log.h"
#include "syncbench/opts.h"
#include "syncbench/run.h"
#include "syncbench/topo.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *prog = "syncbench";

/* make bench's survey of every family (issue 3/4: all of them within 180 s on 2 cores) */
#define SB_SWEEP_DURATION_NS 50000000ull
#define SB_SWEEP_WARMUP_NS 10000000ull
#define SB_SWEEP_REPS 5

static void usage_main(FILE *f)
{
	fprintf(f,
		"usage: %s COMMAND [OPTIONS]\n"
		"\n"
		"Benchmarks synchronization primitives on this machine.\n"
		"\n"
		"commands:\n"
		"  list [GLOB]     the cases the suite knows (family/impl/scenario), -v for descriptions\n"
		"  run [OPTIONS]   run the selected cases; '%s run --help' for its options\n"
		"  compare A B     two runs side by side: medians, ratio, significance (Mann-Whitney)\n"
		"  topo [OPTIONS]  the topology and where each --pin policy puts the workers (dry run)\n"
		"  fleet --hosts FILE [RUN OPTIONS]  the same run on every host (GNU parallel over ssh)\n"
		"  help            this text\n"
		"\n"
		"examples:\n"
		"  %s list 'mutex/*'\n"
		"  %s run -f 'mutex/*' -t 1,2,4 -d 200ms -r 5 --cs 100ns --think 200ns\n",
		prog, prog, prog, prog);
}

static void usage_run(FILE *f)
{
	fprintf(f,
		"usage: %s run [OPTIONS]\n"
		"\n"
		"Runs every selected case on threads of its own, every case once per repetition round, and\n"
		"writes results/<host>-<UTC time>/ (results.csv, summary.csv, meta.json, run.log).\n"
		"\n"
		"selection:\n"
		"  -f, --filter GLOB     cases to run, e.g. 'mutex/*' or '*/futex/*' (repeatable; default all)\n"
		"  -t, --threads LIST    worker counts: 1,2,4  1-8  1..16 (doubling)  (default 1,2,4)\n"
		"      --default-sweep   every family, threads 1..2x the CPU count (doubling), -d 50ms\n"
		"                        --warmup 10ms -r 5 unless given: what 'make bench' runs\n"
		"measurement:\n"
		"  -d, --duration D      measured window per case (default 200ms); units ns us ms s\n"
		"      --warmup D        warm-up before the window (default 50ms)\n"
		"  -r, --reps N          repetitions, spread over the run (default 5)\n"
		"      --cs D            critical-section length in contended scenarios (default 100ns)\n"
		"      --think D         time between operations in contended scenarios (default 200ns)\n"
		"      --pin POLICY      none | compact | spread | cpus=LIST (default compact);\n"
		"                        cpus=0 puts every worker on CPU 0\n"
		"  -p, --param K=LIST    a scenario parameter's values, e.g. read_pct=50,90 (repeatable);\n"
		"                        sugar: --read-pct --depth --permits --waiters --timeout\n"
		"                        --producers --consumers --keys LIST\n"
		"      --dry-run         print the planned cases and the estimated time; run nothing\n"
		"      --stop-on-fail    stop at the first case whose check fails\n"
		"      --watchdog D      a case still running D after its window is recorded as hung\n"
		"                        and the run stops (default 10s + the window)\n"
		"      --negative-controls  also run the deliberately broken implementations (tests)\n"
		"output:\n"
		"  -o, --out DIR         write the run into DIR instead of results/<host>-<time>\n"
		"  -q, --quiet           only warnings and errors on the console\n"
		"      --log-level L     debug | info | warning | error | critical (default info)\n"
		"      --log-format F    Python logging format, e.g. '%%(asctime)s %%(levelname)-8s %%(message)s'\n"
		"      --log-file PATH   also write the log to PATH\n"
		"      --log-udp H:P     also send every log record as a UDP datagram to H:P\n"
		"      --log-syslog      also send the log to syslog\n"
		"\n"
		"exit status: 0 every case ok, 1 a check failed or a case hung, 2 bad input, 130 interrupted\n",
		prog);
}

static int bad(const char *opt, const char *why)
{
	fprintf(stderr, "%s: %s: %s\n", prog, opt, why);
	return 2;
}

static int cmd_list(int argc, char **argv)
{
	int verbose = 0, neg = 0;
	const char *glob = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose"))
			verbose = 1;
		else if (!strcmp(argv[i], "--negative-controls"))
			neg = 1;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: %s list [-v] [--negative-controls] [GLOB]\n", prog);
			return 0;
		} else if (argv[i][0] == '-')
			return bad(argv[i], "unknown option");
		else if (glob)
			return bad(argv[i], "list takes one GLOB");
		else
			glob = argv[i];
	}
	int n = sb_list(stdout, glob, verbose, neg);
	if (n == 0) {
		fprintf(stderr, "%s: no case matches '%s'\n", prog, glob ? glob : "*");
		return 2;
	}
	return 0;
}

static int cmd_run(int argc, char **argv, const char *cmdline)
{
	enum { O_WARMUP = 256, O_CS, O_THINK, O_PIN, O_LOGLEVEL, O_LOGFMT, O_LOGFILE, O_LOGUDP,
	       O_SYSLOG, O_NEG, O_SWEEP, O_STOPFAIL, O_WATCHDOG, O_DRY, O_SUGAR };
	/* sugar for --param KEY=LIST, one option per scenario parameter */
	static const char *const sugar[] = { "read-pct", "depth", "permits", "waiters", "timeout",
					     "producers", "consumers", "keys" };
	static char sugar_buf[SB_MAX_FILTERS][160];
	static const struct option lo[] = {
		{ "filter", required_argument, 0, 'f' },  { "threads", required_argument, 0, 't' },
		{ "duration", required_argument, 0, 'd' }, { "reps", required_argument, 0, 'r' },
		{ "out", required_argument, 0, 'o' },     { "quiet", no_argument, 0, 'q' },
		{ "help", no_argument, 0, 'h' },          { "warmup", required_argument, 0, O_WARMUP },
		{ "cs", required_argument, 0, O_CS },     { "think", required_argument, 0, O_THINK },
		{ "pin", required_argument, 0, O_PIN },   { "log-level", required_argument, 0, O_LOGLEVEL },
		{ "log-format", required_argument, 0, O_LOGFMT }, { "log-file", required_argument, 0, O_LOGFILE },
		{ "log-udp", required_argument, 0, O_LOGUDP }, { "log-syslog", no_argument, 0, O_SYSLOG },
		{ "negative-controls", no_argument, 0, O_NEG }, { "default-sweep", no_argument, 0, O_SWEEP },
		{ "stop-on-fail", no_argument, 0, O_STOPFAIL }, { "param", required_argument, 0, 'p' },
		{ "watchdog", required_argument, 0, O_WATCHDOG }, { "dry-run", no_argument, 0, O_DRY },
		{ "read-pct", required_argument, 0, O_SUGAR + 0 }, { "depth", required_argument, 0, O_SUGAR + 1 },
		{ "permits", required_argument, 0, O_SUGAR + 2 }, { "waiters", required_argument, 0, O_SUGAR + 3 },
		{ "timeout", required_argument, 0, O_SUGAR + 4 }, { "producers", required_argument, 0, O_SUGAR + 5 },
		{ "consumers", required_argument, 0, O_SUGAR + 6 }, { "keys", required_argument, 0, O_SUGAR + 7 },
		{ 0, 0, 0, 0 },
	};
	sb_run_opts o;
	sb_run_opts_default(&o);
	o.cmdline = cmdline;
	char err[256];
	long v;
	int c, sweep = 0, set_d = 0, set_w = 0, set_r = 0;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":f:t:d:r:o:p:qh", lo, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (o.nfilters >= SB_MAX_FILTERS)
				return bad("--filter", "too many filters");
			o.filters[o.nfilters++] = optarg;
			break;
		case 't':
			if (sb_parse_threads(optarg, o.threads, SB_MAX_LIST, &o.nthreads, err, sizeof err))
				return bad("--threads", err);
			break;
		case O_SWEEP: {
			sweep = 1;
			/* doubling up to twice the CPUs this process may use, plus that count and its
			 * double: at most a dozen counts however large the machine */
			cpu_set_t cs;
			long ncpu = sched_getaffinity(0, sizeof cs, &cs) == 0 ? CPU_COUNT(&cs) : sysconf(_SC_NPROCESSORS_ONLN);
			if (ncpu < 1)
				ncpu = 1;
			long top = 2 * ncpu < SB_MAX_THREADS ? 2 * ncpu : SB_MAX_THREADS;
			char spec[96];
			snprintf(spec, sizeof spec, "1..%ld,%ld,%ld", top, ncpu < top ? ncpu : top, top);
			if (sb_parse_threads(spec, o.threads, SB_MAX_LIST, &o.nthreads, err, sizeof err))
				return bad("--default-sweep", err);
			break;
		}
		case 'd':
			set_d = 1;
			if (sb_parse_duration(optarg, &o.duration_ns, err, sizeof err))
				return bad("--duration", err);
			if (o.duration_ns == 0)
				return bad("--duration", "the measured window must be longer than 0");
			break;
		case O_WARMUP:
			set_w = 1;
			if (sb_parse_duration(optarg, &o.warmup_ns, err, sizeof err))
				return bad("--warmup", err);
			break;
		case 'r':
			set_r = 1;
			if (sb_parse_long(optarg, 1, 1000, &v, err, sizeof err))
				return bad("--reps", err);
			o.reps = (int)v;
			break;
		case O_WATCHDOG:
			if (sb_parse_duration(optarg, &o.watchdog_ns, err, sizeof err))
				return bad("--watchdog", err);
			break;
		case O_CS:
			if (sb_parse_duration(optarg, &o.cs_ns, err, sizeof err))
				return bad("--cs", err);
			break;
		case O_THINK:
			if (sb_parse_duration(optarg, &o.think_ns, err, sizeof err))
				return bad("--think", err);
			break;
		case O_PIN:
			if (sb_parse_pin(optarg, &o.pin, o.cpu_list, SB_MAX_LIST, &o.ncpu_list, err, sizeof err))
				return bad("--pin", err);
			o.pin_name = optarg;
			break;
		case 'o': o.out_dir = optarg; break;
		case 'q': o.quiet = 1; break;
		case O_LOGLEVEL:
			if (sb_log_level_parse(optarg, &o.log_level))
				return bad("--log-level", "expected debug, info, warning, error or critical");
			break;
		case O_LOGFMT: {
			sb_log_formatter *fm;
			if (sb_log_formatter_new(optarg, NULL, &fm, err, sizeof err))
				return bad("--log-format", err);
			o.log_format = optarg;
			break;
		}
		case O_LOGFILE: o.log_file = optarg; break;
		case O_LOGUDP: o.log_udp = optarg; break;
		case O_SYSLOG: o.log_syslog = 1; break;
		case O_NEG: o.negative_controls = 1; break;
		case O_STOPFAIL: o.stop_on_fail = 1; break;
		case O_DRY: o.dry_run = 1; break;
		case 'p':
			if (o.nparams >= SB_MAX_FILTERS)
				return bad("--param", "too many parameters");
			if (sb_run_check_param(optarg, err, sizeof err))
				return bad("--param", err);
			o.params[o.nparams++] = optarg;
			break;
		case 'h': usage_run(stdout); return 0;
		case ':': {
			char m[64];
			snprintf(m, sizeof m, "%s", argv[optind - 1]);
			return bad(m, "needs a value");
		}
		default: {
			if (c >= O_SUGAR && c < O_SUGAR + 8) {
				char opt[32], *q;
				snprintf(opt, sizeof opt, "--%s", sugar[c - O_SUGAR]);
				if (o.nparams >= SB_MAX_FILTERS)
					return bad(opt, "too many parameters");
				char *kv = sugar_buf[o.nparams];
				snprintf(kv, sizeof sugar_buf[0], "%s=%s", sugar[c - O_SUGAR], optarg);
				for (q = kv; *q != '='; q++)
					if (*q == '-')
						*q = '_';
				if (sb_run_check_param(kv, err, sizeof err))
					return bad(opt, err);
				o.params[o.nparams++] = kv;
				break;
			}
			char m[64];
			snprintf(m, sizeof m, "%s", argv[optind - 1]);
			return bad(m, "unknown option (see 'syncbench run --help')");
		}
		}
	}
	if (optind < argc)
		return bad(argv[optind], "unexpected argument (filters go after -f)");
	if (sweep) {
		/* the survey of every family must fit a few minutes: shorter windows, same spread */
		if (!set_d)
			o.duration_ns = SB_SWEEP_DURATION_NS;
		if (!set_w)
			o.warmup_ns = SB_SWEEP_WARMUP_NS;
		if (!set_r)
			o.reps = SB_SWEEP_REPS;
	}
	if (sb_run_validate(&o, err, sizeof err)) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return 2;
	}
	return sb_run(&o);
}

/* syncbench topo: the topology summary, then per policy and thread count the CPU of each worker
 * and their relation. Without --pin every policy is shown (refusals as rows); with --pin the list
 * is checked as a run would check it (a refusal exits 2). */
static int cmd_topo(int argc, char **argv)
{
	const char *spec = getenv(SB_TOPO_ENV), *pins = NULL;
	int threads[SB_MAX_LIST], nthreads = 0, json = 0;
	char err[256];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			printf("usage: %s topo [--topology SPEC|FILE.xml] [--pin LIST] [-t LIST] [--json]\n"
			       "  the topology (this machine, or a synthetic one such as 'pack:2 numa:2 l3:4 core:8 pu:2',\n"
			       "  or an lstopo XML file; default $%s) and, per pin policy and thread count, the CPU of\n"
			       "  each worker and their closest relation (same-cpu smt core llc numa package)\n",
			       prog, SB_TOPO_ENV);
			return 0;
		}
		if (!strcmp(a, "--json")) {
			json = 1;
			continue;
		}
		if (i + 1 >= argc && (!strcmp(a, "--topology") || !strcmp(a, "--pin") || !strcmp(a, "-t") ||
				      !strcmp(a, "--threads")))
			return bad(a, "needs a value");
		if (!strcmp(a, "--topology"))
			spec = argv[++i];
		else if (!strcmp(a, "--pin"))
			pins = argv[++i];
		else if (!strcmp(a, "-t") || !strcmp(a, "--threads")) {
			if (sb_parse_threads(argv[++i], threads, SB_MAX_LIST, &nthreads, err, sizeof err))
				return bad("--threads", err);
		} else
			return bad(a, "unknown option (see 'syncbench topo --help')");
	}
	sb_topo t;
	if (sb_topo_load(&t, spec, err, sizeof err))
		return bad("--topology", err);
	if (!nthreads) {
		threads[nthreads++] = 1;
		threads[nthreads++] = 2;
		if (t.ncpus > 2)
			threads[nthreads++] = 4;
	}
	static sb_pin_spec pol[SB_PIN_MAX_POLICIES];
	int npol = 0, rc = 0;
	if (sb_parse_pin_list(pins ? pins : "smt,core,llc,numa,package,compact,spread", pins ? &t : NULL,
			      threads, nthreads, pol, SB_PIN_MAX_POLICIES, &npol, err, sizeof err)) {
		sb_topo_free(&t);
		return bad("--pin", err);
	}
	if (json) {
		int first = 1;
		fputc('{', stdout);
		sb_topo_json(stdout, &first, &t);
		fputs("}\n", stdout);
		sb_topo_free(&t);
		return 0;
	}
	char sum[256];
	sb_topo_summary(&t, sum, sizeof sum);
	printf("topology: %s\n  %s\n\n%-10s %7s  %-9s %s\n", t.source, sum, "pin", "threads", "relation", "CPUs of workers 0, 1, ... (as cpus=LIST)");
	int *cpus = calloc(SB_MAX_THREADS, sizeof *cpus);
	if (!cpus) {
		sb_topo_free(&t);
		return bad("topo", "out of memory");
	}
	for (int p = 0; p < npol; p++)
		for (int k = 0; k < nthreads; k++) {
			int n = threads[k];
			if (sb_topo_place(&t, &pol[p], n, cpus, err, sizeof err)) {
				printf("%-10s %7d  %-9s %s\n", pol[p].name, n, "refused", err);
				continue;
			}
			const char *rel = sb_topo_relation(&t, cpus, n);
			char list[160];
			sb_topo_format_cpus(cpus, n, list, sizeof list);
			printf("%-10s %7d  %-9s %s\n", pol[p].name, n, *rel ? rel : "-", list);
		}
	free(cpus);
	sb_topo_free(&t);
	return rc;
}

/* syncbench fleet: scripts/fleet.sh does the work (GNU parallel over ssh). The script is found
 * beside the program (BUILD/../scripts), else in the source tree this program was built from. */
static int cmd_fleet(int argc, char **argv)
{
	char self[PATH_MAX], script[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	script[0] = 0;
	if (n > 0) {
		self[n] = 0;
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = 0;
			snprintf(script, sizeof script, "%s/../scripts/fleet.sh", self);
		}
	}
#ifdef SB_SOURCE_DIR
	if (!*script || access(script, R_OK) != 0)
		snprintf(script, sizeof script, "%s/scripts/fleet.sh", SB_SOURCE_DIR);
#endif
	if (access(script, R_OK) != 0) {
		fprintf(stderr, "%s: fleet: cannot find scripts/fleet.sh (looked at %s)\n", prog, script);
		return 2;
	}
	char **av = calloc((size_t)argc + 2, sizeof *av);
	if (!av)
		return bad("fleet", "out of memory");
	av[0] = "bash";
	av[1] = script;
	for (int i = 1; i < argc; i++)
		av[i + 1] = argv[i];
	execvp("bash", av);
	fprintf(stderr, "%s: fleet: cannot run bash %s: %s\n", prog, script, strerror(errno));
	free(av);
	return 2;
}

int main(int argc, char **argv)
{
	sb_log_set_thread_name("MainThread");
	char cmdline[4096];
	size_t off = 0;
	cmdline[0] = 0;
	for (int i = 0; i < argc && off < sizeof cmdline - 1; i++) {
		int w = snprintf(cmdline + off, sizeof cmdline - off, "%s%s", i ? " " : "", argv[i]);
		if (w < 0)
			break;
		off += (size_t)w;
	}
	if (argc < 2) {
		usage_main(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "help") || !strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		usage_main(stdout);
		return 0;
	}
	if (!strcmp(cmd, "list"))
		return cmd_list(argc - 1, argv + 1);
	if (!strcmp(cmd, "run")) {
		int rc = cmd_run(argc - 1, argv + 1, cmdline);
		sb_log_shutdown(); /* frees what option checking configured (--log-format) */
		return rc;
	}
	if (!strcmp(cmd, "fleet"))
		return cmd_fleet(argc - 1, argv + 1);
	if (!strcmp(cmd, "topo"))
		return cmd_topo(argc - 1, argv + 1);
	if (!strcmp(cmd, "compare")) {
		if (argc == 3 && (!strcmp(argv[2], "-h") || !strcmp(argv[2], "--help"))) {
			printf("usage: %s compare RUN_A RUN_B\n  for every case in both runs' results.csv: median ns/op of each,\n"
			       "  B/A, and an exact two-sided Mann-Whitney U test over the repetitions (alpha 0.05)\n", prog);
			return 0;
		}
		if (argc != 4) {
			fprintf(stderr, "%s: compare takes two run folders (see '%s compare --help')\n", prog, prog);
			return 2;
		}
		char err[512];
		if (sb_compare(argv[2], argv[3], 0.05, stdout, err, sizeof err)) {
			fprintf(stderr, "%s: compare: %s\n", prog, err);
			return 2;
		}
		return 0;
	}
	fprintf(stderr, "%s: unknown command '%s' (try '%s help')\n", prog, cmd, prog);
	return 2;
}
