/* bench/main.c: the syncbench command line. The only place that prints usage and exits. */
#include "syncbench/clock.h"
#include "syncbench/compare.h"
#include "syncbench/log.h"
#include "syncbench/opts.h"
#include "syncbench/run.h"
#include "syncbench/torture.h"

#include <errno.h>
#include <getopt.h>
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
		"  torture [OPTS]  hunt for bugs in the primitives: random short phases, checked invariants\n"
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
			long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
			char spec[32];
			snprintf(spec, sizeof spec, "1..%ld", ncpu > 0 ? 2 * ncpu : 2);
			sb_parse_threads(spec, o.threads, SB_MAX_LIST, &o.nthreads, err, sizeof err);
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
	if (!strcmp(cmd, "torture"))
		return cmd_torture(argc - 1, argv + 1);
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
