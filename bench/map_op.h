/* bench/map_op.h: one operation of the map family, shared by the suite's loop (bench/map.c) and
 * google-benchmark's (bench/gbench/map.c).
 *   MAP_OP(NAME, RCU): draw a number; with probability read_pct % look up a key drawn from the
 *   whole key space (a stable key must be found, any key found must carry its value, else the
 *   worker fails); otherwise toggle a churning key: delete it if present, insert an entry from the
 *   worker's pool if absent (a deleted entry goes back to the pool, through call_rcu when RCU is 1).
 * It works on names of the caller's scope: w (sb_worker *: its fail message), m (sb_map_NAME *),
 * pool (sb_pool *), st (map_stats *: counts and the generator's state), keys, stable and
 * read_pct. Keys and values: map_hash(key), map_value(key). */
#ifndef SB_BENCH_MAP_OP_H
#define SB_BENCH_MAP_OP_H
#include "syncbench/rand.h"
#include "prim/map_list.h"
#include "syncbench/harness.h"

#include <inttypes.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define SB_MAP_POOL 1024u          /* spare entries per worker beyond the churning keys */
#define SB_MAP_POOL_RCU 32768u     /* ... when deleted entries wait for a grace period */

typedef struct map_stats {
	_Alignas(SB_CACHELINE) uint64_t lookups, inserts, deletes, stalls; /* warm-up + window */
	uint64_t rng;
} map_stats;

static inline uint64_t map_hash(uint64_t key) { return sb_mix64(key); }
static inline uint64_t map_value(uint64_t key) { return sb_mix64(key ^ 0x5bd1e9955bd1e995ull) | 1; }

static inline uint64_t map_rand(uint64_t *s)
{
	uint64_t x = *s; /* xorshift64* */
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dull;
}

static char sb_map_barrier_edge __attribute__((unused)); /* ThreadSanitizer: callbacks -> rcu_barrier */

static __attribute__((unused)) void map_recycle_cb(struct rcu_head *h)
{
	sb_mnode *e = caa_container_of(h, sb_mnode, rcu);
	SB_TSAN_ACQUIRE(&(e)->home); /* the edge from call_rcu (after the grace period) */
	sb_pool_return(e->home, &e->link);
	SB_TSAN_RELEASE(&sb_map_barrier_edge); /* seen by the controller after urcu_memb_barrier */
}

static __attribute__((noinline, cold)) void map_fail(sb_worker *w, uint64_t key, int found, uint64_t v,
						      int stable)
{
	if (w->fail[0])
		return;
	if (!found)
		snprintf(w->fail, sizeof w->fail, "stable key %" PRIu64 " not found", key);
	else
		snprintf(w->fail, sizeof w->fail, "%s key %" PRIu64 " found with a wrong value %#" PRIx64,
			 stable ? "stable" : "churning", key, v);
}

#define MAP_OP(NAME, RCU)                                                                          \
	do {                                                                                       \
		uint64_t r_ = map_rand(&st->rng);                                                  \
		if ((int)((uint32_t)r_ % 100u) < read_pct) {                                       \
			uint64_t k_ = (r_ >> 32) % keys, v_ = 0;                                   \
			int f_ = sb_map_##NAME##_lookup(m, k_, map_hash(k_), &v_);                 \
			if ((k_ < stable && !f_) || (f_ && v_ != map_value(k_)))                   \
				map_fail(w, k_, f_, v_, k_ < stable);                              \
			st->lookups++;                                                             \
		} else {                                                                           \
			uint64_t k_ = stable + (r_ >> 32) % (keys - stable);                       \
			sb_mnode *fresh_ = sb_mnode_of_link(sb_pool_get(pool)), *gone_ = NULL;     \
			if (fresh_) {                                                              \
				atomic_store_explicit(&fresh_->key, k_, memory_order_relaxed);     \
				atomic_store_explicit(&fresh_->value, map_value(k_), memory_order_relaxed); \
			} else {                                                                   \
				st->stalls++;                                                      \
			}                                                                          \
			int t_ = sb_map_##NAME##_toggle(m, k_, map_hash(k_), fresh_, &gone_);      \
			if (t_ == SB_MAP_INSERTED) {                                               \
				st->inserts++;                                                     \
			} else if (fresh_) {                                                       \
				sb_pool_put(pool, &fresh_->link);                                  \
			}                                                                          \
			if (t_ == SB_MAP_DELETED) {                                                \
				st->deletes++;                                                     \
				if (RCU) {                                                         \
					gone_->home = pool;                                        \
					SB_TSAN_RELEASE(&(gone_)->home);                                    \
					urcu_memb_call_rcu(&gone_->rcu, map_recycle_cb);                      \
				} else {                                                           \
					sb_pool_put(pool, &gone_->link);                           \
				}                                                                  \
			}                                                                          \
		}                                                                                  \
	} while (0)
#endif
