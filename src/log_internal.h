/* log_internal.h: what src/log*.c share; not a public header.
 *
 * Locking: a library-wide rwlock (in log.c) guards the logger tree, every handler/filter list, each
 * handler's formatter pointer and the registries; emission holds it for reading, configuration for
 * writing.  Each handler's `lock` serialises its emission and its formatting buffer.  Levels, the
 * propagate flags and the parent pointers are atomics, so the level check takes no lock.
 */
#ifndef SB_LOG_INTERNAL_H
#define SB_LOG_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "syncbench/log.h"

struct sb_log_vec { /* a growable array of pointers */
    void **v;
    size_t n, cap;
};
int sb_log_vec_push(struct sb_log_vec *vec, void *p);   /* 0 or -ENOMEM */
int sb_log_vec_remove(struct sb_log_vec *vec, void *p); /* 0 or -ENOENT */

struct sb_log_handler_ops {
    const char *kind; /* "stream", "file", ...: for error reports */
    int uses_format;  /* 0: emit ignores the formatted line (CSV), which is then not built */
    /* Writes one record; 0 or a negative errno.  Called under the handler's lock. */
    int (*emit)(sb_log_handler *h, const sb_log_record *rec, const char *line, size_t len);
    /* Flushes and releases the kind's state; 0 or a negative errno.  Called once, by shutdown. */
    int (*close)(sb_log_handler *h);
};

struct sb_log_handler {
    const struct sb_log_handler_ops *ops;
    void *impl;                  /* the kind's own state */
    char target[160];            /* "path", "host:port", ...: for error reports */
    pthread_mutex_t lock;
    atomic_int level;
    sb_log_formatter *formatter; /* NULL: the default formatter */
    struct sb_log_vec filters;
    char *buf;                   /* formatting buffer, grown as needed (under lock) */
    size_t cap;
    int reported;                /* a failure was printed already (under lock) */
};

/* Allocates a handler of `ops` around impl and registers it (shutdown closes and frees it).  NULL
 * when out of memory; impl is then left to the caller. */
sb_log_handler *sb_log_handler_create(const struct sb_log_handler_ops *ops, void *impl,
                                      const char *target);
/* Counts one failed record (rec NULL: a failure on closing) and prints h's first failure. */
void sb_log_handler_error(sb_log_handler *h, const sb_log_record *rec, int neg_errno);

/* log_format.c: parses (as sb_log_formatter_new_with_fields) or frees, without the registry. */
int sb_log_formatter_parse(const char *fmt, const char *datefmt, const char *const *field_names,
                           size_t nfield_names, sb_log_formatter **out, char *err, size_t errlen);
void sb_log_formatter_destroy(sb_log_formatter *f);
/* log_unicode.c: whether Python's repr() shows code point cp as it is (str.isprintable()). */
int sb_log_unicode_printable(uint32_t cp);
/* log.c: registry of formatters. */
int sb_log_formatter_register(sb_log_formatter *f);   /* 0 or -ENOMEM */
void sb_log_formatter_unregister(sb_log_formatter *f);

/* Writes a one-line reason into err (may be NULL), printf-style. */
void sb_log_seterr(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
