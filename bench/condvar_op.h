/* bench/condvar_op.h: the condvar family's one-thread operation, shared by bench/condvar.c and
 * bench/gbench/condvar.c so that both harnesses run the same code.
 *   CONDVAR_UNC_STATE(NAME)  the state: the mutex, the condition variable, a count kept under
 *                            the mutex
 *   CONDVAR_UNC_OP(NAME, g)  lock, count, signal with no waiter, unlock: what a producer pays
 *                            when nobody waits. The count must equal the operations (check). */
#ifndef SB_BENCH_CONDVAR_OP_H
#define SB_BENCH_CONDVAR_OP_H
#include <stdint.h>

#include "prim/condvar_list.h"

#define CONDVAR_UNC_STATE(NAME)                                                                    \
	struct {                                                                                   \
		_Alignas(64) sb_condvar_##NAME##_mutex m;                                          \
		sb_condvar_##NAME##_cond c;                                                        \
		volatile uint64_t signals; /* under the mutex */                                   \
	}

#define CONDVAR_UNC_OP(NAME, g)                                                                    \
	do {                                                                                       \
		sb_condvar_##NAME##_lock(&(g)->m);                                                 \
		(g)->signals++;                                                                    \
		sb_condvar_##NAME##_signal(&(g)->c);                                               \
		sb_condvar_##NAME##_unlock(&(g)->m);                                               \
	} while (0)
#endif
