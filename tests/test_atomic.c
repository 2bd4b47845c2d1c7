/* tests/test_atomic.c: the atomic operations' own contract, then every (operation, placement) of
 * the atomic family at 1 and 2 workers through the real program with its count check, and the
 * negative control (a load/store pair on one shared line) caught as FAIL. */
#include <criterion/criterion.h>
#include <pthread.h>

#include "prim/atomic_list.h"
#include "sbtest_rows.h"

static char dir[64];
static void setup(void) { sbt_tmpdir(dir, sizeof dir); }
static void teardown(void) { sbt_rmdir(dir); }
TestSuite(atomic, .init = setup, .fini = teardown, .timeout = 60);

Test(atomic, each_operation_adds_one)
{
	_Atomic uint64_t c = 0;
	uint64_t held = 0;
	sb_atomic_fetch_add_inc(&c, &held);
	sb_atomic_cas_inc(&c, &held);
	sb_atomic_loadstore_inc(&c, &held);
	cr_assert_eq(c, 3);
	cr_assert_eq(held, 0);
	/* xchg: the word and the held value together grow by one per operation */
	for (int i = 0; i < 5; i++)
		sb_atomic_xchg_inc(&c, &held);
	cr_assert_eq(c + held, 8, "word %llu + held %llu", (unsigned long long)c, (unsigned long long)held);
}

typedef struct { _Atomic uint64_t *c; uint64_t held; } xarg;
static void *xchg_many(void *p)
{
	xarg *a = p;
	for (int i = 0; i < 100000; i++)
		sb_atomic_xchg_inc(a->c, &a->held);
	return NULL;
}

Test(atomic, xchg_conserves_under_contention, .timeout = 20)
{
	_Atomic uint64_t c = 0;
	xarg a[2] = { { &c, 0 }, { &c, 0 } };
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, xchg_many, &a[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	cr_assert_eq(c + a[0].held + a[1].held, 200000);
}

Test(atomic, every_operation_and_placement_counts)
{
	sbt_rows *r = sbt_every_impl_ok(dir, "atomic/*", "-t 1,2 -d 50ms --warmup 5ms -r 1 --watchdog 2s");
	for (int i = 0; i < r->nrows; i++) {
		const char *impl = sbt_get(r, i, "impl");
		cr_expect_str_eq(sbt_get(r, i, "scenario"), "counter");
		cr_expect(atof(sbt_get(r, i, "ns_per_op")) > 0, "%s: ns_per_op %s", impl, sbt_get(r, i, "ns_per_op"));
		cr_expect_str_neq(impl, "loadstore_shared", "the negative control ran without --negative-controls");
	}
	sbt_rows_drop(r);
}

Test(atomic, plain_rmw_on_a_shared_line_is_caught)
{
	sbt_rows_drop(sbt_negative_caught(dir, "atomic/loadstore_shared/counter",
					  "-t 2 -d 100ms --warmup 10ms -r 2 --watchdog 2s", "lost"));
}
