/* syncbench/hist.h: log-linear histogram of nanosecond values (HdrHistogram-like).
 *
 * Purpose: per-thread latency samples, recorded inside the sampled part of a measured loop and
 * merged after the workers have been joined.  Fixed size, no allocation: an sb_hist is embedded
 * by value in each worker's per-thread struct.
 *
 * Layout (S = SB_HIST_SUB_BITS): values 0 .. 2^(S+1)-1 each have their own bucket (exact); above
 * that, every power-of-two range [2^e, 2^(e+1)) is split into 2^S equal buckets of width 2^(e-S).
 * Values up to SB_HIST_MAX_VALUE (2^41 - 1 ns, about 36 minutes) are bucketed; larger values are
 * clamped into the top bucket, still counted in `count` and `sum`, and `max` stays exact.
 *
 * Error bound: a bucket's width is at most 2^-S of its lower bound (0.78% for S = 7); a reported
 * value (the bucket's midpoint, clamped to [min, max]) is within SB_HIST_REL_ERROR = 2^-(S+1)
 * (0.39%) of the true sample at that rank, for every sample <= SB_HIST_MAX_VALUE.
 *
 * Percentile definition (nearest rank): for p in [0, 100], the sample of rank
 * r = ceil(p/100 * count) in ascending order (ranks start at 1); p = 0 gives min, p = 100 gives max.
 *
 * Thread safety: none inside; an sb_hist is written by one thread at a time.  Merge and query
 * after the writers are done (after pthread_join, or another happens-before edge).
 * Memory: the caller owns the struct; nothing here allocates.
 */
#ifndef SYNCBENCH_HIST_H
#define SYNCBENCH_HIST_H

#include <stddef.h>
#include <stdint.h>

#define SB_HIST_SUB_BITS  7                                   /* S: 2^S buckets per octave */
#define SB_HIST_MAX_EXP   40                                  /* highest octave: [2^40, 2^41) */
#define SB_HIST_MAX_VALUE ((UINT64_C(2) << SB_HIST_MAX_EXP) - 1)
#define SB_HIST_NBUCKETS  ((SB_HIST_MAX_EXP - SB_HIST_SUB_BITS + 2) << SB_HIST_SUB_BITS)
#define SB_HIST_REL_ERROR (1.0 / (double)(2 << SB_HIST_SUB_BITS))

typedef struct sb_hist {
    uint64_t count;                 /* samples recorded, clamped ones included */
    uint64_t min, max;              /* exact; min = UINT64_MAX and max = 0 while empty */
    double sum;                     /* of the unclamped values */
    uint64_t b[SB_HIST_NBUCKETS];
} sb_hist;

/* Empties h. */
void sb_hist_init(sb_hist *h);

/* Bucket index of v, in [0, SB_HIST_NBUCKETS); no branch, no division.
 * With sh = max(0, msb(v) - S): index = sh * 2^S + (v >> sh). */
static inline size_t sb_hist_index(uint64_t v)
{
    v = v > SB_HIST_MAX_VALUE ? SB_HIST_MAX_VALUE : v;              /* a cmov, not a branch */
    /* OR-ing in 2^S keeps clzll's argument non-zero and makes sh 0 for the exact range. */
    unsigned sh = (unsigned)(63 - SB_HIST_SUB_BITS - __builtin_clzll(v | (UINT64_C(1) << SB_HIST_SUB_BITS)));
    return ((size_t)sh << SB_HIST_SUB_BITS) + (size_t)(v >> sh);
}

/* Smallest and largest value that falls into bucket i (i < SB_HIST_NBUCKETS). */
uint64_t sb_hist_bucket_lo(size_t i);
uint64_t sb_hist_bucket_hi(size_t i);

/* Adds one sample.  Inline and call-free: it runs inside the sampled part of a measured loop. */
static inline void sb_hist_record(sb_hist *h, uint64_t v)
{
    h->b[sb_hist_index(v)]++;
    h->count++;
    h->sum += (double)v;
    h->min = v < h->min ? v : h->min;
    h->max = v > h->max ? v : h->max;
}

/* dst += src (buckets, count, sum, min, max).  dst and src may not be the same object. */
void sb_hist_merge(sb_hist *dst, const sb_hist *src);

/* The nearest-rank percentile p (clamped to [0, 100]; NaN counts as 0), reported as the midpoint
 * of the bucket holding that rank, clamped to [min, max]; 0 when h is empty. */
uint64_t sb_hist_percentile(const sb_hist *h, double p);

/* sum / count; NAN when h is empty. */
double sb_hist_mean(const sb_hist *h);

#endif /* SYNCBENCH_HIST_H */
