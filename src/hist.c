/* Log-linear histogram: everything that is not on the recording path (see syncbench/hist.h). */
#include "syncbench/hist.h"

#include <math.h>
#include <string.h>

void sb_hist_init(sb_hist *h)
{
    memset(h, 0, sizeof *h);
    h->min = UINT64_MAX;
}

/* Inverse of sb_hist_index: bucket i = (sh << S) + sub, where sub < 2^(S+1) when sh = 0 and
 * 2^S <= sub < 2^(S+1) otherwise; the bucket covers [sub << sh, ((sub + 1) << sh) - 1]. */
static unsigned bucket_shift(size_t i)
{
    size_t octave = i >> SB_HIST_SUB_BITS;
    return octave > 1 ? (unsigned)(octave - 1) : 0;
}

uint64_t sb_hist_bucket_lo(size_t i)
{
    unsigned sh = bucket_shift(i);
    return (uint64_t)(i - ((size_t)sh << SB_HIST_SUB_BITS)) << sh;
}

uint64_t sb_hist_bucket_hi(size_t i)
{
    unsigned sh = bucket_shift(i);
    return sb_hist_bucket_lo(i) + ((UINT64_C(1) << sh) - 1);
}

void sb_hist_merge(sb_hist *dst, const sb_hist *src)
{
    for (size_t i = 0; i < SB_HIST_NBUCKETS; i++)
        dst->b[i] += src->b[i];
    dst->count += src->count;
    dst->sum += src->sum;
    if (src->min < dst->min)
        dst->min = src->min;
    if (src->max > dst->max)
        dst->max = src->max;
}

uint64_t sb_hist_percentile(const sb_hist *h, double p)
{
    if (h->count == 0)
        return 0;
    if (!(p > 0.0))                 /* also catches NaN */
        return h->min;
    if (p >= 100.0)
        return h->max;

    /* p * count first, then / 100: p / 100 is inexact (99.9 / 100 * 1000 > 999) and would push
     * the rank up by one where p * count / 100 is a whole number. */
    double x = p * (double)h->count / 100.0;
    uint64_t rank = (uint64_t)ceil(x);
    if (rank < 1)
        rank = 1;
    if (rank > h->count)
        rank = h->count;

    uint64_t seen = 0;
    size_t i = 0;
    for (; i < SB_HIST_NBUCKETS - 1; i++) {
        seen += h->b[i];
        if (seen >= rank)
            break;
    }
    uint64_t lo = sb_hist_bucket_lo(i), hi = sb_hist_bucket_hi(i);
    uint64_t v = lo + (hi - lo) / 2;
    if (v < h->min)
        v = h->min;
    if (v > h->max)
        v = h->max;
    return v;
}

double sb_hist_mean(const sb_hist *h)
{
    return h->count ? h->sum / (double)h->count : NAN;
}
