/* tests/test_event.c: the event implementations keep their contract (set, clear, is_set, wait with
 * a deadline, a set wakes a sleeping waiter; the lossy control does not); every event case passes
 * its checks through the real program; the lossy event is caught by the watchdog. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#include "prim/event_list.h"
#include "sbtest.h"
#include "sbtest_rows.h"
#include "syncbench/clock.h"

static char dir[64];
static void setup(void) { sbt_tmpdir(dir, sizeof dir); }
static void teardown(void) { sbt_rmdir(dir); }
TestSuite(event, .init = setup, .fini = teardown, .timeout = 60);

typedef struct waiter_arg {
	void *e;
	int (*wait_until)(void *, uint64_t);
	uint64_t deadline;
	int r;
	uint64_t t_return;
	atomic_int started; /* the thread runs: its wait is about to start */
} waiter_arg;

static void *waiter(void *p)
{
	waiter_arg *a = p;
	atomic_store(&a->started, 1);
	a->r = a->wait_until(a->e, a->deadline);
	a->t_return = sb_now_ns();
	return NULL;
}

/* The contract, for one implementation: returns the time a sleeping waiter took to return after
 * set() (its deadline is 300 ms away). */
#define EVENT_CONTRACT(NAME, FLAGS)                                                                 \
	static int wu_##NAME(void *e, uint64_t d) { return sb_event_##NAME##_wait_until(e, d); }    \
	static uint64_t contract_##NAME(void)                                                       \
	{                                                                                           \
		sb_event_##NAME e;                                                                  \
		cr_assert_eq(sb_event_##NAME##_init(&e), 0, #NAME ": init");                        \
		cr_assert(!sb_event_##NAME##_is_set(&e), #NAME ": starts clear");                   \
		uint64_t d = sb_now_ns() + 2000000;                                                 \
		cr_assert_eq(sb_event_##NAME##_wait_until(&e, d), 0, #NAME ": times out when clear"); \
		cr_assert(sb_now_ns() >= d, #NAME ": returned before its deadline");                \
		sb_event_##NAME##_set(&e);                                                          \
		cr_assert(sb_event_##NAME##_is_set(&e), #NAME ": is_set after set");                \
		cr_assert_eq(sb_event_##NAME##_wait(&e), 1, #NAME ": wait on a set event");         \
		sb_event_##NAME##_set(&e);                                                          \
		sb_event_##NAME##_clear(&e);                                                        \
		cr_assert(!sb_event_##NAME##_is_set(&e), #NAME ": clear after set, set");           \
		waiter_arg a = { .e = &e, .wait_until = wu_##NAME, .deadline = sb_now_ns() + 300000000 }; \
		pthread_t th;                                                                       \
		cr_assert_eq(pthread_create(&th, NULL, waiter, &a), 0);                             \
		while (!atomic_load(&a.started)) /* a loaded machine may start it late */           \
			sched_yield();                                                              \
		sb_sleep_until_ns(sb_now_ns() + 20000000, NULL); /* let it go to sleep */           \
		uint64_t t_set = sb_now_ns();                                                       \
		sb_event_##NAME##_set(&e);                                                          \
		pthread_join(th, NULL);                                                             \
		cr_assert_eq(a.r, 1, #NAME ": the waiter saw the event set");                       \
		sb_event_##NAME##_destroy(&e);                                                      \
		return a.t_return - t_set;                                                          \
	}
SB_EVENT_IMPLS(EVENT_CONTRACT)

Test(event, every_implementation_keeps_the_contract)
{
#define X(NAME, FLAGS)                                                                              \
	if (!((FLAGS) & SB_IMPL_HIDDEN)) {                                                          \
		uint64_t late = contract_##NAME();                                                  \
		cr_expect(late < 200000000, #NAME ": a set took %llu ns to wake a waiter",          \
			  (unsigned long long)late);                                                \
	}
	SB_EVENT_IMPLS(X)
#undef X
}

Test(event, lossy_event_drops_the_wake_up)
{
	/* the waiter sleeps until its own deadline (300 ms) although the event was set at 20 ms */
	uint64_t late = contract_lossy();
	cr_assert(late > 200000000, "the lossy event woke its waiter after %llu ns", (unsigned long long)late);
}

/* Whether the implementation of that name never blocks (SB_IMPL_SPINS in the list). */
static int spins(const char *impl)
{
#define X(NAME, FLAGS)                                                                              \
	if (!strcmp(impl, #NAME))                                                                   \
		return ((FLAGS) & SB_IMPL_SPINS) != 0;
	SB_EVENT_IMPLS(X)
#undef X
	return 0;
}

static void run_ok(const char *args, int want_rows)
{
	char cmd[600], p[128];
	snprintf(cmd, sizeof cmd, "%s -o %s/run", args, dir);
	int st = sbt_run(dir, cmd);
	snprintf(p, sizeof p, "%s/err.txt", dir);
	char *err = sbt_slurp(p);
	cr_assert_eq(st, 0, "exit %d: %s", st, err);
	free(err);
	sbt_rows r;
	snprintf(p, sizeof p, "%s/run/results.csv", dir);
	cr_assert_eq(sbt_rows_read(&r, p), 0, "results.csv");
	cr_assert_eq(r.nrows, want_rows, "rows %d", r.nrows);
	for (int i = 0; i < r.nrows; i++) {
		const char *name = sbt_get(&r, i, "impl"), *sc = sbt_get(&r, i, "scenario");
		const char *th = sbt_get(&r, i, "threads");
		cr_expect_str_eq(sbt_get(&r, i, "check"), "ok", "%s/%s t=%s", name, sc, th);
		/* two spinning threads per pair on a shared machine may finish no round trip in a
		 * short window (both must be on a CPU at once); their check must still hold */
		if (spins(name) && strcmp(sc, "uncontended"))
			continue;
		cr_expect(atoll(sbt_get(&r, i, "ops")) > 0, "%s/%s t=%s: no operations", name, sc, th);
		cr_expect(atoll(sbt_get(&r, i, "lat_samples")) > 0, "%s/%s t=%s: no latency", name, sc, th);
		if (!strcmp(sc, "fanout"))
			cr_expect_eq(atoi(sbt_get(&r, i, "threads")), atoi(sbt_get(&r, i, "waiters")) + 1,
				     "%s fanout: threads %s for %s waiters", name, th, sbt_get(&r, i, "waiters"));
	}
	sbt_rows_free(&r);
}

Test(event, every_case_passes_its_checks)
{
	/* uncontended at 1 thread; fanout x waiters 1, 2; pingpong x threads 2, 4 */
	int want = sbt_list_count("event/*/uncontended", 0) + 2 * sbt_list_count("event/*/fanout", 0) + 2 * sbt_list_count("event/*/pingpong", 0);
	cr_assert(want > 0 && want == sbt_list_count("event/*", 0) + sbt_list_count("event/*/fanout", 0) + sbt_list_count("event/*/pingpong", 0),
		  "every event case is uncontended, fanout or pingpong");
	run_ok("run -q -f 'event/*' -t 2,4 --waiters 1,2 -d 20ms --warmup 5ms -r 1 --watchdog 5s", want);
}

Test(event, lossy_event_is_caught_by_the_watchdog)
{
	char args[512], p[128];
	snprintf(args, sizeof args,
		 "run -q --negative-controls -f 'event/lossy/fanout' --waiters 2 -d 30ms --warmup 5ms -r 1 --watchdog 2s -o %s/run", dir);
	int st = sbt_run(dir, args);
	cr_assert_eq(st, 1, "a hung case must make the run exit 1, got %d", st);
	snprintf(p, sizeof p, "%s/run/results.csv", dir);
	char *csv = sbt_slurp(p);
	cr_assert(csv && strstr(csv, "FAIL: hung"), "%s", csv ? csv : "(no results.csv)");
	free(csv);
}
