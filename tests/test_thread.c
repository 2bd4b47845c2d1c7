/* tests/test_thread.c: the thread family's primitives keep their contract (a spawner creates a
 * thread that runs and is joined; a mailbox hands tasks to a parked thread and gets each one's
 * completion back; the nowait control does not wait), then every case through the real program
 * with its checks ok, and the nowait control caught. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <sched.h>

#include "prim/thread_list.h"
#include "sbtest_rows.h"
#include "syncbench/clock.h"

static char dir[64];
static void setup(void) { sbt_tmpdir(dir, sizeof dir); }
static void teardown(void) { sbt_rmdir(dir); }
TestSuite(thread, .init = setup, .fini = teardown, .timeout = 60);

static void *bump(void *arg)
{
	++*(int *)arg;
	return arg;
}

#define SPAWN_CONTRACT(NAME, FLAGS)                                                                 \
	static void spawn_contract_##NAME(void)                                                     \
	{                                                                                           \
		sb_thread_##NAME s;                                                                 \
		cr_assert_eq(sb_thread_##NAME##_init(&s), 0, #NAME ": init");                       \
		int ran = 0;                                                                        \
		for (int i = 1; i <= 3; i++) {                                                      \
			pthread_t th;                                                               \
			void *ret = NULL;                                                           \
			cr_assert_eq(sb_thread_##NAME##_create(&s, &th, bump, &ran), 0, #NAME ": create"); \
			cr_assert_eq(sb_thread_##NAME##_join(&s, th, &ret), 0, #NAME ": join");     \
			cr_assert_eq(ran, i, #NAME ": the thread ran once before the join returned"); \
			cr_assert_eq(ret, &ran, #NAME ": its return value");                        \
		}                                                                                   \
		sb_thread_##NAME##_destroy(&s);                                                     \
	}
SB_THREAD_SPAWN_IMPLS(SPAWN_CONTRACT)
#undef SPAWN_CONTRACT

Test(thread, every_spawner_creates_and_joins)
{
#define X(NAME, FLAGS) spawn_contract_##NAME();
	SB_THREAD_SPAWN_IMPLS(X)
#undef X
}

/* A pool thread on a mailbox: takes tasks until the exit task; answers each with its number
 * after a nap (so that its submitter has to park), and counts what it took. */
typedef struct pool_arg {
	void *m;
	unsigned (*take)(void *, unsigned);
	void (*complete)(void *, unsigned);
	unsigned taken[8];
	int ntaken;
} pool_arg;

static void *pool(void *p)
{
	pool_arg *a = p;
	unsigned last = 0;
	for (;;) {
		unsigned t = a->take(a->m, last);
		if (t == SB_THREAD_EXIT)
			return NULL;
		if (a->ntaken < 8)
			a->taken[a->ntaken++] = t;
		sb_sleep_until_ns(sb_now_ns() + 5000000, NULL);
		a->complete(a->m, t);
		last = t;
	}
}

/* Hands tasks 1..3 to a pool thread, each after a nap (so that the pool thread parks); returns
 * how many completions came back equal to their task, and the time the three took. */
#define POOL_CONTRACT(NAME, FLAGS)                                                                  \
	static unsigned take_##NAME(void *m, unsigned l) { return sb_thread_##NAME##_take(m, l); }  \
	static void complete_##NAME(void *m, unsigned t) { sb_thread_##NAME##_complete(m, t); }     \
	static int pool_contract_##NAME(void)                                                       \
	{                                                                                           \
		static sb_thread_##NAME m;                                                          \
		cr_assert_eq(sb_thread_##NAME##_init(&m), 0, #NAME ": init");                       \
		pool_arg a = { .m = &m, .take = take_##NAME, .complete = complete_##NAME };         \
		pthread_t th;                                                                       \
		cr_assert_eq(pthread_create(&th, NULL, pool, &a), 0);                               \
		int right = 0;                                                                      \
		unsigned done = 0;                                                                  \
		for (unsigned t = 1; t <= 3; t++) {                                                 \
			sb_sleep_until_ns(sb_now_ns() + 5000000, NULL);                             \
			sb_thread_##NAME##_submit(&m, t);                                           \
			unsigned d = sb_thread_##NAME##_await(&m, done);                            \
			right += d == t;                                                            \
			done = d;                                                                   \
		}                                                                                   \
		sb_thread_##NAME##_submit(&m, SB_THREAD_EXIT);                                      \
		pthread_join(th, NULL);                                                             \
		if (!((FLAGS) & SB_IMPL_HIDDEN))                                                    \
			for (int i = 0; i < 3; i++)                                                 \
				cr_expect_eq(a.taken[i], (unsigned)i + 1, #NAME ": task %d taken as %u", i + 1, a.taken[i]); \
		sb_thread_##NAME##_destroy(&m);                                                     \
		return right;                                                                       \
	}
SB_THREAD_POOL_IMPLS(POOL_CONTRACT)
#undef POOL_CONTRACT

Test(thread, every_mailbox_hands_tasks_and_answers)
{
#define X(NAME, FLAGS)                                                                              \
	if (!((FLAGS) & SB_IMPL_HIDDEN))                                                            \
		cr_expect_eq(pool_contract_##NAME(), 3, #NAME ": a completion was not its task's");
	SB_THREAD_POOL_IMPLS(X)
#undef X
}

Test(thread, nowait_mailbox_does_not_wait)
{
	cr_expect_lt(pool_contract_nowait(), 3, "the nowait mailbox waited for every completion");
}

Test(thread, every_implementation_and_scenario_ok)
{
	sbt_rows *r = sbt_every_impl_ok(dir, "thread/*", "-t 1,2 -d 50ms --warmup 10ms -r 1 --watchdog 5s");
	for (int i = 0; i < r->nrows; i++) {
		const char *impl = sbt_get(r, i, "impl"), *sc = sbt_get(r, i, "scenario");
		/* every operation is timed, and costs microseconds */
		cr_expect(atoll(sbt_get(r, i, "lat_samples")) > 0, "%s/%s: no latency", impl, sc);
		cr_expect(atof(sbt_get(r, i, "ns_per_op")) > 100, "%s/%s: %s ns/op", impl, sc, sbt_get(r, i, "ns_per_op"));
		cr_expect_str_neq(impl, "nowait", "the negative control ran without --negative-controls");
	}
	sbt_rows_drop(r);
}

Test(thread, nowait_handoff_is_caught)
{
	sbt_rows_drop(sbt_negative_caught(dir, "thread/nowait/handoff", "-t 1,2 -d 30ms --warmup 5ms -r 1 --watchdog 5s",
					  "answered with completion"));
}
