/* prim/rwlock_shape.h: the one shape every read-write lock implementation offers.
 *
 *   typedef ... sb_rwlock_IMPL;                  the lock (shared by every thread that uses it)
 *   int  sb_rwlock_IMPL_init(sb_rwlock_IMPL *l);     0 or -errno
 *   void sb_rwlock_IMPL_rdlock(sb_rwlock_IMPL *l);   shared: any number of readers together
 *   void sb_rwlock_IMPL_rdunlock(sb_rwlock_IMPL *l); by a thread that holds it for reading
 *   void sb_rwlock_IMPL_wrlock(sb_rwlock_IMPL *l);   exclusive: no reader, no other writer
 *   void sb_rwlock_IMPL_wrunlock(sb_rwlock_IMPL *l); by the thread that holds it for writing
 *   void sb_rwlock_IMPL_destroy(sb_rwlock_IMPL *l);  when no thread holds or waits for it
 *
 * All static inline; the lock and unlock calls may be made from any thread. Ordering: rdlock and
 * wrlock return with the writes of every earlier writer visible (acquire); rdunlock and wrunlock
 * publish the holder's writes to the next writer (release). A lock is not recursive (a thread
 * that takes it twice may deadlock) and cannot be upgraded from read to write. Fairness is the
 * implementation's to say (reader or writer preference, in its header); the benchmark counts
 * reads and writes apart so that a starved side shows. A lock is not moved after init; it needs
 * no per-thread context. Return values of the pthread calls are not checked on the hot path: the
 * benchmark's overlap check catches a lock that fails to exclude.
 *
 * Implementations are listed once, in prim/rwlock_list.h.
 */
#ifndef SB_PRIM_RWLOCK_SHAPE_H
#define SB_PRIM_RWLOCK_SHAPE_H
#endif
