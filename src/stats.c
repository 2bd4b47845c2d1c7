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

/* --- two samples -------------------------------------------------------------------------- */

typedef struct { double v; int who; } ranked;

static int cmp_ranked(const void *a, const void *b)
{
    double x = ((const ranked *)a)->v, y = ((const ranked *)b)->v;
    return (x > y) - (x < y);
}

/* Number of ways n1 ranks out of 1..N sum to s, for s = 0..N(N+1)/2 (malloc'd; NULL on ENOMEM). */
static double *ranksum_counts(size_t n1, size_t N, size_t *smax_out)
{
    size_t smax = N * (N + 1) / 2;
    double *cnt = calloc((n1 + 1) * (smax + 1), sizeof *cnt);
    if (!cnt)
        return NULL;
#define C(k, s) cnt[(size_t)(k) * (smax + 1) + (s)]
    C(0, 0) = 1;
    for (size_t rank = 1; rank <= N; rank++)
        for (size_t k = (rank < n1 ? rank : n1); k >= 1; k--)
            for (size_t s = smax; s >= rank; s--)
                C(k, s) += C(k - 1, s - rank);
    double *out = malloc((smax + 1) * sizeof *out);
    if (out)
        memcpy(out, &C(n1, 0), (smax + 1) * sizeof *out);
#undef C
    free(cnt);
    *smax_out = smax;
    return out;
}

#define SB_MW_EXACT_MAX 60

double sb_mann_whitney_p(const double *a, size_t n1, const double *b, size_t n2)
{
    size_t N = n1 + n2;
    if (n1 == 0 || n2 == 0)
        return NAN;
    ranked *r = malloc(N * sizeof *r);
    if (!r)
        return NAN;
    for (size_t i = 0; i < n1; i++) r[i] = (ranked){ a[i], 0 };
    for (size_t i = 0; i < n2; i++) r[n1 + i] = (ranked){ b[i], 1 };
    qsort(r, N, sizeof *r, cmp_ranked);
    /* rank sum of a, doubled so that mid-ranks stay integers; tie term for the approximation */
    long w2 = 0;
    double ties = 0;
    for (size_t i = 0; i < N;) {
        size_t j = i;
        while (j + 1 < N && r[j + 1].v == r[i].v)
            j++;
        long mid2 = (long)(i + 1 + j + 1); /* 2 x mid-rank */
        for (size_t k = i; k <= j; k++)
            if (r[k].who == 0)
                w2 += mid2;
        double t = (double)(j - i + 1);
        ties += t * t * t - t;
        i = j + 1;
    }
    free(r);
    if (N > SB_MW_EXACT_MAX) {
        double mu = (double)n1 * (double)(N + 1) / 2.0;
        double var = (double)n1 * (double)n2 / 12.0 * ((double)(N + 1) - ties / ((double)N * (double)(N - 1)));
        if (var <= 0)
            return 1.0;
        double d = fabs((double)w2 / 2.0 - mu) - 0.5;
        if (d < 0)
            d = 0;
        double p = erfc(d / sqrt(var) / sqrt(2.0));
        return p > 1 ? 1 : p;
    }
    size_t smax;
    double *cnt = ranksum_counts(n1, N, &smax);
    if (!cnt)
        return NAN;
    double total = 0, lo = 0, hi = 0;
    for (size_t s = 0; s <= smax; s++) {
        double c = cnt[s];
        total += c;
        if ((long)(2 * s) <= w2) lo += c;
        if ((long)(2 * s) >= w2) hi += c;
    }
    free(cnt);
    double p = 2 * fmin(lo, hi) / total;
    return p > 1 ? 1 : p;
}

double sb_stats_mw_min_p(size_t n1, size_t n2)
{
    if (n1 == 0 || n2 == 0)
        return 1.0;
    /* C(n1+n2, n1) as a product of ratios, in long double */
    long double c = 1;
    size_t k = n1 < n2 ? n1 : n2;
    for (size_t i = 1; i <= k; i++)
        c = c * (long double)(n1 + n2 - k + i) / (long double)i;
    double p = (double)(2.0L / c);
    return p > 1 ? 1 : p;
}

size_t sb_stats_mw_reps_needed(double alpha)
{
    if (!(alpha > 0))
        return SIZE_MAX;
    for (size_t n = 1; n < 1000; n++)
        if (sb_stats_mw_min_p(n, n) < alpha)
            return n;
    return SIZE_MAX;
}

/* k: the number of the smallest (and of the largest) pairwise differences left out of the
 * interval, the largest k with P(U < k) <= tail; 0 when not even one can be (no interval). */
static size_t hl_cut(size_t n1, size_t n2, double tail)
{
    size_t N = n1 + n2;
    if (N <= SB_MW_EXACT_MAX) {
        size_t smax;
        double *cnt = ranksum_counts(n1, N, &smax);
        if (!cnt)
            return 0;
        double total = 0;
        for (size_t s = 0; s <= smax; s++)
            total += cnt[s];
        size_t wmin = n1 * (n1 + 1) / 2, k = 0;
        double cum = 0;
        /* U = W - wmin; P(U <= u) for u = 0, 1, ...: k = u + 1 while that stays <= tail */
        for (size_t u = 0; wmin + u <= smax; u++) {
            cum += cnt[wmin + u];
            if (cum / total > tail)
                break;
            k = u + 1;
        }
        free(cnt);
        return k;
    }
    /* normal approximation: z_{0.975} for conf 0.95; other levels through the inverse erfc */
    double z = sqrt(2.0) * 1.0;
    {   /* solve erfc(z/sqrt2) = 2 tail by bisection */
        double lo = 0, hi = 10;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (erfc(mid / sqrt(2.0)) > 2 * tail)
                lo = mid;
            else
                hi = mid;
        }
        z = (lo + hi) / 2;
    }
    double mn = (double)n1 * (double)n2;
    double k = mn / 2.0 - z * sqrt(mn * (double)(N + 1) / 12.0);
    return k < 1 ? 0 : (size_t)floor(k);
}

int sb_stats_hl_ratio(const double *a, size_t n1, const double *b, size_t n2, double conf,
                      double *est, double *lo, double *hi)
{
    *est = *lo = *hi = NAN;
    if (!a || !b || n1 == 0 || n2 == 0 || !(conf > 0 && conf < 1))
        return -EINVAL;
    for (size_t i = 0; i < n1; i++)
        if (!isfinite(a[i]) || a[i] <= 0)
            return -EDOM;
    for (size_t j = 0; j < n2; j++)
        if (!isfinite(b[j]) || b[j] <= 0)
            return -EDOM;
    size_t m = n1 * n2;
    double *d = malloc(m * sizeof *d);
    if (!d)
        return -ENOMEM;
    for (size_t i = 0; i < n1; i++)
        for (size_t j = 0; j < n2; j++)
            d[i * n2 + j] = log(b[j]) - log(a[i]);
    qsort(d, m, sizeof *d, cmp_double);
    *est = exp(m % 2 ? d[m / 2] : (d[m / 2 - 1] + d[m / 2]) / 2.0);
    size_t k = hl_cut(n1, n2, (1.0 - conf) / 2.0);
    int rc = 0;
    if (k == 0 || k > m - k + 1)
        rc = -EAGAIN;
    else {
        *lo = exp(d[k - 1]);      /* the k-th smallest difference */
        *hi = exp(d[m - k]);      /* the k-th largest */
    }
    free(d);
    return rc;
}

typedef struct { double p; size_t i; } p_idx;

static int cmp_p(const void *a, const void *b)
{
    double x = ((const p_idx *)a)->p, y = ((const p_idx *)b)->p;
    return (x > y) - (x < y);
}

int sb_stats_holm(const double *p, size_t n, double *adj)
{
    p_idx *s = malloc((n ? n : 1) * sizeof *s);
    if (!s)
        return -ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(p[i]))
            s[m++] = (p_idx){ p[i], i };
    for (size_t i = 0; i < n; i++)
        if (isnan(p[i]))
            adj[i] = NAN;
    qsort(s, m, sizeof *s, cmp_p);
    double run = 0;
    for (size_t j = 0; j < m; j++) {
        double v = (double)(m - j) * s[j].p;
        if (v > 1)
            v = 1;
        if (v < run)
            v = run; /* adjusted p-values never decrease along the sorted order */
        run = v;
        adj[s[j].i] = v;
    }
    free(s);
    return 0;
}
