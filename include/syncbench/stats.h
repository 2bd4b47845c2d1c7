/* syncbench/stats.h: summary statistics over repetitions and threads.
 *
 * Purpose: the figures of summary.csv (median, min, max and a 95% confidence interval of a case's
 * repetitions) and fairness over per-thread operation counts (Jain's index).
 *
 * Conventions: every function reads its input array and never modifies it; an empty input gives
 * NAN (or -EINVAL where a status is returned).  NaN inputs give unspecified (but memory-safe)
 * results.  All calls are pure and thread-safe.  Memory: the caller owns the arrays;
 * sb_stats_median allocates a temporary copy and frees it before it returns.
 */
#ifndef SYNCBENCH_STATS_H
#define SYNCBENCH_STATS_H

#include <stddef.h>
#include <stdint.h>

/* The middle value of x[0..n), or the mean of the two middle values when n is even;
 * NAN when n = 0 or a temporary copy cannot be allocated. */
double sb_stats_median(const double *x, size_t n);

double sb_stats_min(const double *x, size_t n);    /* NAN when n = 0 */
double sb_stats_max(const double *x, size_t n);    /* NAN when n = 0 */
double sb_stats_mean(const double *x, size_t n);   /* NAN when n = 0 */

/* Sample standard deviation (divisor n - 1), computed in two passes; NAN when n < 2. */
double sb_stats_stddev(const double *x, size_t n);

/* Two-sided 95% quantile of Student's t with df degrees of freedom: a table for df 1..30,
 * 1.96 (the normal quantile) beyond, which is up to 4% narrow for df 31..60; NAN for df = 0. */
double sb_stats_t95(size_t df);

/* 95% confidence interval of the mean: mean -/+ t95(n-1) * s / sqrt(n).
 * n = 1: lo = hi = x[0], returns 0.  n = 0: lo = hi = NAN, returns -EINVAL.
 * Returns 0 on success, -EINVAL when n = 0 or a pointer is NULL. */
int sb_stats_ci95(const double *x, size_t n, double *lo, double *hi);

/* Jain's fairness index (sum x)^2 / (n * sum x^2), in [1/n, 1]: 1 when every thread did the same
 * work, 1/n when one thread did all of it.  Defined as 1.0 when every x is 0 (nobody was favoured)
 * and NAN when n = 0.  Sums are kept in long double, so counts of 1e10 and more neither overflow
 * nor lose precision that matters. */
double sb_stats_jain(const uint64_t *x, size_t n);

#endif /* SYNCBENCH_STATS_H */
