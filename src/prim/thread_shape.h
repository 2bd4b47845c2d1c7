/* prim/thread_shape.h: the two shapes of the thread family (what Python's threading.Thread and
 * a pool of parked workers cost).
 *
 * A thread's life (lifecycle scenario), SB_THREAD_SPAWN_IMPLS in prim/thread_list.h:
 *   typedef ... sb_thread_IMPL;          what a creating thread keeps (its attributes)
 *   int  sb_thread_IMPL_init(sb_thread_IMPL *s);                     0 or -errno
 *   int  sb_thread_IMPL_create(sb_thread_IMPL *s, pthread_t *th, void *(*fn)(void *), void *arg);
 *                                        0 or -errno (pthread_create's error)
 *   int  sb_thread_IMPL_join(sb_thread_IMPL *s, pthread_t th, void **ret);   0 or -errno
 *   void sb_thread_IMPL_destroy(sb_thread_IMPL *s);
 * One sb_thread_IMPL per creating thread (it is not shared); the join orders everything the
 * created thread wrote before its return before what the joiner does after it.
 *
 * A parked pool worker (handoff scenario), SB_THREAD_POOL_IMPLS: a one-task mailbox between one
 * submitter and one pool thread, both of which park (block) while they wait:
 *   typedef ... sb_thread_IMPL;          the mailbox: a task word and a completion word
 *   int      sb_thread_IMPL_init(sb_thread_IMPL *m);                 0 or -errno; both words 0
 *   void     sb_thread_IMPL_submit(sb_thread_IMPL *m, unsigned task);
 *                 submitter: hand task (1, 2, 3 ...; SB_THREAD_EXIT asks the pool thread to
 *                 leave) to the pool thread, waking it if it is parked
 *   unsigned sb_thread_IMPL_take(sb_thread_IMPL *m, unsigned last);
 *                 pool thread: park until the task word is no longer last; returns it
 *   void     sb_thread_IMPL_complete(sb_thread_IMPL *m, unsigned task);
 *                 pool thread: publish that task is done, waking the submitter if it is parked
 *   unsigned sb_thread_IMPL_await(sb_thread_IMPL *m, unsigned last);
 *                 submitter: park until the completion word is no longer last; returns it
 *   void     sb_thread_IMPL_destroy(sb_thread_IMPL *m);
 * submit/await are called by the submitter alone, take/complete by the pool thread alone.
 * Release/acquire: what the submitter wrote before submit is visible to the pool thread after
 * the take that returns the task, and what the pool thread wrote before complete is visible to
 * the submitter after the await that returns it. A mailbox is at most SB_WORKER_LOCAL bytes
 * (it lives in the submitter's worker space: checked there).
 *
 * All static inline. Implementations are listed once, in prim/thread_list.h.
 */
#ifndef SB_PRIM_THREAD_SHAPE_H
#define SB_PRIM_THREAD_SHAPE_H

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>

/* The task that tells a pool thread to leave (CPython's executor puts None in its queue). */
#define SB_THREAD_EXIT 0xffffffffu

#endif
