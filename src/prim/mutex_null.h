/* prim/mutex_null.h: no lock at all. Runs the same loop as every mutex, so its ns/op is the
 * harness's own cost per operation. It does not exclude: its check counts per thread. */
#ifndef SB_PRIM_MUTEX_NULL_H
#define SB_PRIM_MUTEX_NULL_H
#include "prim/mutex_shape.h"

typedef struct { int unused; } sb_mutex_null;
typedef sb_mutex_nothread sb_mutex_null_thread;
static inline int sb_mutex_null_init(sb_mutex_null *m) { (void)m; return 0; }
static inline void sb_mutex_null_thread_init(sb_mutex_null *m, sb_mutex_null_thread *t, int id) { (void)m; (void)t; (void)id; }
static inline void sb_mutex_null_lock(sb_mutex_null *m, sb_mutex_null_thread *t) { (void)m; (void)t; }
static inline int sb_mutex_null_trylock(sb_mutex_null *m, sb_mutex_null_thread *t) { (void)m; (void)t; return 1; }
static inline void sb_mutex_null_unlock(sb_mutex_null *m, sb_mutex_null_thread *t) { (void)m; (void)t; }
static inline void sb_mutex_null_destroy(sb_mutex_null *m) { (void)m; }
#endif
