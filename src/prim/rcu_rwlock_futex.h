/* prim/rcu_rwlock_futex.h: the rcu family's workload under the project's own futex read-write
 * lock (prim/rwlock_futex.h). */
#ifndef SB_PRIM_RCU_RWLOCK_FUTEX_H
#define SB_PRIM_RCU_RWLOCK_FUTEX_H
#include "prim/rcu_locked.h"
#include "prim/rwlock_futex.h"

typedef struct { sb_rwlock_futex l; } sb_rcu_rwlock_futex;
static inline int sb_rcu_rwlock_futex_init(sb_rcu_rwlock_futex *s) { return sb_rwlock_futex_init(&s->l); }
static inline void sb_rcu_rwlock_futex_destroy(sb_rcu_rwlock_futex *s) { sb_rwlock_futex_destroy(&s->l); }
static inline void sb_rcu_rwlock_futex_read_lock(sb_rcu_rwlock_futex *s) { sb_rwlock_futex_rdlock(&s->l); }
static inline void sb_rcu_rwlock_futex_read_unlock(sb_rcu_rwlock_futex *s) { sb_rwlock_futex_rdunlock(&s->l); }
static inline void sb_rcu_rwlock_futex_write_lock(sb_rcu_rwlock_futex *s) { sb_rwlock_futex_wrlock(&s->l); }
static inline void sb_rcu_rwlock_futex_write_unlock(sb_rcu_rwlock_futex *s) { sb_rwlock_futex_wrunlock(&s->l); }
SB_RCU_LOCKED_COMMON(rwlock_futex)
#endif
