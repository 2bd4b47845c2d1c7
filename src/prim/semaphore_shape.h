/* prim/semaphore_shape.h: the one shape every counting-semaphore implementation offers.
 *
 *   typedef ... sb_sem_IMPL;                  the semaphore (shared by every thread that uses it)
 *   int  sb_sem_IMPL_init(sb_sem_IMPL *s, unsigned value);   value permits; 0 or -errno
 *   void sb_sem_IMPL_wait(sb_sem_IMPL *s);    take a permit, sleeping while there is none
 *   void sb_sem_IMPL_post(sb_sem_IMPL *s);    give a permit back, waking one sleeper if any
 *   int  sb_sem_IMPL_value(sb_sem_IMPL *s);   permits available now (for checks)
 *   void sb_sem_IMPL_destroy(sb_sem_IMPL *s); when no thread waits on it any more
 *
 * All static inline; wait, post and value may be called from any thread at any time. Permits are
 * not owned: any thread may post, including one that never waited (the ring of the ping-pong
 * posts its neighbour's semaphore). Ordering: what a thread wrote before post is visible to the
 * thread whose wait takes that permit (post releases, wait acquires). No wake-up is lost: a post
 * that finds a sleeper wakes one. value is a snapshot, exact only when no thread is inside wait or
 * post. wait does not return early on a signal (EINTR is restarted). A semaphore is not moved
 * after init.
 *
 * Implementations are listed once, in prim/semaphore_list.h.
 */
#ifndef SB_PRIM_SEMAPHORE_SHAPE_H
#define SB_PRIM_SEMAPHORE_SHAPE_H
#endif
