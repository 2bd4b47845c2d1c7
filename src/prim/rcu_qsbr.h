/* prim/rcu_qsbr.h: liburcu's qsbr flavour: read_lock and read_unlock are empty; each reader says
 * "I hold nothing" with quiescent_state() now and then (the family does it every RCU_QS_PERIOD
 * operations), and a grace period ends once every online reader has. */
#ifndef SB_PRIM_RCU_QSBR_H
#define SB_PRIM_RCU_QSBR_H
#include "prim/rcu_urcu.h"
SB_RCU_URCU_IMPL(qsbr, qsbr, SYNC, 1)
#endif
