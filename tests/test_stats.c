/* Tests of src/stats.c against hand-computed examples. */
#include <criterion/criterion.h>
#include <errno.h>
#include <math.h>
#include <string.h>

#include "syncbench/stats.h"

Test(stats, median_odd_even_and_input_untouched)
{
    double odd[] = { 9, 1, 7, 3, 5 };
    double odd_copy[5];
    memcpy(odd_copy, odd, sizeof odd);
    cr_assert_float_eq(sb_stats_median(odd, 5), 5.0, 1e-12);
    cr_assert(memcmp(odd, odd_copy, sizeof odd) == 0, "median modified its input");

    double even[] = { 4, 1, 10, 2 };
    cr_assert_float_eq(sb_stats_median(even, 4), 3.0, 1e-12);   /* (2 + 4) / 2 */
    cr_assert_float_eq(even[0], 4.0, 0.0);

    double one[] = { 42.5 };
    cr_assert_float_eq(sb_stats_median(one, 1), 42.5, 0.0);
    double two[] = { 1, 2 };
    cr_assert_float_eq(sb_stats_median(two, 2), 1.5, 0.0);
    cr_assert(isnan(sb_stats_median(NULL, 0)));
}

Test(stats, min_max_mean)
{
    double x[] = { 3, -1, 8, 2 };
    cr_assert_float_eq(sb_stats_min(x, 4), -1.0, 0.0);
    cr_assert_float_eq(sb_stats_max(x, 4), 8.0, 0.0);
    cr_assert_float_eq(sb_stats_mean(x, 4), 3.0, 1e-12);
    cr_assert(isnan(sb_stats_min(x, 0)));
    cr_assert(isnan(sb_stats_max(x, 0)));
    cr_assert(isnan(sb_stats_mean(x, 0)));
}

Test(stats, stddev_sample)
{
    double x[] = { 2, 4, 4, 4, 5, 5, 7, 9 };   /* sum of squared deviations 32, n - 1 = 7 */
    cr_assert_float_eq(sb_stats_stddev(x, 8), sqrt(32.0 / 7.0), 1e-12);
    double same[] = { 1e9 + 1, 1e9 + 1, 1e9 + 1 };
    cr_assert_float_eq(sb_stats_stddev(same, 3), 0.0, 1e-9);
    cr_assert(isnan(sb_stats_stddev(x, 1)));
    cr_assert(isnan(sb_stats_stddev(x, 0)));
}

Test(stats, t_table)
{
    cr_assert_float_eq(sb_stats_t95(1), 12.706, 1e-9);
    cr_assert_float_eq(sb_stats_t95(4), 2.776, 1e-9);
    cr_assert_float_eq(sb_stats_t95(30), 2.042, 1e-9);
    cr_assert_float_eq(sb_stats_t95(31), 1.96, 1e-9);
    cr_assert_float_eq(sb_stats_t95(1000), 1.96, 1e-9);
    cr_assert(isnan(sb_stats_t95(0)));
    for (size_t df = 2; df <= 40; df++)
        cr_assert(sb_stats_t95(df) <= sb_stats_t95(df - 1), "t95 must not grow with df (%zu)", df);
}

Test(stats, ci95_hand_computed)
{
    /* mean 14, s = sqrt(40 / 4) = 3.1623, t(4) = 2.776: half-width 2.776 * 3.1623 / sqrt(5) = 3.926 */
    double x[] = { 10, 12, 14, 16, 18 };
    double lo = 0, hi = 0;
    cr_assert_eq(sb_stats_ci95(x, 5, &lo, &hi), 0);
    cr_assert_float_eq(lo, 14.0 - 3.926, 1e-3);
    cr_assert_float_eq(hi, 14.0 + 3.926, 1e-3);
}

Test(stats, ci95_degenerate)
{
    double x[] = { 7.5 };
    double lo = 0, hi = 0;
    cr_assert_eq(sb_stats_ci95(x, 1, &lo, &hi), 0);
    cr_assert_float_eq(lo, 7.5, 0.0);
    cr_assert_float_eq(hi, 7.5, 0.0);

    cr_assert_eq(sb_stats_ci95(x, 0, &lo, &hi), -EINVAL);
    cr_assert(isnan(lo) && isnan(hi));
    cr_assert_eq(sb_stats_ci95(NULL, 3, &lo, &hi), -EINVAL);
    cr_assert_eq(sb_stats_ci95(x, 1, NULL, &hi), -EINVAL);

    double same[] = { 3, 3, 3, 3 };
    cr_assert_eq(sb_stats_ci95(same, 4, &lo, &hi), 0);
    cr_assert_float_eq(lo, 3.0, 1e-12);
    cr_assert_float_eq(hi, 3.0, 1e-12);
}

Test(stats, jain)
{
    uint64_t equal[8];
    for (int i = 0; i < 8; i++)
        equal[i] = 1000;
    cr_assert_float_eq(sb_stats_jain(equal, 8), 1.0, 1e-12);

    uint64_t one[5] = { 0, 0, 12345, 0, 0 };
    cr_assert_float_eq(sb_stats_jain(one, 5), 1.0 / 5.0, 1e-12);

    uint64_t ex[4] = { 1, 2, 3, 4 };                  /* 10^2 / (4 * 30) */
    cr_assert_float_eq(sb_stats_jain(ex, 4), 100.0 / 120.0, 1e-12);

    uint64_t zero[3] = { 0, 0, 0 };
    cr_assert_float_eq(sb_stats_jain(zero, 3), 1.0, 0.0);
    cr_assert(isnan(sb_stats_jain(zero, 0)));
}

Test(stats, jain_large_counts)
{
    /* Squares of 1e10 exceed 2^64; sums must not overflow. */
    uint64_t big[64];
    for (int i = 0; i < 64; i++)
        big[i] = UINT64_C(10000000000);
    cr_assert_float_eq(sb_stats_jain(big, 64), 1.0, 1e-12);

    uint64_t two[2] = { UINT64_C(10000000000), UINT64_C(20000000000) };   /* 9e20 / (2 * 5e20) */
    cr_assert_float_eq(sb_stats_jain(two, 2), 0.9, 1e-12);

    uint64_t huge[2] = { UINT64_MAX, UINT64_MAX };
    cr_assert_float_eq(sb_stats_jain(huge, 2), 1.0, 1e-12);
}

/* --- two samples ---------------------------------------------------------------------------- */

Test(stats, mann_whitney_exact)
{
    double a[] = { 1, 2, 3, 4, 5 }, b[] = { 6, 7, 8, 9, 10 };
    /* complete separation of 5 vs 5: 2 of C(10,5) = 252 arrangements are as extreme */
    cr_assert_float_eq(sb_mann_whitney_p(a, 5, b, 5), 2.0 / 252, 1e-12);
    cr_assert_float_eq(sb_mann_whitney_p(b, 5, a, 5), 2.0 / 252, 1e-12);
    cr_assert_float_eq(sb_mann_whitney_p(a, 3, b, 3), 0.1, 1e-12);
    double e[] = { 1, 2, 3, 4, 6 }, f[] = { 5, 7, 8, 9, 10 };
    cr_assert_float_eq(sb_mann_whitney_p(e, 5, f, 5), 4.0 / 252, 1e-12);
    cr_assert(isnan(sb_mann_whitney_p(a, 0, b, 5)));
    /* large samples: the normal approximation, separated -> tiny p, identical -> 1 */
    double x[80], y[80];
    for (int i = 0; i < 80; i++) {
        x[i] = i;
        y[i] = 100 + i;
    }
    cr_assert(sb_mann_whitney_p(x, 80, y, 80) < 1e-20);
    cr_assert_float_eq(sb_mann_whitney_p(x, 80, x, 80), 1.0, 1e-9);
}

Test(stats, min_p_and_reps_needed)
{
    cr_assert_float_eq(sb_stats_mw_min_p(2, 2), 2.0 / 6, 1e-12);
    cr_assert_float_eq(sb_stats_mw_min_p(3, 3), 0.1, 1e-12);
    cr_assert_float_eq(sb_stats_mw_min_p(5, 5), 2.0 / 252, 1e-12);
    cr_assert_float_eq(sb_stats_mw_min_p(3, 5), 2.0 / 56, 1e-12);
    /* alpha 0.05: C(8,4) = 70 > 40 -> 4; alpha 0.05 / 20 cases: C(2n,n) > 800 -> C(12,6) = 924 -> 6 */
    cr_assert_eq(sb_stats_mw_reps_needed(0.05), 4);
    cr_assert_eq(sb_stats_mw_reps_needed(0.05 / 20), 6);
    cr_assert_eq(sb_stats_mw_reps_needed(0.1), 4);   /* 2/20 is not below 0.1 */
}

Test(stats, hodges_lehmann_ratio)
{
    double a[] = { 100, 101, 102, 103, 104, 105, 106, 107 };
    double b[8];
    for (int i = 0; i < 8; i++)
        b[i] = 2 * a[(i * 3) % 8];
    double est, lo, hi;
    cr_assert_eq(sb_stats_hl_ratio(a, 8, b, 8, 0.95, &est, &lo, &hi), 0);
    cr_assert_float_eq(est, 2.0, 1e-9);
    cr_assert(lo < 2.0 && hi > 2.0 && lo > 1.9 && hi < 2.1, "%g %g", lo, hi);
    /* never outside the data's ratio range */
    cr_assert(lo >= 200.0 / 107 && hi <= 214.0 / 100);
    /* 8 vs 8: C(16,8) = 12870; P(U <= u) <= 0.025 up to u = 13 (the textbook k = 14) */
    double x[8], y[8];
    for (int i = 0; i < 8; i++) {
        x[i] = i + 1;
        y[i] = i + 1;
    }
    cr_assert_eq(sb_stats_hl_ratio(x, 8, y, 8, 0.95, &est, &lo, &hi), 0);
    cr_assert_float_eq(est, 1.0, 1e-12);
    cr_assert(lo < 1 && hi > 1);
    /* 2 vs 2: no 95% interval exists */
    double s[] = { 1, 1.1 }, t[] = { 17, 17.5 };
    cr_assert_eq(sb_stats_hl_ratio(s, 2, t, 2, 0.95, &est, &lo, &hi), -EAGAIN);
    cr_assert(est > 15 && est < 18 && isnan(lo) && isnan(hi));
    double z[] = { 0, 1 };
    cr_assert_eq(sb_stats_hl_ratio(z, 2, t, 2, 0.95, &est, &lo, &hi), -EDOM);
    double n[] = { NAN, 1 };
    cr_assert_eq(sb_stats_hl_ratio(t, 2, n, 2, 0.95, &est, &lo, &hi), -EDOM);
}

Test(stats, holm)
{
    /* p sorted 0.01 0.02 0.03 0.5 -> 4*0.01 = 0.04, 3*0.02 = 0.06, max(0.06, 2*0.03) = 0.06, 0.5 */
    double p[] = { 0.03, 0.5, 0.01, NAN, 0.02 }, adj[5];
    cr_assert_eq(sb_stats_holm(p, 5, adj), 0);
    cr_assert_float_eq(adj[2], 0.04, 1e-12);
    cr_assert_float_eq(adj[4], 0.06, 1e-12);
    cr_assert_float_eq(adj[0], 0.06, 1e-12);
    cr_assert_float_eq(adj[1], 0.5, 1e-12);
    cr_assert(isnan(adj[3]));
    double q[] = { 0.4, 0.6 };
    sb_stats_holm(q, 2, q);   /* in place: 0.8, max(0.8, 0.6) */
    cr_assert_float_eq(q[0], 0.8, 1e-12);
    cr_assert_float_eq(q[1], 0.8, 1e-12);
    cr_assert_eq(sb_stats_holm(q, 0, q), 0);
}
