/* log_csv.c: RFC 4180 quoting and the CSV handler: one row per record with structured fields (see
 * syncbench/log.h). */
#include <errno.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log_internal.h"

static int needs_quotes(const char *s)
{
    return strpbrk(s, ",\"\r\n") != NULL;
}

size_t sb_csv_quote(const char *in, char *out, size_t outlen)
{
    if (!in)
        in = "";
    size_t n = 0;
    int q = needs_quotes(in);
#define CSV_PUT(c)                    \
    do {                              \
        if (n + 1 < outlen)           \
            out[n] = (c);             \
        n++;                          \
    } while (0)
    if (q)
        CSV_PUT('"');
    for (const char *p = in; *p; p++) {
        if (*p == '"')
            CSV_PUT('"');
        CSV_PUT(*p);
    }
    if (q)
        CSV_PUT('"');
#undef CSV_PUT
    if (outlen)
        out[n < outlen ? n : outlen - 1] = '\0';
    return n;
}

int sb_csv_write_field(FILE *f, const char *in)
{
    if (!in)
        in = "";
    if (!needs_quotes(in)) {
        fputs(in, f);
    } else {
        putc('"', f);
        for (const char *p = in; *p; p++) {
            if (*p == '"')
                putc('"', f);
            putc(*p, f);
        }
        putc('"', f);
    }
    return ferror(f) ? -EIO : 0;
}

/* ---- the handler ---------------------------------------------------------------------------- */

struct csv_impl {
    FILE *f;
    char **cols;
    size_t ncols;
    int need_header; /* the file was empty and has no header yet */
};

static void header_to(const struct csv_impl *c, FILE *f)
{
    for (size_t i = 0; i < c->ncols; i++) {
        if (i)
            putc(',', f);
        sb_csv_write_field(f, c->cols[i]);
    }
    putc('\n', f);
}

static void write_header(struct csv_impl *c) { header_to(c, c->f); }

/* A file that already has rows: its first line is this handler's header (else rows of other
 * columns would follow it). 1 when it is, 0 when not or it cannot be read. */
static int same_header(const struct csv_impl *c, const char *path)
{
    char *want = NULL, *line = NULL;
    size_t wlen = 0, cap = 0;
    FILE *m = open_memstream(&want, &wlen), *f = fopen(path, "r");
    int same = 0;
    if (m && f) {
        header_to(c, m);
        if (fflush(m) == 0) {
            ssize_t n = getline(&line, &cap, f);
            same = n >= 0 && (size_t)n == wlen && !memcmp(line, want, wlen);
        }
    }
    if (m)
        fclose(m);
    if (f)
        fclose(f);
    free(want);
    free(line);
    return same;
}

static void write_value(FILE *f, const sb_log_field *fl)
{
    if (!fl)
        return;
    switch (fl->type) {
    case SB_LOG_FIELD_STR: sb_csv_write_field(f, fl->v.s); break;
    case SB_LOG_FIELD_INT: fprintf(f, "%lld", fl->v.i); break;
    case SB_LOG_FIELD_UINT: fprintf(f, "%llu", fl->v.u); break;
    case SB_LOG_FIELD_DOUBLE: fprintf(f, "%.10g", fl->v.d); break;
    case SB_LOG_FIELD_NONE: break;
    }
}

/* Flushes; 0 or a negative errno (the stream's error state is then cleared for the next row). */
static int csv_flush(FILE *f)
{
    if (fflush(f) == 0 && !ferror(f))
        return 0;
    int e = errno ? errno : EIO;
    clearerr(f);
    return -e;
}

static int csv_emit(sb_log_handler *h, const sb_log_record *rec, const char *line, size_t len)
{
    (void)line;
    (void)len;
    struct csv_impl *c = h->impl;
    if (rec->nfields == 0)
        return 0;
    /* where the last whole row ends: every row is flushed, so the file's size */
    struct stat st;
    off_t whole = fstat(fileno(c->f), &st) == 0 && S_ISREG(st.st_mode) ? st.st_size : -1;
    errno = 0;
    if (c->need_header)
        write_header(c);
    for (size_t i = 0; i < c->ncols; i++) {
        if (i)
            putc(',', c->f);
        write_value(c->f, sb_log_record_field(rec, c->cols[i]));
    }
    putc('\n', c->f);
    int rc = csv_flush(c->f);
    if (rc == 0) {
        c->need_header = 0;
    } else if (whole >= 0) {
        /* a full disk takes part of the row (up to a block boundary): drop what is left of it in
         * the buffer (else fclose would write it later) and cut the file back to whole rows */
        __fpurge(c->f);
        if (ftruncate(fileno(c->f), whole) != 0) {
            /* the write's error is the one to report */
        }
    }
    return rc;
}

static void csv_free(struct csv_impl *c)
{
    for (size_t i = 0; i < c->ncols; i++)
        free(c->cols[i]);
    free(c->cols);
    free(c);
}

static int csv_close(sb_log_handler *h)
{
    struct csv_impl *c = h->impl;
    errno = 0;
    if (c->need_header) /* no row came: leave a header-only file rather than an empty one */
        write_header(c);
    int rc = csv_flush(c->f);
    if (fclose(c->f) != 0 && rc == 0)
        rc = -(errno ? errno : EIO);
    csv_free(c);
    return rc;
}

static const struct sb_log_handler_ops csv_ops = { "csv", 0, csv_emit, csv_close };

sb_log_handler *sb_log_csv_handler_new(const char *path, const char *const *columns, size_t ncolumns,
                                       char *err, size_t errlen)
{
    if (!path || !*path || !columns || ncolumns == 0) {
        sb_log_seterr(err, errlen, "csv handler: a path and at least one column are needed");
        return NULL;
    }
    struct csv_impl *c = calloc(1, sizeof *c);
    if (!c || !(c->cols = calloc(ncolumns, sizeof *c->cols)))
        goto nomem;
    for (; c->ncols < ncolumns; c->ncols++)
        if (!(c->cols[c->ncols] = strdup(columns[c->ncols] ? columns[c->ncols] : "")))
            goto nomem;
    if (!(c->f = fopen(path, "a"))) {
        sb_log_seterr(err, errlen, "cannot open CSV file '%s': %s", path, strerror(errno));
        csv_free(c);
        return NULL;
    }
    struct stat st;
    c->need_header = fstat(fileno(c->f), &st) != 0 || st.st_size == 0;
    if (!c->need_header && !same_header(c, path)) {
        sb_log_seterr(err, errlen, "CSV file '%s' has other columns (written by another version?): "
                      "no rows appended to it", path);
        fclose(c->f);
        csv_free(c);
        return NULL;
    }
    sb_log_handler *h = sb_log_handler_create(&csv_ops, c, path);
    if (!h) {
        fclose(c->f);
        goto nomem;
    }
    return h;
nomem:
    if (c)
        csv_free(c);
    sb_log_seterr(err, errlen, "out of memory");
    return NULL;
}
