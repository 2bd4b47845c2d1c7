/* bench/compare.c: `syncbench compare A B`. */
#include "syncbench/compare.h"
#include "syncbench/csvread.h"
#include "syncbench/stats.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define KEYCOLS 12
static const char *const key_cols[KEYCOLS] = { "family", "impl", "scenario", "threads", "pin", "cs_ns",
					       "think_ns", "read_pct", "depth", "permits", "waiters", "params" };

typedef struct cmp_case {
	char key[512];
	char label[200];
	int threads;
	double *v[2];
	size_t n[2], cap[2];
	int failed[2];
} cmp_case;

typedef struct cmp_set {
	cmp_case *c;
	size_t n, cap;
} cmp_set;

static cmp_case *find_or_add(cmp_set *s, const char *key)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->c[i].key, key))
			return &s->c[i];
	if (s->n == s->cap) {
		size_t nc = s->cap ? 2 * s->cap : 64;
		cmp_case *p = realloc(s->c, nc * sizeof *p);
		if (!p)
			return NULL;
		s->c = p;
		s->cap = nc;
	}
	cmp_case *c = &s->c[s->n++];
	memset(c, 0, sizeof *c);
	snprintf(c->key, sizeof c->key, "%s", key);
	return c;
}

static int push(cmp_case *c, int side, double v)
{
	if (c->n[side] == c->cap[side]) {
		size_t nc = c->cap[side] ? 2 * c->cap[side] : 8;
		double *p = realloc(c->v[side], nc * sizeof *p);
		if (!p)
			return -ENOMEM;
		c->v[side] = p;
		c->cap[side] = nc;
	}
	c->v[side][c->n[side]++] = v;
	return 0;
}

static int load(cmp_set *s, int side, const char *dir, char *err, size_t errlen)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/results.csv", dir);
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return -errno;
	}
	char hbuf[4096], buf[8192];
	char *h[128], *r[128];
	int nh = sb_csv_read_row(f, hbuf, sizeof hbuf, h, 128);
	int idx[KEYCOLS], ins = -1, ichk = -1;
	for (int k = 0; k < KEYCOLS; k++) {
		idx[k] = -1;
		for (int i = 0; i < nh; i++)
			if (!strcmp(h[i], key_cols[k]))
				idx[k] = i;
	}
	for (int i = 0; i < nh; i++) {
		if (!strcmp(h[i], "ns_per_op")) ins = i;
		if (!strcmp(h[i], "check")) ichk = i;
	}
	if (nh <= 0 || ins < 0 || ichk < 0 || idx[0] < 0 || idx[3] < 0) {
		fclose(f);
		snprintf(err, errlen, "%s is not a syncbench results.csv", path);
		return -EINVAL;
	}
	int n, line = 1;
	while ((n = sb_csv_read_row(f, buf, sizeof buf, r, 128)) != 0) {
		line++;
		if (n != nh) {
			fclose(f);
			snprintf(err, errlen, "%s:%d: %d fields, the header has %d", path, line, n, nh);
			return -EINVAL;
		}
		char key[512] = "";
		size_t o = 0;
		for (int k = 0; k < KEYCOLS; k++) {
			const char *v = idx[k] >= 0 ? r[idx[k]] : "";
			/* oversubscribed=1 is a property of the machine, not of the case */
			int w = snprintf(key + o, sizeof key - o, "%s|", strstr(v, "oversubscribed") ? "" : v);
			if (w > 0 && (size_t)w < sizeof key - o)
				o += (size_t)w;
		}
		cmp_case *c = find_or_add(s, key);
		if (!c) {
			fclose(f);
			return -ENOMEM;
		}
		if (!c->label[0]) {
			snprintf(c->label, sizeof c->label, "%s/%s/%s", r[idx[0]], r[idx[1]], r[idx[2]]);
			c->threads = atoi(r[idx[3]]);
			for (int k = 7; k < KEYCOLS; k++)
				if (idx[k] >= 0 && r[idx[k]][0] && !strstr(r[idx[k]], "oversubscribed")) {
					size_t l = strlen(c->label);
					snprintf(c->label + l, sizeof c->label - l, " %s=%s", key_cols[k], r[idx[k]]);
				}
		}
		if (strcmp(r[ichk], "ok"))
			c->failed[side] = 1;
		else if (r[ins][0] && push(c, side, atof(r[ins]))) {
			fclose(f);
			return -ENOMEM;
		}
	}
	fclose(f);
	return 0;
}



int sb_compare(const char *a, const char *b, double alpha, FILE *out, char *err, size_t errlen)
{
	cmp_set s = { 0 };
	int rc = load(&s, 0, a, err, errlen);
	if (!rc)
		rc = load(&s, 1, b, err, errlen);
	if (!rc) {
		fprintf(out, "A = %s\nB = %s\n", a, b);
		fprintf(out, "%-46s %7s %11s %11s %7s %8s  %s\n", "case", "threads", "A ns/op", "B ns/op", "B/A", "p", "verdict");
		size_t both = 0;
		for (size_t i = 0; i < s.n; i++) {
			cmp_case *c = &s.c[i];
			if (!c->n[0] && !c->n[1] && !c->failed[0] && !c->failed[1])
				continue;
			if ((!c->n[0] && !c->failed[0]) || (!c->n[1] && !c->failed[1])) {
				fprintf(out, "%-46s %7d   only in %s\n", c->label, c->threads, c->n[0] || c->failed[0] ? "A" : "B");
				continue;
			}
			both++;
			double ma = c->n[0] ? sb_stats_median(c->v[0], c->n[0]) : NAN;
			double mb = c->n[1] ? sb_stats_median(c->v[1], c->n[1]) : NAN;
			double p = sb_mann_whitney_p(c->v[0], c->n[0], c->v[1], c->n[1]);
			const char *verdict = c->failed[0] || c->failed[1] ? "a check FAILED"
					     : !(p < alpha)             ? "no significant difference"
					     : mb < ma                  ? "B faster"
									: "B slower";
			fprintf(out, "%-46s %7d %11.2f %11.2f %7.3f %8.4f  %s\n", c->label, c->threads, ma, mb, mb / ma, p, verdict);
		}
		fprintf(out, "%zu cases in both runs; p: exact two-sided Mann-Whitney U over repetitions (with 3 vs 3 repetitions "
			     "p cannot go below 0.1; use -r 5 or more)\n", both);
	}
	for (size_t i = 0; i < s.n; i++) {
		free(s.c[i].v[0]);
		free(s.c[i].v[1]);
	}
	free(s.c);
	return rc;
}
