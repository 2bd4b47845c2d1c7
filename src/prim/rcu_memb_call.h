/* prim/rcu_memb_call.h: the memb flavour's read side; the writer hands the old record to
 * call_rcu, which frees it after a grace period on liburcu's helper thread. */
#ifndef SB_PRIM_RCU_MEMB_CALL_H
#define SB_PRIM_RCU_MEMB_CALL_H
#include "prim/rcu_urcu.h"
SB_RCU_URCU_IMPL(memb_call, memb, CALL, 0)
#endif
