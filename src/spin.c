#include "syncbench/spin.h"
#include "syncbench/clock.h"

#include <math.h>
#include <stdlib.h>

__attribute__((noinline, aligned(64))) void sb_spin(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		__asm__ __volatile__("" : "+r"(i));
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double sb_spin_measure(uint64_t iters)
{
	enum { N = 31 };
	double t[N];
	/* Repeat the delay enough times that one timing lasts >= ~20 us, so the clock's cost vanishes. */
	uint64_t reps = iters ? 20000 / iters + 1 : 1000;
	if (reps > 1000)
		reps = 1000;
	for (int k = 0; k < N; k++) {
		uint64_t t0 = sb_now_ns();
		for (uint64_t r = 0; r < reps; r++)
			sb_spin(iters);
		t[k] = (double)(sb_now_ns() - t0) / (double)reps;
	}
	qsort(t, N, sizeof t[0], cmp_dbl);
	return t[N / 2];
}

int sb_spin_calibrate(sb_spin_cal *cal)
{
	enum { N = 21, ITERS = 200000 };
	double t[N];
	for (int k = 0; k < N; k++) {
		uint64_t t0 = sb_now_ns();
		sb_spin(ITERS);
		t[k] = (double)(sb_now_ns() - t0) / ITERS;
	}
	qsort(t, N, sizeof t[0], cmp_dbl);
	cal->ns_per_iter = t[N / 2] > 0 ? t[N / 2] : 1e-3;
	/* a short delay costs more than its iterations (the call, the mispredicted loop exit) */
	const uint64_t k = 128;
	double fixed = sb_spin_measure(k) - (double)k * cal->ns_per_iter;
	cal->fixed_ns = fixed > 0 ? fixed : 0;
	return 0;
}

uint64_t sb_spin_iters(const sb_spin_cal *cal, uint64_t ns)
{
	if (ns == 0)
		return 0;
	double it = llround(((double)ns - cal->fixed_ns) / cal->ns_per_iter);
	return it < 1 ? 1 : (uint64_t)it;
}
