/* prim/rcu_bp.h: liburcu's "bullet-proof" flavour: threads register lazily (on their first read)
 * and the read side has a fence-free fast path. */
#ifndef SB_PRIM_RCU_BP_H
#define SB_PRIM_RCU_BP_H
#include "prim/rcu_urcu.h"
SB_RCU_URCU_IMPL(bp, bp, SYNC, 0)
#endif
