/* syncbench/interval.h: how much to believe a case's median.
 *
 * sb_median_ci: the distribution-free 95 % confidence interval of a median from order statistics
 * (the k-th smallest and k-th largest repetition, k from the binomial distribution with p = 1/2).
 * It assumes nothing about the shape of the distribution, never reaches below the smallest or
 * above the largest repetition, and exists only from 6 repetitions on (with 5, even the whole
 * range min..max covers the median with only 93.75 %).
 *
 * sb_bimodal: whether the repetitions fall into two clusters far apart (a gap test on the sorted
 * logarithms): the signature of a figure that flips between two regimes.
 *
 * Pure functions: they read their input and never modify it; thread-safe.
 */
#ifndef SYNCBENCH_INTERVAL_H
#define SYNCBENCH_INTERVAL_H

#include <stddef.h>

#define SB_MEDIAN_CI_MIN_N 6

/* The order-statistic rank k (1-based) of the 95 % interval [x(k), x(n+1-k)] for n values, or 0
 * when n is too small for any interval to reach 95 %. Its exact coverage goes to *coverage. */
int sb_median_ci_rank(size_t n, double *coverage);

/* The interval of x[0..n): 0 and lo/hi, or -ERANGE (too few values: lo = hi = NAN) or -EINVAL. */
int sb_median_ci(const double *x, size_t n, double *lo, double *hi);

/* 1 when the n values split into two clusters: the largest gap between sorted logarithms exceeds
 * a ratio of 1.25 and twice the spread inside either cluster, each cluster holding at least
 * max(2, n/5) values. 0 otherwise (and for n < 4 or values that are not positive). */
int sb_bimodal(const double *x, size_t n);

#endif
