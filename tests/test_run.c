/* tests/test_run.c: a whole run as a user sees it: Ctrl-C keeps every finished case and valid
 * CSVs and marks meta.json incomplete; a real run's summary draws real PNG plots; parameters. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sbtest.h"

extern char **environ;

static char dir[64];
static void setup(void) { sbt_tmpdir(dir, sizeof dir); }
static void teardown(void) { sbt_rmdir(dir); }
TestSuite(run, .init = setup, .fini = teardown, .timeout = 120);

/* every line of a CSV has as many fields as its header */
static void assert_csv_rect(const char *path, int min_rows)
{
	char *csv = sbt_slurp(path);
	cr_assert(csv, "missing %s", path);
	char *save = NULL;
	char *line = strtok_r(csv, "\n", &save);
	char *f[128];
	char hdr[4096];
	snprintf(hdr, sizeof hdr, "%s", line);
	int ncol = sbt_csv_split(hdr, f, 128), rows = 0;
	for (line = strtok_r(NULL, "\n", &save); line; line = strtok_r(NULL, "\n", &save), rows++)
		cr_assert_eq(sbt_csv_split(line, f, 128), ncol, "%s: a row with the wrong field count", path);
	cr_assert(rows >= min_rows, "%s: %d rows", path, rows);
	free(csv);
}

Test(run, interrupt_keeps_finished_cases)
{
	char out[128];
	snprintf(out, sizeof out, "%s/run", dir);
	char *argv[] = { (char *)sbt_prog(), "run", "-q", "-f", "mutex/*", "-t", "1", "-d", "100ms",
			 "--warmup", "1ms", "-r", "20", "-o", out, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	cr_assert_eq(posix_spawn(&pid, argv[0], &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	/* wait until a few rows are on disk, then Ctrl-C */
	char path[256];
	snprintf(path, sizeof path, "%s/results.csv", out);
	for (int i = 0; i < 300; i++) {
		char *csv = sbt_slurp(path);
		int n = sbt_count_lines(csv);
		free(csv);
		if (n >= 4)
			break;
		usleep(20000);
	}
	kill(pid, SIGINT);
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 130, "exit status %d", WEXITSTATUS(st));
	assert_csv_rect(path, 3);
	snprintf(path, sizeof path, "%s/summary.csv", out);
	assert_csv_rect(path, 1);
	snprintf(path, sizeof path, "%s/meta.json", out);
	char *meta = sbt_slurp(path);
	cr_assert(meta && strstr(meta, "\"complete\": false") && strstr(meta, "\"interrupted\": true"), "%s", meta);
	free(meta);
}

Test(run, real_run_draws_real_plots)
{
	char args[512];
	snprintf(args, sizeof args, "run -q -f 'mutex/futex/*' -f 'mutex/tas/*' -f 'mutex/null/*' -t 1,2 -d 10ms --warmup 2ms -r 2 -o %s/run", dir);
	cr_assert_eq(sbt_run(dir, args), 0);
	char cmd[512];
	snprintf(cmd, sizeof cmd, "sh scripts/plot.sh %s/run >%s/plot.txt 2>&1", dir, dir);
	cr_assert_eq(system(cmd), 0, "plot.sh failed");
	snprintf(cmd, sizeof cmd, "python3 scripts/check_png.py %s/run/plots/mutex-contended-ns_per_op.png "
		 "%s/run/plots/mutex-contended-ops_per_s.png >%s/png.txt 2>&1", dir, dir, dir);
	int st = system(cmd);
	char p[128];
	snprintf(p, sizeof p, "%s/png.txt", dir);
	char *o = sbt_slurp(p);
	cr_assert_eq(st, 0, "check_png: %s", o);
	free(o);
}

Test(run, param_sweep_fills_columns)
{
	/* --param that no selected case takes is refused before the run, with the closest name;
	 * so is a bad value, one out of its range, and a CPU that does not exist */
	char args[512];
	snprintf(args, sizeof args, "run -q -f 'mutex/null/uncontended' -d 5ms -r 1 --read-pct 50 -o %s/run", dir);
	cr_assert_eq(sbt_run(dir, args), 2);
	snprintf(args, sizeof args, "run -q -f 'rwlock/*' -d 5ms -r 1 -p read_pc=50 -o %s/run", dir);
	cr_assert_eq(sbt_run(dir, args), 2);
	char p[128];
	snprintf(p, sizeof p, "%s/err.txt", dir);
	char *e = sbt_slurp(p);
	cr_assert(e && strstr(e, "did you mean read_pct?"), "%s", e);
	free(e);
	snprintf(args, sizeof args, "run -q -f 'rwlock/*' -d 5ms -r 1 --read-pct 150 -o %s/run", dir);
	cr_assert_eq(sbt_run(dir, args), 2);
	snprintf(args, sizeof args, "run -q -f 'mutex/null/*' -d 5ms -r 1 --pin cpus=4000 -o %s/run", dir);
	cr_assert_eq(sbt_run(dir, args), 2);
	snprintf(args, sizeof args, "%s/run", dir);
	cr_assert_neq(access(args, F_OK), 0, "a refused run created its folder");
	snprintf(args, sizeof args, "run -q -f 'mutex/null/uncontended' -d 5ms -r 1 --read-pct fifty -o %s/run2", dir);
	cr_assert_eq(sbt_run(dir, args), 2);
}
