/* tests/test_rlock.c: the recursive locks' own contract (nesting, a non-owner's unlock refused,
 * trylock from another thread), then every implementation and scenario through the real program
 * with its checks ok, and the broken lock (negative control) caught. */
#include <criterion/criterion.h>
#include <pthread.h>

#include "prim/rlock_list.h"
#include "sbtest_rows.h"

static char dir[64];
static void setup(void) { sbt_tmpdir(dir, sizeof dir); }
static void teardown(void) { sbt_rmdir(dir); }
TestSuite(rlock, .init = setup, .fini = teardown, .timeout = 60);

/* What another thread gets from the lock while the test thread holds it. */
#define OTHER_THREAD_PROBE(NAME)                                                      \
	static void *probe_##NAME(void *arg)                                          \
	{                                                                             \
		sb_rlock_##NAME *l = arg;                                             \
		static int r[2];                                                      \
		r[0] = sb_rlock_##NAME##_unlock(l);  /* not the owner */              \
		r[1] = sb_rlock_##NAME##_trylock(l); /* held by someone else */       \
		return r;                                                             \
	}                                                                             \
	static void contract_##NAME(void)                                             \
	{                                                                             \
		sb_rlock_##NAME l;                                                    \
		cr_assert_eq(sb_rlock_##NAME##_init(&l), 0);                          \
		for (int i = 0; i < 5; i++)                                           \
			sb_rlock_##NAME##_lock(&l);                                   \
		cr_assert_eq(sb_rlock_##NAME##_trylock(&l), 0, "the owner re-enters with trylock"); \
		pthread_t th;                                                         \
		void *res;                                                            \
		cr_assert_eq(pthread_create(&th, NULL, probe_##NAME, &l), 0);         \
		pthread_join(th, &res);                                               \
		cr_expect_eq(((int *)res)[0], -EPERM, #NAME ": unlock by a non-owner gave %d", ((int *)res)[0]); \
		cr_expect_eq(((int *)res)[1], -EBUSY, #NAME ": trylock by another thread gave %d", ((int *)res)[1]); \
		for (int i = 0; i < 6; i++)                                           \
			cr_assert_eq(sb_rlock_##NAME##_unlock(&l), 0, "unlock %d of 6", i); \
		/* free now: another thread can take it, and the owner has nothing left to unlock */ \
		cr_expect_eq(sb_rlock_##NAME##_unlock(&l), -EPERM, #NAME ": unlock of a free lock"); \
		sb_rlock_##NAME##_destroy(&l);                                        \
	}

OTHER_THREAD_PROBE(futex)
OTHER_THREAD_PROBE(pthread)

Test(rlock, futex_lock_contract) { contract_futex(); }
Test(rlock, pthread_lock_contract) { contract_pthread(); }

Test(rlock, futex_count_returns_to_zero)
{
	sb_rlock_futex l;
	sb_rlock_futex_init(&l);
	sb_rlock_futex_lock(&l);
	sb_rlock_futex_lock(&l);
	cr_assert_eq(sb_rlock_futex_levels(&l), 2);
	sb_rlock_futex_unlock(&l);
	sb_rlock_futex_unlock(&l);
	cr_assert_eq(sb_rlock_futex_levels(&l), 0);
	cr_assert_eq(atomic_load(&l.owner), 0);
	cr_assert_eq(atomic_load(&l.m.v), 0, "the futex mutex is released");
}

Test(rlock, every_implementation_and_scenario_ok)
{
	sbt_rows *r = sbt_every_impl_ok(dir, "rlock/*", "-t 1,2,3 -d 50ms --warmup 5ms -r 1 --cs 50ns --think 50ns "
				       "--watchdog 2s");
	for (int i = 0; i < r->nrows; i++) {
		const char *impl = sbt_get(r, i, "impl"), *sc = sbt_get(r, i, "scenario");
		cr_expect(atoi(sbt_get(r, i, "depth")) >= 1, "%s/%s: depth column '%s'", impl, sc, sbt_get(r, i, "depth"));
		if (!strcmp(sc, "nesting")) {
			cr_expect_str_eq(sbt_get(r, i, "threads"), "1");
			cr_expect_str_eq(sbt_get(r, i, "cs_ns"), "0");
			/* ops counts levels: a whole number of nests */
			cr_expect(atoll(sbt_get(r, i, "ops")) % atoi(sbt_get(r, i, "depth")) == 0, "%s: %s ops at depth %s",
				  impl, sbt_get(r, i, "ops"), sbt_get(r, i, "depth"));
		} else {
			cr_expect(atoi(sbt_get(r, i, "threads")) >= 2);
			cr_expect_str_eq(sbt_get(r, i, "depth"), "2");
		}
	}
	sbt_rows_drop(r);
}

Test(rlock, depth_option_sets_the_nesting)
{
	sbt_rows *r = sbt_run_rows(dir, "run -q -f 'rlock/futex/nesting' --depth 3 -d 10ms --warmup 2ms -r 1 -o %s/run", 0);
	cr_assert_eq(r->nrows, 1);
	cr_expect_str_eq(sbt_get(r, 0, "depth"), "3");
	cr_expect_str_eq(sbt_get(r, 0, "check"), "ok");
	sbt_rows_free(r);
	free(r);
}

Test(rlock, broken_lock_is_caught)
{
	sbt_rows_drop(sbt_negative_caught(dir, "rlock/broken/contended", "-t 2 -d 100ms --warmup 10ms -r 2 --cs 20ns --think 0",
					  "mutual exclusion violated"));
}
