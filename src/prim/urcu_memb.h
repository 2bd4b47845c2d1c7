/* prim/urcu_memb.h: liburcu's memb flavour with its read side inlined (_LGPL_SOURCE), for the
 * queue and map families. memb: readers need no signal and no quiescent-state reports; the
 * writer's grace period uses membarrier(2) where the kernel has it. Every thread that runs a
 * read-side critical section registers first (urcu_memb_register_thread) and unregisters after. */
#ifndef SB_PRIM_URCU_MEMB_H
#define SB_PRIM_URCU_MEMB_H
#ifndef _LGPL_SOURCE
#define _LGPL_SOURCE
#endif
#include <urcu/urcu-memb.h>
#endif
