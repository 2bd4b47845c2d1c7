/* prim/rcu_qsbr_call.h: the qsbr flavour's read side; the writer retires through call_rcu. */
#ifndef SB_PRIM_RCU_QSBR_CALL_H
#define SB_PRIM_RCU_QSBR_CALL_H
#include "prim/rcu_urcu.h"
SB_RCU_URCU_IMPL(qsbr_call, qsbr, CALL, 1)
#endif
