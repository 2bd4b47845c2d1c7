/* bench/map.c: the map family: liburcu's cds_lfht against a chained hash table under the pthread
 * rwlock and under a pthread mutex (src/prim/map_list.h), plus a hidden negative control. One
 * worker per implementation on sb_loop_steady (syncbench/loop.h), the table's operations inlined
 * (bench/map_op.h).
 *
 * Scenario `mixed`: keys=K (the key space) and read_pct. Keys 0 .. K/2-1 are "stable": inserted in
 * setup, never deleted. Keys K/2 .. K-1 churn: every other one is present at the start. read_pct %
 * of each worker's operations look up a key of the whole key space (a read: read_ops); the others
 * toggle a churning key: delete it if present, insert it if absent (a write: write_ops). Reads and
 * writes follow a fixed interleave (a counter) and the keys a per-worker pattern drawn in setup:
 * nothing is drawn in the window; at read_pct=100 the worker is the lookup alone. Inserted
 * entries come from the worker's preallocated pool; a deleted entry goes back to the deleter's
 * pool at once under a lock, or after a grace period (call_rcu) for cds_lfht.
 *
 * Checks: while it runs, a lookup of a stable key must find it, with its value (a function of the
 * key), and a churning key, when found, must carry its value too (a recycled or half-written
 * entry would not). After the join, the table's entry count must equal the initial count plus the
 * inserts minus the deletes, and every stable key must be there. Lookups, inserts and deletes per
 * case (warm-up and window) are logged (logger "syncbench.map", run.log) and are the row's
 * counters with the entries at the start and at the end and the empty-pool stalls: lookups,
 * inserts, deletes, entries_start, entries, stalls (entries = entries_start + inserts - deletes). */
#include "bench/family.h"
#include "bench/map_op.h"
#include "prim/map_list.h"
#include "syncbench/log.h"
#include "syncbench/loop.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A worker inlines every call it can (the primitive's static inline operations included, which
 * the compiler's size limits would otherwise leave as calls inside a loop this large); calls into
 * libraries, sb_spin and the cold failure paths stay calls. */
#ifndef SB_WORKER_FLATTEN
#define SB_WORKER_FLATTEN __attribute__((flatten))
#endif

static inline void map_online(const int rcu)
{
	if (rcu)
		urcu_memb_register_thread();
}

static inline void map_offline(const int rcu)
{
	if (rcu)
		urcu_memb_unregister_thread();
}

static int map_read_pct(const sb_case_params *p) { return p->read_pct >= 0 ? p->read_pct : 90; }

static void map_ctx_init(map_ctx *c, sb_worker *w, void *m)
{
	map_shared *sh = w->shared;
	memset(c, 0, sizeof *c);
	c->map = m;
	c->pool = &sh->pools[w->id];
	c->w = w;
	c->lk_keys = &sh->pattern[2 * SB_MAP_PATTERN * (size_t)w->id];
	c->wr_keys = c->lk_keys + SB_MAP_PATTERN;
	c->stable = sh->stable;
	c->write_pct = (unsigned)(100 - sh->read_pct);
	c->mix = (unsigned)(w->id * 61) % 100; /* workers do not write in step */
}

/* The counts of warm-up and window, for the check. */
static void map_ctx_fini(const map_ctx *c, sb_worker *w)
{
	map_stats *st = &((map_shared *)w->shared)->stats[w->id];
	st->lookups = c->lookups;
	st->inserts = c->inserts;
	st->deletes = c->deletes;
	st->stalls = c->stalls;
}

static void map_at_window(void *ctx)
{
	map_ctx *c = ctx;
	c->lookups0 = c->lookups; /* the warm-up's: read_ops are the window's */
}

/* read_pct < 100: lookups and toggles interleaved. */
static SB_ALWAYS_INLINE void map_run_mix(sb_worker *w, void *m, const int rcu, sb_loop_op op)
{
	map_ctx c;
	map_ctx_init(&c, w, m);
	map_online(rcu);
	sb_loop_steady(w, op, &c, map_at_window);
	map_offline(rcu);
	w->read_ops = c.lookups - c.lookups0;
	w->write_ops = w->ops - w->read_ops;
	map_ctx_fini(&c, w);
}

/* read_pct = 100: the lookup alone. */
static SB_ALWAYS_INLINE void map_run_read(sb_worker *w, void *m, const int rcu, sb_loop_op op)
{
	map_ctx c;
	map_ctx_init(&c, w, m);
	map_online(rcu);
	sb_loop_steady(w, op, &c, NULL);
	map_offline(rcu);
	c.lookups = w->warm_ops + w->ops;
	w->read_ops = w->ops;
	w->write_ops = 0;
	map_ctx_fini(&c, w);
}

#define MAP_WORKERS(NAME, FLAGS)                                                                   \
	static SB_WORKER_FLATTEN void map_worker_mix_##NAME(sb_worker *w)                          \
	{                                                                                          \
		map_run_mix(w, &((map_shared *)w->shared)->m.NAME, ((FLAGS) & SB_IMPL_NEEDS_RCU) != 0, \
			    map_op_mix_##NAME);                                                    \
	}                                                                                          \
	static SB_WORKER_FLATTEN void map_worker_read_##NAME(sb_worker *w)                         \
	{                                                                                          \
		map_run_read(w, &((map_shared *)w->shared)->m.NAME, ((FLAGS) & SB_IMPL_NEEDS_RCU) != 0, \
			     map_op_read_##NAME);                                                  \
	}                                                                                          \
	static sb_worker_fn map_pick_##NAME(const sb_case_params *p)                               \
	{                                                                                          \
		return map_read_pct(p) == 100 ? map_worker_read_##NAME : map_worker_mix_##NAME;    \
	}
SB_MAP_IMPLS(MAP_WORKERS)
#undef MAP_WORKERS

static void map_free(map_shared *sh)
{
	free(sh->pools);
	free(sh->stats);
	free(sh->nodes);
	free(sh->pattern);
	free(sh);
}

/* Shared state without the table: the initial entries (nodes[0 .. initial-1]) and full pools. */
static int map_alloc(const sb_case_params *p, int rcu, map_shared **out, char *err, size_t errlen)
{
	long long keys = sb_param(p, "keys", 1024);
	int rp = p->read_pct >= 0 ? p->read_pct : 90;
	if (keys < 2 || keys > (1ll << 30) || rp > 100) {
		snprintf(err, errlen, "map needs 2 <= keys <= 2^30 (got %lld) and read_pct <= 100", keys);
		return -EINVAL;
	}
	map_shared *sh = aligned_alloc(SB_CACHELINE, sizeof *sh);
	if (!sh)
		return -ENOMEM;
	memset(sh, 0, sizeof *sh);
	int n = p->threads;
	sh->nthreads = n;
	sh->keys = (uint64_t)keys;
	sh->stable = sh->keys / 2;
	sh->read_pct = rp;
	uint64_t churn = sh->keys - sh->stable;
	sh->initial = map_initial_count(sh->keys, sh->stable);
	size_t per = churn + (rcu ? SB_MAP_POOL_RCU : SB_MAP_POOL);
	sh->nnodes = sh->initial + (size_t)n * per;
	sh->pools = aligned_alloc(SB_CACHELINE, sizeof(sb_pool) * (size_t)n);
	sh->stats = aligned_alloc(SB_CACHELINE, sizeof(map_stats) * (size_t)n);
	sh->nodes = aligned_alloc(SB_CACHELINE, sizeof(sb_mnode) * sh->nnodes);
	sh->pattern = aligned_alloc(SB_CACHELINE, sizeof(uint32_t) * 2 * SB_MAP_PATTERN * (size_t)n);
	if (!sh->pools || !sh->stats || !sh->nodes || !sh->pattern) {
		snprintf(err, errlen, "out of memory for %zu map entries", sh->nnodes);
		map_free(sh);
		return -ENOMEM;
	}
	memset(sh->stats, 0, sizeof(map_stats) * (size_t)n);
	memset(sh->nodes, 0, sizeof(sb_mnode) * sh->nnodes);
	map_nodes_fill(sh->nodes, sh->initial, sh->stable);
	for (int t = 0; t < n; t++) {
		sb_pool_init(&sh->pools[t]);
		map_patterns_draw(&sh->pattern[2 * SB_MAP_PATTERN * (size_t)t], t, sh->keys, sh->stable);
		for (size_t k = 0; k < per; k++) {
			sb_mnode *e = &sh->nodes[sh->initial + (size_t)t * per + k];
			e->home = &sh->pools[t];
			sb_pool_put(&sh->pools[t], &e->link);
		}
	}
	*out = sh;
	return 0;
}


/* After the join: the per-worker counts against the table's entry count n (logged); 0 when they
 * agree, else the message in msg. */
static int map_check_counts(const sb_case_params *p, map_shared *sh, const char *impl, uint64_t count,
			    const sb_team *t, char *msg, size_t len)
{
	uint64_t lk = 0, ins = 0, del = 0, stalls = 0;
	for (int i = 0; i < sh->nthreads; i++) {
		lk += sh->stats[i].lookups;
		ins += sh->stats[i].inserts;
		del += sh->stats[i].deletes;
		stalls += sh->stats[i].stalls;
	}
	SB_LOG_DEBUG(sb_log_get("syncbench.map"),
		    "map/%s/mixed t=%d keys=%" PRIu64 " read_pct=%d: %" PRIu64 " lookups, %" PRIu64 " inserts, %" PRIu64
		    " deletes, %" PRIu64 " entries at the end, %" PRIu64 " empty-pool stalls",
		    impl, p->threads, sh->keys, sh->read_pct, lk, ins, del, count, stalls);
	sb_counters_add(t, "lookups", (long long)lk);
	sb_counters_add(t, "inserts", (long long)ins);
	sb_counters_add(t, "deletes", (long long)del);
	sb_counters_add(t, "entries_start", (long long)sh->initial);
	sb_counters_add(t, "entries", (long long)count);
	sb_counters_add(t, "stalls", (long long)stalls);
	if (count == sh->initial + ins - del)
		return 0;
	snprintf(msg, len, "entry count %" PRIu64 " != %" PRIu64 " initial + %" PRIu64 " inserts - %" PRIu64 " deletes",
		 count, sh->initial, ins, del);
	return -1;
}

static void map_check_missing(uint64_t key, char *msg, size_t len)
{
	snprintf(msg, len, "stable key %" PRIu64 " missing or wrong at the end", key);
}

static void map_setup_failed(map_shared *sh, const char *impl, int r, char *err, size_t errlen)
{
	snprintf(err, errlen, "cannot create the %s table (errno %d)", impl, -r);
	map_free(sh);
}

/* Setup (the initial entries, stable keys last: first in the chains), check and teardown of every
 * implementation. A cds_lfht is emptied before it is destroyed, and every call_rcu callback has
 * run before the pools go. */
#define MAP_LIFE(NAME, FLAGS)                                                                      \
	enum { MAP_RCU_##NAME = ((FLAGS) & SB_IMPL_NEEDS_RCU) != 0 };                              \
	static int map_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{                                                                                          \
		map_shared *sh;                                                                    \
		int r = map_alloc(p, MAP_RCU_##NAME, &sh, err, errlen);                            \
		if (!r && (r = sb_map_##NAME##_init(&sh->m.NAME, map_buckets(sh->keys))) != 0)     \
			map_setup_failed(sh, #NAME, r, err, errlen);                               \
		if (r)                                                                             \
			return r;                                                                  \
		map_online(MAP_RCU_##NAME);                                                        \
		map_add_initial(&sh->m.NAME, sh->nodes, sh->initial, map_add_##NAME);               \
		map_offline(MAP_RCU_##NAME);                                                       \
		*out = sh;                                                                         \
		return 0;                                                                          \
	}                                                                                          \
	static void map_check_##NAME(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len) \
	{                                                                                          \
		map_shared *sh = shared;                                                           \
		uint64_t v = 0;                                                                    \
		map_online(MAP_RCU_##NAME);                                                        \
		if (!map_check_counts(p, sh, #NAME, sb_map_##NAME##_count(&sh->m.NAME, 0), t, msg, len)) \
			for (uint64_t k = 0; k < sh->stable && !msg[0]; k++)                       \
				if (!sb_map_##NAME##_lookup(&sh->m.NAME, k, map_hash(k), &v) || v != map_value(k)) \
					map_check_missing(k, msg, len);                            \
		map_offline(MAP_RCU_##NAME);                                                       \
	}                                                                                          \
	static void map_teardown_##NAME(void *shared)                                              \
	{                                                                                          \
		map_shared *sh = shared;                                                           \
		if (MAP_RCU_##NAME)                                                                \
			map_rcu_drain(sh, map_empty_##NAME);                                       \
		sb_map_##NAME##_destroy(&sh->m.NAME);                                              \
		map_free(sh);                                                                      \
	}

/* Unlink every entry (cds_lfht_destroy wants an empty table), then wait for every pending
 * call_rcu: nothing touches the pools any more. */
static void map_rcu_drain(map_shared *sh, void (*empty)(map_shared *))
{
	map_online(1);
	empty(sh);
	map_offline(1);
	urcu_memb_barrier();
	SB_TSAN_ACQUIRE(&sb_map_barrier_edge);
}

#define MAP_EMPTY(NAME, FLAGS)                                                                     \
	static void map_empty_##NAME(map_shared *sh) { (void)sb_map_##NAME##_count(&sh->m.NAME, 1); } \
	static void map_add_##NAME(void *m, sb_mnode *e, uint64_t hash) { sb_map_##NAME##_add(m, e, hash); }
SB_MAP_IMPLS(MAP_EMPTY)
#undef MAP_EMPTY
SB_MAP_IMPLS(MAP_LIFE)
#undef MAP_LIFE

#define MAP_ROWS(NAME, FLAGS)                                                                      \
	{ .family = "map", .impl = #NAME, .scenario = "mixed",                                     \
	  .flags = SB_CASE_NO_DELAY | SB_CASE_IMPL_FLAGS(FLAGS),                                   \
	  .about = "lookups (read_pct) of K keys, else insert/delete of a churning key",           \
	  .sweep = "read_pct=90;keys=1024",                                                        \
	  .setup = map_setup_##NAME, .pick = map_pick_##NAME, .check = map_check_##NAME,           \
	  .teardown = map_teardown_##NAME },

static const sb_case map_cases[] = { SB_MAP_IMPLS(MAP_ROWS) };

const sb_family sb_family_map = { "map", map_cases, sizeof map_cases / sizeof map_cases[0] };
