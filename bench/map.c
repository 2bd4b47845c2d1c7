/* bench/map.c: the map family: liburcu's cds_lfht against a chained hash table under the pthread
 * rwlock and under a pthread mutex (src/prim/map_list.h), plus a hidden negative control.
 *
 * Scenario `mixed`: keys=K (the key space) and read_pct. Keys 0 .. K/2-1 are "stable": inserted in
 * setup, never deleted. Keys K/2 .. K-1 churn: every other one is present at the start. Each
 * operation draws a number: with probability read_pct it looks up a key drawn from the whole key
 * space (a read: read_ops); otherwise it toggles a churning key: deletes it if present, inserts it
 * if absent (a write: write_ops). Inserted entries come from the worker's preallocated pool; a
 * deleted entry goes back to the deleter's pool at once under a lock, or after a grace period
 * (call_rcu) for cds_lfht.
 *
 * Checks: while it runs, a lookup of a stable key must find it, with its value (a function of the
 * key), and a churning key, when found, must carry its value too (a recycled or half-written
 * entry would not). After the join, the table's entry count must equal the initial count plus the
 * inserts minus the deletes, and every stable key must be there. Lookups, inserts and deletes per
 * case are logged (logger "syncbench.map", run.log). */
#include "bench/family.h"
#include "bench/map_op.h"
#include "prim/map_list.h"
#include "syncbench/log.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


typedef struct map_shared {
	_Alignas(SB_CACHELINE) union {
#define X(NAME, RCU, HID) sb_map_##NAME NAME;
		SB_MAP_IMPLS(X)
#undef X
	} m;
	_Alignas(SB_CACHELINE) int nthreads, rcu, read_pct;
	uint64_t keys, stable, initial;
	const char *impl;
	sb_pool *pools;
	map_stats *stats;
	sb_mnode *nodes;
	size_t nnodes;
	uint64_t (*count)(struct map_shared *, int del);
	int (*lookup)(struct map_shared *, uint64_t key, uint64_t *value);
	void (*destroy)(struct map_shared *);
	int emptied;
} map_shared;

/* One loop per implementation; the sampled latency is one lookup or one toggle. */
#define MAP_IMPL(NAME, RCU, HID)                                                                   \
	static void map_mixed_##NAME(sb_worker *w)                                                 \
	{                                                                                          \
		map_shared *sh = w->shared;                                                        \
		sb_map_##NAME *m = &sh->m.NAME;                                                    \
		sb_pool *pool = &sh->pools[w->id];                                                 \
		map_stats *st = &sh->stats[w->id];                                                 \
		const uint64_t keys = sh->keys, stable = sh->stable;                               \
		const int read_pct = sh->read_pct;                                                 \
		if (RCU)                                                                           \
			urcu_memb_register_thread();                                               \
		uint64_t lk0 = 0;                                                                  \
		SB_MEASURE_LOOP(w, MAP_OP(NAME, RCU), (void)0, lk0 = st->lookups);                 \
		w->read_ops = st->lookups - lk0;                                                   \
		w->write_ops = w->ops - w->read_ops;                                               \
		if (RCU)                                                                           \
			urcu_memb_unregister_thread();                                             \
	}                                                                                          \
	static sb_worker_fn map_pick_##NAME(const sb_case_params *p) { (void)p; return map_mixed_##NAME; } \
	static uint64_t map_count_##NAME(map_shared *sh, int del)                                  \
	{                                                                                          \
		if (RCU)                                                                           \
			urcu_memb_register_thread();                                               \
		uint64_t c = sb_map_##NAME##_count(&sh->m.NAME, del);                              \
		if (RCU)                                                                           \
			urcu_memb_unregister_thread();                                             \
		return c;                                                                          \
	}                                                                                          \
	static int map_lookup_##NAME(map_shared *sh, uint64_t key, uint64_t *value)                \
	{                                                                                          \
		if (RCU)                                                                           \
			urcu_memb_register_thread();                                               \
		int f = sb_map_##NAME##_lookup(&sh->m.NAME, key, map_hash(key), value);            \
		if (RCU)                                                                           \
			urcu_memb_unregister_thread();                                             \
		return f;                                                                          \
	}                                                                                          \
	static void map_destroy_##NAME(map_shared *sh) { sb_map_##NAME##_destroy(&sh->m.NAME); }  \
	static int map_setup_##NAME(const sb_case_params *p, void **out, char *err, size_t errlen) \
	{                                                                                          \
		map_shared *sh;                                                                    \
		int r = map_alloc(p, RCU, &sh, err, errlen);                                       \
		if (r)                                                                             \
			return r;                                                                  \
		unsigned long b = 1;                                                               \
		while (b < sh->keys)                                                               \
			b <<= 1;                                                                   \
		r = sb_map_##NAME##_init(&sh->m.NAME, b);                                          \
		if (r) {                                                                           \
			snprintf(err, errlen, "cannot create the %s table (errno %d)", #NAME, -r); \
			map_free(sh);                                                              \
			return r;                                                                  \
		}                                                                                  \
		if (RCU)                                                                           \
			urcu_memb_register_thread();                                               \
		for (uint64_t i = sh->initial; i-- > 0;) /* stable keys last: first in the chains */ \
			sb_map_##NAME##_add(&sh->m.NAME, &sh->nodes[i],                            \
					    map_hash(atomic_load_explicit(&sh->nodes[i].key, memory_order_relaxed))); \
		if (RCU)                                                                           \
			urcu_memb_unregister_thread();                                             \
		sh->impl = #NAME;                                                                  \
		sh->rcu = RCU;                                                                     \
		sh->count = map_count_##NAME;                                                      \
		sh->lookup = map_lookup_##NAME;                                                    \
		sh->destroy = map_destroy_##NAME;                                                  \
		*out = sh;                                                                         \
		return 0;                                                                          \
	}

static void map_free(map_shared *sh)
{
	free(sh->pools);
	free(sh->stats);
	free(sh->nodes);
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
	sh->initial = sh->stable + (churn + 1) / 2;
	size_t per = churn + (rcu ? SB_MAP_POOL_RCU : SB_MAP_POOL);
	sh->nnodes = sh->initial + (size_t)n * per;
	sh->pools = aligned_alloc(SB_CACHELINE, sizeof(sb_pool) * (size_t)n);
	sh->stats = aligned_alloc(SB_CACHELINE, sizeof(map_stats) * (size_t)n);
	sh->nodes = aligned_alloc(SB_CACHELINE, sizeof(sb_mnode) * sh->nnodes);
	if (!sh->pools || !sh->stats || !sh->nodes) {
		snprintf(err, errlen, "out of memory for %zu map entries", sh->nnodes);
		map_free(sh);
		return -ENOMEM;
	}
	memset(sh->stats, 0, sizeof(map_stats) * (size_t)n);
	memset(sh->nodes, 0, sizeof(sb_mnode) * sh->nnodes);
	for (uint64_t i = 0; i < sh->initial; i++) {
		/* stable keys, then every other churning key */
		uint64_t k = i < sh->stable ? i : sh->stable + 2 * (i - sh->stable);
		atomic_init(&sh->nodes[i].key, k);
		atomic_init(&sh->nodes[i].value, map_value(k));
	}
	for (int t = 0; t < n; t++) {
		sb_pool_init(&sh->pools[t]);
		sh->stats[t].rng = sb_mix64((uint64_t)t + 0x9e3779b97f4a7c15ull) | 1;
		for (size_t k = 0; k < per; k++) {
			sb_mnode *e = &sh->nodes[sh->initial + (size_t)t * per + k];
			e->home = &sh->pools[t];
			sb_pool_put(&sh->pools[t], &e->link);
		}
	}
	*out = sh;
	return 0;
}

SB_MAP_IMPLS(MAP_IMPL)

static void map_check(const sb_case_params *p, void *shared, const sb_team *t, char *msg, size_t len)
{
	(void)t;
	map_shared *sh = shared;
	uint64_t lk = 0, ins = 0, del = 0, stalls = 0;
	for (int i = 0; i < sh->nthreads; i++) {
		lk += sh->stats[i].lookups;
		ins += sh->stats[i].inserts;
		del += sh->stats[i].deletes;
		stalls += sh->stats[i].stalls;
	}
	uint64_t count = sh->count(sh, 0);
	SB_LOG_INFO(sb_log_get("syncbench.map"),
		    "map/%s/mixed t=%d keys=%" PRIu64 " read_pct=%d: %" PRIu64 " lookups, %" PRIu64 " inserts, %" PRIu64
		    " deletes, %" PRIu64 " entries at the end, %" PRIu64 " empty-pool stalls",
		    sh->impl, p->threads, sh->keys, sh->read_pct, lk, ins, del, count, stalls);
	if (count != sh->initial + ins - del) {
		snprintf(msg, len, "entry count %" PRIu64 " != %" PRIu64 " initial + %" PRIu64 " inserts - %" PRIu64 " deletes",
			 count, sh->initial, ins, del);
		return;
	}
	for (uint64_t k = 0; k < sh->stable; k++) {
		uint64_t v = 0;
		if (!sh->lookup(sh, k, &v) || v != map_value(k)) {
			snprintf(msg, len, "stable key %" PRIu64 " missing or wrong at the end", k);
			return;
		}
	}
}

static void map_teardown(void *shared)
{
	map_shared *sh = shared;
	if (sh->rcu) {
		sh->count(sh, 1); /* unlink every entry: cds_lfht_destroy wants an empty table */
		urcu_memb_barrier(); /* every pending call_rcu has run: nothing touches the pools any more */
		SB_TSAN_ACQUIRE(&sb_map_barrier_edge);
	}
	sh->destroy(sh);
	map_free(sh);
}

#define MAP_ROWS(NAME, RCU, HID)                                                                   \
	{ .family = "map", .impl = #NAME, .scenario = "mixed",                                     \
	  .flags = SB_CASE_NO_DELAY | (HID ? SB_CASE_HIDDEN : 0),                                  \
	  .about = "lookups (read_pct) of K keys, else insert/delete of a churning key",           \
	  .sweep = "read_pct=90;keys=1024",                                                        \
	  .setup = map_setup_##NAME, .pick = map_pick_##NAME, .check = map_check,                  \
	  .teardown = map_teardown },

static const sb_case map_cases[] = { SB_MAP_IMPLS(MAP_ROWS) };

const sb_family sb_family_map = { "map", map_cases, sizeof map_cases / sizeof map_cases[0] };
