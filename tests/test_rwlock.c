/* tests/test_rwlock.c: our futex rwlock's contract (readers together, a writer alone, a waiting
 * writer holds new readers back), then every implementation and scenario through the real program
 * with its checks ok and reads/writes counted apart (read_pct % of them reads, exactly), and the broken rwlock (a writer beside
 * readers: negative control) caught. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <time.h>

#include "prim/rwlock_list.h"
#include "sbtest_rows.h"

static char dir[64];
static void setup(void) { sbt_tmpdir(dir, sizeof dir); }
static void teardown(void) { sbt_rmdir(dir); }
TestSuite(rwlock, .init = setup, .fini = teardown, .timeout = 60);

static void nap_ms(int ms)
{
	struct timespec ts = { 0, ms * 1000000L };
	nanosleep(&ts, NULL);
}

typedef struct probe {
	sb_rwlock_futex *l;
	int write;
	atomic_int in;
} probe;

static void *probe_main(void *arg)
{
	probe *p = arg;
	if (p->write)
		sb_rwlock_futex_wrlock(p->l);
	else
		sb_rwlock_futex_rdlock(p->l);
	atomic_store(&p->in, 1);
	if (p->write)
		sb_rwlock_futex_wrunlock(p->l);
	else
		sb_rwlock_futex_rdunlock(p->l);
	return NULL;
}

Test(rwlock, futex_readers_share_a_writer_waits)
{
	sb_rwlock_futex l;
	sb_rwlock_futex_init(&l);
	sb_rwlock_futex_rdlock(&l);
	/* a second reader gets in while the first holds it */
	probe r = { .l = &l, .write = 0 };
	pthread_t th;
	pthread_create(&th, NULL, probe_main, &r);
	pthread_join(th, NULL);
	cr_assert_eq(atomic_load(&r.in), 1);
	/* a writer waits for the reader */
	probe w = { .l = &l, .write = 1 };
	pthread_create(&th, NULL, probe_main, &w);
	nap_ms(30);
	cr_assert_eq(atomic_load(&w.in), 0, "a writer got in beside a reader");
	/* writers preferred: a new reader waits behind the waiting writer */
	probe r2 = { .l = &l, .write = 0 };
	pthread_t th2;
	pthread_create(&th2, NULL, probe_main, &r2);
	nap_ms(30);
	cr_assert_eq(atomic_load(&r2.in), 0, "a new reader overtook a waiting writer");
	sb_rwlock_futex_rdunlock(&l);
	pthread_join(th, NULL);
	pthread_join(th2, NULL);
	cr_assert_eq(atomic_load(&w.in), 1);
	cr_assert_eq(atomic_load(&r2.in), 1);
	cr_assert_eq(atomic_load(&l.state), 0, "state 0x%x after everyone left", atomic_load(&l.state));
}

Test(rwlock, futex_writer_excludes_readers)
{
	sb_rwlock_futex l;
	sb_rwlock_futex_init(&l);
	sb_rwlock_futex_wrlock(&l);
	probe r = { .l = &l, .write = 0 }, w = { .l = &l, .write = 1 };
	pthread_t t1, t2;
	pthread_create(&t1, NULL, probe_main, &r);
	pthread_create(&t2, NULL, probe_main, &w);
	nap_ms(30);
	cr_assert_eq(atomic_load(&r.in) + atomic_load(&w.in), 0, "someone got in beside a writer");
	sb_rwlock_futex_wrunlock(&l);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	cr_assert_eq(atomic_load(&r.in) + atomic_load(&w.in), 2);
	cr_assert_eq(atomic_load(&l.state), 0);
}

Test(rwlock, every_implementation_and_scenario_ok)
{
	sbt_rows *r = sbt_every_impl_ok(dir, "rwlock/*", "-t 1,2,3 --read-pct 0,50,100 -d 50ms --warmup 5ms -r 1 "
				       "--cs 50ns --think 50ns --watchdog 2s");
	for (int i = 0; i < r->nrows; i++) {
		const char *impl = sbt_get(r, i, "impl"), *sc = sbt_get(r, i, "scenario");
		int pct = atoi(sbt_get(r, i, "read_pct"));
		long long ops = atoll(sbt_get(r, i, "ops")), rd = atoll(sbt_get(r, i, "read_ops")),
			  wr = atoll(sbt_get(r, i, "write_ops"));
		cr_expect_eq(rd + wr, ops, "%s/%s: reads %lld + writes %lld != ops %lld", impl, sc, rd, wr, ops);
		if (pct == 100)
			cr_expect_eq(wr, 0, "%s/%s: writes at read_pct=100", impl, sc);
		if (pct == 0)
			cr_expect_eq(rd, 0, "%s/%s: reads at read_pct=0", impl, sc);
		/* the interleave is exact: every thread's reads are read_pct % of its operations, give
		 * or take one per thread */
		long long want = ops * pct / 100, slack = atoll(sbt_get(r, i, "threads"));
		cr_expect(rd >= want - slack && rd <= want + slack, "%s/%s t=%s: %lld reads of %lld at %d%%", impl, sc,
			  sbt_get(r, i, "threads"), rd, ops, pct);
	}
	sbt_rows_drop(r);
}

Test(rwlock, broken_rwlock_is_caught)
{
	sbt_rows_drop(sbt_negative_caught(dir, "rwlock/broken/mixed", "-t 2 --read-pct 50 -d 100ms --warmup 10ms -r 2 "
					  "--cs 50ns --think 0", "writer beside readers"));
}
