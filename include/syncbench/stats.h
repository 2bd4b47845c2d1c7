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

/* --- two samples (compare, rank) -------------------------------------------------------------
 * Distribution-free: figures on a shared or virtual machine are often skewed or bimodal, so
 * nothing below assumes normality. a: n1 values, b: n2 values. */

/* Two-sided p-value of the Mann-Whitney U test: exact (the null distribution of the rank sum)
 * when n1 + n2 <= 60, else the normal approximation with a continuity and tie correction. Ties
 * get mid-ranks (the exact distribution is then approximate). NAN when a sample is empty. */
double sb_mann_whitney_p(const double *a, size_t n1, const double *b, size_t n2);

/* The smallest two-sided p the exact test can give for n1 vs n2 values: 2 / C(n1+n2, n1). */
double sb_stats_mw_min_p(size_t n1, size_t n2);

/* The smallest n for which n vs n repetitions can reach p < alpha (2 / C(2n, n) < alpha). */
size_t sb_stats_mw_reps_needed(double alpha);

/* Hodges-Lehmann estimate of the shift between log(b) and log(a) (the median of the n1*n2
 * differences log b_j - log a_i) and its distribution-free confidence interval at level conf
 * (e.g. 0.95): order statistics of the same differences, cut where the exact Mann-Whitney
 * distribution puts (1 - conf)/2 in each tail. Results are given back as ratios b/a (exp of the
 * shift): est, lo, hi always lie between min(b)/max(a) and max(b)/min(a). Every value must be
 * finite and > 0 (else -EDOM). Returns 0; -EAGAIN when the samples are too small for an interval
 * at that level (lo = hi = NAN, est still set); -EINVAL / -ENOMEM. */
int sb_stats_hl_ratio(const double *a, size_t n1, const double *b, size_t n2, double conf,
		      double *est, double *lo, double *hi);

/* Holm's step-down correction of n p-values (family-wise error rate): adj[i] = the adjusted p of
 * p[i]. NaN p-values are left NaN and do not count in n. adj may be p. Returns 0 or -ENOMEM. */
int sb_stats_holm(const double *p, size_t n, double *adj);

#endif /* SYNCBENCH_STATS_H */
