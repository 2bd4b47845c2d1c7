/* prim/mutex_shape.h: the one shape every mutex implementation offers.
 *
 *   typedef ... sb_mutex_IMPL;          the lock (shared by every thread that uses it)
 *   typedef ... sb_mutex_IMPL_thread;   what one thread brings to the lock: a queue lock's node,
 *                                       an array lock's slot; a one-member placeholder for the rest
 *   int  sb_mutex_IMPL_init(sb_mutex_IMPL *m);                       0 or -errno
 *   void sb_mutex_IMPL_thread_init(sb_mutex_IMPL *m, sb_mutex_IMPL_thread *t, int id);
 *   void sb_mutex_IMPL_lock(sb_mutex_IMPL *m, sb_mutex_IMPL_thread *t);
 *   int  sb_mutex_IMPL_trylock(sb_mutex_IMPL *m, sb_mutex_IMPL_thread *t);   1 taken, 0 busy
 *   void sb_mutex_IMPL_unlock(sb_mutex_IMPL *m, sb_mutex_IMPL_thread *t);
 *   void sb_mutex_IMPL_destroy(sb_mutex_IMPL *m);
 *
 * All static inline. lock returns with the lock held and the previous holder's writes visible
 * (acquire); unlock publishes the holder's writes to the next one (release). A thread's context
 * belongs to that thread alone; it is initialised once per thread (id is the thread's index,
 * 0 .. threads-1) and must not be moved while the thread uses the lock. A thread context is at
 * most SB_MUTEX_THREAD_MAX bytes (checked where the worker gives it its space).
 *
 * Implementations are listed once, in prim/mutex_list.h.
 */
#ifndef SB_PRIM_MUTEX_SHAPE_H
#define SB_PRIM_MUTEX_SHAPE_H

#include <stdatomic.h>

#define SB_MUTEX_THREAD_MAX 256

/* The thread context of a lock that needs none. */
typedef struct sb_mutex_nothread {
	char unused;
} sb_mutex_nothread;

#endif
