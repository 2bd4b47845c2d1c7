/* bench/mutex.c: the mutex family. One measured loop, instantiated per implementation (and per
 * delay variant, so "--cs 0" runs no delay code at all), with the lock's operations inlined.
 *
 * Invariant checked while it runs: inside the critical section a plain (non-atomic) counter is
 * read, the critical-section delay runs, and the counter is written back plus one. If two threads
 * are ever inside together, an increment is lost, and at the end the counter no longer equals
 * the acquisitions the workers counted: the case is recorded "FAIL: mutual exclusion ...".
 * The null lock does the same work on a counter of its own thread (it has nothing to exclude). */
#include "bench/family.h"
#include "bench/mutex_op.h"
#include "prim/mutex_list.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct mutex_shared {
	_Alignas(SB_CACHELINE) union {
#define X(NAME, EX, HID) sb_mutex_##NAME NAME;
		SB_MUTEX_IMPLS(X)
#undef X
	} lock;
	/* the protected data sits on its own line, as in a program that pads its hot lock */
	_Alignas(SB_CACHELINE) volatile uint64_t counter;
	int excludes;
	void (*destroy)(struct mutex_shared *);
} mutex_shared;

#define MUTEX_LOOP(NAME, EX, HID)                                                                  \
	static inline __attribute__((always_inline)) void mutex_loop_##NAME(sb_worker *w, const int has_cs, \
									    const int has_think)       \
	{                                                                                          \
		mutex_shared *sh = w->shared;                                                      \
		sb_mutex_##NAME *m = &sh->lock.NAME;                                               \
		volatile uint64_t *cnt = EX ? &sh->counter : &w->priv;                             \
		sb_mutex_node *node = (sb_mutex_node *)w->local;                                   \
		const sb_case_params *p = w->team_params;                                          \
		const uint64_t cs_it = p->cs_iters, th_it = p->think_iters;                        \
		SB_MEASURE_LOOP(w, MUTEX_OP(NAME), has_think ? sb_spin(th_it) : (void)0, (void)0); \
	}                                                                                          \
	SB_DELAY_VARIANTS(mutex, NAME)                                                             \
	static void mutex_destroy_##NAME(mutex_shared *sh) { sb_mutex_##NAME##_destroy(&sh->lock.NAME); } \
	static int mutex_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{                                                                                          \
		(void)p;                                                                           \
		mutex_shared *sh = aligned_alloc(SB_CACHELINE, sizeof *sh);                        \
		if (!sh)                                                                           \
			return -ENOMEM;                                                            \
		int r = sb_mutex_##NAME##_init(&sh->lock.NAME);                                    \
		if (r) {                                                                           \
			snprintf(err, errlen, "cannot initialise the %s lock (errno %d)", #NAME, -r); \
			free(sh);                                                                  \
			return r;                                                                  \
		}                                                                                  \
		sh->counter = 0;                                                                   \
		sh->excludes = EX;                                                                 \
		sh->destroy = mutex_destroy_##NAME;                                                \
		*out = sh;                                                                         \
		return 0;                                                                          \
	}

SB_MUTEX_IMPLS(MUTEX_LOOP)

static void mutex_check(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)p;
	mutex_shared *sh = shared;
	uint64_t acq = 0;
	for (int i = 0; i < t->o.nthreads; i++) {
		const sb_worker *w = &t->workers[i];
		uint64_t mine = w->warm_ops + w->ops;
		acq += mine;
		if (!sh->excludes && w->priv != mine) {
			snprintf(msg, len, "worker %d counted %" PRIu64 " of %" PRIu64 " operations", i, w->priv, mine);
			return;
		}
	}
	if (sh->excludes && sh->counter != acq)
		snprintf(msg, len, "mutual exclusion violated: counter %" PRIu64 " != %" PRIu64 " acquisitions (%" PRIu64 " lost)",
			 sh->counter, acq, acq > sh->counter ? acq - sh->counter : 0);
}

static void mutex_teardown(void *shared)
{
	mutex_shared *sh = shared;
	sh->destroy(sh);
	free(sh);
}

#define MUTEX_ROWS(NAME, EX, HID)                                                                  \
	{ .family = "mutex", .impl = #NAME, .scenario = "uncontended",                             \
	  .flags = SB_CASE_ONE_THREAD | SB_CASE_NO_DELAY | (HID ? SB_CASE_HIDDEN : 0),             \
	  .about = "one worker: lock, unlock; the cost with no other thread",                      \
	  .setup = mutex_setup_##NAME, .pick = mutex_pick_##NAME, .check = mutex_check,            \
	  .teardown = mutex_teardown },                                                            \
	{ .family = "mutex", .impl = #NAME, .scenario = "contended", .flags = HID ? SB_CASE_HIDDEN : 0, \
	  .about = "N workers: lock, --cs busy loop, unlock, --think busy loop",                   \
	  .setup = mutex_setup_##NAME, .pick = mutex_pick_##NAME, .check = mutex_check,            \
	  .teardown = mutex_teardown },

static const sb_case mutex_cases[] = { SB_MUTEX_IMPLS(MUTEX_ROWS) };

const sb_family sb_family_mutex = { "mutex", mutex_cases, sizeof mutex_cases / sizeof mutex_cases[0] };
