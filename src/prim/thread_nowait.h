/* prim/thread_nowait.h: negative control. The futex mailbox of prim/thread_futex.h whose await
 * does not wait for the completion: it returns whatever the completion word holds. The submitter
 * hands the next task while the pool thread is still busy with (or has not yet taken) the last,
 * so the pool thread sees tasks skipped and the submitter gets back a completion that is not its
 * task's: the handoff's checks must fail. */
#ifndef SB_PRIM_THREAD_NOWAIT_H
#define SB_PRIM_THREAD_NOWAIT_H
#include "prim/thread_futex.h"

typedef sb_thread_futex sb_thread_nowait;

static inline int sb_thread_nowait_init(sb_thread_nowait *m) { return sb_thread_futex_init(m); }
static inline void sb_thread_nowait_submit(sb_thread_nowait *m, unsigned task) { sb_thread_futex_submit(m, task); }
static inline unsigned sb_thread_nowait_take(sb_thread_nowait *m, unsigned last) { return sb_thread_futex_take(m, last); }
static inline void sb_thread_nowait_complete(sb_thread_nowait *m, unsigned task) { sb_thread_futex_complete(m, task); }
static inline unsigned sb_thread_nowait_await(sb_thread_nowait *m, unsigned last)
{
	(void)last; /* BUG on purpose: no wait for the completion */
	return atomic_load_explicit(&m->done.v, memory_order_acquire);
}
static inline void sb_thread_nowait_destroy(sb_thread_nowait *m) { sb_thread_futex_destroy(m); }
#endif
