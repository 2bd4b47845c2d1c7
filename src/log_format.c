/* log_format.c: the `%(attr)s` formatter: parsed once into literal pieces and attribute references,
 * rendered without ever handing the user's format to printf (see syncbench/log.h).  Rendering
 * follows CPython's str % mapping (Objects/unicodeobject.c): widths and precisions count code
 * points, repr/ascii escape as Python does, and numbers are padded by Python's rules, which differ
 * from C's (`%#o` is "0o24", `%05.3d` pads with zeros, `%05f` of inf is "00inf"). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log_internal.h"

#define MAX_WIDTH    65536
#define MAX_PREC     65536 /* of s r a c */
#define MAX_NUM_PREC 100   /* of numbers: their digits are built in a buffer */

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

/* The conversions Python's %-formatting knows (no '%': Python refuses "%(x)%" too). */
#define CONVERSIONS "sradiuoxXeEfFgGc"

enum { F_LJUST = 1, F_SIGN = 2, F_BLANK = 4, F_ALT = 8, F_ZERO = 16 }; /* - + space # 0 */

struct piece {
    int attr;        /* enum attr_id, P_LITERAL or P_FIELD */
    char *text;      /* the literal, or the field's key */
    size_t len;
    unsigned flags;  /* F_* */
    int width, prec; /* -1: none */
    char conv;       /* one of CONVERSIONS */
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

/* ---- UTF-8 ---------------------------------------------------------------------------------- */

/* Decodes the sequence at s (NUL-terminated); returns its length (>= 1).  A byte that does not
 * start a valid sequence decodes alone to U+DC00 + byte, as Python's surrogateescape reads it. */
static size_t utf8_decode(const char *str, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned c = s[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xc2 && c < 0xe0) {
        len = 2, v = c & 0x1f, min = 0x80;
    } else if (c >= 0xe0 && c < 0xf0) {
        len = 3, v = c & 0x0f, min = 0x800;
    } else if (c >= 0xf0 && c < 0xf5) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        goto bad;
    }
    for (size_t i = 1; i < len; i++) { /* a NUL fails the test, so this never reads past it */
        if ((s[i] & 0xc0) != 0x80)
            goto bad;
        v = v << 6 | (s[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v < 0xe000))
        goto bad;
    *cp = v;
    return len;
bad:
    *cp = 0xdc00 + c;
    return 1;
}

/* Encodes cp (<= 0x10ffff) into out; returns the length. */
static size_t utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
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

/* The character at s, for an error message: "'q' (0x71)", "'é' (0xe9)", "'\x01' (0x1)". */
static const char *show_char(const char *s, char *buf, size_t n)
{
    uint32_t cp;
    size_t len = utf8_decode(s, &cp);
    if (cp < 0x20 || cp == 0x7f || (cp >= 0xdc80 && cp < 0xdd00))
        snprintf(buf, n, "'\\x%02x' (0x%x)", (unsigned)(unsigned char)*s, (unsigned)cp);
    else
        snprintf(buf, n, "'%.*s' (0x%x)", (int)len, s, (unsigned)cp);
    return buf;
}

/* Python's index of byte offset `off` in fmt: code points before it. */
static size_t char_index(const char *fmt, size_t off)
{
    size_t n = 0;
    uint32_t cp;
    for (size_t i = 0; i < off; i += utf8_decode(fmt + i, &cp))
        n++;
    return n;
}

/* Parses the reference that starts at fmt[at] == '%', fmt[at + 1] == '('; on success *next is
 * the offset after it. */
static int parse_ref(struct parser *ps, const char *fmt, size_t at, const char *const *names,
                     size_t nnames, size_t *next, char *err, size_t errlen)
{
    const char *name = fmt + at + 2;
    const char *close = strchr(name, ')');
    char cb[32];
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
    for (;; p++) {
        const char *fl = strchr("-+ #0", *p);
        if (!*p || !fl)
            break;
        pc.flags |= 1u << (fl - "-+ #0");
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
    if (*p && strchr("hlL", *p)) /* a length modifier, ignored as Python ignores it */
        p++;
    if (!*p) {
        sb_log_seterr(err, errlen, "incomplete format: '%%(%.*s)' at offset %zu has no conversion",
                      (int)nlen, name, at);
        return -EINVAL;
    }
    if (!strchr(CONVERSIONS, *p)) {
        sb_log_seterr(err, errlen,
                      "unsupported format character %s at index %zu "
                      "(in '%%(%.*s)'; expected one of s r a d i u o x X e E f F g G c)",
                      show_char(p, cb, sizeof cb), char_index(fmt, (size_t)(p - fmt)), (int)nlen,
                      name);
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
    } else if (attrs[pc.attr].type == T_STR && !strchr("srac", pc.conv)) {
        sb_log_seterr(err, errlen,
                      "numeric conversion '%c' for string attribute '%.*s' at offset %zu",
                      pc.conv, (int)nlen, name, at);
        return -EINVAL;
    } else if (attrs[pc.attr].type == T_DBL && strchr("oxXc", pc.conv)) {
        sb_log_seterr(err, errlen,
                      "conversion '%c' needs an integer, and '%.*s' at offset %zu is a float",
                      pc.conv, (int)nlen, name, at);
        return -EINVAL;
    }
    if (pc.prec > MAX_NUM_PREC && !strchr("srac", pc.conv)) {
        sb_log_seterr(err, errlen,
                      "precision of '%%(%.*s)%c' at offset %zu is too large (max %d)", (int)nlen,
                      name, pc.conv, at, MAX_NUM_PREC);
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

/* Python 3.8+'s Formatter(validate=True) check: its regex
 * %\(\w+\)[#0+ -]*(\*|\d+)?(\.(\*|\d+))?[diouxefgcrsa%] (any case) matches somewhere in fmt.  It
 * ignores "%%" escapes, so "%%(message)s" passes, and refuses a lone "%(message)ls". */
static int python_validates(const char *fmt)
{
    for (const char *s = strstr(fmt, "%("); s; s = strstr(s + 1, "%(")) {
        const char *p = s + 2, *name = p;
        while (isalnum((unsigned char)*p) || *p == '_' || (unsigned char)*p >= 0x80)
            p++;
        if (p == name || *p++ != ')')
            continue;
        while (*p && strchr("#0+ -", *p))
            p++;
        if (*p == '*')
            p++;
        else
            while (isdigit((unsigned char)*p))
                p++;
        if (*p == '.' && (p[1] == '*' || isdigit((unsigned char)p[1]))) {
            p += 2;
            while (isdigit((unsigned char)*p))
                p++;
        }
        if (*p && strchr("diouxefgcrsa%", tolower((unsigned char)*p)))
            return 1;
    }
    return 0;
}

int sb_log_formatter_parse(const char *fmt, const char *datefmt, const char *const *names,
                           size_t nnames, sb_log_formatter **out, char *err, size_t errlen)
{
    if (!fmt)
        fmt = SB_LOG_DEFAULT_FORMAT;
    else if (!*fmt)
        fmt = "%(message)s"; /* Python: Formatter("") formats as "%(message)s" */
    struct parser ps = { 0 };
    if (!(ps.f = calloc(1, sizeof *ps.f)))
        goto nomem;
    if (datefmt && *datefmt && !(ps.f->datefmt = strdup(datefmt)))
        goto nomem;
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
            uint32_t cp;
            sb_log_seterr(err, errlen, "'%%%.*s' at offset %zu: expected '%%(name)' or '%%%%'",
                          (int)utf8_decode(fmt + i + 1, &cp), fmt + i + 1, i);
            rc = -EINVAL;
        }
    }
    if (rc == 0 && !python_validates(fmt)) {
        /* Python raises ValueError with the first sentence. */
        sb_log_seterr(err, errlen,
                      "Invalid format '%.100s%s' for '%%' style: it has no field such as "
                      "'%%(message)s'",
                      fmt, strlen(fmt) > 100 ? "..." : "");
        rc = -EINVAL;
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

static void put_fill(struct sink *o, char c, size_t n)
{
    char run[32];
    memset(run, c, sizeof run);
    while (n) {
        size_t k = n < sizeof run ? n : sizeof run;
        put(o, run, k);
        n -= k;
    }
}

/* Python's padding (unicode_format_arg_output): sign, then prefix ("0x"), then body, nchars code
 * points in all, padded to the width: zeros after the prefix for a number under '0', else spaces
 * on the left, or on the right under '-'. */
static void put_padded(struct sink *o, const struct piece *pc, int numeric, char sign,
                       const char *prefix, const char *body, size_t blen, size_t nchars)
{
    size_t plen = strlen(prefix);
    nchars += plen + (sign != 0);
    size_t pad = pc->width > 0 && (size_t)pc->width > nchars ? (size_t)pc->width - nchars : 0;
    int left = (pc->flags & F_LJUST) != 0;
    int zeros = numeric && !left && (pc->flags & F_ZERO);
    if (!left && !zeros)
        put_fill(o, ' ', pad);
    if (sign)
        put(o, &sign, 1);
    put(o, prefix, plen);
    if (zeros)
        put_fill(o, '0', pad);
    put(o, body, blen);
    if (left)
        put_fill(o, ' ', pad);
}

/* A string under width and precision, both in code points. */
static void put_str(struct sink *o, const struct piece *pc, const char *s, size_t n)
{
    size_t chars = 0, end = 0;
    uint32_t cp;
    while (end < n && (pc->prec < 0 || chars < (size_t)pc->prec)) {
        end += (unsigned char)s[end] < 0x80 ? 1 : utf8_decode(s + end, &cp);
        chars++;
    }
    put_padded(o, pc, 0, 0, "", s, end, chars);
}

/* Python's repr(s) (or ascii(s)) into o: in double quotes when s holds ' and no ", else in single
 * quotes; the quote, backslash, \t \n \r escaped, and the characters Python does not print (or,
 * for ascii, every non-ASCII one) as \xhh, \uhhhh or \Uhhhhhhhh. */
static void repr_str(struct sink *o, const char *s, int ascii)
{
    char q = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';
    put(o, &q, 1);
    while (*s) {
        uint32_t cp;
        size_t len = utf8_decode(s, &cp);
        char e[12];
        if (cp == (uint32_t)q || cp == '\\') {
            e[0] = '\\';
            e[1] = (char)cp;
            put(o, e, 2);
        } else if (cp == '\t') {
            put(o, "\\t", 2);
        } else if (cp == '\n') {
            put(o, "\\n", 2);
        } else if (cp == '\r') {
            put(o, "\\r", 2);
        } else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && (ascii || !sb_log_unicode_printable(cp)))) {
            int n = snprintf(e, sizeof e, cp <= 0xff ? "\\x%02x" : cp <= 0xffff ? "\\u%04x" : "\\U%08x",
                             (unsigned)cp);
            put(o, e, (size_t)n);
        } else {
            put(o, s, len);
        }
        s += len;
    }
    put(o, &q, 1);
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

/* str(v) of a number into buf. */
static void number_str(const struct value *v, char *buf, size_t n)
{
    if (v->type == T_INT)
        snprintf(buf, n, "%lld", v->i);
    else if (v->type == T_UINT)
        snprintf(buf, n, "%llu", v->u);
    else
        repr_double(v->d, buf, n);
}

/* An integer conversion (d i u o x X) of a magnitude and a sign, as Python's formatlong. */
static void put_int(struct sink *o, const struct piece *pc, int neg, const char *digits)
{
    char body[MAX_NUM_PREC + 400];
    size_t nd = strlen(digits), nz = pc->prec > 0 && (size_t)pc->prec > nd ? (size_t)pc->prec - nd : 0;
    memset(body, '0', nz);
    memcpy(body + nz, digits, nd + 1);
    const char *prefix = "";
    if (pc->flags & F_ALT)
        prefix = pc->conv == 'x' ? "0x" : pc->conv == 'X' ? "0X" : pc->conv == 'o' ? "0o" : "";
    char sign = neg ? '-' : (pc->flags & F_SIGN) ? '+' : (pc->flags & F_BLANK) ? ' ' : 0;
    put_padded(o, pc, 1, sign, prefix, body, nz + nd, nz + nd);
}

static void put_integer(struct sink *o, const struct piece *pc, int neg, unsigned long long mag)
{
    char digits[32];
    const char *f = pc->conv == 'x' ? "%llx" : pc->conv == 'X' ? "%llX" : pc->conv == 'o' ? "%llo" : "%llu";
    snprintf(digits, sizeof digits, f, mag);
    put_int(o, pc, neg, digits);
}

/* A floating-point conversion (e E f F g G), as Python's formatfloat: C's digits (both are
 * correctly rounded), Python's sign and padding. */
static void put_float(struct sink *o, const struct piece *pc, double d)
{
    char f[16], body[MAX_NUM_PREC + 400];
    snprintf(f, sizeof f, "%%%s.*%c", (pc->flags & F_ALT) ? "#" : "", pc->conv);
    snprintf(body, sizeof body, f, pc->prec < 0 ? 6 : pc->prec, d);
    const char *b = body;
    char sign = (pc->flags & F_SIGN) ? '+' : (pc->flags & F_BLANK) ? ' ' : 0;
    if (*b == '-') {
        sign = '-';
        b++;
    }
    put_padded(o, pc, 1, sign, "", b, strlen(b), strlen(b));
}

static void put_value(struct sink *o, const struct piece *pc, const struct value *v)
{
    char tmp[400];
    const char *s = v->s;
    switch (pc->conv) {
    case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
        if (v->type == T_INT) {
            put_integer(o, pc, v->i < 0, v->i < 0 ? 0ull - (unsigned long long)v->i
                                                  : (unsigned long long)v->i);
            return;
        }
        if (v->type == T_UINT) {
            put_integer(o, pc, 0, v->u);
            return;
        }
        if (v->type == T_DBL && isfinite(v->d) && strchr("diu", pc->conv)) {
            double t = trunc(v->d) + 0.0; /* Python's int(x); + 0.0 turns -0.0 into 0.0 */
            snprintf(tmp, sizeof tmp, "%.0f", fabs(t)); /* every digit of a double is exact */
            put_int(o, pc, t < 0, tmp);
            return;
        }
        break; /* Python refuses the rest (see log.h): shown as with 's' */
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
        if (v->type != T_STR) {
            put_float(o, pc, v->type == T_DBL ? v->d : v->type == T_INT ? (double)v->i : (double)v->u);
            return;
        }
        break;
    case 'c':
        if (v->type == T_INT || v->type == T_UINT) {
            unsigned long long c = v->type == T_INT ? (unsigned long long)v->i : v->u;
            if ((v->type == T_UINT || v->i >= 0) && c <= 0x10ffff && (c < 0xd800 || c >= 0xe000)) {
                size_t n = utf8_encode((uint32_t)c, tmp);
                put_padded(o, pc, 0, 0, "", tmp, n, 1);
                return;
            }
        } else if (v->type == T_STR) {
            uint32_t cp;
            if (*s && !s[utf8_decode(s, &cp)]) { /* one character: itself, precision ignored */
                put_padded(o, pc, 0, 0, "", s, strlen(s), 1);
                return;
            }
        }
        break;
    case 'r': case 'a':
        if (v->type == T_STR) {
            char small[256];
            struct sink r = { small, sizeof small, 0 };
            repr_str(&r, s, pc->conv == 'a');
            if (r.pos < sizeof small) {
                put_str(o, pc, small, r.pos);
                return;
            }
            char *big = malloc(r.pos + 1);
            if (!big) {
                put_str(o, pc, small, sizeof small - 1);
                return;
            }
            struct sink b = { big, r.pos + 1, 0 };
            repr_str(&b, s, pc->conv == 'a');
            put_str(o, pc, big, r.pos);
            free(big);
            return;
        }
        break;
    }
    if (v->type != T_STR) {
        number_str(v, tmp, sizeof tmp);
        s = tmp;
    }
    put_str(o, pc, s, strlen(s));
}

/* asctime into buf (n bytes); a stamp longer than that goes to a heap buffer, *heap, which the
 * caller frees.  Returns the stamp. */
static const char *asctime_of(const sb_log_formatter *f, const sb_log_record *r, char *buf,
                              size_t n, char **heap)
{
    time_t t = (time_t)floor(r->created);
    struct tm tm;
    buf[0] = '\0';
    if (!localtime_r(&t, &tm))
        return buf;
    if (!f->datefmt) {
        size_t k = strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm);
        snprintf(buf + k, n - k, ",%03d", (int)r->msecs);
        return buf;
    }
    if (strftime(buf, n, f->datefmt, &tm))
        return buf;
    /* 0: too long for buf, or an empty stamp; try larger, up to a bound */
    for (size_t cap = 4 * n; cap <= 65536; cap *= 4) {
        char *b = realloc(*heap, cap);
        if (!b)
            break;
        *heap = b;
        if (strftime(b, cap, f->datefmt, &tm))
            return b;
    }
    buf[0] = '\0';
    return buf;
}

size_t sb_log_format(const sb_log_formatter *f, const sb_log_record *r, char *buf, size_t len)
{
    struct sink o = { buf, len, 0 };
    char asct_buf[256], *asct_heap = NULL;
    const char *asct = NULL;
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
            if (!asct)
                asct = asctime_of(f, r, asct_buf, sizeof asct_buf, &asct_heap);
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
    free(asct_heap);
    if (len)
        buf[o.pos < len ? o.pos : len - 1] = '\0';
    return o.pos;
}
