/* prim/rcu_memb_nowait.h: NEGATIVE CONTROL. The memb flavour, but the writer reuses the record it
 * replaced at once, without waiting for a grace period: a reader still on it sees it poisoned or
 * rewritten, which the family's read check must catch. */
#ifndef SB_PRIM_RCU_MEMB_NOWAIT_H
#define SB_PRIM_RCU_MEMB_NOWAIT_H
#include "prim/rcu_urcu.h"
SB_RCU_URCU_IMPL(memb_nowait, memb, NOWAIT, 0)
#endif
