/* Summary statistics over repetitions and threads (see syncbench/stats.h). */
#include "syncbench/stats.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double sb_stats_median(const double *x, size_t n)
{
    if (n == 0)
        return NAN;
    double *c = malloc(n * sizeof *c);
    if (!c)
        return NAN;
    memcpy(c, x, n * sizeof *c);
    qsort(c, n, sizeof *c, cmp_double);
    double m = n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2.0;
    free(c);
    return m;
}

double sb_stats_min(const double *x, size_t n)
{
    if (n == 0)
        return NAN;
    double m = x[0];
    for (size_t i = 1; i < n; i++)
        if (x[i] < m)
            m = x[i];
    return m;
}

double sb_stats_max(const double *x, size_t n)
{
    if (n == 0)
        return NAN;
    double m = x[0];
    for (size_t i = 1; i < n; i++)
        if (x[i] > m)
            m = x[i];
    return m;
}

double sb_stats_mean(const double *x, size_t n)
{
    if (n == 0)
        return NAN;
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s / (double)n;
}

double sb_stats_stddev(const double *x, size_t n)
{
    if (n < 2)
        return NAN;
    double m = sb_stats_mean(x, n), ss = 0.0;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - m) * (x[i] - m);
    return sqrt(ss / (double)(n - 1));
}

double sb_stats_t95(size_t df)
{
    /* t_{0.975, df} for df = 1..30. */
    static const double t[30] = {
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    };
    if (df == 0)
        return NAN;
    return df <= 30 ? t[df - 1] : 1.96;
}

int sb_stats_ci95(const double *x, size_t n, double *lo, double *hi)
{
    if (!x || !lo || !hi) {
        if (lo)
            *lo = NAN;
        if (hi)
            *hi = NAN;
        return -EINVAL;
    }
    if (n == 0) {
        *lo = *hi = NAN;
        return -EINVAL;
    }
    if (n == 1) {
        *lo = *hi = x[0];
        return 0;
    }
    double m = sb_stats_mean(x, n);
    double half = sb_stats_t95(n - 1) * sb_stats_stddev(x, n) / sqrt((double)n);
    *lo = m - half;
    *hi = m + half;
    return 0;
}

double sb_stats_jain(const uint64_t *x, size_t n)
{
    if (n == 0)
        return NAN;
    long double s = 0.0L, s2 = 0.0L;
    for (size_t i = 0; i < n; i++) {
        long double v = (long double)x[i];
        s += v;
        s2 += v * v;
    }
    if (s2 == 0.0L)
        return 1.0;
    return (double)(s * s / ((long double)n * s2));
}
