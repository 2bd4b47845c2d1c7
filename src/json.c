/* json.c: a small recursive-descent JSON reader (see syncbench/json.h). */
#include "syncbench/json.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SB_JSON_MAX_DEPTH 64

typedef struct parser {
	const char *start, *s, *end;
	char *err;
	size_t errlen;
	int failed;
} parser;

static void fail(parser *p, const char *what)
{
	if (!p->failed)
		snprintf(p->err, p->errlen, "%s at byte %td", what, p->s - p->start);
	p->failed = 1;
}

static void ws(parser *p)
{
	while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

static sb_json *node(parser *p, sb_json_type t)
{
	sb_json *v = calloc(1, sizeof *v);
	if (!v)
		fail(p, "out of memory");
	else
		v->type = t;
	return v;
}

static int hex4(const char *s, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
		else return -1;
	}
	*out = v;
	return 0;
}

static size_t utf8(unsigned cp, char *o)
{
	if (cp < 0x80) { o[0] = (char)cp; return 1; }
	if (cp < 0x800) { o[0] = (char)(0xc0 | cp >> 6); o[1] = (char)(0x80 | (cp & 0x3f)); return 2; }
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12); o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18); o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f)); o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* At the opening quote: the decoded string (malloc'd), p->s after the closing quote. */
static char *string(parser *p)
{
	p->s++;
	const char *q = p->s;
	while (q < p->end && *q != '"')
		q += (*q == '\\' && q + 1 < p->end) ? 2 : 1;
	if (q >= p->end) {
		fail(p, "unterminated string");
		return NULL;
	}
	char *out = malloc((size_t)(q - p->s) + 1), *o = out; /* decoding never lengthens */
	if (!out) {
		fail(p, "out of memory");
		return NULL;
	}
	while (p->s < q) {
		unsigned char c = (unsigned char)*p->s++;
		if (c < 0x20) {
			fail(p, "control character in a string");
			free(out);
			return NULL;
		}
		if (c != '\\') {
			*o++ = (char)c;
			continue;
		}
		char e = *p->s++;
		switch (e) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			unsigned cp, lo;
			if (q - p->s < 4 || hex4(p->s, &cp) || cp == 0) {
				fail(p, "bad \\u escape");
				free(out);
				return NULL;
			}
			p->s += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && q - p->s >= 6 && p->s[0] == '\\' && p->s[1] == 'u' &&
			    !hex4(p->s + 2, &lo) && lo >= 0xdc00 && lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				p->s += 6;
			} else if (cp >= 0xd800 && cp < 0xe000)
				cp = 0xfffd; /* a lone surrogate: the replacement character */
			/* \uXXXX is 6 bytes of input for at most 3 of output; a pair 12 for 4 */
			o += utf8(cp, o);
			break;
		}
		default:
			fail(p, "bad escape in a string");
			free(out);
			return NULL;
		}
	}
	*o = 0;
	p->s = q + 1;
	return out;
}

static sb_json *value(parser *p, int depth);

static sb_json *members(parser *p, int depth, int obj)
{
	sb_json *v = node(p, obj ? SB_JSON_OBJ : SB_JSON_ARR), **tail;
	if (!v)
		return NULL;
	tail = &v->child;
	p->s++;
	ws(p);
	if (p->s < p->end && *p->s == (obj ? '}' : ']')) {
		p->s++;
		return v;
	}
	for (;;) {
		char *key = NULL;
		ws(p);
		if (obj) {
			if (p->s >= p->end || *p->s != '"') {
				fail(p, "expected a member name");
				break;
			}
			if (!(key = string(p)))
				break;
			ws(p);
			if (p->s >= p->end || *p->s != ':') {
				free(key);
				fail(p, "expected ':'");
				break;
			}
			p->s++;
		}
		sb_json *c = value(p, depth + 1);
		if (!c) {
			free(key);
			break;
		}
		c->key = key;
		*tail = c;
		tail = &c->next;
		ws(p);
		if (p->s < p->end && *p->s == ',') {
			p->s++;
			continue;
		}
		if (p->s < p->end && *p->s == (obj ? '}' : ']')) {
			p->s++;
			return v;
		}
		fail(p, obj ? "expected ',' or '}'" : "expected ',' or ']'");
		break;
	}
	sb_json_free(v);
	return NULL;
}

static sb_json *value(parser *p, int depth)
{
	ws(p);
	if (depth > SB_JSON_MAX_DEPTH) {
		fail(p, "nested too deeply");
		return NULL;
	}
	if (p->s >= p->end) {
		fail(p, "unexpected end");
		return NULL;
	}
	char c = *p->s;
	if (c == '{' || c == '[')
		return members(p, depth, c == '{');
	if (c == '"') {
		char *s = string(p);
		sb_json *v = s ? node(p, SB_JSON_STR) : NULL;
		if (v)
			v->str = s;
		else
			free(s);
		return v;
	}
	static const struct { const char *w; sb_json_type t; int b; } lit[] = {
		{ "true", SB_JSON_BOOL, 1 }, { "false", SB_JSON_BOOL, 0 }, { "null", SB_JSON_NULL, 0 } };
	for (size_t i = 0; i < 3; i++) {
		size_t l = strlen(lit[i].w);
		if ((size_t)(p->end - p->s) >= l && !memcmp(p->s, lit[i].w, l)) {
			p->s += l;
			sb_json *v = node(p, lit[i].t);
			if (v)
				v->boolean = lit[i].b;
			return v;
		}
	}
	if (c == '-' || (c >= '0' && c <= '9')) {
		/* copy the number's characters: strtod must not run past the end of the input */
		char buf[64];
		size_t n = 0;
		while (p->s + n < p->end && n < sizeof buf - 1 && strchr("+-0123456789.eE", p->s[n]))
			n++;
		memcpy(buf, p->s, n);
		buf[n] = 0;
		char *e;
		double d = strtod(buf, &e);
		if (e == buf || (size_t)(e - buf) != n || !isfinite(d)) {
			fail(p, "bad number");
			return NULL;
		}
		p->s += n;
		sb_json *v = node(p, SB_JSON_NUM);
		if (v)
			v->num = d;
		return v;
	}
	fail(p, "unexpected character");
	return NULL;
}

int sb_json_parse(const char *text, size_t len, sb_json **out, char *err, size_t errlen)
{
	char dummy[8];
	parser p = { text, text, text + len, err ? err : dummy, err ? errlen : sizeof dummy, 0 };
	*out = NULL;
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		p.s += 3; /* a byte-order mark */
	sb_json *v = value(&p, 0);
	if (v) {
		ws(&p);
		if (p.s != p.end) {
			fail(&p, "trailing characters");
			sb_json_free(v);
			v = NULL;
		}
	}
	if (!v)
		return p.failed && strstr(p.err, "out of memory") ? -ENOMEM : -EINVAL;
	*out = v;
	return 0;
}

int sb_json_parse_file(const char *path, sb_json **out, char *err, size_t errlen)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f) {
		int e = errno;
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(e));
		return -e;
	}
	size_t cap = 16u << 20, n = 0;
	char *buf = malloc(cap + 1);
	if (!buf) {
		fclose(f);
		return -ENOMEM;
	}
	n = fread(buf, 1, cap + 1, f);
	fclose(f);
	if (n > cap) {
		free(buf);
		snprintf(err, errlen, "%s: larger than 16 MiB", path);
		return -EFBIG;
	}
	char e2[200];
	int rc = sb_json_parse(buf, n, out, e2, sizeof e2);
	if (rc)
		snprintf(err, errlen, "%s: %s", path, e2);
	free(buf);
	return rc;
}

void sb_json_free(sb_json *v)
{
	while (v) {
		sb_json *n = v->next;
		sb_json_free(v->child);
		free(v->key);
		free(v->str);
		free(v);
		v = n;
	}
}

const sb_json *sb_json_get(const sb_json *v, const char *key)
{
	if (!v || v->type != SB_JSON_OBJ)
		return NULL;
	const sb_json *found = NULL;
	for (const sb_json *c = v->child; c; c = c->next)
		if (c->key && !strcmp(c->key, key))
			found = c;
	return found;
}

const char *sb_json_text(const sb_json *v, char *buf, size_t len)
{
	if (!len)
		return buf;
	buf[0] = 0;
	if (!v)
		return buf;
	switch (v->type) {
	case SB_JSON_STR: snprintf(buf, len, "%s", v->str); break;
	case SB_JSON_NUM: snprintf(buf, len, "%.15g", v->num); break;
	case SB_JSON_BOOL: snprintf(buf, len, "%s", v->boolean ? "true" : "false"); break;
	case SB_JSON_ARR: snprintf(buf, len, "[...]"); break;
	case SB_JSON_OBJ: snprintf(buf, len, "{...}"); break;
	default: break;
	}
	return buf;
}
