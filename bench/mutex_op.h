/* bench/mutex_op.h: one operation of the mutex family, shared by the suite's loop (bench/mutex.c)
 * and google-benchmark's (bench/gbench/mutex.c), so both harnesses time the same code.
 *   MUTEX_OP(NAME): lock, read the protected counter, --cs busy loop (when has_cs), write the
 *   counter back plus one, unlock.
 * It works on names of the caller's scope: m (sb_mutex_NAME *), node (sb_mutex_node *), cnt
 * (volatile uint64_t *: the protected counter, or a counter of the thread's own for the null lock),
 * has_cs and cs_it (iterations of sb_spin). Two threads inside together lose an increment: the
 * caller compares the counter with the acquisitions it counted. */
#ifndef SB_BENCH_MUTEX_OP_H
#define SB_BENCH_MUTEX_OP_H
#include "prim/mutex_list.h"
#include "syncbench/spin.h"

#include <stdint.h>

#define MUTEX_OP(NAME)                                   \
	do {                                             \
		sb_mutex_##NAME##_lock(m, node);         \
		uint64_t v_ = *cnt;                      \
		if (has_cs)                              \
			sb_spin(cs_it);                  \
		*cnt = v_ + 1;                           \
		sb_mutex_##NAME##_unlock(m, node);       \
	} while (0)
#endif
