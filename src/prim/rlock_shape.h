/* prim/rlock_shape.h: the one shape every recursive-lock implementation offers.
 *
 *   typedef ... sb_rlock_IMPL;
 *   int  sb_rlock_IMPL_init(sb_rlock_IMPL *l);        0 or -errno
 *   void sb_rlock_IMPL_lock(sb_rlock_IMPL *l);        the owner may lock again (count + 1)
 *   int  sb_rlock_IMPL_trylock(sb_rlock_IMPL *l);     0, or -EBUSY if another thread owns it
 *   int  sb_rlock_IMPL_unlock(sb_rlock_IMPL *l);      0, or -EPERM if the caller does not own it
 *   void sb_rlock_IMPL_destroy(sb_rlock_IMPL *l);
 *
 * all static inline; every call may be made from any thread. The implementations are listed once,
 * in prim/rlock_list.h. The owner is identified by pthread_self(), which glibc reads from the
 * thread pointer (no system call).
 */
#ifndef SB_PRIM_RLOCK_SHAPE_H
#define SB_PRIM_RLOCK_SHAPE_H
#include <pthread.h>
#include <stdint.h>

/* pthread_t is an unsigned long on Linux: usable as an owner word (0 = nobody). */
_Static_assert(sizeof(pthread_t) <= sizeof(uintptr_t), "pthread_t must fit an owner word");
static inline uintptr_t sb_rlock_self(void) { return (uintptr_t)pthread_self(); }
#endif
