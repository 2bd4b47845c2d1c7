/* prim/mutex_anderson.h: Anderson's array lock: a ticket picks a slot of an array, each slot on
 * its own cache line; a waiter spins on its own slot and the holder hands over by setting the
 * next one. FIFO, one line transfer per handoff, and a lock as large as the most threads it can
 * serve (SB_ANDERSON_SLOTS, a power of two so the ticket's wrap-around keeps the slot order). */
#ifndef SB_PRIM_MUTEX_ANDERSON_H
#define SB_PRIM_MUTEX_ANDERSON_H
#include "prim/mutex_shape.h"
#include "syncbench/spin.h"

#define SB_ANDERSON_SLOTS 1024u /* at least SB_MAX_THREADS */

typedef struct {
	_Alignas(64) atomic_uint next;
	struct {
		_Alignas(64) atomic_uint go;
	} slot[SB_ANDERSON_SLOTS];
} sb_mutex_anderson;

typedef struct {
	unsigned slot; /* while held: the slot this thread took */
} sb_mutex_anderson_thread;

static inline int sb_mutex_anderson_init(sb_mutex_anderson *l)
{
	atomic_init(&l->next, 0);
	for (unsigned i = 0; i < SB_ANDERSON_SLOTS; i++)
		atomic_init(&l->slot[i].go, i == 0);
	return 0;
}
static inline void sb_mutex_anderson_thread_init(sb_mutex_anderson *l, sb_mutex_anderson_thread *t, int id)
{
	(void)l; (void)id;
	t->slot = 0;
}
static inline void sb_mutex_anderson_lock(sb_mutex_anderson *l, sb_mutex_anderson_thread *t)
{
	/* the ticket orders nothing; the acquire load of the slot's go takes the lock */
	unsigned s = atomic_fetch_add_explicit(&l->next, 1, memory_order_relaxed) % SB_ANDERSON_SLOTS;
	while (!atomic_load_explicit(&l->slot[s].go, memory_order_acquire))
		sb_cpu_relax();
	t->slot = s;
}
static inline int sb_mutex_anderson_trylock(sb_mutex_anderson *l, sb_mutex_anderson_thread *t)
{
	/* take the next ticket only if its slot is already open */
	unsigned n = atomic_load_explicit(&l->next, memory_order_relaxed);
	unsigned s = n % SB_ANDERSON_SLOTS;
	if (!atomic_load_explicit(&l->slot[s].go, memory_order_acquire))
		return 0;
	if (!atomic_compare_exchange_strong_explicit(&l->next, &n, n + 1, memory_order_acquire, memory_order_relaxed))
		return 0;
	t->slot = s;
	return 1;
}
static inline void sb_mutex_anderson_unlock(sb_mutex_anderson *l, sb_mutex_anderson_thread *t)
{
	/* close our slot for its next round, then open the next one (release: the critical
	 * section's writes before the successor's acquire) */
	atomic_store_explicit(&l->slot[t->slot].go, 0, memory_order_relaxed);
	atomic_store_explicit(&l->slot[(t->slot + 1) % SB_ANDERSON_SLOTS].go, 1, memory_order_release);
}
static inline void sb_mutex_anderson_destroy(sb_mutex_anderson *l) { (void)l; }
#endif
