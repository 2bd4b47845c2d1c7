/* Tests of src/hist.c: bucket layout, percentiles against exact nearest-rank values, merge. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "syncbench/hist.h"

_Static_assert(SB_HIST_REL_ERROR <= 0.03, "the design asks for at most 3% relative error");
_Static_assert(SB_HIST_MAX_VALUE >= (UINT64_C(1) << 40), "values up to 2^40 ns must be bucketed");

#define N 20000

/* xorshift64*: a fixed-seed generator, so every run sees the same samples. */
static uint64_t rng_state;
static void rng_seed(uint64_t s) { rng_state = s ? s : 1; }
static uint64_t rng_next(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}
static double rng_unit(void) { return (double)(rng_next() >> 11) * 0x1.0p-53; } /* [0, 1) */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Percentiles as thousandths of a percent, so the exact rank is integer arithmetic. */
static const uint64_t pm_list[] = { 0, 1000, 10000, 25000, 50000, 75000, 90000, 99000, 99900,
                                    99990, 100000 };

static uint64_t exact_percentile(const uint64_t *sorted, size_t n, uint64_t pm)
{
    uint64_t rank = (pm * n + 99999) / 100000;    /* ceil(p/100 * n) */
    if (rank < 1)
        rank = 1;
    return sorted[rank - 1];
}

/* Records v[0..n) and checks count, min, max, mean and every listed percentile. */
static void check_dist(const char *name, uint64_t *v, size_t n)
{
    sb_hist h;
    sb_hist_init(&h);
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        sb_hist_record(&h, v[i]);
        sum += (double)v[i];
    }
    qsort(v, n, sizeof *v, cmp_u64);

    cr_assert_eq(h.count, n, "%s: count %lu", name, (unsigned long)h.count);
    cr_assert_eq(h.min, v[0], "%s: min", name);
    cr_assert_eq(h.max, v[n - 1], "%s: max", name);
    cr_assert(fabs(sb_hist_mean(&h) - sum / (double)n) <= 1e-9 * (sum / (double)n) + 1e-12,
              "%s: mean %f vs %f", name, sb_hist_mean(&h), sum / (double)n);
    cr_assert_eq(sb_hist_percentile(&h, 0), v[0], "%s: p0 is min", name);
    cr_assert_eq(sb_hist_percentile(&h, 100), v[n - 1], "%s: p100 is max", name);

    for (size_t k = 0; k < sizeof pm_list / sizeof pm_list[0]; k++) {
        double p = (double)pm_list[k] / 1000.0;
        uint64_t want = exact_percentile(v, n, pm_list[k]);
        uint64_t got = sb_hist_percentile(&h, p);
        double err = fabs((double)got - (double)want);
        cr_assert(err <= SB_HIST_REL_ERROR * (double)want,
                  "%s: p%g = %lu, exact %lu (relative error %g > %g)", name, p,
                  (unsigned long)got, (unsigned long)want, want ? err / (double)want : err,
                  SB_HIST_REL_ERROR);
        cr_assert(err <= 0.03 * (double)want, "%s: p%g beyond 3%%", name, p);
    }
}

Test(hist, percentiles_uniform)
{
    static uint64_t v[N];
    rng_seed(1);
    for (size_t i = 0; i < N; i++)
        v[i] = rng_next() % 1000000;
    check_dist("uniform", v, N);
}

Test(hist, percentiles_exponential)
{
    static uint64_t v[N];
    rng_seed(2);
    for (size_t i = 0; i < N; i++)
        v[i] = (uint64_t)(-5000.0 * log(1.0 - rng_unit()));
    check_dist("exponential", v, N);
}

Test(hist, percentiles_bimodal)
{
    /* Like a contended handoff on this machine kind: ~40 ns or ~170 ns, plus a slow tail. */
    static uint64_t v[N];
    rng_seed(3);
    for (size_t i = 0; i < N; i++) {
        uint64_t r = rng_next() % 100;
        if (r < 60)
            v[i] = 35 + rng_next() % 11;
        else if (r < 98)
            v[i] = 150 + rng_next() % 41;
        else
            v[i] = 20000 + rng_next() % 50000;
    }
    check_dist("bimodal", v, N);
}

Test(hist, percentiles_constant)
{
    static uint64_t v[N];
    for (size_t i = 0; i < N; i++)
        v[i] = 1234567;
    check_dist("constant", v, N);
    for (size_t i = 0; i < N; i++)
        v[i] = 0;
    check_dist("zeros", v, N);
}

Test(hist, percentiles_wide_range)
{
    /* Log-uniform from 1 ns to 1e10 ns. */
    static uint64_t v[N];
    rng_seed(4);
    for (size_t i = 0; i < N; i++)
        v[i] = (uint64_t)exp(rng_unit() * log(1e10)) ;
    check_dist("log-uniform 1..1e10", v, N);
}

Test(hist, percentiles_small_counts)
{
    /* Few samples: every rank boundary matters. */
    uint64_t v[7] = { 5000, 1, 900000, 77, 77, 123456789, 3 };
    check_dist("seven", v, 7);
    uint64_t one[1] = { 987654321 };
    check_dist("one", one, 1);
}

Test(hist, nearest_rank_exact_for_small_values)
{
    /* 1..10 fall into exact buckets, so the definition shows without any bucketing error. */
    sb_hist h;
    sb_hist_init(&h);
    for (uint64_t v = 10; v >= 1; v--)
        sb_hist_record(&h, v);
    cr_assert_eq(sb_hist_percentile(&h, 0), 1);
    cr_assert_eq(sb_hist_percentile(&h, 10), 1);
    cr_assert_eq(sb_hist_percentile(&h, 10.5), 2);
    cr_assert_eq(sb_hist_percentile(&h, 50), 5);
    cr_assert_eq(sb_hist_percentile(&h, 50.01), 6);
    cr_assert_eq(sb_hist_percentile(&h, 90), 9);
    cr_assert_eq(sb_hist_percentile(&h, 90.5), 10);
    cr_assert_eq(sb_hist_percentile(&h, 100), 10);
    cr_assert_eq(sb_hist_percentile(&h, -5), 1, "p < 0 is clamped to 0");
    cr_assert_eq(sb_hist_percentile(&h, 250), 10, "p > 100 is clamped to 100");
    cr_assert_eq(sb_hist_percentile(&h, NAN), 1, "NaN counts as 0");
    cr_assert_float_eq(sb_hist_mean(&h), 5.5, 1e-12);
}

Test(hist, rank_of_whole_products)
{
    /* 99.9% of 1000 is rank 999 exactly; a p/100-first computation gives rank 1000. */
    sb_hist h;
    sb_hist_init(&h);
    for (int i = 0; i < 999; i++)
        sb_hist_record(&h, 10);
    sb_hist_record(&h, 1000000);
    cr_assert_eq(sb_hist_percentile(&h, 99.9), 10);
    cr_assert_eq(sb_hist_percentile(&h, 99.91), 1000000);
}

Test(hist, empty)
{
    sb_hist h;
    sb_hist_init(&h);
    cr_assert_eq(h.count, 0);
    for (size_t k = 0; k < sizeof pm_list / sizeof pm_list[0]; k++)
        cr_assert_eq(sb_hist_percentile(&h, (double)pm_list[k] / 1000.0), 0);
    cr_assert(isnan(sb_hist_mean(&h)));
    for (size_t i = 0; i < SB_HIST_NBUCKETS; i++)
        cr_assert_eq(h.b[i], 0);
}

Test(hist, merge_of_halves_equals_whole)
{
    static uint64_t v[N];
    static sb_hist whole, a, b, m;
    rng_seed(5);
    for (size_t i = 0; i < N; i++)
        v[i] = (uint64_t)exp(rng_unit() * log(1e10));
    sb_hist_init(&whole);
    sb_hist_init(&a);
    sb_hist_init(&b);
    for (size_t i = 0; i < N; i++) {
        sb_hist_record(&whole, v[i]);
        sb_hist_record(i < N / 2 ? &a : &b, v[i]);
    }
    sb_hist_init(&m);
    sb_hist_merge(&m, &a);
    cr_assert(memcmp(&m, &a, sizeof m) == 0, "merge into an empty histogram copies");
    sb_hist_merge(&m, &b);
    cr_assert_eq(m.count, whole.count);
    cr_assert_eq(m.min, whole.min);
    cr_assert_eq(m.max, whole.max);
    /* Integer samples with a total below 2^53: both sums are exact, so equal. */
    cr_assert_eq(m.sum, whole.sum);
    cr_assert(memcmp(m.b, whole.b, sizeof m.b) == 0, "buckets differ");
    for (size_t k = 0; k < sizeof pm_list / sizeof pm_list[0]; k++) {
        double p = (double)pm_list[k] / 1000.0;
        cr_assert_eq(sb_hist_percentile(&m, p), sb_hist_percentile(&whole, p));
    }
    /* Merging an empty histogram changes nothing. */
    sb_hist_init(&a);
    sb_hist_merge(&m, &a);
    cr_assert(memcmp(&m, &whole, sizeof m) == 0);
}

Test(hist, index_monotonic_and_contiguous_scan)
{
    size_t prev = sb_hist_index(0);
    cr_assert_eq(prev, 0);
    for (uint64_t v = 1; v <= (UINT64_C(1) << 20); v++) {
        size_t i = sb_hist_index(v);
        cr_assert(i == prev || i == prev + 1, "index jumps from %zu to %zu at %lu", prev, i,
                  (unsigned long)v);
        cr_assert(sb_hist_bucket_lo(i) <= v && v <= sb_hist_bucket_hi(i),
                  "%lu outside its bucket %zu", (unsigned long)v, i);
        prev = i;
    }
}

Test(hist, buckets_contiguous_and_narrow)
{
    cr_assert_eq(sb_hist_bucket_lo(0), 0);
    cr_assert_eq(sb_hist_bucket_hi(SB_HIST_NBUCKETS - 1), SB_HIST_MAX_VALUE);
    for (size_t i = 0; i < SB_HIST_NBUCKETS; i++) {
        uint64_t lo = sb_hist_bucket_lo(i), hi = sb_hist_bucket_hi(i);
        cr_assert(lo <= hi, "bucket %zu: lo %lu > hi %lu", i, (unsigned long)lo, (unsigned long)hi);
        cr_assert_eq(sb_hist_index(lo), i, "index(lo(%zu))", i);
        cr_assert_eq(sb_hist_index(hi), i, "index(hi(%zu))", i);
        if (i > 0)
            cr_assert_eq(lo, sb_hist_bucket_hi(i - 1) + 1, "gap or overlap before bucket %zu", i);
        if (lo < (UINT64_C(2) << SB_HIST_SUB_BITS))
            cr_assert_eq(hi, lo, "bucket %zu: small values must be exact", i);
        else
            cr_assert((double)(hi - lo + 1) <= 0.03 * (double)lo &&
                      (double)(hi - lo + 1) <= 2.0 * SB_HIST_REL_ERROR * (double)lo,
                      "bucket %zu [%lu, %lu] too wide", i, (unsigned long)lo, (unsigned long)hi);
    }
}

Test(hist, random_values_in_their_bucket)
{
    rng_seed(6);
    for (int k = 0; k < 200000; k++) {
        uint64_t v = rng_next() >> (rng_next() % 64);
        size_t i = sb_hist_index(v);
        cr_assert(i < SB_HIST_NBUCKETS);
        if (v <= SB_HIST_MAX_VALUE)
            cr_assert(sb_hist_bucket_lo(i) <= v && v <= sb_hist_bucket_hi(i));
        else
            cr_assert_eq(i, SB_HIST_NBUCKETS - 1);
    }
}

Test(hist, clamps_above_top)
{
    sb_hist h;
    sb_hist_init(&h);
    sb_hist_record(&h, SB_HIST_MAX_VALUE);
    sb_hist_record(&h, SB_HIST_MAX_VALUE + 1);
    sb_hist_record(&h, UINT64_C(1) << 50);
    sb_hist_record(&h, UINT64_MAX);
    cr_assert_eq(h.count, 4);
    cr_assert_eq(h.b[SB_HIST_NBUCKETS - 1], 4, "clamped values land in the top bucket");
    cr_assert_eq(h.min, SB_HIST_MAX_VALUE);
    cr_assert_eq(h.max, UINT64_MAX, "max stays exact");
    cr_assert_eq(sb_hist_percentile(&h, 100), UINT64_MAX);
    uint64_t p50 = sb_hist_percentile(&h, 50);
    cr_assert(p50 >= h.min && p50 <= h.max);
    cr_assert(sb_hist_mean(&h) > (double)(UINT64_C(1) << 60), "sum keeps the unclamped values");
}
