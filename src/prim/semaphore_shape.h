/* prim/semaphore_shape.h: the one shape every counting-semaphore implementation offers.
 *
 *   typedef ... sb_sem_IMPL;
 *   int  sb_sem_IMPL_init(sb_sem_IMPL *s, unsigned value);  0 or -errno
 *   void sb_sem_IMPL_wait(sb_sem_IMPL *s);    take a permit, sleeping while there is none
 *   void sb_sem_IMPL_post(sb_sem_IMPL *s);    give a permit back, waking one sleeper
 *   int  sb_sem_IMPL_value(sb_sem_IMPL *s);   permits available now (for checks)
 *   void sb_sem_IMPL_destroy(sb_sem_IMPL *s);
 *
 * all static inline, callable from any thread (value is a snapshot). Permits are not owned: any
 * thread may post. The implementations are listed once, in prim/semaphore_list.h.
 */
#ifndef SB_PRIM_SEMAPHORE_SHAPE_H
#define SB_PRIM_SEMAPHORE_SHAPE_H
#endif
