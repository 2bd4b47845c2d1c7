/* bench/semaphore_op.h: one operation of the semaphore family's pool, shared by the suite's loop
 * (bench/semaphore.c: the pool and uncontended scenarios) and google-benchmark's
 * (bench/gbench/semaphore.c).
 *   POOL_OP(NAME): wait; inside += 1 (must stay below permits); --cs busy loop (when has_cs);
 *   inside -= 1; post. A worker that saw more than `permits` inside adds one to `over`.
 * It works on names of the caller's scope: s (sb_sem_NAME *), inside (atomic_uint *), permits
 * (unsigned), has_cs, cs_it (iterations of sb_spin) and over (uint64_t). */
#ifndef SB_BENCH_SEMAPHORE_OP_H
#define SB_BENCH_SEMAPHORE_OP_H
#include "prim/semaphore_list.h"
#include "syncbench/spin.h"

#include <stdatomic.h>

#define POOL_OP(NAME)                                                                          \
	do {                                                                                   \
		sb_sem_##NAME##_wait(s);                                                       \
		unsigned in_ = atomic_fetch_add_explicit(inside, 1, memory_order_relaxed);     \
		if (has_cs)                                                                    \
			sb_spin(cs_it);                                                        \
		atomic_fetch_sub_explicit(inside, 1, memory_order_relaxed);                    \
		sb_sem_##NAME##_post(s);                                                       \
		over += in_ >= permits;                                                        \
	} while (0)
#endif
