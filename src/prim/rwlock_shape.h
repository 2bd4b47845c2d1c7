/* prim/rwlock_shape.h: the one shape every read-write lock implementation offers.
 *
 *   typedef ... sb_rwlock_IMPL;
 *   int  sb_rwlock_IMPL_init(sb_rwlock_IMPL *l);      0 or -errno
 *   void sb_rwlock_IMPL_rdlock(sb_rwlock_IMPL *l);    shared: any number of readers together
 *   void sb_rwlock_IMPL_rdunlock(sb_rwlock_IMPL *l);
 *   void sb_rwlock_IMPL_wrlock(sb_rwlock_IMPL *l);    exclusive: no reader, no other writer
 *   void sb_rwlock_IMPL_wrunlock(sb_rwlock_IMPL *l);
 *   void sb_rwlock_IMPL_destroy(sb_rwlock_IMPL *l);
 *
 * all static inline, callable from any thread; a lock is not recursive. The implementations are
 * listed once, in prim/rwlock_list.h.
 */
#ifndef SB_PRIM_RWLOCK_SHAPE_H
#define SB_PRIM_RWLOCK_SHAPE_H
#endif
