/* prim/timer_timerfd.h: a Linux timerfd armed with an absolute CLOCK_MONOTONIC expiry, then read
 * (blocking). interrupt() sets stop and fires the timer now. */
#ifndef SB_PRIM_TIMER_TIMERFD_H
#define SB_PRIM_TIMER_TIMERFD_H
#include "prim/timer_shape.h"
#include <sys/timerfd.h>
#include <unistd.h>

typedef struct {
	int fd;
	atomic_int stop;
} sb_timer_timerfd;
enum { sb_timer_timerfd_interruptible = 1 };

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
#endif
