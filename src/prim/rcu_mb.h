/* prim/rcu_mb.h: liburcu's mb flavour: a full fence (MFENCE or a locked instruction) in every
 * read_lock and read_unlock; the grace period needs no help from the kernel. */
#ifndef SB_PRIM_RCU_MB_H
#define SB_PRIM_RCU_MB_H
#include "prim/rcu_urcu.h"
SB_RCU_URCU_IMPL(mb, mb, SYNC, 0)
#endif
