/* bench/rwlock.c: the read-write lock family. One measured loop, instantiated per implementation
 * (and per delay variant, as in bench/mutex.c), with the lock's operations inlined.
 *
 * Each operation is a read with probability read_pct % (a per-thread xorshift generator decides,
 * no shared state) or else a write:
 *   read:  rdlock; occupancy += 1 (must show no writer); read word a; --cs; read word b (must
 *          equal a); occupancy -= 1; rdunlock
 *   write: wrlock; occupancy += WRITER (must have been 0: no reader, no writer); a = v + 1; --cs;
 *          b = v + 1; occupancy -= WRITER; wrunlock
 * --think runs between operations. Reads and writes of the window are counted apart (read_ops,
 * write_ops), so a starved writer shows. The occupancy count is one atomic shared by every thread:
 * every implementation pays it alike (the lock itself shares its line the same way).
 * Check: no overlap seen while running (each worker counts what it saw), and after the join both
 * words equal the number of writes (a lost write means two writers overlapped). */
#include "bench/family.h"
#include "bench/rwlock_op.h"
#include "prim/rwlock_list.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct rwlock_shared {
	_Alignas(SB_CACHELINE) union {
#define X(NAME, HID) sb_rwlock_##NAME NAME;
		SB_RWLOCK_IMPLS(X)
#undef X
	} lock;
	/* the protected data on its own line, the occupancy count on another */
	_Alignas(SB_CACHELINE) volatile uint64_t a;
	volatile uint64_t b;
	_Alignas(SB_CACHELINE) atomic_uint occupancy;
	_Alignas(SB_CACHELINE) void (*destroy)(struct rwlock_shared *);
} rwlock_shared;

#define RWLOCK_LOOP(NAME, HID)                                                                     \
	static inline __attribute__((always_inline)) void rwlock_loop_##NAME(sb_worker *w, const int has_cs, \
									     const int has_think)      \
	{                                                                                          \
		rwlock_shared *sh = w->shared;                                                     \
		sb_rwlock_##NAME *l = &sh->lock.NAME;                                              \
		atomic_uint *occ = &sh->occupancy;                                                 \
		const sb_case_params *p = w->team_params;                                          \
		const uint64_t cs_it = p->cs_iters, th_it = p->think_iters;                        \
		long long pct = sb_param(p, "read_pct", 90);                                       \
		const uint64_t read_thr = rw_read_threshold(pct);                                  \
		uint64_t rnd = 0x9e3779b97f4a7c15ull * (uint64_t)(w->id + 1);                      \
		uint64_t rd = 0, wr = 0, rd_overlap = 0, wr_overlap = 0, torn = 0;                 \
		SB_MEASURE_LOOP(w, RWLOCK_OP(NAME), has_think ? sb_spin(th_it) : (void)0,          \
				/* at the window: warm-up writes kept for the check */ (w->aux = wr, rd = wr = 0)); \
		w->read_ops = rd;                                                                  \
		w->write_ops = wr;                                                                 \
		w->aux += wr;                                                                      \
		if (rd_overlap || wr_overlap || torn)                                              \
			snprintf(w->fail, sizeof w->fail,                                          \
				 "writer beside readers: %" PRIu64 " reads saw a writer, %" PRIu64 " torn reads, %" PRIu64 " writes not alone", \
				 rd_overlap, torn, wr_overlap);                                    \
	}                                                                                          \
	SB_DELAY_VARIANTS(rwlock, NAME)                                                            \
	static void rwlock_destroy_##NAME(rwlock_shared *sh) { sb_rwlock_##NAME##_destroy(&sh->lock.NAME); } \
	static int rwlock_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{                                                                                          \
		long long pct = sb_param(p, "read_pct", 90);                                       \
		if (pct < 0 || pct > 100) {                                                        \
			snprintf(err, errlen, "read_pct %lld out of range 0..100", pct);           \
			return -EINVAL;                                                            \
		}                                                                                  \
		rwlock_shared *sh = aligned_alloc(SB_CACHELINE, sizeof *sh);                       \
		if (!sh)                                                                           \
			return -ENOMEM;                                                            \
		int r = sb_rwlock_##NAME##_init(&sh->lock.NAME);                                   \
		if (r) {                                                                           \
			snprintf(err, errlen, "cannot initialise the %s rwlock (errno %d)", #NAME, -r); \
			free(sh);                                                                  \
			return r;                                                                  \
		}                                                                                  \
		sh->a = sh->b = 0;                                                                 \
		atomic_init(&sh->occupancy, 0);                                                    \
		sh->destroy = rwlock_destroy_##NAME;                                               \
		*out = sh;                                                                         \
		return 0;                                                                          \
	}

SB_RWLOCK_IMPLS(RWLOCK_LOOP)

static void rwlock_check(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)p;
	rwlock_shared *sh = shared;
	uint64_t writes = 0;
	for (int i = 0; i < t->o.nthreads; i++)
		writes += t->workers[i].aux;
	unsigned occ = atomic_load_explicit(&sh->occupancy, memory_order_relaxed);
	if (sh->a != writes || sh->b != writes)
		snprintf(msg, len, "writers overlapped: words %" PRIu64 "/%" PRIu64 " != %" PRIu64 " writes",
			 sh->a, sh->b, writes);
	else if (occ != 0)
		snprintf(msg, len, "occupancy %u after the join, not 0", occ);
}

static void rwlock_teardown(void *shared)
{
	rwlock_shared *sh = shared;
	sh->destroy(sh);
	free(sh);
}

#define RWLOCK_ROWS(NAME, HID)                                                                     \
	{ .family = "rwlock", .impl = #NAME, .scenario = "uncontended",                            \
	  .flags = SB_CASE_ONE_THREAD | SB_CASE_NO_DELAY | (HID ? SB_CASE_HIDDEN : 0),             \
	  .about = "one worker: rdlock+rdunlock (read_pct=100) or wrlock+wrunlock (read_pct=0)",   \
	  .sweep = "read_pct=100,0",                                                               \
	  .setup = rwlock_setup_##NAME, .pick = rwlock_pick_##NAME, .check = rwlock_check,         \
	  .teardown = rwlock_teardown },                                                           \
	{ .family = "rwlock", .impl = #NAME, .scenario = "mixed",                                  \
	  .flags = SB_CASE_MIN2 | (HID ? SB_CASE_HIDDEN : 0),                                      \
	  .about = "N workers: read_pct% reads, the rest writes, --cs inside, --think between",    \
	  .sweep = "read_pct=50,90,99,100",                                                        \
	  .setup = rwlock_setup_##NAME, .pick = rwlock_pick_##NAME, .check = rwlock_check,         \
	  .teardown = rwlock_teardown },

static const sb_case rwlock_cases[] = { SB_RWLOCK_IMPLS(RWLOCK_ROWS) };

const sb_family sb_family_rwlock = { "rwlock", rwlock_cases, sizeof rwlock_cases / sizeof rwlock_cases[0] };
