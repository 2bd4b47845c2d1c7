/* syncbench/compare.h: two runs side by side. For every case present in both results.csv files:
 * the median ns/op of each, their ratio, and an exact two-sided Mann-Whitney U test over the
 * repetitions (no assumption of normality: figures on a VM are often bimodal). */
#ifndef SYNCBENCH_COMPARE_H
#define SYNCBENCH_COMPARE_H

#include <stddef.h>
#include <stdio.h>

#include "syncbench/stats.h"


/* Compare run folders a and b (each with results.csv), writing a table to out. Returns 0, or
 * -errno with a one-line reason in err. alpha: significance level (e.g. 0.05). */
int sb_compare(const char *a, const char *b, double alpha, FILE *out, char *err, size_t errlen);

#endif
