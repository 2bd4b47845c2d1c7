/* prim/rcu_shape.h: the one shape every read-mostly (rcu family) implementation offers: readers
 * read a record through a shared pointer, writers replace the record and then reuse the old one
 * once no reader can hold it.
 *
 *   typedef ... sb_rcu_IMPL;            the shared synchronisation state (a lock; liburcu keeps
 *                                       its own and has a placeholder here)
 *   SB_RCU_IMPL_RETIRE                  when a writer may reuse the record it replaced:
 *     SB_RCU_RETIRE_SYNC    after sb_rcu_IMPL_synchronize() in the writer
 *     SB_RCU_RETIRE_CALL    in a sb_rcu_IMPL_defer() callback (call_rcu), after a grace period, on another thread
 *     SB_RCU_RETIRE_LOCKED  at once: the write lock excluded every reader
 *     SB_RCU_RETIRE_NOWAIT  at once, with readers possibly still on it (the negative control)
 *   SB_RCU_IMPL_QSBR                    1 when readers must report quiescent states, else 0
 *   int   sb_rcu_IMPL_init(sb_rcu_IMPL *s);               0 or -errno
 *   void  sb_rcu_IMPL_destroy(sb_rcu_IMPL *s);
 *   void  sb_rcu_IMPL_thread_online(void);    before the thread's first read or write (liburcu:
 *   void  sb_rcu_IMPL_thread_offline(void);   register; locks: nothing), after its last
 *   void  sb_rcu_IMPL_read_lock(sb_rcu_IMPL *s);  void sb_rcu_IMPL_read_unlock(sb_rcu_IMPL *s);
 *   void *sb_rcu_IMPL_deref(void **pp);       inside a read section: the published pointer
 *   void  sb_rcu_IMPL_write_lock(sb_rcu_IMPL *s);  void sb_rcu_IMPL_write_unlock(sb_rcu_IMPL *s);
 *   void *sb_rcu_IMPL_publish(void **pp, void *v);   under the write lock: install v, return the
 *                                                    old pointer (release: v's contents first)
 *   void  sb_rcu_IMPL_synchronize(void);      returns once every read section that could see
 *                                             the old pointer has ended (a grace period)
 *   void  sb_rcu_IMPL_defer(struct rcu_head *h, void (*fn)(struct rcu_head *));  fn(h) after one
 *   void  sb_rcu_IMPL_quiescent(void);        qsbr: "this thread holds nothing"; else nothing
 *   void  sb_rcu_IMPL_barrier(void);          every fn queued by defer has run (from a thread that
 *                                             is not registered, or for qsbr offline)
 *
 * All static inline (the read side inlined into the measured loop; grace periods, defer and
 * registration may call into liburcu). Reads and writes are safe from any number of threads
 * that are online. Implementations are listed once, in prim/rcu_list.h.
 */
#ifndef SB_PRIM_RCU_SHAPE_H
#define SB_PRIM_RCU_SHAPE_H

struct rcu_head;

enum { SB_RCU_RETIRE_SYNC, SB_RCU_RETIRE_CALL, SB_RCU_RETIRE_LOCKED, SB_RCU_RETIRE_NOWAIT };

#endif
