/* run.c: execute a plan: the output folder and the log wiring, calibration, rounds of
 * repetitions (every case not yet precise enough runs once per round), one case on a team, its
 * record. Everything here runs on the controller thread, outside any measured window. */
#include "run_state.h"

#include "syncbench/case.h"
#include "syncbench/interval.h"
#include "syncbench/log.h"
#include "syncbench/stats.h"
#include "syncbench/topo.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The one piece of global state: written by the signal handler, read by the team's sleeps. */
static volatile int g_interrupted;
static volatile sig_atomic_t g_signal;

static void on_signal(int sig)
{
	if (g_interrupted) {
		/* a second signal: leave at once; every file on disk is valid (rows are flushed one
		 * by one, meta.json and summary.csv are replaced whole) */
		_exit(128 + sig);
	}
	g_signal = sig;
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
	o->max_reps = 30;
	o->min_ops = 10000;
	o->max_window_ns = 2000000000ull;
	o->cs_ns = 100;
	o->think_ns = 200;
	o->pin = SB_PIN_COMPACT;
	o->pin_name = "compact";
	o->log_level = SB_LOG_INFO;
}

static int reps_cap(const sb_run_opts *o)
{
	if (o->target_ci > 0)
		return o->max_reps > o->reps ? o->max_reps : o->reps;
	return o->reps;
}

int sb_run_validate(const sb_run_opts *o, char *err, size_t errlen)
{
	sb_plan p;
	int r = sb_plan_build(o, 1, &p, err, errlen);
	if (!r)
		sb_plan_free(&p);
	if (!r && o->log_format && !*o->log_format) {
		snprintf(err, errlen, "--log-format is empty");
		r = -EINVAL;
	}
	return r;
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

/* A worker-less probe of the harness: the case flagged SB_CASE_NULL_PROBE (the null lock,
 * uncontended) for the meta data. */
static double null_loop_cost(sb_run_state *s)
{
	for (size_t f = 0; f < sb_nfamilies; f++)
		for (size_t i = 0; i < sb_families[f]->ncases; i++) {
			const sb_case *c = &sb_families[f]->cases[i];
			if (!(c->flags & SB_CASE_NULL_PROBE))
				continue;
			sb_case_params p = { .threads = 1, .read_pct = -1, .depth = -1, .permits = -1, .waiters = -1 };
			void *sh;
			char err[160];
			if (c->setup(&p, &sh, err, sizeof err))
				return NAN;
			sb_team t;
			sb_team_opts to = { .nthreads = 1, .pin = s->o->pin, .cpu_list = s->o->cpu_list,
					    .ncpu_list = s->o->ncpu_list, .warmup_ns = 10000000, .duration_ns = 50000000,
					    .timer_ns = (uint64_t)s->clk.overhead_ns, .params = &p,
					    .interrupted = &g_interrupted };
			double r = NAN;
			if (sb_team_run(&t, &to, c->pick ? c->pick(&p) : c->worker, sh) == 0 && !t.hung && t.workers[0].ops)
				r = (double)(t.t_end - t.t_begin) / (double)t.workers[0].ops;
			int hung = t.hung;
			sb_team_free(&t);
			if (!hung)
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

/* Iterations of sb_spin for ns, measured back until within +-5 % (a few corrections). */
static uint64_t calibrated_iters(const sb_spin_cal *cal, uint64_t ns, double *measured)
{
	*measured = 0;
	if (!ns)
		return 0;
	uint64_t it = sb_spin_iters(cal, ns);
	double m = sb_spin_measure(it);
	for (int k = 0; k < 4 && m > 0 && fabs(m - (double)ns) > 0.05 * (double)ns; k++) {
		double scale = (double)ns / m;
		uint64_t next = (uint64_t)llround((double)it * scale);
		if (next < 1)
			next = 1;
		if (next == it)
			break;
		it = next;
		m = sb_spin_measure(it);
	}
	*measured = m;
	return it;
}

typedef struct case_delays {
	uint64_t cs_iters, think_iters;
} case_delays;

static case_delays delays_for(sb_run_state *s, const sb_case_params *p)
{
	case_delays d = { p->cs_ns ? s->cs_iters : 0, p->think_ns ? s->think_iters : 0 };
	double m;
	if (p->cs_ns && p->cs_ns != s->o->cs_ns)
		d.cs_iters = calibrated_iters(&s->cal, p->cs_ns, &m);
	if (p->think_ns && p->think_ns != s->o->think_ns)
		d.think_iters = calibrated_iters(&s->cal, p->think_ns, &m);
	return d;
}

/* Run one repetition of it. 1 when the window was cut by a signal (no result), 0 otherwise. */
static int run_one(sb_run_state *s, sb_plan_item *it)
{
	const sb_run_opts *o = s->o;
	sb_logger *lg = sb_log_get("syncbench.result");
	sb_case_params p = it->p;
	case_delays d = delays_for(s, &p);
	p.cs_iters = d.cs_iters;
	p.think_iters = d.think_iters;

	sb_result *r = &it->res[it->done];
	memset(r, 0, sizeof *r);
	r->run_id = s->run_id;
	r->host = s->m.host;
	r->family = it->c->family;
	r->impl = it->c->impl;
	r->scenario = it->c->scenario;
	r->pin = it->pin ? it->pin->name : o->pin_name;
	r->p = p;
	r->rep = it->done + 1;
	r->c2c_before_ns = r->c2c_after_ns = r->speed_before_ns = r->speed_after_ns = NAN;

	void *shared = NULL;
	char err[200] = "";
	int rc = it->c->setup(&p, &shared, err, sizeof err);
	/* The team and the parameters its workers read live on the heap: when a worker hangs they are
	 * left to it (leaked on purpose) instead of a stack frame that is gone once this returns. */
	sb_team *t = calloc(1, sizeof *t);
	sb_case_params *tp = malloc(sizeof *tp);
	static sb_team no_team; /* stands in when the allocation fails (the controller thread only) */
	if (!t || !tp) {
		free(t);
		free(tp);
		memset(&no_team, 0, sizeof no_team);
		t = &no_team;
		tp = NULL;
		if (rc == 0) {
			snprintf(err, sizeof err, "out of memory for the team");
			it->c->teardown(shared);
			shared = NULL;
			rc = -ENOMEM;
		}
	} else {
		*tp = p;
	}
	if (rc == 0) {
		sb_team_opts to = { .nthreads = p.threads, .pin = it->pin ? it->pin->kind : o->pin,
				    .cpu_list = it->pin ? it->pin->cpus : o->cpu_list,
				    .ncpu_list = it->pin ? it->pin->ncpus : o->ncpu_list, .warmup_ns = o->warmup_ns,
				    .duration_ns = o->duration_ns, .timer_ns = (uint64_t)llround(s->clk.overhead_ns),
				    .release = it->c->release, .interrupted = &g_interrupted, .params = tp, .counters = &r->counters,
				    .watchdog_ns = o->watchdog_ns, .min_ops = o->min_ops,
				    .min_ops_per_worker = o->min_ops < 100 ? o->min_ops : 100, .max_window_ns = o->max_window_ns,
				    .probes = 1 };
		rc = sb_team_run(t, &to, it->c->pick ? it->c->pick(&p) : it->c->worker, shared);
		if (rc)
			snprintf(err, sizeof err, "%s", t->err);
		if (rc && t->hung)
			s->hung = 1;
	}
	if (rc == 0 && t->interrupted && !t->hung) {
		/* a cut window is not a measurement: drop it */
		sb_team_free(t);
		it->c->teardown(shared);
		free(t);
		free(tp);
		return 1;
	}
	if (rc) {
		/* a setup failure is not a check failure: the primitive was never measured */
		r->ops_per_s = r->ns_per_op = r->fair_jain = NAN;
		r->read_ops = r->write_ops = -1;
		snprintf(r->check, sizeof r->check, "FAIL: setup: %.180s", err);
		if (shared && !t->hung)
			it->c->teardown(shared);
	} else if (t->hung) {
		/* a hung worker's figures may still be changing: none of the team's are reported */
		r->ops_per_s = r->ns_per_op = r->fair_jain = NAN;
		r->read_ops = r->write_ops = -1;
		r->cpus = t->cpus_used;
		snprintf(r->check, sizeof r->check, "FAIL: hung: %.180s", t->err);
		s->hung = 1;
	} else {
		sb_flag_opts fo = { .min_ops = o->min_ops, .min_ops_per_worker = o->min_ops < 100 ? o->min_ops : 100,
				    .clock_floor_ns = s->clk.overhead_min_ns, .spins = (it->c->flags & SB_CASE_SPINS) != 0 };
		int has_rw = 0;
		for (int i = 0; i < p.threads; i++)
			if (t->workers[i].read_ops || t->workers[i].write_ops)
				has_rw = 1;
		sb_result_from_team(r, t, has_rw, &fo);
		snprintf(r->relation, sizeof r->relation, "%s", t->relation);
		char msg[180] = "";
		for (int i = 0; i < p.threads && !msg[0]; i++)
			if (t->workers[i].fail[0])
				snprintf(msg, sizeof msg, "worker %d: %s", i, t->workers[i].fail);
		if (!msg[0])
			it->c->check(&p, shared, t, msg, sizeof msg);
		if (!msg[0] && r->ops == 0 && !(it->c->flags & SB_CASE_LONG_OP))
			snprintf(msg, sizeof msg, "no operation completed in the window");
		if (msg[0])
			snprintf(r->check, sizeof r->check, "FAIL: %.190s", msg);
		else
			snprintf(r->check, sizeof r->check, "ok");
		if (t->oversubscribed)
			snprintf(r->p.params + strlen(r->p.params), sizeof r->p.params - strlen(r->p.params),
				 "%soversubscribed=1", r->p.params[0] ? ";" : "");
		sb_team_free(t);
		it->c->teardown(shared);
	}
	if (tp && !t->hung) {
		free(t);
		free(tp);
	}
	it->done++;
	s->reps_done++;
	int ok = strcmp(r->check, "ok") == 0;
	if (!ok)
		s->reps_failed++;
	if (r->flags)
		s->reps_flagged++;

	sb_log_field fields[64];
	char fb[256];
	size_t nf = sb_result_fields(r, fields, fb, sizeof fb);
	unsigned long errs = sb_log_error_count();
	SB_LOG_FIELDS(lg, ok ? SB_LOG_DEBUG : SB_LOG_ERROR, fields, nf,
		      "%s rep %d: %.1f ns/op, %.4g ops/s, %llu ops in %.3f s, jain %.3f, ctxsw %ld+%ld, flags [%s], %s",
		      it->label, r->rep, r->ns_per_op, r->ops_per_s, (unsigned long long)r->ops, r->duration_s,
		      r->fair_jain, r->vol_cs, r->invol_cs, fb, r->check);
	if (r->flags) {
		/* every flag of the repetition, in words (run.log; the console counts them per case) */
		sb_logger *vl = sb_log_get("syncbench.validity");
		for (int b = 0; b < SB_NFLAGS; b++)
			if (r->flags & (1u << b))
				SB_LOG_WARNING(vl, "%s rep %d is flagged %s: %s", it->label, r->rep, sb_flag_name(b),
					       sb_flag_words(b));
	}
	if (sb_log_error_count() != errs) {
		s->write_failed = 1;
		snprintf(s->stop_reason, sizeof s->stop_reason, "results could not be written (disk full or removed?)");
	}
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

static int not_validity(const sb_log_record *r, void *arg)
{
	(void)arg;
	return strcmp(r->name, "syncbench.validity") != 0;
}

/* The folder: -o DIR (refused when it holds a run, unless --append of the same plan), or a new
 * results/<host>-<UTC time>[-N], created exclusively so that runs started in the same second
 * never share one. */
static int make_dir(sb_run_state *s, const char *stamp, char *err, size_t errlen)
{
	const sb_run_opts *o = s->o;
	if (o->out_dir) {
		snprintf(s->dir, sizeof s->dir, "%s", o->out_dir);
		snprintf(s->run_id, sizeof s->run_id, "%s-%s-%ld", s->m.host, stamp, (long)getpid());
		char meta[4200];
		snprintf(meta, sizeof meta, "%s/meta.json", s->dir);
		struct stat st;
		int held = stat(meta, &st) == 0;
		snprintf(meta, sizeof meta, "%s/results.csv", s->dir);
		held |= stat(meta, &st) == 0;
		if (held && !o->append) {
			snprintf(err, errlen, "%.300s already holds a run (use another -o, or --append to add repetitions of the same plan)", s->dir);
			return 2;
		}
		if (held && o->append) {
			snprintf(meta, sizeof meta, "%s/meta.json", s->dir);
			FILE *f = fopen(meta, "r");
			char *buf = f ? calloc(1, 1 << 20) : NULL;
			size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
			if (f)
				fclose(f);
			char want[1200];
			snprintf(want, sizeof want, "\"plan_signature\": \"%s\"", s->plan_sig);
			int same = buf && n && strstr(buf, want);
			free(buf);
			if (!same) {
				snprintf(err, errlen, "--append: %.300s holds a run of another plan (its options differ)", s->dir);
				return 2;
			}
		}
		int rc = mkdir_p(s->dir);
		if (rc == 0 && access(s->dir, W_OK) != 0)
			rc = -errno;
		if (rc) {
			snprintf(err, errlen, "cannot write the output folder %.300s: %s", s->dir, strerror(-rc));
			return 2;
		}
		return 0;
	}
	int rc = mkdir_p("results");
	if (rc) {
		snprintf(err, errlen, "cannot create results/: %s", strerror(-rc));
		return 2;
	}
	for (int k = 1; k < 1000; k++) {
		if (k == 1)
			snprintf(s->run_id, sizeof s->run_id, "%s-%s", s->m.host, stamp);
		else
			snprintf(s->run_id, sizeof s->run_id, "%s-%s-%d", s->m.host, stamp, k);
		snprintf(s->dir, sizeof s->dir, "results/%s", s->run_id);
		if (mkdir(s->dir, 0777) == 0)
			return 0;
		if (errno != EEXIST) {
			snprintf(err, errlen, "cannot create %.300s: %s", s->dir, strerror(errno));
			return 2;
		}
	}
	snprintf(err, errlen, "cannot find a free folder name under results/");
	return 2;
}

/* results/latest -> the run, replaced atomically (a new link under a temporary name, renamed). */
static void point_latest(sb_run_state *s)
{
	char tmp[64];
	snprintf(tmp, sizeof tmp, "results/.latest.%ld", (long)getpid());
	unlink(tmp);
	if (symlink(s->run_id, tmp) != 0 || rename(tmp, "results/latest") != 0) {
		fprintf(stderr, "syncbench: warning: cannot update results/latest: %s\n", strerror(errno));
		unlink(tmp);
	}
}

static void plan_signature(const sb_run_opts *o, char *buf, size_t len)
{
	size_t n = 0;
	int w = snprintf(buf, len, "d=%llu w=%llu cs=%llu think=%llu pin=%s t=", (unsigned long long)o->duration_ns,
			 (unsigned long long)o->warmup_ns, (unsigned long long)o->cs_ns, (unsigned long long)o->think_ns,
			 o->pin_name ? o->pin_name : "");
	n = w > 0 ? (size_t)w : 0;
	for (int i = 0; i < o->nthreads && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%d", i ? "," : "", o->threads[i]);
	for (int i = 0; i < o->nfilters && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, " f=%s", o->filters[i]);
	for (int i = 0; i < o->nparams && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, " p=%s", o->params[i]);
	/* it goes into a JSON string verbatim: keep it plain */
	for (char *p = buf; *p; p++)
		if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			*p = '_';
}

/* A case has its last repetition: the one line that says what it measured (INFO: the console
 * of a run without a progress line, and run.log), and the counts the progress line shows. */
static void case_finished(sb_run_state *s, sb_plan_item *it, size_t *flagged, size_t *failed)
{
	char line[700];
	sb_summary sm;
	it->stopped = 1;
	s->cases_done++;
	sb_report_case_line(s, it, line, sizeof line);
	sb_summary_compute(it->res, (size_t)it->done, &sm);
	if (strcmp(sm.check, "ok"))
		(*failed)++;
	else if (sm.flags)
		(*flagged)++;
	SB_LOG_INFO(sb_log_get("syncbench.harness"), "%s", line);
}

/* Whether a case is done: precise enough (target_ci), or at its repetitions. */
static int case_stops(const sb_run_opts *o, int max_reps, sb_plan_item *it)
{
	if (it->done >= max_reps)
		return 1;
	if (o->target_ci <= 0)
		return it->done >= o->reps;
	int minr = o->reps > SB_MEDIAN_CI_MIN_N ? o->reps : SB_MEDIAN_CI_MIN_N;
	if (it->done < minr)
		return 0;
	sb_summary sm;
	sb_summary_compute(it->res, (size_t)it->done, &sm);
	if (strcmp(sm.check, "ok"))
		return 1; /* a failing case is not measured more precisely */
	return isfinite(sm.halfwidth) && sm.halfwidth * 100.0 <= o->target_ci;
}

/* The rewriting progress line: repetition i of N, elapsed and left, the current case with its
 * parameters, the repetitions flagged and failed so far and, in parentheses, the cases that
 * finished flagged or failed (a case finishes when precise enough, at --max-reps or at the end). */
static void progress_line(sb_run_state *s, size_t idx, size_t total, const sb_plan_item *it, size_t flagged,
			  size_t failed)
{
	double el = (double)(sb_now_ns() - s->t0) / 1e9;
	double left = idx ? el / (double)idx * (double)(total - idx) : 0;
	char e1[24], e2[24];
	fmt_hms(e1, sizeof e1, el);
	fmt_hms(e2, sizeof e2, left);
	fprintf(stderr, "\r[%zu/%zu] %s, ~%s left, round %d: %.70s | flagged %zu, failed %zu (cases %zu, %zu)\033[K", idx,
		total, e1, e2, s->rounds, it->label, (size_t)s->reps_flagged, (size_t)s->reps_failed, flagged, failed);
	fflush(stderr);
}

int sb_run(const sb_run_opts *o)
{
	sb_run_state *s = calloc(1, sizeof *s);
	if (!s)
		return 2;
	s->o = o;
	s->reserve_fd = -1;
	s->max_reps = reps_cap(o);
	char err[512];
	int status = 0;
	sb_machine_read(&s->m);
	plan_signature(o, s->plan_sig, sizeof s->plan_sig);

	/* the whole plan, checked before anything exists */
	if (sb_plan_build(o, s->max_reps, &s->plan, err, sizeof err)) {
		fprintf(stderr, "syncbench: %s\n", err);
		free(s);
		return 2;
	}
	if (o->dry_run) {
		sb_report_dry_run(o, &s->plan, s->max_reps, stdout);
		goto out;
	}

	/* the handlers that can fail on bad input, before the folder exists */
	sb_log_formatter *fm = NULL, *cfm = NULL;
	const char *dflt_file = "%(asctime)s %(levelname)-8s %(name)s [%(threadName)s] %(message)s";
	const char *dflt_console = "%(levelname)-8s %(message)s";
	const char *datefmt = o->log_datefmt ? o->log_datefmt : "%Y-%m-%d %H:%M:%S%z";
	if (sb_log_formatter_new(o->log_format ? o->log_format : dflt_file, datefmt, &fm, err, sizeof err)) {
		fprintf(stderr, "syncbench: --log-format: %s\n", err);
		status = 2;
		goto out;
	}
	if (sb_log_formatter_new(o->console_format ? o->console_format : dflt_console, datefmt, &cfm, err, sizeof err)) {
		fprintf(stderr, "syncbench: --console-format: %s\n", err);
		sb_log_formatter_free(fm);
		status = 2;
		goto out;
	}
	sb_logger *root = sb_log_get("syncbench");
	sb_logger_set_level(root, SB_LOG_DEBUG);
	if (o->log_file && add_handler(root, sb_log_file_handler_new(o->log_file, "a", err, sizeof err), o->log_level, fm)) {
		fprintf(stderr, "syncbench: --log-file: %s\n", err);
		status = 2;
		goto out;
	}
	if (o->log_udp) {
		char hp[256];
		snprintf(hp, sizeof hp, "%s", o->log_udp);
		char *colon = strrchr(hp, ':');
		if (!colon) {
			fprintf(stderr, "syncbench: --log-udp wants host:port, got '%s'\n", o->log_udp);
			status = 2;
			goto out;
		}
		*colon = 0;
		if (add_handler(root, sb_log_udp_handler_new(hp, colon + 1, err, sizeof err), o->log_level, fm)) {
			fprintf(stderr, "syncbench: --log-udp: %s\n", err);
			status = 2;
			goto out;
		}
	}
	if (o->log_syslog)
		add_handler(root, sb_log_syslog_handler_new("syncbench", 1 << 3 /* LOG_USER */, err, sizeof err), o->log_level, fm);

	/* where the results go */
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char stamp[32];
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	strftime(s->start_iso, sizeof s->start_iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if ((status = make_dir(s, stamp, err, sizeof err)) != 0) {
		fprintf(stderr, "syncbench: %s\n", err);
		goto out;
	}
	if (!o->out_dir)
		point_latest(s);

	/* console (stderr), run.log, results.csv */
	int console_level = o->quiet || o->progress ? SB_LOG_WARNING : o->log_level;
	sb_log_handler *con = sb_log_stream_handler_new(stderr);
	if (con)
		sb_log_handler_add_filter(con, sb_log_filter_fn_new(not_validity, NULL));
	add_handler(root, con, console_level, cfm);
	char path[4200], csvpath[4200];
	snprintf(path, sizeof path, "%s/run.log", s->dir);
	if (add_handler(root, sb_log_file_handler_new(path, "a", err, sizeof err), SB_LOG_DEBUG, fm)) {
		fprintf(stderr, "syncbench: %s\n", err);
		status = 2;
		goto out;
	}
	snprintf(csvpath, sizeof csvpath, "%s/results.csv", s->dir);
	if (add_handler(sb_log_get("syncbench.result"),
			sb_log_csv_handler_new(csvpath, sb_result_columns, sb_result_ncolumns, err, sizeof err),
			SB_LOG_NOTSET, NULL)) {
		fprintf(stderr, "syncbench: %s\n", err);
		status = 2;
		goto out;
	}
	sb_logger *lg = sb_log_get("syncbench.harness");
	/* Room for the closing files should the disk fill during the run (results.csv then stops at
	 * its last whole row and the run stops): an unnamed file in the run folder holding
	 * SB_RESERVE_BYTES, closed just before summary.csv, the reports and meta.json are written.
	 * Best effort (a file system without O_TMPFILE or that little room goes without); the
	 * kernel frees it whatever ends the process. */
	enum { SB_RESERVE_BYTES = 32768 };
	s->reserve_fd = open(s->dir, O_TMPFILE | O_RDWR, 0600);
	if (s->reserve_fd >= 0 && posix_fallocate(s->reserve_fd, 0, SB_RESERVE_BYTES) != 0) {
		close(s->reserve_fd);
		s->reserve_fd = -1;
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN); /* a closed console must not kill the run: its writes just fail */

	/* calibration, once per run */
	sb_clock_measure(&s->clk);
	sb_spin_calibrate(&s->cal);
	s->cs_iters = calibrated_iters(&s->cal, o->cs_ns, &s->cs_measured_ns);
	s->think_iters = calibrated_iters(&s->cal, o->think_ns, &s->think_measured_ns);
	{
		/* the median of three short probes: one can land on a moment the host is busy */
		double pr[3];
		for (int k = 0; k < 3; k++)
			pr[k] = null_loop_cost(s);
		s->null_ns_per_op = sb_stats_median(pr, 3);
	}
	SB_LOG_INFO(lg, "run %s: %zu case points, %s -> %s", s->run_id, s->plan.n,
		    o->target_ci > 0 ? "repeated until each median is precise enough" : "fixed repetitions", s->dir);
	SB_LOG_INFO(lg, "calibration: clock read %.1f ns, --cs %llu ns = %llu iterations (measured %.1f ns), --think %llu ns = %llu iterations (measured %.1f ns), null loop %.2f ns/op",
		    s->clk.overhead_ns, (unsigned long long)o->cs_ns, (unsigned long long)s->cs_iters, s->cs_measured_ns,
		    (unsigned long long)o->think_ns, (unsigned long long)s->think_iters, s->think_measured_ns, s->null_ns_per_op);
	if (o->cs_ns && fabs(s->cs_measured_ns - (double)o->cs_ns) > 0.05 * (double)o->cs_ns)
		SB_LOG_WARNING(lg, "--cs %llu ns runs %.1f ns here (%+.0f%%): the busy loop's floor or a noisy calibration",
			       (unsigned long long)o->cs_ns, s->cs_measured_ns, 100.0 * (s->cs_measured_ns / (double)o->cs_ns - 1));
	if (o->think_ns && fabs(s->think_measured_ns - (double)o->think_ns) > 0.05 * (double)o->think_ns)
		SB_LOG_WARNING(lg, "--think %llu ns runs %.1f ns here (%+.0f%%)", (unsigned long long)o->think_ns,
			       s->think_measured_ns, 100.0 * (s->think_measured_ns / (double)o->think_ns - 1));
	sb_report_meta(s, 0);

	/* rounds: every case not yet done runs once per round (repetitions spread over time) */
	s->t0 = sb_now_ns();
	size_t planned = s->plan.n * (size_t)(o->target_ci > 0 ? (o->reps > SB_MEDIAN_CI_MIN_N ? o->reps : SB_MEDIAN_CI_MIN_N) : o->reps);
	size_t idx = 0, failed_cases = 0, flagged_cases = 0;
	uint64_t last_round_ns = 0;
	for (int round = 0; round < s->max_reps && !g_interrupted && !s->hung && !s->write_failed; round++) {
		uint64_t r0 = sb_now_ns();
		if (o->budget_ns && round > 0 && (r0 - s->t0) + last_round_ns > o->budget_ns) {
			int minr = o->target_ci > 0 ? (o->reps > SB_MEDIAN_CI_MIN_N ? o->reps : SB_MEDIAN_CI_MIN_N) : o->reps;
			if (round >= minr) {
				SB_LOG_INFO(lg, "time budget reached after %d rounds: the cases still imprecise keep their flags", round);
				break;
			}
		}
		s->rounds = round + 1;
		int ran = 0;
		for (size_t i = 0; i < s->plan.n && !g_interrupted && !s->hung && !s->write_failed; i++) {
			sb_plan_item *it = &s->plan.items[i];
			if (it->stopped)
				continue;
			ran = 1;
			idx++;
			if (idx > planned)
				planned = idx;
			if (o->progress)
				progress_line(s, idx, planned, it, flagged_cases, failed_cases);
			if (run_one(s, it))
				break;
			sb_result *r = &it->res[it->done - 1];
			if (strcmp(r->check, "ok") && !o->progress)
				SB_LOG_ERROR(lg, "%s rep %d: %s", it->label, r->rep, r->check);
			if (case_stops(o, s->max_reps, it))
				case_finished(s, it, &flagged_cases, &failed_cases);
			if (o->stop_on_fail && s->reps_failed)
				goto done;
		}
		last_round_ns = sb_now_ns() - r0;
		if (!ran)
			break;
	}
	/* the budget ended the rounds: the cases still running are finished too, each with its line */
	for (size_t i = 0; i < s->plan.n && !g_interrupted && !s->hung && !s->write_failed; i++)
		if (!s->plan.items[i].stopped && s->plan.items[i].done > 0)
			case_finished(s, &s->plan.items[i], &flagged_cases, &failed_cases);
done:
	if (o->progress)
		fprintf(stderr, "\r\033[K");
	s->interrupted = g_interrupted;
	s->signal = g_signal;
	if (s->interrupted)
		SB_LOG_WARNING(lg, "interrupted by signal %d: %zu repetitions done; the CSVs hold every finished one",
			       (int)g_signal, s->reps_done);
	if (s->hung)
		SB_LOG_ERROR(lg, "a case hung; the run stops here (its threads cannot be reclaimed)");
	if (s->write_failed)
		SB_LOG_CRITICAL(lg, "the run stops: %s", s->stop_reason[0] ? s->stop_reason : "meta.json could not be written");
	if (s->reserve_fd >= 0) { /* the reserved room, for what follows */
		close(s->reserve_fd);
		s->reserve_fd = -1;
	}
	/* after a write failure, meta.json first (what the run is; the final one below may find no
	 * room left after summary.csv and the reports: this one then stays) */
	if (s->write_failed)
		sb_report_meta(s, 0);

	if (sb_report_summary_csv(s, err, sizeof err)) {
		SB_LOG_ERROR(lg, "%s", err);
		s->write_failed = 1;
	}
	if (sb_report_markdown(s) || sb_report_json(s)) {
		SB_LOG_ERROR(lg, "cannot write summary.md or results.json in %s", s->dir);
		s->write_failed = 1;
	}
	sb_report_table(s, stdout);
	fflush(stdout);
	sb_report_meta(s, !s->interrupted && !s->hung && !s->write_failed);
	{
		/* the run folder's entries (the renames) on disk too */
		int dfd = open(s->dir, O_RDONLY | O_DIRECTORY);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	printf("results: %s\n", s->dir);
	fflush(stdout);
	status = s->interrupted ? 128 + (s->signal ? s->signal : SIGINT)
				: (s->reps_failed || s->hung || s->write_failed) ? 1 : 0;
	if (sb_log_error_count()) {
		fprintf(stderr, "syncbench: %lu log records could not be written\n", sb_log_error_count());
		if (!status)
			status = 1;
	}
out:
	if (s->reserve_fd >= 0)
		close(s->reserve_fd);
	if (!s->hung) { /* hung workers may still use the run's memory */
		sb_log_shutdown();
		sb_plan_free(&s->plan);
		free(s);
	}
	return status;
}
