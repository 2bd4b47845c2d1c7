/* tests/test_cli.c: every kind of bad input gets one line on stderr and exit status 2, before
 * anything is written; list and help work. */
#include <criterion/criterion.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sbtest.h"

static char dir[64];
static void setup(void) { sbt_tmpdir(dir, sizeof dir); }
static void teardown(void) { sbt_rmdir(dir); }

static void expect_bad(const char *args, const char *needle)
{
	char full[1024];
	snprintf(full, sizeof full, "run -o %s/out %s", dir, args);
	int st = sbt_run(dir, full);
	char p[128];
	snprintf(p, sizeof p, "%s/err.txt", dir);
	char *err = sbt_slurp(p);
	cr_assert_eq(st, 2, "'%s' exited %d, stderr: %s", args, st, err);
	cr_assert_eq(sbt_count_lines(err), 1, "'%s' printed %d lines: %s", args, sbt_count_lines(err), err);
	cr_assert(strstr(err, needle), "'%s': stderr '%s' does not name '%s'", args, err, needle);
	snprintf(p, sizeof p, "%s/out", dir);
	struct stat sb;
	cr_assert(stat(p, &sb) != 0, "'%s' created the output folder", args);
	free(err);
}

TestSuite(cli, .init = setup, .fini = teardown, .timeout = 30);

Test(cli, unknown_option) { expect_bad("--frobnicate", "--frobnicate"); }
Test(cli, filter_matches_nothing) { expect_bad("-f 'nosuch/*'", "nosuch/*"); }
Test(cli, zero_threads) { expect_bad("-f 'mutex/*' -t 0", "--threads"); }
Test(cli, too_many_threads) { expect_bad("-f 'mutex/*' -t 1025", "--threads"); }
Test(cli, garbage_threads) { expect_bad("-f 'mutex/*' -t 1,x", "--threads"); }
Test(cli, garbage_duration) { expect_bad("-f 'mutex/*' -d fast", "--duration"); }
Test(cli, negative_duration) { expect_bad("-f 'mutex/*' -d -5ms", "--duration"); }
Test(cli, duration_without_unit) { expect_bad("-f 'mutex/*' -d 200", "--duration"); }
Test(cli, zero_duration) { expect_bad("-f 'mutex/*' -d 0", "--duration"); }
Test(cli, bad_cs) { expect_bad("-f 'mutex/*' --cs 1xs", "--cs"); }
Test(cli, bad_reps) { expect_bad("-f 'mutex/*' -r 0", "--reps"); }
Test(cli, bad_pin) { expect_bad("-f 'mutex/*' --pin everywhere", "--pin"); }
Test(cli, missing_value) { expect_bad("-f 'mutex/*' -d", "-d"); }
Test(cli, bad_log_level) { expect_bad("-f 'mutex/*' --log-level loud", "--log-level"); }
Test(cli, bad_log_format) { expect_bad("-f 'mutex/*' --log-format '%(nosuch)s'", "nosuch"); }
Test(cli, stray_argument) { expect_bad("-f 'mutex/*' mutex", "mutex"); }

Test(cli, unwritable_output_folder)
{
	char args[256];
	/* a path below a regular file can never be created, even by root */
	snprintf(args, sizeof args, "run -f 'mutex/null/*' -d 1ms -r 1 -o /dev/null/out");
	int st = sbt_run(dir, args);
	char p[128];
	snprintf(p, sizeof p, "%s/err.txt", dir);
	char *err = sbt_slurp(p);
	cr_assert_eq(st, 2, "exit %d: %s", st, err);
	cr_assert_eq(sbt_count_lines(err), 1, "%s", err);
	cr_assert(strstr(err, "/dev/null/out"), "%s", err);
	free(err);
}

Test(cli, unknown_command)
{
	cr_assert_eq(sbt_run(dir, "frob"), 2);
}

Test(cli, help_and_list)
{
	cr_assert_eq(sbt_run(dir, "run --help"), 0);
	char p[128];
	snprintf(p, sizeof p, "%s/out.txt", dir);
	char *out = sbt_slurp(p);
	cr_assert(strstr(out, "--threads") && strstr(out, "--pin"), "%s", out);
	free(out);
	cr_assert_eq(sbt_run(dir, "list 'mutex/*'"), 0);
	out = sbt_slurp(p);
	cr_assert(strstr(out, "mutex/futex/contended\n"), "%s", out);
	cr_assert(strstr(out, "mutex/null/uncontended\n"), "%s", out);
	cr_assert(!strstr(out, "broken"), "negative controls must be hidden: %s", out);
	free(out);
	cr_assert_eq(sbt_run(dir, "list 'nosuch*'"), 2);
}
