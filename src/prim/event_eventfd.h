/* prim/event_eventfd.h: an event on a Linux eventfd. The descriptor's counter is the flag
 * (readable = set): set() writes 1, clear() reads the counter back to 0 (non-blocking), is_set()
 * and wait() poll for readability, so every waiter wakes on one set() and nothing is consumed by
 * waiting. Every operation is a system call: this is what an event shared with an event loop
 * (epoll, io_uring) costs. */
#ifndef SB_PRIM_EVENT_EVENTFD_H
#define SB_PRIM_EVENT_EVENTFD_H
#include "prim/event_shape.h"
#include "syncbench/clock.h"
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

typedef struct { int fd; } sb_event_eventfd;

static inline int sb_event_eventfd_init(sb_event_eventfd *e)
{
	e->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	return e->fd < 0 ? -errno : 0;
}
static inline void sb_event_eventfd_destroy(sb_event_eventfd *e)
{
	if (e->fd >= 0)
		close(e->fd);
	e->fd = -1;
}
static inline void sb_event_eventfd_set(sb_event_eventfd *e)
{
	uint64_t one = 1;
	/* EAGAIN only if the counter is near 2^64: it is set either way */
	if (write(e->fd, &one, sizeof one) < 0)
		return;
}
static inline void sb_event_eventfd_clear(sb_event_eventfd *e)
{
	uint64_t v;
	if (read(e->fd, &v, sizeof v) < 0) /* EAGAIN: already clear */
		return;
}
static inline int sb_event_eventfd_is_set(sb_event_eventfd *e)
{
	struct pollfd p = { .fd = e->fd, .events = POLLIN };
	return poll(&p, 1, 0) > 0;
}
static inline int sb_event_eventfd_wait_until(sb_event_eventfd *e, uint64_t deadline_ns)
{
	for (;;) {
		struct pollfd p = { .fd = e->fd, .events = POLLIN };
		struct timespec rel, *to = NULL;
		if (deadline_ns) {
			uint64_t now = sb_now_ns();
			rel = sb_ns_to_timespec(deadline_ns > now ? deadline_ns - now : 0);
			to = &rel;
		}
		int r = ppoll(&p, 1, to, NULL);
		if (r > 0)
			return 1;
		if (r == 0)
			return 0;
		if (errno != EINTR)
			return 0;
	}
}
static inline int sb_event_eventfd_wait(sb_event_eventfd *e) { return sb_event_eventfd_wait_until(e, 0); }
#endif
