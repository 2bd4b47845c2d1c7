/* prim/timer_linux.h: timed waits through Linux's own calls: a timerfd armed with an absolute
 * CLOCK_MONOTONIC expiry and read (blocking), and a futex wait with an absolute deadline
 * (FUTEX_WAIT_BITSET). Shape: see prim/timer_list.h. */
#ifndef SB_PRIM_TIMER_LINUX_H
#define SB_PRIM_TIMER_LINUX_H
#include "prim/deadline.h"
#include "prim/futex.h"
#include <limits.h>
#include <stdint.h>
#include <sys/timerfd.h>

/* --- timerfd -------------------------------------------------------------------------------- */
typedef struct {
	int fd;
	atomic_int stop;
} sb_timer_timerfd;

static inline int sb_timer_timerfd_init(sb_timer_timerfd *t)
{
	atomic_init(&t->stop, 0);
	t->fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	return t->fd < 0 ? -errno : 0;
}
static inline void sb_timer_timerfd_destroy(sb_timer_timerfd *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}
static inline int sb_timer_timerfd_wait_until(sb_timer_timerfd *t, uint64_t deadline_ns)
{
	struct itimerspec its = { .it_value = sb_ns_to_timespec(deadline_ns ? deadline_ns : 1) };
	if (timerfd_settime(t->fd, TFD_TIMER_ABSTIME, &its, NULL))
		return -errno;
	uint64_t expirations;
	while (read(t->fd, &expirations, sizeof expirations) < 0)
		if (errno != EINTR)
			return -errno;
	return atomic_load_explicit(&t->stop, memory_order_relaxed) ? 1 : 0;
}
static inline void sb_timer_timerfd_interrupt(sb_timer_timerfd *t)
{
	atomic_store_explicit(&t->stop, 1, memory_order_relaxed);
	/* fire now (a wait that re-arms after this still ends at its own deadline) */
	struct itimerspec its = { .it_value = { 0, 1 } };
	timerfd_settime(t->fd, TFD_TIMER_ABSTIME, &its, NULL);
}

/* --- futex wait with a deadline ---------------------------------------------------------------- */
typedef struct { atomic_uint w; } sb_timer_futex;

static inline int sb_timer_futex_init(sb_timer_futex *t) { atomic_init(&t->w, 0); return 0; }
static inline void sb_timer_futex_destroy(sb_timer_futex *t) { (void)t; }
static inline int sb_timer_futex_wait_until(sb_timer_futex *t, uint64_t deadline_ns)
{
	struct timespec ts = sb_ns_to_timespec(deadline_ns);
	while (atomic_load_explicit(&t->w, memory_order_relaxed) == 0) {
		int r = sb_futex_wait_abs(&t->w, 0, &ts);
		if (r == -ETIMEDOUT)
			return 0;
		if (r && r != -EINTR)
			return r;
	}
	return 1;
}
static inline void sb_timer_futex_interrupt(sb_timer_futex *t)
{
	atomic_store_explicit(&t->w, 1, memory_order_relaxed);
	sb_futex_wake(&t->w, INT_MAX);
}
#endif
