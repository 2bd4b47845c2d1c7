/* log_format.c: the `%(attr)s` formatter: parsed once into literal pieces and attribute references,
 * rendered without ever handing the user's format to printf (see syncbench/log.h). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log_internal.h"

#define MAX_WIDTH 1024
#define MAX_PREC  100

enum attr_type { T_STR, T_INT, T_UINT, T_DBL };

enum attr_id {
    A_ASCTIME, A_CREATED, A_RELCREATED, A_MSECS, A_LEVELNAME, A_LEVELNO, A_NAME, A_MESSAGE,
    A_PATHNAME, A_FILENAME, A_MODULE, A_LINENO, A_FUNCNAME, A_PROCESS, A_PROCESSNAME, A_THREAD,
    A_THREADNAME, A_COUNT,
    P_LITERAL = -1, P_FIELD = -2,
};

static const struct {
    const char *name;
    enum attr_type type;
} attrs[A_COUNT] = {
    [A_ASCTIME] = { "asctime", T_STR },       [A_CREATED] = { "created", T_DBL },
    [A_RELCREATED] = { "relativeCreated", T_DBL }, [A_MSECS] = { "msecs", T_DBL },
    [A_LEVELNAME] = { "levelname", T_STR },   [A_LEVELNO] = { "levelno", T_INT },
    [A_NAME] = { "name", T_STR },             [A_MESSAGE] = { "message", T_STR },
    [A_PATHNAME] = { "pathname", T_STR },     [A_FILENAME] = { "filename", T_STR },
    [A_MODULE] = { "module", T_STR },         [A_LINENO] = { "lineno", T_INT },
    [A_FUNCNAME] = { "funcName", T_STR },     [A_PROCESS] = { "process", T_INT },
    [A_PROCESSNAME] = { "processName", T_STR }, [A_THREAD] = { "thread", T_UINT },
    [A_THREADNAME] = { "threadName", T_STR },
};

struct piece {
    int attr;       /* enum attr_id, P_LITERAL or P_FIELD */
    char *text;     /* the literal, or the field's key */
    size_t len;
    char flags[5];  /* a subset of "-0+ ", NUL-terminated */
    int width, prec; /* -1: none */
    char conv;      /* s r d i f e g */
};

struct sb_log_formatter {
    struct piece *p;
    size_t n;
    char *datefmt; /* NULL: Python's default, with ",mmm" */
};

void sb_log_formatter_destroy(sb_log_formatter *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++)
        free(f->p[i].text);
    free(f->p);
    free(f->datefmt);
    free(f);
}

/* ---- parsing -------------------------------------------------------------------------------- */

struct parser {
    sb_log_formatter *f;
    size_t cap;
    char *lit; /* the literal being collected (%% collapsed) */
    size_t litlen, litcap;
};

static int push_piece(struct parser *ps, const struct piece *pc)
{
    if (ps->f->n == ps->cap) {
        size_t cap = ps->cap ? 2 * ps->cap : 8;
        struct piece *p = realloc(ps->f->p, cap * sizeof *p);
        if (!p)
            return -ENOMEM;
        ps->f->p = p;
        ps->cap = cap;
    }
    ps->f->p[ps->f->n++] = *pc;
    return 0;
}

static int lit_add(struct parser *ps, const char *s, size_t n)
{
    if (ps->litlen + n + 1 > ps->litcap) {
        size_t cap = ps->litcap ? 2 * ps->litcap : 64;
        while (cap < ps->litlen + n + 1)
            cap *= 2;
        char *l = realloc(ps->lit, cap);
        if (!l)
            return -ENOMEM;
        ps->lit = l;
        ps->litcap = cap;
    }
    memcpy(ps->lit + ps->litlen, s, n);
    ps->litlen += n;
    ps->lit[ps->litlen] = '\0';
    return 0;
}

static int lit_flush(struct parser *ps)
{
    if (ps->litlen == 0)
        return 0;
    struct piece pc = { .attr = P_LITERAL, .len = ps->litlen, .width = -1, .prec = -1 };
    if (!(pc.text = strndup(ps->lit, ps->litlen)))
        return -ENOMEM;
    if (push_piece(ps, &pc)) {
        free(pc.text);
        return -ENOMEM;
    }
    ps->litlen = 0;
    return 0;
}

static int find_attr(const char *name, size_t len)
{
    for (int i = 0; i < A_COUNT; i++)
        if (strlen(attrs[i].name) == len && memcmp(attrs[i].name, name, len) == 0)
            return i;
    return -1;
}

static int is_declared(const char *name, size_t len, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (names[i] && strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
            return 1;
    return 0;
}

/* A character as it should appear in an error message. */
static const char *show_char(char c, char *buf, size_t n)
{
    if (isprint((unsigned char)c))
        snprintf(buf, n, "%c", c);
    else
        snprintf(buf, n, "\\x%02x", (unsigned char)c);
    return buf;
}

/* Parses the reference that starts at fmt[at] == '%', fmt[at + 1] == '('; on success *next is
 * the offset after it. */
static int parse_ref(struct parser *ps, const char *fmt, size_t at, const char *const *names,
                     size_t nnames, size_t *next, char *err, size_t errlen)
{
    const char *name = fmt + at + 2;
    const char *close = strchr(name, ')');
    char cb[8];
    if (!close) {
        sb_log_seterr(err, errlen, "unterminated '%%(' at offset %zu (missing ')')", at);
        return -EINVAL;
    }
    size_t nlen = (size_t)(close - name);
    if (nlen == 0) {
        sb_log_seterr(err, errlen, "empty attribute name '%%()' at offset %zu", at);
        return -EINVAL;
    }
    for (size_t i = 0; i < nlen; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!(isalpha(c) || c == '_' || (i > 0 && isdigit(c)))) {
            sb_log_seterr(err, errlen, "attribute name '%.*s' at offset %zu is not an identifier",
                          (int)nlen, name, at);
            return -EINVAL;
        }
    }
    struct piece pc = { .width = -1, .prec = -1 };
    const char *p = close + 1;
    size_t nf = 0;
    while (*p && strchr("-0+ ", *p)) {
        if (!strchr(pc.flags, *p) && nf < sizeof pc.flags - 1)
            pc.flags[nf++] = *p;
        p++;
    }
    if (isdigit((unsigned char)*p)) {
        pc.width = 0;
        for (; isdigit((unsigned char)*p); p++) {
            pc.width = pc.width * 10 + (*p - '0');
            if (pc.width > MAX_WIDTH) {
                sb_log_seterr(err, errlen, "width of '%%(%.*s)' at offset %zu is too large (max %d)",
                              (int)nlen, name, at, MAX_WIDTH);
                return -EINVAL;
            }
        }
    }
    if (*p == '.') {
        pc.prec = 0;
        for (p++; isdigit((unsigned char)*p); p++) {
            pc.prec = pc.prec * 10 + (*p - '0');
            if (pc.prec > MAX_PREC) {
                sb_log_seterr(err, errlen,
                              "precision of '%%(%.*s)' at offset %zu is too large (max %d)",
                              (int)nlen, name, at, MAX_PREC);
                return -EINVAL;
            }
        }
    }
    if (!*p) {
        sb_log_seterr(err, errlen, "missing conversion after '%%(%.*s)' at offset %zu",
                      (int)nlen, name, at);
        return -EINVAL;
    }
    if (!strchr("srdifeg", *p)) {
        sb_log_seterr(err, errlen,
                      "unsupported conversion '%s' in '%%(%.*s)' at offset %zu "
                      "(expected s, r, d, i, f, e or g)",
                      show_char(*p, cb, sizeof cb), (int)nlen, name, at);
        return -EINVAL;
    }
    pc.conv = *p;
    pc.attr = find_attr(name, nlen);
    if (pc.attr < 0) {
        if (!is_declared(name, nlen, names, nnames)) {
            sb_log_seterr(err, errlen, "unknown attribute '%.*s' at offset %zu", (int)nlen, name, at);
            return -EINVAL;
        }
        pc.attr = P_FIELD;
    } else if (attrs[pc.attr].type == T_STR && !strchr("sr", pc.conv)) {
        sb_log_seterr(err, errlen,
                      "numeric conversion '%c' for string attribute '%.*s' at offset %zu",
                      pc.conv, (int)nlen, name, at);
        return -EINVAL;
    }
    if (lit_flush(ps))
        return -ENOMEM;
    if (pc.attr == P_FIELD) {
        if (!(pc.text = strndup(name, nlen)))
            return -ENOMEM;
        pc.len = nlen;
    }
    if (push_piece(ps, &pc)) {
        free(pc.text);
        return -ENOMEM;
    }
    *next = (size_t)(p + 1 - fmt);
    return 0;
}

int sb_log_formatter_parse(const char *fmt, const char *datefmt, const char *const *names,
                           size_t nnames, sb_log_formatter **out, char *err, size_t errlen)
{
    if (!fmt)
        fmt = SB_LOG_DEFAULT_FORMAT;
    struct parser ps = { 0 };
    if (!(ps.f = calloc(1, sizeof *ps.f)))
        goto nomem;
    if (datefmt && !(ps.f->datefmt = strdup(datefmt)))
        goto nomem;
    char cb[8];
    int rc = 0;
    for (size_t i = 0; fmt[i] && rc == 0;) {
        if (fmt[i] != '%') {
            size_t n = strcspn(fmt + i, "%");
            rc = lit_add(&ps, fmt + i, n);
            i += n;
        } else if (fmt[i + 1] == '%') {
            rc = lit_add(&ps, "%", 1);
            i += 2;
        } else if (fmt[i + 1] == '(') {
            rc = parse_ref(&ps, fmt, i, names, nnames, &i, err, errlen);
        } else if (fmt[i + 1] == '\0') {
            sb_log_seterr(err, errlen, "trailing '%%' at offset %zu (write %%%% for a literal '%%')", i);
            rc = -EINVAL;
        } else {
            sb_log_seterr(err, errlen, "'%%%s' at offset %zu: expected '%%(name)' or '%%%%'",
                          show_char(fmt[i + 1], cb, sizeof cb), i);
            rc = -EINVAL;
        }
    }
    if (rc == 0)
        rc = lit_flush(&ps);
    free(ps.lit);
    if (rc) {
        if (rc == -ENOMEM)
            sb_log_seterr(err, errlen, "out of memory");
        sb_log_formatter_destroy(ps.f);
        return rc;
    }
    *out = ps.f;
    return 0;
nomem:
    sb_log_formatter_destroy(ps.f);
    sb_log_seterr(err, errlen, "out of memory");
    return -ENOMEM;
}

int sb_log_formatter_new_with_fields(const char *fmt, const char *datefmt,
                                     const char *const *field_names, size_t nfield_names,
                                     sb_log_formatter **out, char *err, size_t errlen)
{
    sb_log_formatter *f;
    int rc = sb_log_formatter_parse(fmt, datefmt, field_names, nfield_names, &f, err, errlen);
    if (rc)
        return rc;
    if (sb_log_formatter_register(f)) {
        sb_log_formatter_destroy(f);
        sb_log_seterr(err, errlen, "out of memory");
        return -ENOMEM;
    }
    *out = f;
    return 0;
}

int sb_log_formatter_new(const char *fmt, const char *datefmt, sb_log_formatter **out, char *err,
                         size_t errlen)
{
    return sb_log_formatter_new_with_fields(fmt, datefmt, NULL, 0, out, err, errlen);
}

void sb_log_formatter_free(sb_log_formatter *f)
{
    if (!f)
        return;
    sb_log_formatter_unregister(f);
    sb_log_formatter_destroy(f);
}

/* ---- rendering ------------------------------------------------------------------------------ */

struct sink { /* snprintf-like output: counts everything, stores what fits */
    char *buf;
    size_t len, pos;
};

static void put(struct sink *o, const char *s, size_t n)
{
    if (o->pos + 1 < o->len) {
        size_t room = o->len - 1 - o->pos;
        memcpy(o->buf + o->pos, s, n < room ? n : room);
    }
    o->pos += n;
}

static void put_spaces(struct sink *o, size_t n)
{
    static const char sp[] = "                                ";
    while (n) {
        size_t k = n < sizeof sp - 1 ? n : sizeof sp - 1;
        put(o, sp, k);
        n -= k;
    }
}

/* A string under width, precision (truncation) and '-'. */
static void put_str(struct sink *o, const struct piece *pc, const char *s, size_t n)
{
    if (pc->prec >= 0 && n > (size_t)pc->prec)
        n = (size_t)pc->prec;
    size_t pad = pc->width > 0 && (size_t)pc->width > n ? (size_t)pc->width - n : 0;
    int left = strchr(pc->flags, '-') != NULL;
    if (!left)
        put_spaces(o, pad);
    put(o, s, n);
    if (left)
        put_spaces(o, pad);
}

/* Python's repr of a string (always in single quotes), into o. */
static void repr_str(struct sink *o, const char *s)
{
    put(o, "'", 1);
    for (; *s; s++) {
        char e[8];
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '\\': put(o, "\\\\", 2); break;
        case '\'': put(o, "\\'", 2); break;
        case '\n': put(o, "\\n", 2); break;
        case '\r': put(o, "\\r", 2); break;
        case '\t': put(o, "\\t", 2); break;
        default:
            if (c < 0x20 || c == 0x7f) {
                snprintf(e, sizeof e, "\\x%02x", c);
                put(o, e, 4);
            } else {
                put(o, (const char *)s, 1);
            }
        }
    }
    put(o, "'", 1);
}

/* Python's repr of a float: the shortest digits that read back the same, positional for
 * exponents -4..15, "1e+16" style outside, and ".0" on integral values. */
static void repr_double(double d, char *out, size_t n)
{
    if (isnan(d)) {
        snprintf(out, n, "nan");
        return;
    }
    if (isinf(d)) {
        snprintf(out, n, d < 0 ? "-inf" : "inf");
        return;
    }
    char e[40];
    int prec = 1;
    for (; prec < 17; prec++) {
        snprintf(e, sizeof e, "%.*e", prec - 1, d);
        if (strtod(e, NULL) == d)
            break;
    }
    snprintf(e, sizeof e, "%.*e", prec - 1, d);
    int exp = atoi(strchr(e, 'e') + 1);
    if (exp < -4 || exp >= 16) {
        snprintf(out, n, "%s", e);
        return;
    }
    int decimals = prec - 1 - exp;
    snprintf(out, n, "%.*f", decimals > 0 ? decimals : 0, d);
    if (!strchr(out, '.') && strlen(out) + 3 <= n)
        strcat(out, ".0");
}

/* A value to render: one of the attribute types. */
struct value {
    enum attr_type type;
    const char *s;
    long long i;
    unsigned long long u;
    double d;
};

static void put_number(struct sink *o, const struct piece *pc, const struct value *v)
{
    char tmp[1400], f[32];
    char conv = pc->conv;
    if (conv == 's' || conv == 'r') {
        if (v->type == T_INT)
            snprintf(tmp, sizeof tmp, "%lld", v->i);
        else if (v->type == T_UINT)
            snprintf(tmp, sizeof tmp, "%llu", v->u);
        else
            repr_double(v->d, tmp, sizeof tmp);
        put_str(o, pc, tmp, strlen(tmp));
        return;
    }
    int n = snprintf(f, sizeof f, "%%%s", pc->flags);
    if (pc->width >= 0)
        n += snprintf(f + n, sizeof f - (size_t)n, "%d", pc->width);
    if (pc->prec >= 0)
        n += snprintf(f + n, sizeof f - (size_t)n, ".%d", pc->prec);
    if (conv == 'd' || conv == 'i') {
        if (v->type == T_UINT) {
            snprintf(f + n, sizeof f - (size_t)n, "llu");
            snprintf(tmp, sizeof tmp, f, v->u);
        } else {
            long long i = v->i;
            if (v->type == T_DBL) {
                /* Python's int(x); nan, inf and out-of-range values are shown as they are */
                if (!isfinite(v->d) || fabs(v->d) >= 9.2e18) {
                    repr_double(v->d, tmp, sizeof tmp);
                    put_str(o, pc, tmp, strlen(tmp));
                    return;
                }
                i = (long long)v->d;
            }
            snprintf(f + n, sizeof f - (size_t)n, "lld");
            snprintf(tmp, sizeof tmp, f, i);
        }
    } else {
        double d = v->type == T_DBL ? v->d : v->type == T_INT ? (double)v->i : (double)v->u;
        snprintf(f + n, sizeof f - (size_t)n, "%c", conv);
        snprintf(tmp, sizeof tmp, f, d);
    }
    put(o, tmp, strlen(tmp));
}

static void put_value(struct sink *o, const struct piece *pc, const struct value *v)
{
    if (v->type != T_STR) {
        put_number(o, pc, v);
    } else if (pc->conv == 'r') {
        char small[256];
        struct sink r = { small, sizeof small, 0 };
        repr_str(&r, v->s);
        if (r.pos < sizeof small) {
            put_str(o, pc, small, r.pos);
        } else {
            char *big = malloc(r.pos + 1);
            if (!big) {
                put_str(o, pc, small, sizeof small - 1);
                return;
            }
            struct sink b = { big, r.pos + 1, 0 };
            repr_str(&b, v->s);
            put_str(o, pc, big, r.pos);
            free(big);
        }
    } else {
        put_str(o, pc, v->s, strlen(v->s)); /* also a string field under a numeric conversion */
    }
}

static void asctime_of(const sb_log_formatter *f, const sb_log_record *r, char *buf, size_t n)
{
    time_t t = (time_t)floor(r->created);
    struct tm tm;
    buf[0] = '\0';
    if (!localtime_r(&t, &tm))
        return;
    if (f->datefmt) {
        if (strftime(buf, n, f->datefmt, &tm) == 0)
            buf[0] = '\0';
        return;
    }
    size_t k = strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm);
    snprintf(buf + k, n - k, ",%03d", (int)r->msecs);
}

size_t sb_log_format(const sb_log_formatter *f, const sb_log_record *r, char *buf, size_t len)
{
    struct sink o = { buf, len, 0 };
    char asct[256];
    int have_asct = 0;
    for (size_t k = 0; k < f->n; k++) {
        const struct piece *pc = &f->p[k];
        struct value v = { .type = T_STR, .s = "" };
        if (pc->attr >= 0)
            v.type = attrs[pc->attr].type;
        switch (pc->attr) {
        case P_LITERAL: put(&o, pc->text, pc->len); continue;
        case P_FIELD: {
            const sb_log_field *fl = sb_log_record_field(r, pc->text);
            if (!fl) {
                put(&o, "<missing ", 9);
                put(&o, pc->text, pc->len);
                put(&o, ">", 1);
                continue;
            }
            switch (fl->type) {
            case SB_LOG_FIELD_STR: v.s = fl->v.s ? fl->v.s : ""; break;
            case SB_LOG_FIELD_INT: v.type = T_INT; v.i = fl->v.i; break;
            case SB_LOG_FIELD_UINT: v.type = T_UINT; v.u = fl->v.u; break;
            case SB_LOG_FIELD_DOUBLE: v.type = T_DBL; v.d = fl->v.d; break;
            default: { /* SB_LOG_FIELD_NONE: empty, padded */
                struct piece sp = *pc;
                sp.conv = 's';
                put_str(&o, &sp, "", 0);
                continue;
            }
            }
            break;
        }
        case A_ASCTIME:
            if (!have_asct) {
                asctime_of(f, r, asct, sizeof asct);
                have_asct = 1;
            }
            v.s = asct;
            break;
        case A_CREATED: v.d = r->created; break;
        case A_RELCREATED: v.d = r->relativeCreated; break;
        case A_MSECS: v.d = r->msecs; break;
        case A_LEVELNAME: v.s = r->levelname; break;
        case A_LEVELNO: v.i = r->levelno; break;
        case A_NAME: v.s = r->name; break;
        case A_MESSAGE: v.s = r->message; break;
        case A_PATHNAME: v.s = r->pathname; break;
        case A_FILENAME: v.s = r->filename; break;
        case A_MODULE: v.s = r->module; break;
        case A_LINENO: v.i = r->lineno; break;
        case A_FUNCNAME: v.s = r->funcName; break;
        case A_PROCESS: v.i = r->process; break;
        case A_PROCESSNAME: v.s = r->processName; break;
        case A_THREAD: v.u = r->thread; break;
        case A_THREADNAME: v.s = r->threadName; break;
        }
        if (v.type == T_STR && !v.s)
            v.s = "";
        put_value(&o, pc, &v);
    }
    if (len)
        buf[o.pos < len ? o.pos : len - 1] = '\0';
    return o.pos;
}
