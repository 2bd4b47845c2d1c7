/* tests/test_rcu.c: the grace-period contract the rcu family relies on (synchronize_rcu waits for
 * a reader inside its critical section; qsbr waits for a quiescent state), then every
 * implementation of rcu/readmostly at 1 and 2 workers with writers (a lone worker's reads and
 * writes in exactly the read_pct proportion), every flavour of rcu/grace with 0 and 2 readers,
 * through the real program with its checks, and the negative control (a writer that reuses the
 * old record without waiting) caught as FAIL. The expected row counts come from `list`. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "prim/rcu_list.h"
#include "sbtest.h"
#include "sbtest_rows.h"

static char dir[64];
static void setup(void) { sbt_tmpdir(dir, sizeof dir); }
static void teardown(void) { sbt_rmdir(dir); }
TestSuite(rcu, .init = setup, .fini = teardown, .timeout = 60);

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static atomic_int stage;  /* 1: reader inside; 2: synchronize returned; 3: reader may leave */

static void *memb_syncer(void *p)
{
	(void)p;
	sb_rcu_memb_thread_online();
	sb_rcu_memb_synchronize();
	atomic_store(&stage, 2);
	sb_rcu_memb_thread_offline();
	return NULL;
}

Test(rcu, synchronize_waits_for_a_reader, .timeout = 20)
{
	sb_rcu_memb s;
	sb_rcu_memb_init(&s);
	atomic_store(&stage, 0);
	sb_rcu_memb_thread_online();
	sb_rcu_memb_read_lock(&s);
	pthread_t t;
	cr_assert_eq(pthread_create(&t, NULL, memb_syncer, NULL), 0);
	sleep_ms(50);
	cr_assert_eq(atomic_load(&stage), 0, "synchronize_rcu returned while a reader was inside");
	sb_rcu_memb_read_unlock(&s);
	pthread_join(t, NULL);
	cr_assert_eq(atomic_load(&stage), 2);
	sb_rcu_memb_thread_offline();
}

static void *qsbr_syncer(void *p)
{
	(void)p;
	sb_rcu_qsbr_synchronize(); /* from an unregistered thread */
	atomic_store(&stage, 2);
	return NULL;
}

Test(rcu, qsbr_waits_for_a_quiescent_state, .timeout = 20)
{
	atomic_store(&stage, 0);
	sb_rcu_qsbr_thread_online(); /* online and silent: a grace period cannot end */
	pthread_t t;
	cr_assert_eq(pthread_create(&t, NULL, qsbr_syncer, NULL), 0);
	sleep_ms(50);
	cr_assert_eq(atomic_load(&stage), 0, "qsbr grace period ended without a quiescent state");
	for (int i = 0; i < 2000 && atomic_load(&stage) != 2; i++) {
		sb_rcu_qsbr_quiescent();
		sleep_ms(1);
	}
	cr_assert_eq(atomic_load(&stage), 2, "quiescent states did not end the grace period");
	pthread_join(t, NULL);
	sb_rcu_qsbr_thread_offline();
}

typedef struct { int rows, bad, graces; } tally;

static tally check_rows(const char *csv, int expect_fail)
{
	tally y = { 0, 0, 0 };
	char *s = strdup(csv), *save = NULL;
	char *hdr = strtok_r(s, "\n", &save);
	int ci = sbt_col(hdr, "impl"), cc = sbt_col(hdr, "check"), ct = sbt_col(hdr, "threads");
	int cs = sbt_col(hdr, "scenario"), cr = sbt_col(hdr, "read_pct"), co = sbt_col(hdr, "ops");
	int crd = sbt_col(hdr, "read_ops"), cwr = sbt_col(hdr, "write_ops"), cp = sbt_col(hdr, "lat_p50_ns");
	cr_assert(ci >= 0 && cc >= 0 && ct >= 0 && cs >= 0 && cr >= 0 && co >= 0 && crd >= 0 && cwr >= 0 && cp >= 0,
		  "header: %s", hdr);
	for (char *line = strtok_r(NULL, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[64];
		int n = sbt_csv_split(line, f, 64);
		cr_assert(n > cc, "short row");
		y.rows++;
		int failed = strncmp(f[cc], "FAIL", 4) == 0;
		y.bad += failed;
		if (expect_fail)
			continue;
		cr_expect_str_eq(f[cc], "ok", "%s/%s threads=%s read_pct=%s: %s", f[ci], f[cs], f[ct], f[cr], f[cc]);
		long long rd = atoll(f[crd]), wr = atoll(f[cwr]);
		if (!strcmp(f[cs], "readmostly")) {
			/* with several workers a writer-preferring lock may starve the readers for a
			 * 20 ms window: only a lone worker must do both */
			int lone = atoi(f[ct]) == 1;
			/* Progress within one window is asserted only where no worker can wait for
			 * another: a lone worker, or readers only (the read side never waits). With two
			 * writers, one's synchronize_rcu can wait for the other for longer than the
			 * window: under ThreadSanitizer rcu/mb and rcu/memb at t=2, read_pct=50 had one
			 * operation of 0.5-1.9 s (lat_max_ns) in about 1 run in 3, the other worker
			 * running on (thread_ops_min 0-2), and sometimes no operation completed in the
			 * 100 ms window at all: "no operations". That is a bounded wait, not a bug, and
			 * the window, not the primitive, was too short. Liveness with concurrent
			 * writers is asserted as a bound on every grace period instead
			 * (grace_periods_end_with_concurrent_writers, below); a grace period that never
			 * ends is still caught here by the watchdog (hung: exit 1). */
			if (lone || atoi(f[cr]) == 100)
				cr_expect(atoll(f[co]) > 0, "%s t=%s read_pct=%s: no operations", f[ci], f[ct], f[cr]);
			if (atoi(f[cr]) == 100) {
				cr_expect(rd > 0, "%s t=%s: no reads", f[ci], f[ct]);
				cr_expect_eq(wr, 0, "%s: writes at read_pct=100", f[ci]);
			} else if (lone) {
				cr_expect(rd > 0 && wr > 0, "%s read_pct=%s: %lld reads, %lld writes", f[ci], f[cr], rd, wr);
				/* the mix is a fixed interleave, not a draw: writes are (100 - read_pct) % of
				 * the operations, give or take the one cut off at each end of the window */
				long long want = (rd + wr) * (100 - atoi(f[cr])) / 100;
				cr_expect(llabs(wr - want) <= 2, "%s read_pct=%s: %lld writes of %lld operations",
					  f[ci], f[cr], wr, rd + wr);
			}
			cr_expect_eq(rd + wr, atoll(f[co]), "%s: reads + writes != ops", f[ci]);
		} else {
			y.graces++;
			cr_expect(wr > 0 && atoll(f[co]) == wr, "%s grace: %lld grace periods, ops %s", f[ci], wr, f[co]);
			cr_expect(atof(f[cp]) > 0, "%s grace: p50 %s", f[ci], f[cp]);
			if (atoi(f[ct]) > 1)
				cr_expect(rd > 0, "%s grace t=%s: readers read nothing", f[ci], f[ct]);
		}
	}
	free(s);
	return y;
}

/* The measured window: a grace period under ThreadSanitizer can outlast 20 ms. */
static const char *window(void) { return getenv("SB_SANITIZER") ? "-d 100ms --warmup 20ms" : "-d 20ms --warmup 5ms"; }

static char *run_csv(const char *args, int want_status)
{
	char p[128];
	int st = sbt_run(dir, args);
	snprintf(p, sizeof p, "%s/err.txt", dir);
	char *err = sbt_slurp(p);
	cr_assert_eq(st, want_status, "exit %d: %s", st, err);
	free(err);
	snprintf(p, sizeof p, "%s/run/results.csv", dir);
	char *csv = sbt_slurp(p);
	cr_assert(csv, "no results.csv");
	return csv;
}

Test(rcu, every_implementation_reads_and_writes_safely)
{
	char args[512];
	snprintf(args, sizeof args,
		 "run -q -f 'rcu/*/readmostly' -t 1,2 --read-pct 50,100 %s -r 1 --watchdog 2s -o %s/run", window(), dir);
	int impls = sbt_listed("rcu/*/readmostly", 0);
	char *csv = run_csv(args, 0);
	tally y = check_rows(csv, 0);
	/* every implementation x 2 thread counts x 2 read percentages */
	cr_assert_eq(y.rows, impls * 2 * 2, "rows %d, %d implementations", y.rows, impls);
	cr_assert_eq(y.bad, 0);
	cr_assert(!strstr(csv, "memb_nowait"), "the negative control ran without --negative-controls");
	free(csv);
}

Test(rcu, every_flavour_times_grace_periods)
{
	char args[512];
	/* a grace period can outlast a 20 ms window on a loaded machine (bp's writer polls every
	 * 10 ms; membarrier; a reader preempted): 100 ms at least, 300 ms under a sanitizer */
	snprintf(args, sizeof args, "run -q -f 'rcu/*/grace' -t 1,3 %s -r 1 --watchdog 2s -o %s/run",
		 getenv("SB_SANITIZER") ? "-d 300ms --warmup 20ms" : "-d 100ms --warmup 20ms", dir);
	int flavours = sbt_listed("rcu/*/grace", 0);
	char *csv = run_csv(args, 0);
	tally y = check_rows(csv, 0);
	cr_assert_eq(y.rows, flavours * 2, "rows %d, %d flavours", y.rows, flavours); /* 0 and 2 readers */
	cr_assert_eq(y.graces, y.rows);
	free(csv);
}

Test(rcu, writer_that_does_not_wait_is_caught)
{
	char args[512];
	snprintf(args, sizeof args,
		 "run -q --negative-controls -f 'rcu/memb_nowait/readmostly' -t 2 --read-pct 50 -d 100ms --warmup 10ms -r 2 --watchdog 2s -o %s/run",
		 dir);
	char *csv = run_csv(args, 1);
	tally y = check_rows(csv, 1);
	cr_assert_eq(y.rows, 2);
	cr_assert(y.bad >= 1, "the writer that frees without waiting was not caught: %s", csv);
	cr_assert(strstr(csv, "freed or torn record"), "%s", csv);
	free(csv);
}

/* Liveness with concurrent writers, as a bound on waits rather than a count in a fixed window:
 * syncbench torture runs every flavour through random phases (1..4x CPUs workers, one or two
 * writers, synchronize_rcu and call_rcu, delays inside read sections) and fails a phase when a
 * grace period takes longer than --starve, a reader sees a freed record, or a phase hangs. */
Test(rcu, grace_periods_end_with_concurrent_writers, .timeout = 120)
{
	char args[512], p[128], want[64];
	snprintf(p, sizeof p, "%s/out.txt", dir);
	/* every implementation of prim/rcu_list.h that torture runs (not the negative control) */
	cr_assert_eq(sbt_run(dir, "torture -f 'rcu/*' --list"), 0, "torture --list");
	char *out = sbt_slurp(p);
	int impls = sbt_count_lines(out);
	free(out);
	cr_assert(impls >= 4, "torture --list: %d rcu implementation(s)", impls);
	snprintf(want, sizeof want, "torture: %d implementation(s), 0 failed", impls);
	snprintf(args, sizeof args, "torture -f 'rcu/*' -d 4s --seed 0x12c %s",
		 getenv("SB_SANITIZER") ? "--starve 20s --hang 30s" : "--starve 5s");
	int st = sbt_run(dir, args);
	out = sbt_slurp(p);
	cr_assert_eq(st, 0, "exit %d: %s", st, out ? out : "");
	cr_assert(out && strstr(out, want), "want '%s': %s", want, out ? out : "");
	free(out);
}
