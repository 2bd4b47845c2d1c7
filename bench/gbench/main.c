/* bench/gbench/main.c: syncbench-gbench, the suite's primitives under google-benchmark's runner.
 *   build/syncbench-gbench [--benchmark_* flags] [--negative-controls] [--run-limit=SECONDS]
 * Every google-benchmark flag works (--benchmark_list_tests, _filter, _format=json, _out,
 * _repetitions, _min_time=SECONDS); --negative-controls also registers the hidden broken lock;
 * --run-limit (default 10) fails a multi-threaded run that takes longer (bench/gbench/mutex.c). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gbench_cases.h"
#include "syncbench/gbench.h"

static void *idle_thread(void *arg) { return arg; }

int main(int argc, char **argv)
{
	sb_gbench_opts o = {.max_threads = 2, .negative_controls = false, .run_limit_s = 10};
	char err[256] = "";
	pthread_t t;

	/* google-benchmark runs a one-thread benchmark on the main thread. glibc's mutex skips its
	 * atomic instruction while the process has never had a second thread, which no threaded
	 * program sees: start and join one thread first, as the suite's harness always uses workers. */
	if (pthread_create(&t, NULL, idle_thread, NULL) != 0 || pthread_join(t, NULL) != 0) {
		fprintf(stderr, "syncbench-gbench: cannot start a thread\n");
		return 1;
	}

	sb_gb_initialize(&argc, argv);
	int rest = 1;
	for (int i = 1; i < argc; i++) {
		char *end;
		if (strcmp(argv[i], "--negative-controls") == 0) {
			o.negative_controls = true;
		} else if (strncmp(argv[i], "--run-limit=", 12) == 0) {
			o.run_limit_s = strtod(argv[i] + 12, &end);
			if (end == argv[i] + 12 || *end || !(o.run_limit_s > 0 && o.run_limit_s < 1e6)) {
				fprintf(stderr, "syncbench-gbench: --run-limit wants seconds > 0, not '%s'\n", argv[i] + 12);
				return 2;
			}
		} else
			argv[rest++] = argv[i];
	}
	if (sb_gb_report_unrecognized(rest, argv) > 0)
		return 2;

	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	o.max_threads = ncpu > 0 ? 2 * (int)ncpu : 2;

	/* The null loops (the shim's own cost), then every family of bench/family_list.h in its order:
	 * the list is the suite's, so a family added there is registered here too (or fails to link
	 * until it has cases, or says it has none: bench/gbench/none.c). */
#define GB_FAMILY(F) sb_gbench_##F##_register,
	static int (*const families[])(const sb_gbench_opts *, char *, size_t) = {
		sb_gbench_null_register, SB_FAMILIES(GB_FAMILY)
	};
#undef GB_FAMILY
	int r = sb_gbench_context_add(err, sizeof err);
	for (size_t i = 0; r >= 0 && i < sizeof families / sizeof families[0]; i++)
		r = families[i](&o, err, sizeof err);
	if (r < 0) {
		fprintf(stderr, "syncbench-gbench: %s\n", err);
		sb_gb_shutdown();
		sb_gbench_teardown();
		return 1;
	}
	size_t n = sb_gb_run_specified();
	sb_gb_shutdown();
	sb_gbench_teardown();
	if (n == 0) {
		fprintf(stderr, "syncbench-gbench: no benchmark matched the filter\n");
		return 1;
	}
	return 0;
}
