/* bench/thread.c: the thread family on the every-operation-timed loop of syncbench/loop.h: what
 * Python's threading.Thread costs, and what waking a parked pool worker costs. One worker
 * function per implementation, the implementation's calls inlined.
 *
 * lifecycle: each operation creates a thread that returns at once and joins it (prim/thread_
 *   pthread*.h: default attributes, a small preset stack). Every operation is timed: the latency
 *   columns are create+join as the creator sees them. N workers each create their own threads.
 *   Check while it runs: the created thread adds one to its creator's `ran` count and returns
 *   the address it was given; after each join the count must equal the threads created (each
 *   created thread ran exactly once, and was joined: the join is what makes its write visible).
 *   After the loop: threads that ran = operations, warm-up included.
 * handoff: each worker (the submitter) owns one pool thread, which it starts before the warm-up
 *   (on the process's CPUs, not the submitter's pin, as a pool thread would be) and which parks
 *   on the mailbox of prim/thread_{futex,condvar}.h. An operation hands the pool thread task
 *   n + 1 and parks until it is told the task is done: the round trip of a wake-up each way, what
 *   executor.submit(f).result() pays with a worker that was idle. Every round trip is timed.
 *   Checks: the pool thread takes tasks 1, 2, 3 ... in order, each once (a gap or a repeat is
 *   counted); the submitter gets back the completion of the very task it handed; after the
 *   loop the pool thread did exactly as many tasks as were handed. The worker stops its pool
 *   thread itself (the exit task, as CPython's executor puts None in its queue) and joins it
 *   before it returns, so the case needs no release: neither side waits for anything but the
 *   other, and the other always answers. The negative control `nowait` does not wait for the
 *   completion: its checks fail. */
#include "bench/family.h"
#include "prim/thread_list.h"
#include "syncbench/loop.h"

#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct thread_shared {
	cpu_set_t cpus; /* where a pool thread may run: the controller's (the process's) CPUs */
	int have_cpus;
} thread_shared;

static __attribute__((cold, noinline)) void thread_cannot(sb_worker *w, const char *what, int r)
{
	snprintf(w->fail, sizeof w->fail, "%s failed (errno %d)", what, -r);
	sb_worker_idle(w);
}

/* --- lifecycle ------------------------------------------------------------------------------- */

/* An implementation's calls on an untyped spawner, passed by value to the always-inline
 * functions below: constants there, so the calls are inlined (no call through a pointer). */
typedef struct spawn_calls {
	int (*create)(void *s, pthread_t *th, void *(*fn)(void *), void *arg);
	int (*join)(void *s, pthread_t th, void **ret);
} spawn_calls;

typedef struct life_ctx {
	void *spawner;    /* sb_thread_IMPL */
	uint64_t created; /* threads created and joined */
	uint64_t ran;     /* written by each created thread (its creator waits in the join meanwhile) */
	uint64_t bad;     /* joins after which `ran` was not `created`, or the return value not ours */
	int err;          /* the first create or join error */
} life_ctx;

/* The created thread: it ran, once. */
static void *thread_child(void *arg)
{
	life_ctx *c = arg;
	c->ran++;
	return arg;
}

/* One operation: create, join, look. 1 to go on, 0 on an error (the worker reports it). */
static SB_ALWAYS_INLINE int thread_life_cycle(life_ctx *c, const spawn_calls sc)
{
	pthread_t th;
	void *ret = NULL;
	int r = sc.create(c->spawner, &th, thread_child, c);
	if (!r)
		r = sc.join(c->spawner, th, &ret);
	if (r) {
		c->err = r;
		return 0;
	}
	c->created++;
	c->bad += (c->ran != c->created) | (ret != c);
	return 1;
}

static SB_ALWAYS_INLINE void thread_lifecycle_run(sb_worker *w, void *spawner, sb_loop_timed_op op)
{
	life_ctx c = { .spawner = spawner };
	sb_loop_timed(w, op, &c, 1, 0);
	w->priv = c.ran;
	if (c.err)
		snprintf(w->fail, sizeof w->fail, "cannot create or join a thread (errno %d) after %" PRIu64, -c.err,
			 c.created);
	else if (c.bad)
		snprintf(w->fail, sizeof w->fail, "%" PRIu64 " of %" PRIu64 " joined threads had not run exactly once",
			 c.bad, c.created);
}

#define THREAD_SPAWN_WORKER(NAME, FLAGS)                                                            \
	_Static_assert(sizeof(sb_thread_##NAME) <= SB_WORKER_LOCAL && _Alignof(sb_thread_##NAME) <= SB_CACHELINE, \
		       #NAME ": spawner too big for the worker's space");                           \
	static int thread_create_##NAME(void *s, pthread_t *th, void *(*fn)(void *), void *arg)     \
	{ return sb_thread_##NAME##_create(s, th, fn, arg); }                                       \
	static int thread_join_##NAME(void *s, pthread_t th, void **ret) { return sb_thread_##NAME##_join(s, th, ret); } \
	static inline int thread_lifecycle_op_##NAME(void *ctx)                                     \
	{ return thread_life_cycle(ctx, (spawn_calls){ thread_create_##NAME, thread_join_##NAME }); } \
	static void thread_lifecycle_##NAME(sb_worker *w)                                           \
	{                                                                                           \
		sb_thread_##NAME *s = (sb_thread_##NAME *)w->local;                                 \
		int r = sb_thread_##NAME##_init(s);                                                 \
		if (r) {                                                                            \
			thread_cannot(w, #NAME " init", r);                                         \
			return;                                                                     \
		}                                                                                   \
		thread_lifecycle_run(w, s, thread_lifecycle_op_##NAME);                             \
		sb_thread_##NAME##_destroy(s);                                                      \
	}
SB_THREAD_SPAWN_IMPLS(THREAD_SPAWN_WORKER)
#undef THREAD_SPAWN_WORKER

/* --- handoff --------------------------------------------------------------------------------- */

typedef struct pool_calls {
	void (*submit)(void *m, unsigned task);
	unsigned (*take)(void *m, unsigned last);
	void (*complete)(void *m, unsigned task);
	unsigned (*await)(void *m, unsigned last);
} pool_calls;

/* What the pool thread keeps: written by it alone, read by its submitter after the join. */
typedef struct pool_side {
	void *mailbox;
	uint64_t done;            /* tasks done */
	uint64_t out_of_order;    /* tasks that did not follow the last one taken */
	unsigned first_bad, before_bad; /* the first of them, and the task taken before it */
} pool_side;

/* The submitter's operation context. */
typedef struct handoff_ctx {
	void *mailbox;
	unsigned task;               /* the last task handed */
	uint64_t wrong;              /* completions that were not the task just handed */
	unsigned wrong_task, wrong_done; /* the first of them */
} handoff_ctx;

static __attribute__((cold, noinline)) void pool_out_of_order(pool_side *p, unsigned last, unsigned t)
{
	if (!p->out_of_order++) {
		p->first_bad = t;
		p->before_bad = last;
	}
}

static __attribute__((cold, noinline)) void handoff_wrong(handoff_ctx *c, unsigned t, unsigned d)
{
	if (!c->wrong++) {
		c->wrong_task = t;
		c->wrong_done = d;
	}
}

/* The pool thread: take, check the sequence, do (nothing), complete; until the exit task. */
static SB_ALWAYS_INLINE void pool_thread_loop(pool_side *p, const pool_calls pc)
{
	unsigned last = 0;
	for (;;) {
		unsigned t = pc.take(p->mailbox, last);
		if (t == SB_THREAD_EXIT)
			return;
		if (t != last + 1)
			pool_out_of_order(p, last, t);
		p->done++;
		last = t;
		pc.complete(p->mailbox, t);
	}
}

/* One round trip: hand task n + 1, park until it is done. */
static SB_ALWAYS_INLINE int thread_handoff_round(handoff_ctx *c, const pool_calls pc)
{
	unsigned t = c->task + 1;
	pc.submit(c->mailbox, t);
	unsigned d = pc.await(c->mailbox, c->task);
	if (d != t)
		handoff_wrong(c, t, d);
	c->task = t;
	return 1;
}

/* Start the pool thread on the process's CPUs (not on its submitter's pin). 0 or -errno. */
static int pool_start(const thread_shared *sh, pthread_t *th, void *(*fn)(void *), pool_side *p)
{
	pthread_attr_t a;
	int r = pthread_attr_init(&a);
	if (r)
		return -r;
	if (sh->have_cpus)
		r = pthread_attr_setaffinity_np(&a, sizeof sh->cpus, &sh->cpus);
	if (!r)
		r = pthread_create(th, &a, fn, p);
	pthread_attr_destroy(&a);
	return -r;
}

static __attribute__((cold, noinline)) void handoff_report(sb_worker *w, const handoff_ctx *c, const pool_side *p)
{
	if (c->wrong)
		snprintf(w->fail, sizeof w->fail, "task %u answered with completion %u (%" PRIu64 " wrong answers)",
			 c->wrong_task, c->wrong_done, c->wrong);
	else if (p->out_of_order)
		snprintf(w->fail, sizeof w->fail, "pool thread took task %u after task %u (%" PRIu64 " out of order)",
			 p->first_bad, p->before_bad, p->out_of_order);
}

static SB_ALWAYS_INLINE void thread_handoff_run(sb_worker *w, void *m, void *(*pool_main)(void *), sb_loop_timed_op op,
						const pool_calls pc)
{
	pool_side p = { .mailbox = m };
	pthread_t th;
	int r = pool_start(w->shared, &th, pool_main, &p);
	if (r) {
		thread_cannot(w, "starting the pool thread", r);
		return;
	}
	handoff_ctx c = { .mailbox = m };
	sb_loop_timed(w, op, &c, 1, 0);
	pc.submit(m, SB_THREAD_EXIT);
	pthread_join(th, NULL);
	w->priv = p.done;
	if (c.wrong || p.out_of_order)
		handoff_report(w, &c, &p);
}

#define THREAD_POOL_WORKER(NAME, FLAGS)                                                             \
	_Static_assert(sizeof(sb_thread_##NAME) <= SB_WORKER_LOCAL && _Alignof(sb_thread_##NAME) <= SB_CACHELINE, \
		       #NAME ": mailbox too big for the worker's space");                           \
	static void pool_submit_##NAME(void *m, unsigned t) { sb_thread_##NAME##_submit(m, t); }     \
	static unsigned pool_take_##NAME(void *m, unsigned l) { return sb_thread_##NAME##_take(m, l); } \
	static void pool_complete_##NAME(void *m, unsigned t) { sb_thread_##NAME##_complete(m, t); } \
	static unsigned pool_await_##NAME(void *m, unsigned l) { return sb_thread_##NAME##_await(m, l); }
SB_THREAD_POOL_IMPLS(THREAD_POOL_WORKER)
#undef THREAD_POOL_WORKER

#define POOL_CALLS(NAME) ((pool_calls){ pool_submit_##NAME, pool_take_##NAME, pool_complete_##NAME, pool_await_##NAME })

#define THREAD_POOL_MAIN(NAME, FLAGS)                                                               \
	static void *pool_main_##NAME(void *arg) { pool_thread_loop(arg, POOL_CALLS(NAME)); return NULL; } \
	static inline int thread_handoff_op_##NAME(void *ctx) { return thread_handoff_round(ctx, POOL_CALLS(NAME)); } \
	static void thread_handoff_##NAME(sb_worker *w)                                             \
	{                                                                                           \
		sb_thread_##NAME *m = (sb_thread_##NAME *)w->local;                                 \
		int r = sb_thread_##NAME##_init(m);                                                 \
		if (r) {                                                                            \
			thread_cannot(w, #NAME " mailbox init", r);                                 \
			return;                                                                     \
		}                                                                                   \
		thread_handoff_run(w, m, pool_main_##NAME, thread_handoff_op_##NAME, POOL_CALLS(NAME)); \
		sb_thread_##NAME##_destroy(m);                                                      \
	}
SB_THREAD_POOL_IMPLS(THREAD_POOL_MAIN)
#undef THREAD_POOL_MAIN

/* --- setup, check, table --------------------------------------------------------------------- */

static int thread_setup(const sb_case_params *p, void **out, char *err, size_t errlen)
{
	(void)p;
	thread_shared *sh = calloc(1, sizeof *sh);
	if (!sh) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	sh->have_cpus = sched_getaffinity(0, sizeof sh->cpus, &sh->cpus) == 0;
	*out = sh;
	return 0;
}

static void thread_teardown(void *shared) { free(shared); }

/* Both scenarios: w->priv (threads that ran, tasks the pool thread did) = w->aux (operations
 * done, warm-up included). */
static void thread_check(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)p;
	(void)shared;
	for (int i = 0; i < t->o.nthreads; i++) {
		const sb_worker *w = &t->workers[i];
		if (w->priv != w->aux) {
			snprintf(msg, len, "worker %d: %" PRIu64 " done for %" PRIu64 " operations (threads run, tasks done)",
				 i, (uint64_t)w->priv, w->aux);
			return;
		}
	}
}

#define THREAD_LIFE_ROW(NAME, FLAGS)                                                                \
	{ .family = "thread", .impl = #NAME, .scenario = "lifecycle",                               \
	  .flags = SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS),                                     \
	  .about = "N workers: pthread_create a thread that returns at once, pthread_join it (" #NAME ")", \
	  .setup = thread_setup, .worker = thread_lifecycle_##NAME, .check = thread_check,           \
	  .teardown = thread_teardown },
#define THREAD_HANDOFF_ROW(NAME, FLAGS)                                                             \
	{ .family = "thread", .impl = #NAME, .scenario = "handoff",                                 \
	  .flags = SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS),                                     \
	  .about = ((FLAGS) & SB_IMPL_HIDDEN)                                                        \
		? "negative control: hands tasks to a parked pool thread without waiting for them"  \
		: "N workers, each with a pool thread parked on a " #NAME ": hand a task, wait until done (round trip)", \
	  .setup = thread_setup, .worker = thread_handoff_##NAME, .check = thread_check,             \
	  .teardown = thread_teardown },

static const sb_case thread_cases[] = { SB_THREAD_SPAWN_IMPLS(THREAD_LIFE_ROW) SB_THREAD_POOL_IMPLS(THREAD_HANDOFF_ROW) };

const sb_family sb_family_thread = { "thread", thread_cases, sizeof thread_cases / sizeof thread_cases[0] };
