/* compare_load.c: reading a run for compare and rank. Columns are found by name (unknown ones
 * are ignored), every value that is used is checked, and any malformed row is an error: a
 * non-number is never read as 0. Cases are hashed on their key, so reading is linear. */
#include "compare_impl.h"

#include "syncbench/csvread.h"
#include "syncbench/machine.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const sb_cmp_key_cols[NKEY] = { "family", "impl", "scenario", "threads", "pin", "cs_ns",
					    "think_ns", "read_pct", "depth", "permits", "waiters", "params" };

#define ROW_MAX (64 * 1024)
#define FIELDS_MAX 512

uint64_t sb_cmp_key_hash(char *const key[NKEY], unsigned mask)
{
	uint64_t h = SB_FNV1A64_INIT;
	for (int k = 0; k < NKEY; k++) {
		if (mask & (1u << k))
			continue;
		h = sb_fnv1a64(h, key[k], strlen(key[k]) + 1);
	}
	return h;
}

static int key_eq(char *const a[NKEY], char *const b[NKEY], unsigned mask)
{
	for (int k = 0; k < NKEY; k++)
		if (!(mask & (1u << k)) && strcmp(a[k], b[k]))
			return 0;
	return 1;
}

size_t sb_cmp_index_find(const cmp_index *ix, const cmp_run *r, char *const key[NKEY])
{
	if (!ix->cap)
		return SIZE_MAX;
	uint64_t h = sb_cmp_key_hash(key, ix->mask);
	for (size_t i = (size_t)h & (ix->cap - 1); ix->slot[i]; i = (i + 1) & (ix->cap - 1))
		if (ix->hash[i] == h && key_eq(r->c[ix->slot[i] - 1].key, key, ix->mask))
			return ix->slot[i] - 1;
	return SIZE_MAX;
}

static int index_grow(cmp_index *ix)
{
	size_t nc = ix->cap ? 2 * ix->cap : 1024;
	size_t *s = calloc(nc, sizeof *s);
	uint64_t *hs = malloc(nc * sizeof *hs);
	if (!s || !hs) {
		free(s);
		free(hs);
		return -ENOMEM;
	}
	for (size_t j = 0; j < ix->cap; j++) {
		if (!ix->slot[j])
			continue;
		size_t i = (size_t)ix->hash[j] & (nc - 1);
		while (s[i])
			i = (i + 1) & (nc - 1);
		s[i] = ix->slot[j];
		hs[i] = ix->hash[j];
	}
	free(ix->slot);
	free(ix->hash);
	ix->slot = s;
	ix->hash = hs;
	ix->cap = nc;
	return 0;
}

size_t sb_cmp_index_add(cmp_index *ix, const cmp_run *r, size_t c)
{
	if (2 * (ix->n + 1) > ix->cap && index_grow(ix))
		return SIZE_MAX - 1;
	uint64_t h = sb_cmp_key_hash(r->c[c].key, ix->mask);
	size_t i = (size_t)h & (ix->cap - 1);
	for (; ix->slot[i]; i = (i + 1) & (ix->cap - 1))
		if (ix->hash[i] == h && key_eq(r->c[ix->slot[i] - 1].key, r->c[c].key, ix->mask))
			return ix->slot[i] - 1;
	ix->slot[i] = c + 1;
	ix->hash[i] = h;
	ix->n++;
	return SIZE_MAX;
}

void sb_cmp_index_free(cmp_index *ix)
{
	free(ix->slot);
	free(ix->hash);
	ix->slot = NULL;
	ix->hash = NULL;
	ix->cap = ix->n = 0;
}

void sb_cmp_free(cmp_run *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->c[i].blob);
		for (int m = 0; m < SB_METRIC_COUNT; m++)
			free(r->c[i].m[m].v);
	}
	free(r->c);
	sb_cmp_index_free(&r->full);
	sb_json_free(r->meta);
	memset(r, 0, sizeof *r);
}

/* A figure: 0 and *v when s is a finite number >= 0, 1 when empty, -1 otherwise. */
static int figure(const char *s, double *v)
{
	if (!s[0])
		return 1;
	for (const char *p = s; *p; p++)
		if (!strchr("0123456789.eE+-", *p))
			return -1;
	char *e;
	errno = 0;
	double d = strtod(s, &e);
	if (*e || e == s || !isfinite(d) || d < 0 || (errno == ERANGE && d != 0))
		return -1;
	*v = d;
	return 0;
}

static int push(cmp_sample *s, double v)
{
	if (s->n == s->cap) {
		size_t nc = s->cap ? 2 * s->cap : 4;
		double *p = realloc(s->v, nc * sizeof *p);
		if (!p)
			return -ENOMEM;
		s->v = p;
		s->cap = nc;
	}
	s->v[s->n++] = v;
	return 0;
}

/* The reps' flags: a union of tokens, at most sizeof flags. */
static void add_flags(cmp_case *c, const char *f)
{
	char tok[64];
	while (*f) {
		size_t l = strcspn(f, ";");
		if (l && l < sizeof tok) {
			memcpy(tok, f, l);
			tok[l] = 0;
			int have = 0;
			for (const char *p = c->flags; *p;) {
				size_t m = strcspn(p, ";");
				have |= m == l && !strncmp(p, tok, l);
				p += m + (p[m] == ';');
			}
			size_t o = strlen(c->flags);
			if (!have && o + l + 2 < sizeof c->flags)
				snprintf(c->flags + o, sizeof c->flags - o, "%s%s", o ? ";" : "", tok);
		}
		f += l + (f[l] == ';');
	}
}

/* params without "oversubscribed=..." (a property of the machine, not of the case) */
static void strip_oversubscribed(char *p)
{
	char *s = strstr(p, "oversubscribed");
	if (!s || (s != p && s[-1] != ';'))
		return;
	char *e = s + strcspn(s, ";");
	if (*e == ';')
		e++;
	else if (s != p)
		s--; /* the last token: drop its separator */
	memmove(s, e, strlen(e) + 1);
}

static const struct { int metric; const char *cols[3]; } metric_cols[] = {
	{ SB_METRIC_NS_PER_OP, { "ns_per_op" } },
	{ SB_METRIC_OPS_PER_S, { "ops_per_s" } },
	{ SB_METRIC_LAT_P99, { "lat_p99_ns" } },
	{ SB_METRIC_FAIR, { "fair_jain" } },
	{ SB_METRIC_CPU, { "user_s", "sys_s", "ops" } },
};

static int col_of(char **h, int nh, const char *name)
{
	for (int i = 0; i < nh; i++)
		if (!strcmp(h[i], name))
			return i;
	return -1;
}

static int load_meta(cmp_run *r, char *err, size_t errlen)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/meta.json", r->dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return errno == ENOENT ? 0 : (snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno)), -EIO);
	fclose(f);
	int rc = sb_json_parse_file(path, &r->meta, err, errlen);
	if (rc)
		return rc;
	if (r->meta->type != SB_JSON_OBJ) {
		snprintf(err, errlen, "%s: not a JSON object", path);
		return -EINVAL;
	}
	return 0;
}

int sb_cmp_load(cmp_run *r, const char *dir, const int need[SB_METRIC_COUNT], char *err, size_t errlen)
{
	memset(r, 0, sizeof *r);
	snprintf(r->dir, sizeof r->dir, "%s", dir);
	int rc = load_meta(r, err, errlen);
	if (rc)
		return rc;
	char path[4200];
	snprintf(path, sizeof path, "%s/results.csv", dir);
	FILE *f = fopen(path, "r");
	if (!f && errno == ENOENT) {
		/* no repetitions: the medians of summary.csv, one value per case (never a verdict) */
		snprintf(path, sizeof path, "%s/summary.csv", dir);
		if ((f = fopen(path, "r")))
			r->from_summary = 1;
		else
			snprintf(path, sizeof path, "%s/results.csv", dir);
	}
	if (!f) {
		int e = errno;
		snprintf(err, errlen, "cannot read %s: %s%s", path, strerror(e),
			 e == ENOENT ? " (compare needs the rows of a run folder)" : "");
		return -e;
	}
	/* a file that does not end with a newline was cut short */
	if (fseek(f, -1, SEEK_END) == 0) {
		int last = fgetc(f);
		if (last != '\n') {
			fclose(f);
			snprintf(err, errlen, "%s: does not end with a newline (truncated?)", path);
			return -EINVAL;
		}
	}
	rewind(f);
	char *hbuf = malloc(ROW_MAX), *buf = malloc(ROW_MAX);
	char **h = malloc(FIELDS_MAX * sizeof *h), **fl = malloc(FIELDS_MAX * sizeof *fl);
	rc = -ENOMEM;
	if (!hbuf || !buf || !h || !fl)
		goto out;
	rc = -EINVAL;
	int nh = sb_csv_read_row(f, hbuf, ROW_MAX, h, FIELDS_MAX);
	if (nh <= 0) {
		snprintf(err, errlen, "%s: %s", path, nh == 0 ? "empty" : "the header is not CSV");
		goto out;
	}
	int kc[NKEY], ichk = col_of(h, nh, "check"), iflags = col_of(h, nh, "flags");
	for (int k = 0; k < NKEY; k++)
		kc[k] = col_of(h, nh, sb_cmp_key_cols[k]);
	for (int k = K_FAMILY; k <= K_THREADS; k++)
		if (kc[k] < 0) {
			snprintf(err, errlen, "%s: no column %s (not a syncbench CSV)", path, sb_cmp_key_cols[k]);
			goto out;
		}
	int mc[SB_METRIC_COUNT][3];
	for (size_t i = 0; i < sizeof metric_cols / sizeof metric_cols[0]; i++) {
		int m = metric_cols[i].metric;
		for (int j = 0; j < 3; j++) {
			char cn[64];
			if (metric_cols[i].cols[j])
				snprintf(cn, sizeof cn, "%s%s", metric_cols[i].cols[j], r->from_summary ? "_median" : "");
			mc[m][j] = metric_cols[i].cols[j] ? col_of(h, nh, cn) : -2;
			if (mc[m][j] == -1 && need[m]) {
				snprintf(err, errlen, "%s: no column %s (needed for --metric %s)", path, cn, sb_metric_name(m));
				goto out;
			}
		}
	}
	int n;
	size_t line = 1;
	while ((n = sb_csv_read_row(f, buf, ROW_MAX, fl, FIELDS_MAX)) != 0) {
		line++;
		if (n == 1 && !fl[0][0])
			continue; /* an empty line */
		if (n < 0) {
			snprintf(err, errlen, "%s:%zu: a row longer than %d bytes or with more than %d fields, or a "
				 "NUL byte (not a syncbench results.csv?)", path, line, ROW_MAX, FIELDS_MAX);
			goto out;
		}
		if (n != nh) {
			snprintf(err, errlen, "%s:%zu: %d fields, the header has %d", path, line, n, nh);
			goto out;
		}
		char *key[NKEY];
		static char empty[] = "";
		for (int k = 0; k < NKEY; k++)
			key[k] = kc[k] >= 0 ? fl[kc[k]] : empty;
		strip_oversubscribed(key[K_PARAMS]);
		if (!key[K_FAMILY][0] || !key[K_IMPL][0] || !key[K_SCENARIO][0]) {
			snprintf(err, errlen, "%s:%zu: empty family, impl or scenario", path, line);
			goto out;
		}
		double th;
		if (strspn(key[K_THREADS], "0123456789") != strlen(key[K_THREADS]) || key[K_THREADS][0] == '0' ||
		    figure(key[K_THREADS], &th) || th < 1 || th > 1e6) {
			snprintf(err, errlen, "%s:%zu: threads '%.40s' is not a positive integer", path, line, key[K_THREADS]);
			goto out;
		}
		const char *chk = ichk >= 0 ? fl[ichk] : "ok";
		int failed = strncmp(chk, "FAIL", 4) == 0;
		if (!failed && strcmp(chk, "ok")) {
			snprintf(err, errlen, "%s:%zu: check '%.40s' is neither ok nor FAIL", path, line, chk);
			goto out;
		}
		double val[SB_METRIC_COUNT];
		for (int m = 0; m < SB_METRIC_COUNT; m++) {
			double x[3] = { 0, 0, 0 };
			int have = 1;
			val[m] = NAN;
			for (int j = 0; j < 3 && mc[m][j] != -2; j++) {
				if (mc[m][j] < 0) {
					have = 0;
					continue;
				}
				int st = figure(fl[mc[m][j]], &x[j]);
				if (st < 0) {
					if (!need[m]) {
						have = 0; /* a column this comparison does not use */
						continue;
					}
					snprintf(err, errlen, "%s:%zu: %s '%.40s' is not a number >= 0", path, line,
						 h[mc[m][j]], fl[mc[m][j]]);
					goto out;
				}
				if (st)
					have = 0;
			}
			if (!have)
				continue;
			if (m == SB_METRIC_CPU)
				val[m] = x[2] > 0 ? (x[0] + x[1]) / x[2] * 1e9 : NAN;
			else
				val[m] = x[0];
		}
		/* the case */
		size_t blen = 0;
		for (int k = 0; k < NKEY; k++)
			blen += strlen(key[k]) + 1;
		if (r->n == r->cap) {
			size_t nc = r->cap ? 2 * r->cap : 256;
			cmp_case *p = realloc(r->c, nc * sizeof *p);
			if (!p) {
				rc = -ENOMEM;
				goto out;
			}
			r->c = p;
			r->cap = nc;
		}
		cmp_case *c = &r->c[r->n];
		memset(c, 0, sizeof *c);
		for (int k = 0; k < NKEY; k++)
			c->key[k] = key[k];
		size_t at = sb_cmp_index_add(&r->full, r, r->n);
		if (at == SIZE_MAX - 1) {
			rc = -ENOMEM;
			goto out;
		}
		if (at == SIZE_MAX) {
			/* a new case: its key moves into a blob of its own */
			char *b = malloc(blen);
			if (!b) {
				rc = -ENOMEM;
				goto out;
			}
			c->blob = b;
			for (int k = 0; k < NKEY; k++) {
				size_t l = strlen(key[k]) + 1;
				memcpy(b, key[k], l);
				c->key[k] = b;
				b += l;
			}
			at = r->n++;
		}
		c = &r->c[at];
		c->reps++;
		r->rows++;
		if (iflags >= 0 && fl[iflags][0]) {
			c->flagged++;
			add_flags(c, fl[iflags]);
		}
		if (failed) {
			if (!c->failed)
				snprintf(c->fail_msg, sizeof c->fail_msg, "%s", chk);
			c->failed = 1;
			continue;
		}
		for (int m = 0; m < SB_METRIC_COUNT; m++)
			if (need[m] && !isnan(val[m]) && push(&c->m[m], val[m])) {
				rc = -ENOMEM;
				goto out;
			}
	}
	if (r->rows == 0) {
		snprintf(err, errlen, "%s: a header and no rows", path);
		goto out;
	}
	rc = 0;
out:
	fclose(f);
	free(hbuf);
	free(buf);
	free(h);
	free(fl);
	return rc;
}
