/* opts.c: parsers for the command line's values. */
#include "syncbench/opts.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sb_parse_long(const char *s, long lo, long hi, long *out, char *err, size_t errlen)
{
	char *end;
	errno = 0;
	if (!s || !*s || isspace((unsigned char)*s)) {
		snprintf(err, errlen, "expected a whole number, got '%s'", s ? s : "");
		return -EINVAL;
	}
	long v = strtol(s, &end, 10);
	if (errno || *end) {
		snprintf(err, errlen, "expected a whole number, got '%s'", s);
		return -EINVAL;
	}
	if (v < lo || v > hi) {
		snprintf(err, errlen, "%ld is out of range %ld..%ld", v, lo, hi);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

int sb_parse_duration(const char *s, uint64_t *ns, char *err, size_t errlen)
{
	if (!s || !*s) {
		snprintf(err, errlen, "empty duration");
		return -EINVAL;
	}
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || errno || !isfinite(v) || isspace((unsigned char)*s) || *s == '+') {
		snprintf(err, errlen, "'%s' is not a duration (use e.g. 200ms, 50us, 100ns, 1.5s)", s);
		return -EINVAL;
	}
	if (v < 0 || s[0] == '-') {
		snprintf(err, errlen, "'%s' is negative", s);
		return -EINVAL;
	}
	double mul;
	if (!strcmp(end, "ns")) mul = 1;
	else if (!strcmp(end, "us")) mul = 1e3;
	else if (!strcmp(end, "ms")) mul = 1e6;
	else if (!strcmp(end, "s")) mul = 1e9;
	else if (!*end && v == 0) mul = 0;
	else {
		snprintf(err, errlen, "'%s' needs a unit: ns, us, ms or s", s);
		return -EINVAL;
	}
	double r = v * mul;
	if (r > 86400e9) {
		snprintf(err, errlen, "'%s' is longer than a day", s);
		return -EINVAL;
	}
	*ns = (uint64_t)llround(r);
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int add_val(int *out, int max, int *n, long v, char *err, size_t errlen)
{
	for (int i = 0; i < *n; i++)
		if (out[i] == v)
			return 0;
	if (*n >= max) {
		snprintf(err, errlen, "too many values (at most %d)", max);
		return -EINVAL;
	}
	out[(*n)++] = (int)v;
	return 0;
}

/* Shared by the thread and CPU lists: items "a", "a-b", and (if doubling) "a..b". */
static int parse_list(const char *s, long lo, long hi, int doubling, int *out, int max, int *n,
		      char *err, size_t errlen)
{
	*n = 0;
	if (!s || !*s) {
		snprintf(err, errlen, "empty list");
		return -EINVAL;
	}
	char buf[512];
	if (strlen(s) >= sizeof buf) {
		snprintf(err, errlen, "list too long");
		return -EINVAL;
	}
	strcpy(buf, s);
	char *save = NULL;
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *dots = doubling ? strstr(tok, "..") : NULL;
		char *dash = dots ? NULL : strchr(tok + (tok[0] == '-'), '-');
		long a, b;
		if (dots || dash) {
			char *sep = dots ? dots : dash;
			*sep = 0;
			if (sb_parse_long(tok, lo, hi, &a, err, errlen) ||
			    sb_parse_long(sep + (dots ? 2 : 1), lo, hi, &b, err, errlen))
				return -EINVAL;
			if (b < a) {
				snprintf(err, errlen, "range %ld%s%ld runs backwards", a, dots ? ".." : "-", b);
				return -EINVAL;
			}
			for (long v = a; v <= b; v = dots ? v * 2 : v + 1) {
				if (add_val(out, max, n, v, err, errlen))
					return -EINVAL;
				if (dots && v == 0)
					break;
			}
		} else {
			if (sb_parse_long(tok, lo, hi, &a, err, errlen) || add_val(out, max, n, a, err, errlen))
				return -EINVAL;
		}
	}
	if (*n == 0) {
		snprintf(err, errlen, "empty list");
		return -EINVAL;
	}
	qsort(out, (size_t)*n, sizeof *out, cmp_int);
	return 0;
}

int sb_parse_threads(const char *s, int *out, int max, int *n, char *err, size_t errlen)
{
	return parse_list(s, 1, SB_MAX_THREADS, 1, out, max, n, err, errlen);
}

int sb_parse_int_list(const char *s, long lo, long hi, int *out, int max, int *n, char *err, size_t errlen)
{
	return parse_list(s, lo, hi, 0, out, max, n, err, errlen);
}

int sb_parse_pin(const char *s, enum sb_pin *pin, int *cpus, int max, int *ncpus, char *err, size_t errlen)
{
	*ncpus = 0;
	if (!strncmp(s, "cpus=", 5)) {
		*pin = SB_PIN_LIST;
		return parse_list(s + 5, 0, 4095, 0, cpus, max, ncpus, err, errlen);
	}
	int k = sb_pin_kind(s);
	if (k < 0 || k == SB_PIN_LIST) {
		snprintf(err, errlen, "'%s' is not a pin policy (none, compact, spread, smt, core, llc, numa, package, cpus=LIST)", s);
		return -EINVAL;
	}
	*pin = (enum sb_pin)k;
	return 0;
}

/* Split "smt,cpus=0,1,core" into policies: an item that starts with a digit continues the
 * CPU list of the cpus= before it. */
int sb_parse_pin_list(const char *s, const sb_topo *topo, const int *threads, int nthreads,
		      sb_pin_spec *out, int max, int *n, char *err, size_t errlen)
{
	*n = 0;
	char buf[1024];
	if (!s || !*s) {
		snprintf(err, errlen, "empty policy list");
		return -EINVAL;
	}
	if (strlen(s) >= sizeof buf) {
		snprintf(err, errlen, "policy list too long");
		return -EINVAL;
	}
	char *items[SB_PIN_MAX_POLICIES];
	int nitems = 0;
	strcpy(buf, s);
	for (char *p = buf, *tok; (tok = strsep(&p, ",")) != NULL;) {
		if (isdigit((unsigned char)tok[0]) && nitems > 0 && !strncmp(items[nitems - 1], "cpus=", 5)) {
			tok[-1] = ','; /* glue it back onto the cpus= item */
			continue;
		}
		if (nitems >= SB_PIN_MAX_POLICIES || nitems >= max) {
			snprintf(err, errlen, "too many pin policies (at most %d)", max < SB_PIN_MAX_POLICIES ? max : SB_PIN_MAX_POLICIES);
			return -EINVAL;
		}
		items[nitems++] = tok;
	}
	for (int i = 0; i < nitems; i++) {
		sb_pin_spec *ps = &out[*n];
		memset(ps, 0, sizeof *ps);
		if (sb_parse_pin(items[i], &ps->kind, ps->cpus, SB_PIN_MAX_CPUS, &ps->ncpus, err, errlen))
			return -EINVAL;
		snprintf(ps->name, sizeof ps->name, "%s", items[i]);
		if (strlen(items[i]) >= sizeof ps->name)
			memcpy(ps->name + sizeof ps->name - 4, "...", 4);
		for (int j = 0; j < *n; j++)
			if (!strcmp(out[j].name, ps->name)) {
				snprintf(err, errlen, "'%s' is listed twice", ps->name);
				return -EINVAL;
			}
		(*n)++;
		if (!topo)
			continue;
		int *cpus = calloc(SB_MAX_THREADS, sizeof *cpus);
		if (!cpus) {
			snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
		for (int j = 0; j < nthreads; j++)
			if (sb_topo_place(topo, ps, threads[j], cpus, err, errlen)) {
				free(cpus);
				return -EINVAL;
			}
		free(cpus);
	}
	return 0;
}
