/* syncbench/clock.h: the one clock of the suite.
 *
 * sb_now_ns() reads CLOCK_MONOTONIC through the vDSO: one clock that every thread shares, so a
 * handoff can be timed from the releasing thread to the woken one. It is not serialised with CPUID
 * (which exits to the hypervisor on this machine kind). sb_clock_overhead() measures the cost of one
 * read, back to back, so sampled latencies can subtract it. Thread-safe, no state.
 */
#ifndef SYNCBENCH_CLOCK_H
#define SYNCBENCH_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t sb_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

typedef struct sb_clock_info {
	double overhead_ns;     /* median cost of one sb_now_ns() read, measured back to back */
	double overhead_min_ns; /* the smallest observed */
	double resolution_ns;   /* clock_getres(CLOCK_MONOTONIC) */
} sb_clock_info;

int sb_clock_measure(sb_clock_info *ci);

/* Sleep until an absolute CLOCK_MONOTONIC time in ns (restarts after signals unless *stop is set). */
void sb_sleep_until_ns(uint64_t t, const volatile int *stop);

#endif
