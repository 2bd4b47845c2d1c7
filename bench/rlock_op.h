/* bench/rlock_op.h: one operation of the recursive-lock family, shared by the suite's loop
 * (bench/rlock.c) and google-benchmark's (bench/gbench/rlock.c).
 *   RLOCK_OP(NAME): one nest: lock `depth` times, read the protected counter, --cs busy loop (when
 *   has_cs), write it back plus one, unlock `depth` times; a refused unlock adds one to `bad`.
 * It works on names of the caller's scope: l (sb_rlock_NAME *), depth, cnt (volatile uint64_t *,
 * the protected counter), has_cs, cs_it (iterations of sb_spin) and bad (uint64_t). */
#ifndef SB_BENCH_RLOCK_OP_H
#define SB_BENCH_RLOCK_OP_H
#include "prim/rlock_list.h"
#include "syncbench/spin.h"

#include <stdint.h>

#define RLOCK_OP(NAME)                                          \
	do {                                                    \
		for (int d_ = 0; d_ < depth; d_++)              \
			sb_rlock_##NAME##_lock(l);              \
		uint64_t v_ = *cnt;                             \
		if (has_cs)                                     \
			sb_spin(cs_it);                         \
		*cnt = v_ + 1;                                  \
		for (int d_ = 0; d_ < depth; d_++)              \
			bad += sb_rlock_##NAME##_unlock(l) != 0; \
	} while (0)
#endif
