/* interval.c: the median's distribution-free interval and the two-cluster test. */
#include "syncbench/interval.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* P(X <= k) for X ~ Binomial(n, 1/2), in log space so that n in the hundreds is exact enough. */
static double binom_half_cdf(size_t n, size_t k)
{
	double sum = 0, lc = 0; /* log C(n, 0) */
	for (size_t i = 0; i <= k && i <= n; i++) {
		if (i > 0)
			lc += log((double)(n - i + 1)) - log((double)i);
		sum += exp(lc - (double)n * log(2.0));
	}
	return sum;
}

int sb_median_ci_rank(size_t n, double *coverage)
{
	/* the largest k with P(X < k) = P(X <= k-1) <= 2.5 %: [x(k), x(n+1-k)] then covers >= 95 % */
	int best = 0;
	double cov = NAN;
	for (size_t k = 1; k <= (n + 1) / 2; k++) {
		double tail = binom_half_cdf(n, k - 1);
		if (tail > 0.025)
			break;
		best = (int)k;
		cov = 1.0 - 2.0 * tail;
	}
	if (coverage)
		*coverage = cov;
	return best;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int sb_median_ci(const double *x, size_t n, double *lo, double *hi)
{
	if (!x || !lo || !hi)
		return -EINVAL;
	*lo = *hi = NAN;
	int k = sb_median_ci_rank(n, NULL);
	if (k == 0)
		return -ERANGE;
	double *s = malloc(n * sizeof *s);
	if (!s)
		return -ENOMEM;
	memcpy(s, x, n * sizeof *s);
	qsort(s, n, sizeof *s, cmp_dbl);
	*lo = s[k - 1];
	*hi = s[n - (size_t)k];
	free(s);
	return 0;
}

int sb_bimodal(const double *x, size_t n)
{
	if (n < 4)
		return 0;
	double *l = malloc(n * sizeof *l);
	if (!l)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (!(x[i] > 0) || !isfinite(x[i])) {
			free(l);
			return 0;
		}
		l[i] = log(x[i]);
	}
	qsort(l, n, sizeof *l, cmp_dbl);
	size_t min_size = n / 5 > 2 ? n / 5 : 2, cut = 0;
	double gap = 0;
	for (size_t i = min_size - 1; i + min_size < n; i++)
		if (l[i + 1] - l[i] > gap) {
			gap = l[i + 1] - l[i];
			cut = i;
		}
	int r = 0;
	if (gap > 0) {
		double spread_a = l[cut] - l[0], spread_b = l[n - 1] - l[cut + 1];
		double spread = spread_a > spread_b ? spread_a : spread_b;
		r = gap > log(1.25) && gap > 2.0 * spread;
	}
	free(l);
	return r;
}
