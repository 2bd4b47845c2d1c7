/* bench/main.c: the syncbench command line. The only place that prints usage and exits. */
#include "syncbench/clock.h"
#include "syncbench/compare.h"
#include "syncbench/log.h"
#include "syncbench/machine.h"
#include "syncbench/opts.h"
#include "syncbench/run.h"
#include "syncbench/topo.h"
#include "syncbench/torture.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *prog = "syncbench";

/* The source tree (scripts/report.py, scripts/fleet_table.py), compiled in by the Makefile; else
 * the scripts are found relative to the executable (build/syncbench -> ../scripts). */
#ifndef SB_SRCDIR
#define SB_SRCDIR ""
#endif

/* make bench's survey of every family (issue 11: make bench, build and plots included, within 90 s
 * on 2 cores). Short windows and many interleaved rounds: on a guest whose speed changes from one
 * second to the next, more repetitions spread over the run say more about a median than longer
 * windows do (measured: 5 ms windows, 11 rounds in 50 s, gave a median 95 % interval of +-5.0 %
 * for the one-thread cases, 10 ms windows, 6 rounds in 47 s, +-10.0 %). */
#define SB_SWEEP_DURATION_NS 5000000ull
#define SB_SWEEP_WARMUP_NS 1000000ull
#define SB_SWEEP_REPS 6
#define SB_SWEEP_TARGET_CI 5.0
#define SB_SWEEP_BUDGET_NS 50000000000ull
/* a window too short for --min-ops is lengthened up to 25 ms, not 2 s: a 1 ms timed wait or a
 * spinlock convoy would otherwise spend 2 s per repetition (the survey took over 4 minutes);
 * what still has too few operations is flagged few_ops */
#define SB_SWEEP_MAX_WINDOW_NS 25000000ull

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
		"  compare A B     two runs side by side: ratio, 95%% interval, Holm-corrected p, verdict\n"
		"  compare --across-machines FLEET  a fleet's table: a column per machine\n"
		"  rank RUN        the implementations of each scenario, best first\n"
		"  baseline save NAME [RUN]  keep a run (default results/latest) to compare against\n"
		"  report RUN [--compare OTHER]  write RUN/report.html (one self-contained page)\n"
		"  report FLEET    write FLEET/report.html: the machines, their tables, a line per machine\n"
		"  topo [OPTIONS]  the topology and where each --pin policy puts the workers (dry run)\n"
		"  fleet --hosts FILE [RUN OPTIONS]  the same run on every host (GNU parallel over ssh)\n"
		"  torture [OPTS]  hunt for bugs in the primitives: random short phases, checked invariants\n"
		"  help            this text\n"
		"  --version       the version and the git commit of this build\n"
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
		"      --default-sweep   every family, threads 1..2x the CPU count (doubling), -d 5ms\n"
		"                        --warmup 1ms -r 6 --target-ci 5 --budget 50s --max-window 25ms\n"
		"                        unless given: what\n"
		"                        'make bench' runs\n"
		"measurement:\n"
		"  -d, --duration D      measured window per case (default 200ms); units ns us ms s\n"
		"      --warmup D        warm-up before the window (default 50ms)\n"
		"  -r, --reps N          repetitions, spread over the run (default 5; with --target-ci the\n"
		"                        minimum, at least 6)\n"
		"      --target-ci PCT   repeat each case (one more per round) until its median's 95%% interval\n"
		"                        is within +-PCT %%, or it reached --max-reps N (default 30)\n"
		"      --budget D        with --target-ci: start no round past D of measuring\n"
		"      --min-ops N       a window with fewer operations (or < 100 per worker) is doubled up to\n"
		"                        --max-window D (defaults 10000 and 2s), then flagged few_ops\n"
		"      --cs D            critical-section length in contended scenarios (default 100ns)\n"
		"      --think D         time between operations in contended scenarios (default 200ns)\n"
		"      --pin POLICY      none | compact | spread | cpus=LIST (default compact);\n"
		"                        cpus=0 puts every worker on CPU 0\n"
		"  -p, --param K=LIST    a scenario parameter's values, e.g. read_pct=50,90 (repeatable);\n"
		"                        sugar: --read-pct --depth --permits --waiters --timeout\n"
		"                        --producers --consumers --keys LIST\n"
		"      --dry-run         print the planned cases (with each worker's CPU) and the\n"
		"                        estimated time; run nothing\n"
		"      --topology T      with --dry-run: plan for another machine, hwloc synthetic\n"
		"                        ('pack:2 numa:2 l3:4 core:8 pu:2') or an lstopo XML file\n"
		"      --stop-on-fail    stop at the first case whose check fails\n"
		"      --watchdog D      a case still running D after its window is recorded as hung\n"
		"                        and the run stops (default 10s + the window)\n"
		"      --negative-controls  also run the deliberately broken implementations (tests)\n"
		"output:\n"
		"  -o, --out DIR         write the run into DIR instead of results/<host>-<time>; a DIR that\n"
		"                        holds a run is refused unless --append (the same plan, more reps)\n"
		"      --progress, --no-progress  one rewriting progress line (default when stderr is a\n"
		"                        terminal), or one line per finished case\n"
		"      --console-format F  the console's log format (default '%%(levelname)-8s %%(message)s')\n"
		"      --log-datefmt F   strftime format of %%(asctime)s (default '%%Y-%%m-%%d %%H:%%M:%%S%%z')\n"
		"  -q, --quiet           only warnings and errors on the console\n"
		"      --log-level L     debug | info | warning | error | critical (default info)\n"
		"      --log-format F    Python logging format, e.g. '%%(asctime)s %%(levelname)-8s %%(message)s'\n"
		"      --log-file PATH   also write the log to PATH\n"
		"      --log-udp H:P     also send every log record as a UDP datagram to H:P\n"
		"      --log-syslog      also send the log to syslog\n"
		"\n"
		"exit status: 0 every case ok, 1 a check failed, a case hung or results could not be written,\n"
		"2 bad input, 128+N stopped by signal N (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP)\n",
		prog);
}

static int bad(const char *opt, const char *why)
{
	fprintf(stderr, "%s: %s: %s\n", prog, opt, why);
	return 2;
}

/* A function whose address the disassembly test finds in the symbol table (list --workers). */
__attribute__((noinline, used)) void list_anchor(void) { __asm__ __volatile__(""); }

static int cmd_list(int argc, char **argv)
{
	int verbose = 0, neg = 0, json = 0, workers = 0;
	const char *glob = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose"))
			verbose = 1;
		else if (!strcmp(argv[i], "--negative-controls"))
			neg = 1;
		else if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!strcmp(argv[i], "--workers"))
			workers = 1; /* for tests/disasm.sh: each case point's worker, as an offset from list_anchor */
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: %s list [-v | --json] [--negative-controls] [GLOB]\n"
			       "  -v: each case's description, threads, parameters with their ranges and default sweep\n", prog);
			return 0;
		} else if (argv[i][0] == '-')
			return bad(argv[i], "unknown option");
		else if (glob)
			return bad(argv[i], "list takes one GLOB");
		else
			glob = argv[i];
	}
	if (workers)
		return sb_list_workers(stdout, glob, neg, list_anchor) > 0 ? 0 : 2;
	int n = json ? sb_list_json(stdout, glob, neg) : sb_list(stdout, glob, verbose, neg);
	if (n == 0) {
		fprintf(stderr, "%s: no case matches '%s'\n", prog, glob ? glob : "*");
		return 2;
	}
	return 0;
}

static int cmd_run(int argc, char **argv, const char *cmdline)
{
	enum { O_WARMUP = 256, O_CS, O_THINK, O_PIN, O_LOGLEVEL, O_LOGFMT, O_LOGFILE, O_LOGUDP,
	       O_SYSLOG, O_NEG, O_SWEEP, O_STOPFAIL, O_WATCHDOG, O_DRY, O_TARGET, O_MAXREPS, O_MINOPS,
	       O_MAXWIN, O_BUDGET, O_APPEND, O_CONFMT, O_DATEFMT, O_PROGRESS, O_NOPROGRESS, O_TOPO, O_SUGAR };
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
		{ "target-ci", required_argument, 0, O_TARGET }, { "max-reps", required_argument, 0, O_MAXREPS },
		{ "min-ops", required_argument, 0, O_MINOPS }, { "max-window", required_argument, 0, O_MAXWIN },
		{ "budget", required_argument, 0, O_BUDGET }, { "append", no_argument, 0, O_APPEND },
		{ "console-format", required_argument, 0, O_CONFMT }, { "log-datefmt", required_argument, 0, O_DATEFMT },
		{ "progress", no_argument, 0, O_PROGRESS }, { "no-progress", no_argument, 0, O_NOPROGRESS },
		{ "topology", required_argument, 0, O_TOPO },
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
	int c, sweep = 0, set_d = 0, set_w = 0, set_r = 0, set_t = 0, set_b = 0, set_mw = 0;
	const char *pin_arg = NULL, *topo_arg = NULL;
	static sb_pin_spec pins[SB_PIN_MAX_POLICIES];
	o.progress = isatty(2);
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
			pin_arg = optarg; /* checked against the topology once the thread counts are known */
			break;
		case O_TARGET: {
			char *end;
			double x = strtod(optarg, &end);
			if (end == optarg || *end || !(x > 0) || x > 100)
				return bad("--target-ci", "expected a percentage in (0, 100], e.g. 2");
			o.target_ci = x;
			set_t = 1;
			break;
		}
		case O_MAXREPS:
			if (sb_parse_long(optarg, 1, 1000, &v, err, sizeof err))
				return bad("--max-reps", err);
			o.max_reps = (int)v;
			break;
		case O_MINOPS:
			if (sb_parse_long(optarg, 0, 1000000000L, &v, err, sizeof err))
				return bad("--min-ops", err);
			o.min_ops = (uint64_t)v;
			break;
		case O_MAXWIN:
			if (sb_parse_duration(optarg, &o.max_window_ns, err, sizeof err))
				return bad("--max-window", err);
			if (o.max_window_ns > 60000000000ull)
				return bad("--max-window", "at most 60s");
			set_mw = 1;
			break;
		case O_BUDGET:
			if (sb_parse_duration(optarg, &o.budget_ns, err, sizeof err))
				return bad("--budget", err);
			set_b = 1;
			break;
		case O_APPEND: o.append = 1; break;
		case O_TOPO: topo_arg = optarg; break;
		case O_CONFMT:
		case O_DATEFMT: {
			sb_log_formatter *fm;
			const char *f = c == O_CONFMT ? optarg : "%(asctime)s";
			if (!*optarg)
				return bad(c == O_CONFMT ? "--console-format" : "--log-datefmt", "is empty");
			if (sb_log_formatter_new(f, c == O_DATEFMT ? optarg : NULL, &fm, err, sizeof err))
				return bad(c == O_CONFMT ? "--console-format" : "--log-datefmt", err);
			sb_log_formatter_free(fm);
			if (c == O_CONFMT)
				o.console_format = optarg;
			else
				o.log_datefmt = optarg;
			break;
		}
		case O_PROGRESS: o.progress = 1; break;
		case O_NOPROGRESS: o.progress = 0; break;
		case 'o': o.out_dir = optarg; break;
		case 'q': o.quiet = 1; break;
		case O_LOGLEVEL:
			if (sb_log_level_parse(optarg, &o.log_level))
				return bad("--log-level", "expected debug, info, warning, error or critical");
			break;
		case O_LOGFMT: {
			sb_log_formatter *fm;
			if (!*optarg)
				return bad("--log-format", "is empty");
			if (sb_log_formatter_new(optarg, NULL, &fm, err, sizeof err))
				return bad("--log-format", err);
			sb_log_formatter_free(fm);
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
		/* the survey of every family: short windows, repetitions where the noise is, a budget */
		if (!set_d)
			o.duration_ns = SB_SWEEP_DURATION_NS;
		if (!set_w)
			o.warmup_ns = SB_SWEEP_WARMUP_NS;
		if (!set_r)
			o.reps = SB_SWEEP_REPS;
		if (!set_t)
			o.target_ci = SB_SWEEP_TARGET_CI;
		if (!set_b)
			o.budget_ns = SB_SWEEP_BUDGET_NS;
		if (!set_mw)
			o.max_window_ns = SB_SWEEP_MAX_WINDOW_NS;
	}
	if (o.quiet)
		o.progress = 0;
	static sb_topo other; /* --topology: the machine a dry run plans for */
	if (topo_arg) {
		if (!o.dry_run)
			return bad("--topology", "plans for another machine: only with --dry-run");
		if (sb_topo_load(&other, topo_arg, err, sizeof err))
			return bad("--topology", err);
		o.topo = &other;
	}
	if (pin_arg) {
		/* every policy placed for every thread count, refused here when the machine cannot */
		const sb_topo *topo = o.topo ? o.topo : sb_topo_machine(err, sizeof err);
		if (!topo)
			return bad("--pin", err);
		int np = 0;
		if (sb_parse_pin_list(pin_arg, topo, o.threads, o.nthreads, pins, SB_PIN_MAX_POLICIES, &np, err, sizeof err))
			return bad("--pin", err);
		o.pins = pins;
		o.npins = np;
		o.pin = pins[0].kind;
		o.pin_name = pins[0].name;
		o.ncpu_list = pins[0].ncpus < SB_MAX_LIST ? pins[0].ncpus : SB_MAX_LIST;
		memcpy(o.cpu_list, pins[0].cpus, sizeof(int) * (size_t)o.ncpu_list);
	}
	if (sb_run_validate(&o, err, sizeof err)) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return 2;
	}
	return sb_run(&o);
}

/* --- compare, rank, baseline ------------------------------------------------------------- */

static void usage_compare(FILE *f, int rank)
{
	if (rank)
		fprintf(f,
			"usage: %s rank RUN [-f GLOB] [-t N] [--metric M] [--format F] [--threshold PCT] [--alpha A]\n"
			"\n"
			"Per scenario (family/scenario, threads, parameters) of one run: the implementations best first,\n"
			"each against the best as '1.31x slower (1.24-1.39)' with a verdict (see compare).\n"
			"  -f, --filter GLOB   only cases matching family/impl/scenario (repeatable)\n"
			"  -t, --threads N     only this thread count\n",
			prog);
	else
		fprintf(f,
			"usage: %s compare [OPTIONS] RUN_A RUN_B\n"
			"       %s compare [OPTIONS] --baseline NAME RUN\n"
			"       %s compare --across-machines [--metric M] [--format F] FLEET\n"
			"\n"
			"Matches the cases of two runs on their whole key; per case and metric: the ratio B/A of the\n"
			"medians, its 95%% interval (Hodges-Lehmann, distribution-free), the exact Mann-Whitney p\n"
			"corrected for the number of cases (Holm), and a verdict: faster, slower, same (interval inside\n"
			"+-threshold) or inconclusive (with the repetitions that would be needed). Runs of different\n"
			"machines (meta.json fingerprints) are refused. See docs/compare.md.\n"
			"A fleet folder (results/fleet-<UTC>/, 'syncbench fleet') with --across-machines gives one table\n"
			"per case, a column per machine (the medians) and the ratio of the slowest to the fastest;\n"
			"--metric and --format apply, and the hosts that failed are named (docs/fleet.md).\n"
			"      --baseline NAME     A is the saved baseline NAME ('%s baseline save NAME RUN')\n"
			"      --across-machines   compare runs of different machines (labelled so), or the machines\n"
			"                          of a fleet folder\n"
			"      --fail-on slower    exit 1 when a case is slower after the correction (a CI gate)\n",
			prog, prog, prog, prog);
	fprintf(f,
		"      --metric M          ns_per_op (default), ops_per_s, lat_p99_ns, fair_jain, cpu (CPU time\n"
		"                          per operation); repeatable or comma-separated\n"
		"      --format F          text (default), markdown, json, csv\n"
		"      --threshold PCT     'same' when the interval is inside +-PCT%% (default 5)\n"
		"      --alpha A           family-wise significance level (default 0.05)\n"
		"exit status: 0 done, 1 --fail-on slower and a case is slower, 2 bad or malformed input or\n"
		"different machines\n");
}

/* scripts/NAME of the source tree this program was built from (SB_SRCDIR), else beside the
 * executable (build/syncbench -> ../scripts/NAME) */
static int find_script(const char *name, char *buf, size_t len);

/* a fleet folder (docs/fleet.md): a folder with a fleet.json */
static int is_fleet_dir(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;
	return snprintf(path, sizeof path, "%s/fleet.json", dir) < (int)sizeof path && stat(path, &st) == 0 &&
	       S_ISREG(st.st_mode);
}

/* compare --across-machines FLEET: the cross-machine table, a column per machine
 * (scripts/fleet_table.py in this process's place). Medians only: no verdicts, so the options
 * of the statistics are refused rather than ignored. */
static int compare_fleet(const char *fleet, const sb_compare_opts *o, const char *set_stats)
{
	if (!o->across_machines) {
		fprintf(stderr, "%s: compare: %s is a fleet folder: add --across-machines to compare its machines\n",
			prog, fleet);
		return 2;
	}
	if (o->fail_on_slower)
		return bad("--fail-on", "not with a fleet folder (the cross-machine table has no verdicts)");
	if (set_stats)
		return bad(set_stats, "not with a fleet folder (the cross-machine table has no verdicts)");
	static const char *const fmts[] = { "text", "markdown", "json", "csv" };
	char metrics[256] = "";
	size_t off = 0;
	for (int i = 0; i < o->nmetrics; i++) {
		if (o->metrics[i] == SB_METRIC_CPU)
			return bad("--metric", "cpu is not in summary.csv: a fleet table takes ns_per_op, ops_per_s, "
					       "lat_p99_ns or fair_jain");
		int w = snprintf(metrics + off, sizeof metrics - off, "%s%s", off ? "," : "", sb_metric_name(o->metrics[i]));
		if (w > 0 && (size_t)w < sizeof metrics - off)
			off += (size_t)w;
	}
	char script[PATH_MAX];
	if (find_script("fleet_table.py", script, sizeof script)) {
		fprintf(stderr, "%s: compare: scripts/fleet_table.py not found (built from %s)\n", prog,
			SB_SRCDIR[0] ? SB_SRCDIR : "an unknown tree");
		return 2;
	}
	const char *args[] = { "python3", script, fleet, "--min-hosts", "2", "--format",
			       fmts[o->format >= 0 && o->format < 4 ? o->format : 0], "--metric",
			       metrics[0] ? metrics : "ns_per_op", NULL };
	setenv("SB_FLEET_TABLE_PROG", "syncbench compare", 1);
	fflush(stdout);
	execvp("python3", (char **)args);
	fprintf(stderr, "%s: compare: cannot run python3: %s\n", prog, strerror(errno));
	return 2;
}

static int cmd_compare(int argc, char **argv, int rank)
{
	enum { O_METRIC = 256, O_FORMAT, O_THRESHOLD, O_ALPHA, O_ACROSS, O_FAILON, O_BASELINE };
	static const struct option lo[] = {
		{ "metric", required_argument, 0, O_METRIC },   { "format", required_argument, 0, O_FORMAT },
		{ "threshold", required_argument, 0, O_THRESHOLD }, { "alpha", required_argument, 0, O_ALPHA },
		{ "across-machines", no_argument, 0, O_ACROSS }, { "fail-on", required_argument, 0, O_FAILON },
		{ "baseline", required_argument, 0, O_BASELINE }, { "filter", required_argument, 0, 'f' },
		{ "threads", required_argument, 0, 't' },       { "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *what = rank ? "rank" : "compare", *baseline = NULL, *set_stats = NULL;
	sb_compare_opts o;
	sb_compare_opts_default(&o);
	char err[2048], *end;
	long v;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, rank ? ":f:t:h" : ":h", lo, NULL)) != -1) {
		switch (c) {
		case O_METRIC: {
			char buf[256], *save, *tok;
			snprintf(buf, sizeof buf, "%s", optarg);
			for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
				int m = sb_metric_parse(tok);
				if (m < 0)
					return bad("--metric", "expected ns_per_op, ops_per_s, lat_p99_ns, fair_jain or cpu");
				if (o.nmetrics < SB_METRIC_COUNT)
					o.metrics[o.nmetrics++] = m;
			}
			break;
		}
		case O_FORMAT:
			if ((o.format = sb_format_parse(optarg)) < 0)
				return bad("--format", "expected text, markdown, json or csv");
			break;
		case O_THRESHOLD:
			set_stats = "--threshold";
			o.threshold = strtod(optarg, &end) / 100;
			if (end == optarg || (*end && strcmp(end, "%")) || !(o.threshold >= 0 && o.threshold < 1))
				return bad("--threshold", "expected a percentage from 0 to 100, e.g. 5 or 5%");
			break;
		case O_ALPHA:
			set_stats = "--alpha";
			o.alpha = strtod(optarg, &end);
			if (end == optarg || *end || !(o.alpha > 0 && o.alpha < 1))
				return bad("--alpha", "expected a level between 0 and 1, e.g. 0.05");
			break;
		case O_ACROSS: o.across_machines = 1; break;
		case O_FAILON:
			if (strcmp(optarg, "slower"))
				return bad("--fail-on", "expected slower");
			o.fail_on_slower = 1;
			break;
		case O_BASELINE: baseline = optarg; break;
		case 'f':
			if (o.nfilters >= SB_COMPARE_MAX_FILTERS)
				return bad("--filter", "too many filters");
			o.filters[o.nfilters++] = optarg;
			break;
		case 't':
			if (sb_parse_long(optarg, 1, 1024, &v, err, sizeof err))
				return bad("--threads", err);
			o.threads = (int)v;
			break;
		case 'h': usage_compare(stdout, rank); return 0;
		case ':': return bad(argv[optind - 1], "needs a value");
		default: {
			char m[64];
			snprintf(m, sizeof m, "%s", argv[optind - 1]);
			return bad(m, rank ? "unknown option (see 'syncbench rank --help')"
					   : "unknown option (see 'syncbench compare --help')");
		}
		}
	}
	int npos = argc - optind, want = rank || baseline ? 1 : 2;
	if (!rank) {
		for (int i = optind; i < argc; i++) {
			if (!is_fleet_dir(argv[i]))
				continue;
			if (npos == 1 && !baseline)
				return compare_fleet(argv[i], &o, set_stats);
			fprintf(stderr, "%s: compare: %s is a fleet folder: '%s compare --across-machines %s' compares its "
				"machines (or compare two of its host folders)\n", prog, argv[i], prog, argv[i]);
			return 2;
		}
	}
	if (npos != want) {
		fprintf(stderr, "%s: %s takes %s (see '%s %s --help')\n", prog, what,
			rank ? "one run folder" : baseline ? "one run folder after --baseline NAME" : "two run folders",
			prog, what);
		return 2;
	}
	char bpath[4200];
	if (baseline) {
		if (sb_baseline_path("results", baseline, bpath, sizeof bpath, err, sizeof err))
			return bad("--baseline", err);
		o.run_a = bpath;
		o.run_b = argv[optind];
	} else {
		o.run_a = argv[optind];
		o.run_b = rank ? NULL : argv[optind + 1];
	}
	int rc = rank ? sb_rank_run(&o, stdout, stderr, err, sizeof err)
		      : sb_compare_runs(&o, stdout, stderr, err, sizeof err);
	if (rc < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, what, err);
		return 2;
	}
	return rc;
}

static void usage_torture(FILE *f)
{
	fprintf(f,
		"usage: %s torture [--duration D] [--seed N] [-f GLOB]... [--negative-controls] [--list]\n"
		"\n"
		"Runs every selected implementation (family/impl) through many short phases with random\n"
		"thread counts, pinning, critical-section and think lengths and delays injected inside the\n"
		"critical section, checking its invariant at every operation (docs/torture.md).\n"
		"\n"
		"  -d, --duration D      the whole run, split over the implementations (default 60s)\n"
		"  -s, --seed N          the PRNG seed (default: from the clock; printed, to replay a failure)\n"
		"  -f, --filter GLOB     implementations, e.g. 'mutex/*' (repeatable; default all)\n"
		"      --negative-controls  also the deliberately broken implementations\n"
		"      --starve D        a wait longer than D fails the phase (default 2s)\n"
		"      --hang D          workers not done D after the phase's end: hung (default 3s)\n"
		"  -l, --list            print the selected implementations\n"
		"\n"
		"exit status: 0 every implementation survived, 1 a failure, 2 bad input\n",
		prog);
}

static int cmd_torture(int argc, char **argv)
{
	enum { O_NEG = 256, O_STARVE, O_HANG };
	static const struct option lo[] = {
		{ "duration", required_argument, 0, 'd' }, { "seed", required_argument, 0, 's' },
		{ "filter", required_argument, 0, 'f' },   { "list", no_argument, 0, 'l' },
		{ "help", no_argument, 0, 'h' },           { "negative-controls", no_argument, 0, O_NEG },
		{ "starve", required_argument, 0, O_STARVE }, { "hang", required_argument, 0, O_HANG },
		{ 0, 0, 0, 0 },
	};
	sb_torture_opts o;
	sb_torture_opts_default(&o);
	o.seed = sb_now_ns() ^ ((uint64_t)getpid() << 32);
	char err[256], *end;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:s:f:lh", lo, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (sb_parse_duration(optarg, &o.duration_ns, err, sizeof err))
				return bad("--duration", err);
			if (!o.duration_ns)
				return bad("--duration", "must be longer than 0");
			break;
		case 's':
			errno = 0;
			o.seed = strtoull(optarg, &end, 0);
			if (errno || end == optarg || *end || optarg[0] == '-')
				return bad("--seed", "expected a whole number (decimal or 0x hex)");
			break;
		case 'f':
			if (o.nfilters >= SB_TORTURE_MAX_FILTERS)
				return bad("--filter", "too many filters");
			o.filters[o.nfilters++] = optarg;
			break;
		case 'l': o.list = 1; break;
		case O_NEG: o.negative_controls = 1; break;
		case O_STARVE:
		case O_HANG:
			if (sb_parse_duration(optarg, c == O_HANG ? &o.hang_ns : &o.starve_ns, err, sizeof err))
				return bad(c == O_HANG ? "--hang" : "--starve", err);
			break;
		case 'h': usage_torture(stdout); return 0;
		case ':': return bad(argv[optind - 1], "needs a value");
		default: return bad(argv[optind - 1], "unknown option (see 'syncbench torture --help')");
		}
	}
	if (optind < argc)
		return bad(argv[optind], "unexpected argument (filters go after -f)");
	int rc = sb_torture_run(&o, stdout, err, sizeof err);
	if (rc < 0 || rc == 2) {
		fprintf(stderr, "%s: torture: %s\n", prog, err);
		return 2;
	}
	return rc;
}

static int cmd_baseline(int argc, char **argv)
{
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: %s baseline save NAME [RUN]\n"
		       "  copies RUN's CSV files and meta.json (default results/latest) into results/baselines/NAME,\n"
		       "  replacing an older one at once; then '%s compare --baseline NAME RUN'\n", prog, prog);
		return 0;
	}
	if (argc < 3 || argc > 4 || strcmp(argv[1], "save")) {
		fprintf(stderr, "%s: usage: %s baseline save NAME [RUN]\n", prog, prog);
		return 2;
	}
	char path[4200], err[4400];
	if (sb_baseline_save("results", argv[2], argc == 4 ? argv[3] : "results/latest", path, sizeof path, err,
			     sizeof err)) {
		fprintf(stderr, "%s: baseline: %s\n", prog, err);
		return 2;
	}
	printf("%s\n", path);
	return 0;
}

static int find_script(const char *name, char *buf, size_t len)
{
	struct stat st;
	if (SB_SRCDIR[0] && snprintf(buf, len, "%s/scripts/%s", SB_SRCDIR, name) < (int)len &&
	    stat(buf, &st) == 0)
		return 0;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return -1;
	exe[n] = 0;
	char *slash = strrchr(exe, '/');
	if (!slash)
		return -1;
	*slash = 0;
	if (snprintf(buf, len, "%s/../scripts/%s", exe, name) >= (int)len || stat(buf, &st) != 0)
		return -1;
	return 0;
}

/* report RUN [--compare OTHER] [--out FILE]: checks the run folder, then runs scripts/report.py
 * (python3, standard library) in this process's place. */
static int cmd_report(int argc, char **argv)
{
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: %s report RUN [--compare OTHER] [--out FILE]\n"
		       "       %s report FLEET [--out FILE]\n"
		       "  writes RUN/report.html: machine and build, plan, per family rankings, the\n"
		       "  summary table with its flags and the plots (inline SVG); --compare adds the\n"
		       "  ratio of medians per matching case and the overlaid plots.\n"
		       "  A fleet folder (fleet.json, a run folder per host) gets FLEET/report.html: the\n"
		       "  machines, the failed hosts, per family plots with a line per machine and the\n"
		       "  cross-machine tables\n", prog, prog);
		return 0;
	}
	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, "%s: report takes a run folder (see '%s report --help')\n", prog, prog);
		return 2;
	}
	struct stat st;
	char path[PATH_MAX];
	if (stat(argv[1], &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: report: no run folder %s\n", prog, argv[1]);
		return 2;
	}
	if (!is_fleet_dir(argv[1]) &&
	    (snprintf(path, sizeof path, "%s/summary.csv", argv[1]) >= (int)sizeof path ||
	     stat(path, &st) != 0 || !S_ISREG(st.st_mode))) {
		/* a run killed (SIGKILL, power) before its end has results.csv but no summary.csv yet */
		char rpath[PATH_MAX];
		if (snprintf(rpath, sizeof rpath, "%s/results.csv", argv[1]) < (int)sizeof rpath &&
		    stat(rpath, &st) == 0 && S_ISREG(st.st_mode))
			fprintf(stderr, "%s: report: %s is a partial run (killed before its end?): results.csv but no summary.csv to report; 'syncbench compare' reads its rows\n",
				prog, argv[1]);
		else
			fprintf(stderr, "%s: report: %s is not a run folder (no summary.csv) nor a fleet folder (no fleet.json)\n",
				prog, argv[1]);
		return 2;
	}
	char script[PATH_MAX];
	if (find_script("report.py", script, sizeof script)) {
		fprintf(stderr, "%s: report: scripts/report.py not found (built from %s)\n", prog,
			SB_SRCDIR[0] ? SB_SRCDIR : "an unknown tree");
		return 2;
	}
	char **args = calloc((size_t)argc + 2, sizeof *args);
	if (!args) {
		fprintf(stderr, "%s: report: out of memory\n", prog);
		return 2;
	}
	args[0] = "python3";
	args[1] = script;
	for (int i = 1; i < argc; i++)
		args[i + 1] = argv[i];
	fflush(stdout);
	execvp("python3", args);
	fprintf(stderr, "%s: report: cannot run python3: %s\n", prog, strerror(errno));
	free(args);
	return 2;
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
#if defined(SB_SRCDIR)
	if (!*script || access(script, R_OK) != 0)
		snprintf(script, sizeof script, "%s/scripts/fleet.sh", SB_SRCDIR);
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
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		char v[128];
		sb_version_string(v, sizeof v);
		printf("%s\n", v);
		return 0;
	}
	if (!strcmp(cmd, "list"))
		return cmd_list(argc - 1, argv + 1);
	if (!strcmp(cmd, "run")) {
		int rc = cmd_run(argc - 1, argv + 1, cmdline);
		sb_log_shutdown(); /* frees what option checking configured (--log-format) */
		return rc;
	}
	if (!strcmp(cmd, "compare"))
		return cmd_compare(argc - 1, argv + 1, 0);
	if (!strcmp(cmd, "rank"))
		return cmd_compare(argc - 1, argv + 1, 1);
	if (!strcmp(cmd, "baseline"))
		return cmd_baseline(argc - 1, argv + 1);
	if (!strcmp(cmd, "report"))
		return cmd_report(argc - 1, argv + 1);
	if (!strcmp(cmd, "fleet"))
		return cmd_fleet(argc - 1, argv + 1);
	if (!strcmp(cmd, "topo"))
		return cmd_topo(argc - 1, argv + 1);
	if (!strcmp(cmd, "torture"))
		return cmd_torture(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command '%s' (try '%s help')\n", prog, cmd, prog);
	return 2;
}
