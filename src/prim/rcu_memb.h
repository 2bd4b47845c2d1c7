/* prim/rcu_memb.h: liburcu's memb flavour: a reader's counter plus membarrier(2) in
 * synchronize_rcu (a compiler barrier on the read side; a full fence where the kernel has no
 * membarrier). The writer waits for the grace period itself (synchronize_rcu). */
#ifndef SB_PRIM_RCU_MEMB_H
#define SB_PRIM_RCU_MEMB_H
#include "prim/rcu_urcu.h"
SB_RCU_URCU_IMPL(memb, memb, SYNC, 0)
#endif
