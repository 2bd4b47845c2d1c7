/* tests/test_tls.c: every thread-local variable keeps its contract (a thread reads back what it
 * set, never another thread's value; the shared control does not), then every case through the
 * real program with its checks ok, and the shared control caught at 2 threads. */
#include <criterion/criterion.h>
#include <pthread.h>

#include "prim/tls_list.h"
#include "sbtest_rows.h"

static char dir[64];
static void setup(void) { sbt_tmpdir(dir, sizeof dir); }
static void teardown(void) { sbt_rmdir(dir); }
TestSuite(tls, .init = setup, .fini = teardown, .timeout = 60);

enum { NTHREADS = 4, ROUNDS = 20000 };

/* NTHREADS threads, released together, each setting and reading back values of its own. */
typedef struct tls_arg {
	void *v;
	int (*thread_init)(void *v, void *t);
	void (*thread_exit)(void *v, void *t);
	uint64_t (*get)(void *v);
	void (*set)(void *v, uint64_t x);
	int id;
	pthread_barrier_t *go;
	uint64_t wrong;
	int started_at_zero;
} tls_arg;

static void *tls_thread(void *p)
{
	tls_arg *a = p;
	unsigned char t[SB_WORKER_LOCAL] __attribute__((aligned(SB_CACHELINE)));
	cr_assert_eq(a->thread_init(a->v, t), 0);
	a->started_at_zero = a->get(a->v) == 0;
	pthread_barrier_wait(a->go);
	uint64_t base = ((uint64_t)a->id + 1) << 40;
	for (uint64_t i = 0; i < ROUNDS; i++) {
		a->set(a->v, base + i);
		a->wrong += a->get(a->v) != base + i;
	}
	a->thread_exit(a->v, t);
	return NULL;
}

/* Wrong reads of NTHREADS threads over ROUNDS each (every thread must start at 0). */
#define TLS_CONTRACT(NAME, FLAGS)                                                                   \
	static int ti_##NAME(void *v, void *t) { return sb_tls_##NAME##_thread_init(v, t); }        \
	static void te_##NAME(void *v, void *t) { sb_tls_##NAME##_thread_exit(v, t); }              \
	static uint64_t get_##NAME(void *v) { return sb_tls_##NAME##_get(v); }                      \
	static void set_##NAME(void *v, uint64_t x) { sb_tls_##NAME##_set(v, x); }                  \
	static uint64_t contract_##NAME(void)                                                       \
	{                                                                                           \
		static sb_tls_##NAME v;                                                             \
		cr_assert_eq(sb_tls_##NAME##_init(&v, NTHREADS), 0, #NAME ": init");               \
		pthread_barrier_t go;                                                               \
		pthread_barrier_init(&go, NULL, NTHREADS);                                          \
		tls_arg a[NTHREADS];                                                                \
		pthread_t th[NTHREADS];                                                             \
		for (int i = 0; i < NTHREADS; i++) {                                                \
			a[i] = (tls_arg){ &v, ti_##NAME, te_##NAME, get_##NAME, set_##NAME, i, &go, 0, 0 }; \
			cr_assert_eq(pthread_create(&th[i], NULL, tls_thread, &a[i]), 0);           \
		}                                                                                   \
		uint64_t wrong = 0;                                                                 \
		for (int i = 0; i < NTHREADS; i++) {                                                \
			pthread_join(th[i], NULL);                                                  \
			wrong += a[i].wrong;                                                        \
			if (!((FLAGS) & SB_IMPL_HIDDEN))                                            \
				cr_expect(a[i].started_at_zero, #NAME ": thread %d did not start at 0", i); \
		}                                                                                   \
		pthread_barrier_destroy(&go);                                                       \
		sb_tls_##NAME##_destroy(&v);                                                        \
		return wrong;                                                                       \
	}
SB_TLS_IMPLS(TLS_CONTRACT)
#undef TLS_CONTRACT

Test(tls, every_variable_keeps_each_threads_value)
{
#define X(NAME, FLAGS)                                                                              \
	if (!((FLAGS) & SB_IMPL_HIDDEN))                                                            \
		cr_expect_eq(contract_##NAME(), 0, #NAME ": a thread read a value it did not set");
	SB_TLS_IMPLS(X)
#undef X
}

Test(tls, table_reuses_the_slot_of_a_thread_that_left)
{
	/* registrations and exits in turn never fill a table sized for one thread */
	for (int i = 0; i < 50; i++)
		cr_assert_eq(contract_table(), 0);
	sb_tls_table v;
	cr_assert_eq(sb_tls_table_init(&v, 1), 0);
	sb_tls_table_thread t;
	for (int i = 0; i < 100; i++) {
		cr_assert_eq(sb_tls_table_thread_init(&v, &t), 0, "registration %d", i);
		sb_tls_table_set(&v, (uint64_t)i);
		cr_assert_eq(sb_tls_table_get(&v), (uint64_t)i);
		sb_tls_table_thread_exit(&v, &t);
	}
	sb_tls_table_destroy(&v);
}

Test(tls, every_implementation_and_scenario_ok)
{
	sbt_rows *r = sbt_every_impl_ok(dir, "tls/*", "-t 1,2 -d 30ms --warmup 5ms -r 1 --watchdog 5s");
	for (int i = 0; i < r->nrows; i++) {
		const char *impl = sbt_get(r, i, "impl");
		cr_expect(atof(sbt_get(r, i, "ns_per_op")) > 0, "%s: ns_per_op %s", impl, sbt_get(r, i, "ns_per_op"));
		cr_expect_str_neq(impl, "shared", "the negative control ran without --negative-controls");
	}
	sbt_rows_drop(r);
}

Test(tls, shared_global_is_caught)
{
	sbt_rows_drop(sbt_negative_caught(dir, "tls/shared/*", "-t 2 -d 30ms --warmup 5ms -r 1 --watchdog 5s",
					  "where it set"));
}
