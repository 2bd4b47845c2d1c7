/* prim/rlock_shape.h: the one shape every recursive-lock implementation offers.
 *
 *   typedef ... sb_rlock_IMPL;                   the lock (shared by every thread that uses it)
 *   int  sb_rlock_IMPL_init(sb_rlock_IMPL *l);       0 or -errno
 *   void sb_rlock_IMPL_lock(sb_rlock_IMPL *l);       waits while another thread owns it; the owner
 *                                                    may lock again (one level more)
 *   int  sb_rlock_IMPL_trylock(sb_rlock_IMPL *l);    0 (taken, or one level more for the owner),
 *                                                    or -EBUSY if another thread owns it
 *   int  sb_rlock_IMPL_unlock(sb_rlock_IMPL *l);     one level less; 0, or -EPERM if the caller
 *                                                    does not own it (nothing changes then)
 *   int  sb_rlock_IMPL_levels(sb_rlock_IMPL *l);     levels held now (0: free), or -1 when the
 *                                                    implementation cannot tell (for checks)
 *   void sb_rlock_IMPL_destroy(sb_rlock_IMPL *l);    when no thread holds or waits for it
 *
 * All static inline; every call may be made from any thread. The lock is free again after as many
 * unlocks as locks by its owner. Ordering: the outermost lock returns with the previous owner's
 * writes visible (acquire), the outermost unlock publishes the owner's writes (release); the inner
 * levels order nothing (the owner already holds the lock). levels is exact only when no other
 * thread uses the lock. The owner is identified by pthread_self(), which glibc reads from the
 * thread pointer (no system call), so no thread context is needed. A lock is not moved after init.
 *
 * Implementations are listed once, in prim/rlock_list.h.
 */
#ifndef SB_PRIM_RLOCK_SHAPE_H
#define SB_PRIM_RLOCK_SHAPE_H
#include <pthread.h>
#include <stdint.h>

/* pthread_t is an unsigned long on Linux: usable as an owner word (0 = nobody). */
_Static_assert(sizeof(pthread_t) <= sizeof(uintptr_t), "pthread_t must fit an owner word");
static inline uintptr_t sb_rlock_self(void) { return (uintptr_t)pthread_self(); }
#endif
