/* syncbench/compare.h: two runs side by side. For every case present in both results.csv files:
 * the median ns/op of each, their ratio, and an exact two-sided Mann-Whitney U test over the
 * repetitions (no assumption of normality: figures on a VM are often bimodal). */
#ifndef SYNCBENCH_COMPARE_H
#define SYNCBENCH_COMPARE_H

#include <stddef.h>
#include <stdio.h>

/* Exact two-sided p-value of the Mann-Whitney U test for samples a (n1) and b (n2), ties given
 * mid-ranks (the exact null distribution is then approximate). n1 + n2 <= 400. */
double sb_mann_whitney_p(const double *a, size_t n1, const double *b, size_t n2);

/* Compare run folders a and b (each with results.csv), writing a table to out. Returns 0, or
 * -errno with a one-line reason in err. alpha: significance level (e.g. 0.05). */
int sb_compare(const char *a, const char *b, double alpha, FILE *out, char *err, size_t errlen);

#endif
