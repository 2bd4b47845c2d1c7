/* tests/gbench_shim_test.c: the C shim over google-benchmark (src/gbench.cc), as a plain program
 * (google-benchmark's runner and Criterion do not share a process well). Run by tests/gbench.sh
 * with google-benchmark flags; it writes the report as given by those flags (JSON on stdout for the
 * script's checks of counters, errors and names), checks what it can see itself (argument
 * validation, thread index and count, iteration counts, batches, arguments) and exits 1 with a
 * "FAIL: ..." line per failed check on stderr. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "syncbench/gbench.h"

static int failures;

#define CHECK(cond, ...)                                                                            \
	do {                                                                                        \
		if (!(cond)) {                                                                      \
			fprintf(stderr, "FAIL: %s:%d: ", __FILE__, __LINE__);                       \
			fprintf(stderr, __VA_ARGS__);                                               \
			fputc('\n', stderr);                                                        \
			failures++;                                                                 \
		}                                                                                   \
	} while (0)

/* Written by benchmark threads, read by main after the run. */
static _Atomic unsigned seen_index[8];   /* [threads count] -> bit per thread index seen */
static _Atomic int bad_thread;           /* a thread index out of range, or a wrong count */
static _Atomic int bad_iterations;       /* sb_gb_iterations disagreed with the loop */
static _Atomic int bad_batch;            /* a batch outside 1..n, or a total that does not match */
static _Atomic unsigned seen_args;       /* bit per argument value seen */
static _Atomic int bad_args;
static _Atomic int runs_threads, runs_error;

/* Thread index and count, iteration counts, and counters of every kind. */
static void bm_threads(sb_gb_state *st, void *arg)
{
	(void)arg;
	int i = sb_gb_thread_index(st), n = sb_gb_threads_count(st);
	atomic_fetch_add(&runs_threads, 1);
	if (n < 1 || n > 7 || i < 0 || i >= n)
		atomic_store(&bad_thread, 1);
	else
		atomic_fetch_or(&seen_index[n], 1u << i);
	int64_t k = 0;
	if (sb_gb_iterations(st) != 0)
		atomic_store(&bad_iterations, 1);
	while (sb_gb_keep_running(st)) {
		k++;
		if (sb_gb_iterations(st) != k)
			atomic_store(&bad_iterations, 1);
	}
	if (sb_gb_iterations(st) != k)
		atomic_store(&bad_iterations, 1);
	/* Each thread's values: sums over threads unless a flag says otherwise. */
	sb_gb_counter_set(st, "iters", (double)k, SB_GB_COUNTER_DEFAULT);            /* = iterations */
	sb_gb_counter_set(st, "ten_sum", 10, SB_GB_COUNTER_DEFAULT);                 /* = 10 * threads */
	sb_gb_counter_set(st, "ten_avg", 10, SB_GB_COUNTER_AVG_THREADS);             /* = 10 */
	sb_gb_counter_set(st, "per_iter", (double)k, SB_GB_COUNTER_AVG_ITERATIONS);  /* = 1 */
	sb_gb_counter_set(st, "rate", (double)k, SB_GB_COUNTER_RATE);                /* = iterations/s */
	if (sb_gb_counter_set(st, "bad", 1, 1u << 20) != -EINVAL || sb_gb_counter_set(st, NULL, 1, 0) != -EINVAL)
		atomic_store(&bad_iterations, 1);
	sb_gb_set_items_processed(st, k);
}

/* Batches of at most 7, never overshooting: their sum is the iteration count. */
static void bm_batch(sb_gb_state *st, void *arg)
{
	(void)arg;
	int64_t n, total = 0;
	while ((n = sb_gb_keep_running_batch(st, 7)) > 0) {
		if (n > 7)
			atomic_store(&bad_batch, 1);
		total += n;
		if (sb_gb_iterations(st) != total)
			atomic_store(&bad_batch, 1);
	}
	if (n != 0 || sb_gb_iterations(st) != total || sb_gb_keep_running_batch(st, 7) != 0 ||
	    sb_gb_keep_running(st))
		atomic_store(&bad_batch, 1);
	sb_gb_counter_set(st, "handed", (double)total, SB_GB_COUNTER_DEFAULT);
}

/* Arguments: range_arg(0) is one of 1..3, range_arg(1) does not exist. Pauses the timer once. */
static void bm_args(sb_gb_state *st, void *arg)
{
	(void)arg;
	int64_t a = sb_gb_range_arg(st, 0);
	if (a < 1 || a > 3 || sb_gb_range_arg(st, 1) != 0)
		atomic_store(&bad_args, 1);
	else
		atomic_fetch_or(&seen_args, 1u << a);
	int paused = 0;
	while (sb_gb_keep_running(st)) {
		if (!paused) {
			sb_gb_pause_timing(st);
			sb_gb_resume_timing(st);
			paused = 1;
		}
	}
}

static void bm_skip(sb_gb_state *st, void *arg)
{
	(void)arg;
	atomic_fetch_add(&runs_error, 1);
	if (sb_gb_thread_index(st) == 0)
		sb_gb_skip_with_error(st, "expected failure");
	while (sb_gb_keep_running(st))
		;
}

/* Skips halfway through a run: the loop ends at once and sb_gb_iterations counts what ran. */
static void bm_midway(sb_gb_state *st, void *arg)
{
	(void)arg;
	int64_t k = 0;
	while (sb_gb_keep_running(st)) {
		if (++k == 10)
			sb_gb_skip_with_error(st, "stopped after 10");
	}
	if (sb_gb_iterations(st) != k || (k >= 10 && k != 10))
		atomic_store(&bad_iterations, 1);
}

/* Returns without running its loop: the shim must turn this into an error, not an abort. */
static void bm_early(sb_gb_state *st, void *arg)
{
	(void)arg;
	(void)sb_gb_keep_running(st);
}

static void *idle(void *arg) { return arg; }

static void check_registration(void)
{
	CHECK(sb_gb_register(NULL, bm_early, NULL) == NULL, "register NULL name");
	CHECK(sb_gb_register("", bm_early, NULL) == NULL, "register empty name");
	CHECK(sb_gb_register("x", NULL, NULL) == NULL, "register NULL function");

	sb_gb_bench *b = sb_gb_register("shim/threads/check", bm_threads, NULL);
	CHECK(b != NULL, "register");
	if (!b)
		return;
	CHECK(sb_gb_threads(b, 0) == -EINVAL, "threads 0");
	CHECK(sb_gb_thread_range(b, 2, 1) == -EINVAL, "thread range 2..1");
	CHECK(sb_gb_thread_range(b, 0, 2) == -EINVAL, "thread range 0..2");
	CHECK(sb_gb_min_time(b, 0) == -EINVAL, "min time 0");
	CHECK(sb_gb_repetitions(b, 0) == -EINVAL, "repetitions 0");
	CHECK(sb_gb_unit(b, (enum sb_gb_unit)9) == -EINVAL, "unit 9");
	CHECK(sb_gb_range(b, 5, 1) == -EINVAL, "range 5..1");
	CHECK(sb_gb_dense_range(b, 1, 3, 0) == -EINVAL, "dense range step 0");
	CHECK(sb_gb_thread_range(b, 1, 2) == 0, "thread range 1..2");
	CHECK(sb_gb_use_real_time(b) == 0, "real time");
	CHECK(sb_gb_min_time(b, 0.01) == 0, "min time");
	CHECK(sb_gb_unit(b, SB_GB_US) == 0, "unit us");

	b = sb_gb_register("shim/batch/exact", bm_batch, NULL);
	CHECK(b && sb_gb_threads(b, 2) == 0 && sb_gb_repetitions(b, 2) == 0 && sb_gb_min_time(b, 0.01) == 0,
	      "batch registration");

	b = sb_gb_register("shim/args/dense", bm_args, NULL);
	CHECK(b && sb_gb_arg_name(b, "n") == 0 && sb_gb_dense_range(b, 1, 2, 1) == 0 && sb_gb_arg(b, 3) == 0 &&
	      sb_gb_min_time(b, 0.01) == 0, "args registration");

	b = sb_gb_register("shim/error/skip", bm_skip, NULL);
	CHECK(b && sb_gb_threads(b, 2) == 0, "skip registration");
	b = sb_gb_register("shim/error/midway", bm_midway, NULL);
	CHECK(b != NULL, "midway registration");
	b = sb_gb_register("shim/error/early", bm_early, NULL);
	CHECK(b && sb_gb_threads(b, 2) == 0, "early registration");

	CHECK(sb_gb_context_add("shim_key", "shim \"value\"") == 0, "context add");
	CHECK(sb_gb_context_add("shim_key", "again") == -EEXIST, "context add twice");
	CHECK(sb_gb_context_add(NULL, "x") == -EINVAL, "context add NULL");
}

int main(int argc, char **argv)
{
	pthread_t t;
	/* as syncbench-gbench does: a threaded process from the start (glibc's single-thread path) */
	if (pthread_create(&t, NULL, idle, NULL) == 0)
		pthread_join(t, NULL);

	sb_gb_initialize(&argc, argv);
	if (sb_gb_report_unrecognized(argc, argv) > 0)
		return 2;
	check_registration();
	size_t n = sb_gb_run_specified();
	sb_gb_shutdown();

	/* what ran depends on the filter; check what ran */
	CHECK(n > 0, "nothing ran");
	CHECK(!atomic_load(&bad_thread), "thread index out of range or wrong thread count");
	if (atomic_load(&runs_threads) > 0) {
		CHECK(atomic_load(&seen_index[1]) == 0x1, "threads:1 saw indices %#x", atomic_load(&seen_index[1]));
		CHECK(atomic_load(&seen_index[2]) == 0x3, "threads:2 saw indices %#x", atomic_load(&seen_index[2]));
		for (int i = 3; i < 8; i++)
			CHECK(atomic_load(&seen_index[i]) == 0, "ran at %d threads", i);
	}
	CHECK(!atomic_load(&bad_iterations), "sb_gb_iterations or counter flag checks failed");
	CHECK(!atomic_load(&bad_batch), "a batch overshot or the batches did not add up");
	CHECK(!atomic_load(&bad_args), "bad range_arg");
	if (atomic_load(&seen_args))
		CHECK(atomic_load(&seen_args) == 0xe, "arguments seen %#x, want 1,2,3", atomic_load(&seen_args));
	return failures ? 1 : 0;
}
