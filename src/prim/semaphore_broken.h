/* prim/semaphore_broken.h: a NEGATIVE CONTROL: a semaphore that does not bound. wait takes a
 * permit even when there is none (the count goes negative) and never sleeps. The pool's "never
 * more than K inside" check and the ping-pong's turn check must catch it (tests only,
 * --negative-controls). */
#ifndef SB_PRIM_SEMAPHORE_BROKEN_H
#define SB_PRIM_SEMAPHORE_BROKEN_H
#include "prim/semaphore_shape.h"
#include <stdatomic.h>

typedef struct { atomic_int value; } sb_sem_broken;
static inline int sb_sem_broken_init(sb_sem_broken *s, unsigned v) { atomic_init(&s->value, (int)v); return 0; }
static inline void sb_sem_broken_wait(sb_sem_broken *s) { atomic_fetch_sub_explicit(&s->value, 1, memory_order_acq_rel); }
static inline void sb_sem_broken_post(sb_sem_broken *s) { atomic_fetch_add_explicit(&s->value, 1, memory_order_acq_rel); }
static inline int sb_sem_broken_value(sb_sem_broken *s) { return atomic_load_explicit(&s->value, memory_order_relaxed); }
static inline void sb_sem_broken_destroy(sb_sem_broken *s) { (void)s; }
#endif
