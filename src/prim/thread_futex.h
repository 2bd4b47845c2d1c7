/* prim/thread_futex.h: the pool worker's mailbox on two futex words. Each side parks on the word
 * the other writes: the pool thread on the task word, the submitter on the completion word. A
 * parker counts itself in the word's `sleepers` before it sleeps; a writer stores the word and
 * makes the FUTEX_WAKE system call only when it sees a sleeper. The store and the load of
 * `sleepers` are seq_cst on both sides (a Dekker pair): either the writer sees the sleeper, or the
 * sleeper's second look sees the new word (and FUTEX_WAIT itself refuses to sleep on a changed
 * word), so no wake-up is lost. */
#ifndef SB_PRIM_THREAD_FUTEX_H
#define SB_PRIM_THREAD_FUTEX_H
#include "prim/futex.h"
#include "prim/thread_shape.h"
#include "syncbench/harness.h"

/* One word and the count of threads that may sleep on it, on a line of their own. */
typedef struct sb_thread_word {
	_Alignas(SB_CACHELINE) atomic_uint v;
	atomic_uint sleepers;
} sb_thread_word;

static inline unsigned sb_thread_word_park(sb_thread_word *w, unsigned last)
{
	unsigned v;
	/* acquire: the writer's earlier writes are visible once its value is seen */
	while ((v = atomic_load_explicit(&w->v, memory_order_acquire)) == last) {
		atomic_fetch_add_explicit(&w->sleepers, 1, memory_order_seq_cst);
		if (atomic_load_explicit(&w->v, memory_order_seq_cst) == last)
			sb_futex_wait(&w->v, last, NULL);
		atomic_fetch_sub_explicit(&w->sleepers, 1, memory_order_relaxed);
	}
	return v;
}

static inline void sb_thread_word_post(sb_thread_word *w, unsigned v)
{
	atomic_store_explicit(&w->v, v, memory_order_seq_cst); /* release, and the Dekker pair's store */
	if (atomic_load_explicit(&w->sleepers, memory_order_seq_cst))
		sb_futex_wake(&w->v, 1);
}

static inline void sb_thread_word_init(sb_thread_word *w)
{
	atomic_init(&w->v, 0);
	atomic_init(&w->sleepers, 0);
}

typedef struct {
	sb_thread_word task; /* written by the submitter; the pool thread parks on it */
	sb_thread_word done; /* written by the pool thread; the submitter parks on it */
} sb_thread_futex;

static inline int sb_thread_futex_init(sb_thread_futex *m)
{
	sb_thread_word_init(&m->task);
	sb_thread_word_init(&m->done);
	return 0;
}
static inline void sb_thread_futex_submit(sb_thread_futex *m, unsigned task) { sb_thread_word_post(&m->task, task); }
static inline unsigned sb_thread_futex_take(sb_thread_futex *m, unsigned last) { return sb_thread_word_park(&m->task, last); }
static inline void sb_thread_futex_complete(sb_thread_futex *m, unsigned task) { sb_thread_word_post(&m->done, task); }
static inline unsigned sb_thread_futex_await(sb_thread_futex *m, unsigned last) { return sb_thread_word_park(&m->done, last); }
static inline void sb_thread_futex_destroy(sb_thread_futex *m) { (void)m; }
#endif
