#include "syncbench/clock.h"

#include <errno.h>
#include <stdlib.h>

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

int sb_clock_measure(sb_clock_info *ci)
{
	enum { BATCHES = 101, PER = 200 };
	uint64_t per[BATCHES];
	for (int b = 0; b < BATCHES; b++) {
		uint64_t t0 = sb_now_ns(), t = t0;
		for (int i = 0; i < PER; i++)
			t = sb_now_ns();
		per[b] = t - t0; /* PER reads after the first one */
	}
	qsort(per, BATCHES, sizeof per[0], cmp_u64);
	ci->overhead_ns = (double)per[BATCHES / 2] / PER;
	ci->overhead_min_ns = (double)per[0] / PER;
	struct timespec res;
	if (clock_getres(CLOCK_MONOTONIC, &res) != 0)
		return -errno;
	ci->resolution_ns = (double)res.tv_sec * 1e9 + (double)res.tv_nsec;
	return 0;
}

void sb_sleep_until_ns(uint64_t t, const volatile int *stop)
{
	struct timespec ts = { .tv_sec = (time_t)(t / 1000000000u), .tv_nsec = (long)(t % 1000000000u) };
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		if (stop && *stop)
			return;
}
