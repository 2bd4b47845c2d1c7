/* prim/deadline.h: deadlines of the timed waits. Every timed core in src/prim takes an absolute
 * CLOCK_MONOTONIC time in ns (the clock of sb_now_ns), 0 meaning "no deadline". */
#ifndef SB_PRIM_DEADLINE_H
#define SB_PRIM_DEADLINE_H
#include <stdint.h>
#include <time.h>

static inline struct timespec sb_ns_to_timespec(uint64_t ns)
{
	struct timespec ts = { .tv_sec = (time_t)(ns / 1000000000u), .tv_nsec = (long)(ns % 1000000000u) };
	return ts;
}

/* The CLOCK_REALTIME time that corresponds to the monotonic deadline_ns (for calls such as
 * sem_timedwait that only take CLOCK_REALTIME). The monotonic clock is read first, so the
 * converted deadline is never earlier than the monotonic one. */
static inline struct timespec sb_deadline_to_realtime(uint64_t deadline_ns)
{
	struct timespec m, r;
	clock_gettime(CLOCK_MONOTONIC, &m);
	clock_gettime(CLOCK_REALTIME, &r);
	uint64_t now = (uint64_t)m.tv_sec * 1000000000u + (uint64_t)m.tv_nsec;
	uint64_t left = deadline_ns > now ? deadline_ns - now : 0;
	return sb_ns_to_timespec((uint64_t)r.tv_sec * 1000000000u + (uint64_t)r.tv_nsec + left);
}
#endif
