/* tests/test_semaphore.c: our futex semaphore's contract (counts, a timed wait that times out, a
 * sleeper woken by a post), then every implementation and scenario through the real program with
 * its checks ok, and the unbounded semaphore (negative control) caught in the pool and the
 * ping-pong. */
#include <criterion/criterion.h>
#include <pthread.h>

#include "prim/semaphore_list.h"
#include "syncbench/clock.h"
#include "sbtest_rows.h"

static char dir[64];
static void setup(void) { sbt_tmpdir(dir, sizeof dir); }
static void teardown(void) { sbt_rmdir(dir); }
TestSuite(semaphore, .init = setup, .fini = teardown, .timeout = 60);

static struct timespec in_ns(uint64_t ns)
{
	uint64_t t = sb_now_ns() + ns;
	return (struct timespec){ .tv_sec = (time_t)(t / 1000000000u), .tv_nsec = (long)(t % 1000000000u) };
}

Test(semaphore, futex_counts_and_times_out)
{
	sb_sem_futex s;
	sb_sem_futex_init(&s, 2);
	sb_sem_futex_wait(&s);
	sb_sem_futex_wait(&s);
	cr_assert_eq(sb_sem_futex_value(&s), 0);
	uint64_t t0 = sb_now_ns();
	struct timespec dl = in_ns(20000000);
	cr_assert_eq(sb_sem_futex_timedwait(&s, &dl), -ETIMEDOUT);
	uint64_t waited = sb_now_ns() - t0;
	cr_expect(waited >= 19000000, "returned after %llu ns, before the 20 ms deadline", (unsigned long long)waited);
	sb_sem_futex_post(&s);
	dl = in_ns(20000000);
	cr_assert_eq(sb_sem_futex_timedwait(&s, &dl), 0, "a permit was there");
	cr_assert_eq(sb_sem_futex_value(&s), 0);
}

static void *poster(void *arg)
{
	struct timespec ts = { 0, 20000000 };
	nanosleep(&ts, NULL);
	sb_sem_futex_post(arg);
	return NULL;
}

Test(semaphore, futex_sleeper_woken_by_post)
{
	sb_sem_futex s;
	sb_sem_futex_init(&s, 0);
	pthread_t th;
	pthread_create(&th, NULL, poster, &s);
	struct timespec dl = in_ns(5000000000ull);
	cr_assert_eq(sb_sem_futex_timedwait(&s, &dl), 0, "not woken by the post");
	pthread_join(th, NULL);
	cr_assert_eq(atomic_load(&s.waiters), 0);
}

Test(semaphore, every_implementation_and_scenario_ok)
{
	sbt_rows *r = sbt_every_impl_ok(dir, "semaphore/*", "-t 1,2,3 -d 50ms --warmup 5ms -r 1 --cs 50ns --think 50ns "
				       "--watchdog 2s");
	for (int i = 0; i < r->nrows; i++) {
		const char *impl = sbt_get(r, i, "impl"), *sc = sbt_get(r, i, "scenario");
		if (!strcmp(sc, "pingpong")) {
			/* the round trips are timed, and the round trip is ns/op */
			cr_expect(atoll(sbt_get(r, i, "lat_samples")) > 0, "%s: no round trip timed", impl);
			cr_expect(atof(sbt_get(r, i, "ns_per_op")) > 100, "%s: round trip %s ns", impl, sbt_get(r, i, "ns_per_op"));
			/* a ring is fair: the passes differ by the few a worker makes before the others
			 * see the window open; on a loaded machine a window holds only a handful */
			if (atoll(sbt_get(r, i, "ops")) >= 300)
				cr_expect(atof(sbt_get(r, i, "fair_jain")) > 0.99, "%s: a ring is fair, jain %s", impl,
					  sbt_get(r, i, "fair_jain"));
		} else {
			cr_expect(atoi(sbt_get(r, i, "permits")) >= 1, "%s/%s: permits column", impl, sc);
		}
	}
	sbt_rows_drop(r);
}

Test(semaphore, unbounded_semaphore_is_caught_in_the_pool)
{
	sbt_rows_drop(sbt_negative_caught(dir, "semaphore/broken/pool", "-t 2 --permits 1 -d 100ms --warmup 10ms -r 2 "
					  "--cs 50ns --think 0", "more than 1 permits in use"));
}

Test(semaphore, unbounded_semaphore_is_caught_in_the_pingpong)
{
	sbt_rows_drop(sbt_negative_caught(dir, "semaphore/broken/pingpong", "-t 2 -d 50ms --warmup 5ms -r 1 --watchdog 2s",
					  ""));
}
