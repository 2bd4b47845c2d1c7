/* syncbench/log.h: the common log format, Python's `logging` in C.
 *
 * Purpose: loggers with dotted names in a hierarchy under a root logger, levels, handlers (stream,
 * file, syslog, UDP, CSV, callback) each with its own level, filters and formatter, and records that
 * carry Python's standard attributes plus structured fields (the measurements).  Format strings use
 * Python's `%(name)s` syntax; they are parsed once by the library and never handed to printf.
 *
 * Semantics follow Python: a record is created only when the logger's effective level lets it
 * through (cheap, lock-free check); then the originating logger's filters run; then the handlers of
 * the logger and of its ancestors, walking up while `propagate` is set; each handler drops records
 * below its level or rejected by its filters, formats and writes the rest under its own lock.  When
 * no handler at all is found on the way up, a record of level WARNING or above is written to stderr
 * as "%(message)s" (Python's lastResort).
 *
 * Thread safety: every call may be made from any thread.  Emission from several threads is
 * serialised per handler.  Configuration calls (get, add/remove handler, filters, formatter) take a
 * library-wide lock and may run concurrently with emission.  A callback handler or filter function
 * must not call back into this library (it runs with library locks held).
 *
 * Memory: loggers, handlers, filters and formatters are owned by the library.  Create them with the
 * constructors below, attach them freely (one handler may serve several loggers, one formatter several
 * handlers), and never free them: sb_log_shutdown() flushes and frees all of them, after which every
 * pointer obtained before is dangling (the library can then be used again from scratch).  The one
 * exception is sb_log_formatter_free(), for a formatter never attached to a handler.
 *
 * Errors: constructors return NULL (or a negative errno) and write a one-line reason into err.  A
 * handler whose write fails (disk full, socket error) prints "--- Logging error ---" and the reason on
 * stderr the first time it fails, and every failure is counted in sb_log_error_count(), so that the
 * program can exit non-zero.  Failures are never silently ignored (except syslog(3), which reports
 * none).
 */
#ifndef SYNCBENCH_LOG_H
#define SYNCBENCH_LOG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* Levels.  They are enum constants, so the function-like macros SB_LOG_INFO(lg, ...) etc. below can
 * share their names: `SB_LOG_INFO` alone is the level, `SB_LOG_INFO(lg, "x")` logs at it. */
enum sb_log_level {
    SB_LOG_NOTSET = 0,
    SB_LOG_DEBUG = 10,
    SB_LOG_INFO = 20,
    SB_LOG_WARNING = 30,
    SB_LOG_ERROR = 40,
    SB_LOG_CRITICAL = 50,
};

/* "DEBUG", "INFO", ... or "NOTSET"; other values give "Level N" (in a thread-local buffer, valid
 * until the next call in the same thread). */
const char *sb_log_level_name(int level);
/* A level name (notset, debug, info, warning/warn, error, critical/fatal; any case) or a decimal
 * number >= 0.  Returns 0 and sets *out, or -EINVAL. */
int sb_log_level_parse(const char *s, int *out);

/* ---- structured fields ------------------------------------------------------------------------ */

typedef enum sb_log_field_type {
    SB_LOG_FIELD_STR,
    SB_LOG_FIELD_INT,
    SB_LOG_FIELD_UINT,
    SB_LOG_FIELD_DOUBLE,
    SB_LOG_FIELD_NONE, /* present but empty (a parameter that does not apply) */
} sb_log_field_type;

typedef struct sb_log_field {
    const char *key;
    sb_log_field_type type;
    union {
        const char *s;
        long long i;
        unsigned long long u;
        double d;
    } v;
} sb_log_field;

/* Usable as expressions and in initialisers of automatic arrays:
 *   sb_log_field f[] = { SB_FSTR("impl", "ttas"), SB_FDBL("ops_per_s", x), SB_FNONE("depth") }; */
#define SB_FSTR(k, x)  ((sb_log_field){ .key = (k), .type = SB_LOG_FIELD_STR, .v.s = (x) })
#define SB_FINT(k, x)  ((sb_log_field){ .key = (k), .type = SB_LOG_FIELD_INT, .v.i = (long long)(x) })
#define SB_FUINT(k, x) ((sb_log_field){ .key = (k), .type = SB_LOG_FIELD_UINT, .v.u = (unsigned long long)(x) })
#define SB_FDBL(k, x)  ((sb_log_field){ .key = (k), .type = SB_LOG_FIELD_DOUBLE, .v.d = (double)(x) })
#define SB_FNONE(k)    ((sb_log_field){ .key = (k), .type = SB_LOG_FIELD_NONE, .v.u = 0 })

/* ---- records ------------------------------------------------------------------------------------ */

/* One log event, built by sb_log_emit on the emitting thread's stack and handed to handlers, filters
 * and callbacks.  Valid only during that call: copy what you need, do not keep pointers. */
typedef struct sb_log_record {
    const char *name;        /* logger name ("root" for the root logger) */
    int levelno;
    const char *levelname;
    const char *message;     /* the caller's printf format, expanded */
    const char *pathname;    /* __FILE__ as given */
    const char *filename;    /* basename of pathname */
    const char *module;      /* filename without its extension (at most 63 chars) */
    int lineno;
    const char *funcName;
    double created;          /* seconds since the epoch (CLOCK_REALTIME) */
    double relativeCreated;  /* ms since the library was first used in this process */
    double msecs;            /* whole milliseconds of `created`, in [0, 1000) */
    long process;            /* getpid() */
    const char *processName; /* "MainProcess" unless sb_log_set_process_name() */
    unsigned long thread;    /* (unsigned long)pthread_self(), like Python's threading.get_ident() */
    const char *threadName;  /* see sb_log_set_thread_name() */
    const sb_log_field *fields;
    size_t nfields;
    char module_buf[64];     /* storage behind `module` */
} sb_log_record;

/* The record's field of that key, or NULL. */
const sb_log_field *sb_log_record_field(const sb_log_record *r, const char *key);

/* ---- formatters --------------------------------------------------------------------------------- */

typedef struct sb_log_formatter sb_log_formatter;

#define SB_LOG_DEFAULT_FORMAT "%(asctime)s %(levelname)-8s %(name)s [%(threadName)s] %(message)s"

/* Parses fmt once (NULL: SB_LOG_DEFAULT_FORMAT; "": "%(message)s", as Python).  The output is
 * byte for byte what Python's logging.Formatter(fmt, datefmt) gives on the same values
 * (tests/log_python.sh checks it against /usr/bin/python3).  Syntax, as Python's %-style:
 *   %(name)[flags][width][.precision][h|l|L]conv   and  %% for a literal '%'
 *   flags: any of - + space # 0;  width <= 65536; precision <= 65536 for s r a c, <= 100 for numbers;
 *   conv: s (str), r (repr), a (ascii), d i u (integer), o x X (octal, hex; '#' gives 0o 0x 0X),
 *         e E f F g G (floating point), c (the character of an integer, or a one-character string).
 * Strings are UTF-8: width and precision count characters (code points), and r/a escape as
 * Python's repr/ascii do (quotes chosen as Python does, \n \t \r \\, \xhh \uhhhh \Uhhhhhhhh for
 * what Python does not print; a byte that is not UTF-8 shows as Python's surrogateescape, \udcXX).
 * Standard attributes: asctime created relativeCreated msecs levelname levelno name message pathname
 * filename module lineno funcName process processName thread threadName.  Numbers convert as in
 * Python (%(lineno)s prints the number, %(msecs)03d truncates, %(created)s is the shortest repr).
 * Refused with -EINVAL, as Python refuses them: a format with no field (Python 3.8+'s
 * validate=True: "Invalid format 'x' for '%' style"), an unsupported conversion ("unsupported format
 * character 'q' (0x71) at index N", N counting characters, as Python's message), a numeric
 * conversion of a string attribute, o x X c of a float attribute.
 * Any other name is a parse error ("unknown attribute 'x' at offset N"), unless it is listed in
 * field_names (sb_log_formatter_new_with_fields): it then renders the record's structured field of
 * that key, with the conversion applied to its value.  Where Python would raise while formatting
 * (a string field under a numeric conversion, a double field under o x X c, inf or nan under d, c
 * out of range), the value prints as under s; an SB_FNONE field prints as the empty string, padded
 * to the width; a field absent from the record prints "<missing KEY>".  A standard attribute name
 * always wins over a field of that name.
 * datefmt (strftime, local time; %z and %Z give the zone) formats asctime; NULL or "" means
 * "%Y-%m-%d %H:%M:%S" followed by ",mmm" (milliseconds): "2026-12-01 22:53:08,123", as Python.
 * Returns 0 and *out, or -EINVAL (bad format; err says what and where) or -ENOMEM. */
int sb_log_formatter_new(const char *fmt, const char *datefmt, sb_log_formatter **out,
                         char *err, size_t errlen);
int sb_log_formatter_new_with_fields(const char *fmt, const char *datefmt,
                                     const char *const *field_names, size_t nfield_names,
                                     sb_log_formatter **out, char *err, size_t errlen);
/* Frees a formatter that no handler uses (optional: shutdown frees every formatter). */
void sb_log_formatter_free(sb_log_formatter *f);

/* Formats r into buf like snprintf: writes at most len bytes, always NUL-terminated when len > 0,
 * returns the length the whole line needs (without the NUL).  Thread-safe. */
size_t sb_log_format(const sb_log_formatter *f, const sb_log_record *r, char *buf, size_t len);

/* ---- filters ------------------------------------------------------------------------------------ */

typedef struct sb_log_filter sb_log_filter;

/* Python's Filter(name): passes records of logger `name` and its descendants ("a.b" passes "a.b" and
 * "a.b.c", not "a.bc"); "" or NULL passes everything. */
sb_log_filter *sb_log_filter_name_new(const char *name);
/* fn returns nonzero to let the record through. */
sb_log_filter *sb_log_filter_fn_new(int (*fn)(const sb_log_record *r, void *arg), void *arg);

/* ---- handlers ----------------------------------------------------------------------------------- */

typedef struct sb_log_handler sb_log_handler;

/* Writes each formatted record and "\n" to f, then fflush.  Does not close f. */
sb_log_handler *sb_log_stream_handler_new(FILE *f);
/* Opens path with mode (NULL: "a"); writes like the stream handler, fflush after each record. */
sb_log_handler *sb_log_file_handler_new(const char *path, const char *mode, char *err, size_t errlen);
/* syslog(3): openlog(ident, LOG_PID, facility) (process-wide: use one syslog handler).  Levels map
 * to priorities by sb_log_syslog_priority().  syslog(3) reports no failure. */
sb_log_handler *sb_log_syslog_handler_new(const char *ident, int facility, char *err, size_t errlen);
/* DEBUG->LOG_DEBUG, INFO->LOG_INFO, WARNING->LOG_WARNING, ERROR->LOG_ERR, CRITICAL->LOG_CRIT; a
 * level between two takes the lower one's priority. */
int sb_log_syslog_priority(int level);
/* Sends each formatted record (no newline) as one datagram to host:port over a connected UDP
 * socket.  A send that fails (EMSGSIZE for a record over ~64 KiB, ECONNREFUSED when an earlier
 * datagram found no listener, ...) is a handler error. */
sb_log_handler *sb_log_udp_handler_new(const char *host, const char *port, char *err, size_t errlen);
/* CSV: opens path for appending.  Every record that carries structured fields becomes one row: for
 * each column, the record's field of that name (empty when absent or SB_FNONE), quoted by
 * sb_csv_quote; INT and UINT fields in decimal, DOUBLE fields with "%.10g" (enough digits for
 * ops/s and ns/op figures; "%.6g" is too coarse).  Rows end with "\n" (not CRLF).  Each row is
 * fflush'ed, so rows written survive a crash.  If the file was empty when opened, a header row of the
 * column names is written first (with the first row, or at shutdown if no row came); a file that is
 * not empty must start with that header, else it is refused (NULL).  Records without
 * fields are ignored; the handler's formatter is not used.  columns are copied. */
sb_log_handler *sb_log_csv_handler_new(const char *path, const char *const *columns, size_t ncolumns,
                                       char *err, size_t errlen);
/* Calls fn(record, formatted line, arg) for each record, under the handler's lock. */
sb_log_handler *sb_log_callback_handler_new(void (*fn)(const sb_log_record *r, const char *formatted,
                                                       void *arg),
                                            void *arg);

/* Records below level are dropped by this handler (default NOTSET: none). */
void sb_log_handler_set_level(sb_log_handler *h, int level);
int sb_log_handler_add_filter(sb_log_handler *h, sb_log_filter *f);   /* 0 or -ENOMEM */
/* NULL restores the default formatter (SB_LOG_DEFAULT_FORMAT). */
void sb_log_handler_set_formatter(sb_log_handler *h, sb_log_formatter *f);

/* Handler failures so far (every failed write counts), since start or sb_log_reset_for_tests(). */
unsigned long sb_log_error_count(void);

/* ---- loggers ------------------------------------------------------------------------------------ */

typedef struct sb_logger sb_logger;

/* Get or create the logger of that dotted name (NULL, "" or "root": the root, as Python 3.9+).  The same name gives the same
 * pointer.  Its parent is the nearest existing ancestor; loggers created earlier below a new one are
 * re-parented to it, as Python does.  NULL only when out of memory. */
sb_logger *sb_log_get(const char *name);
const char *sb_logger_name(const sb_logger *lg);
sb_logger *sb_logger_parent(const sb_logger *lg);       /* NULL for the root */

/* NOTSET (the default for every logger but the root, which starts at WARNING) defers to the parent. */
void sb_logger_set_level(sb_logger *lg, int level);
int sb_logger_level(const sb_logger *lg);
int sb_logger_effective_level(const sb_logger *lg);
int sb_logger_is_enabled_for(const sb_logger *lg, int level);
void sb_logger_set_propagate(sb_logger *lg, int propagate);  /* default 1 */
int sb_logger_add_handler(sb_logger *lg, sb_log_handler *h);  /* 0 (also if already there), -ENOMEM */
void sb_logger_remove_handler(sb_logger *lg, sb_log_handler *h);
int sb_logger_add_filter(sb_logger *lg, sb_log_filter *f);    /* 0 or -ENOMEM */

/* ---- emitting ----------------------------------------------------------------------------------- */

/* lg NULL means the root.  fields (may be NULL) are copied nowhere: they only need to live through
 * the call.  fmt is the caller's printf format for the message. */
void sb_log_emit(sb_logger *lg, int level, const char *file, int line, const char *func,
                 const sb_log_field *fields, size_t nfields, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
void sb_log_vemit(sb_logger *lg, int level, const char *file, int line, const char *func,
                  const sb_log_field *fields, size_t nfields, const char *fmt, va_list ap)
    __attribute__((format(printf, 8, 0)));

#define SB_LOG_AT_(lg, level, ...) \
    sb_log_emit((lg), (level), __FILE__, __LINE__, __func__, NULL, 0, __VA_ARGS__)
#define SB_LOG_DEBUG(lg, ...)    SB_LOG_AT_(lg, SB_LOG_DEBUG, __VA_ARGS__)
#define SB_LOG_INFO(lg, ...)     SB_LOG_AT_(lg, SB_LOG_INFO, __VA_ARGS__)
#define SB_LOG_WARNING(lg, ...)  SB_LOG_AT_(lg, SB_LOG_WARNING, __VA_ARGS__)
#define SB_LOG_ERROR(lg, ...)    SB_LOG_AT_(lg, SB_LOG_ERROR, __VA_ARGS__)
#define SB_LOG_CRITICAL(lg, ...) SB_LOG_AT_(lg, SB_LOG_CRITICAL, __VA_ARGS__)
#define SB_LOG_FIELDS(lg, level, fields, nfields, ...) \
    sb_log_emit((lg), (level), __FILE__, __LINE__, __func__, (fields), (nfields), __VA_ARGS__)

/* ---- process and thread names ------------------------------------------------------------------- */

/* processName of later records (copied; default "MainProcess"). */
void sb_log_set_process_name(const char *name);
/* threadName of the calling thread's later records (thread-local copy, at most 63 chars); also the
 * OS thread name (pthread_setname_np, truncated to 15 chars).  NULL or "" restores the default.
 * Default, as Python names threads: "MainThread" on the process's main thread (gettid() ==
 * getpid()), "Thread-N" on others, N counting from 1 in the order the threads first log (Python
 * counts in order of creation); a thread named before it first logs takes no number, and a thread
 * keeps its number. */
void sb_log_set_thread_name(const char *name);

/* ---- lifetime ----------------------------------------------------------------------------------- */

/* Flushes and closes every handler, frees every logger, handler, filter and formatter.  Do not call
 * while other threads log.  The error count is kept (check it after shutdown). */
void sb_log_shutdown(void);
/* sb_log_shutdown(), then the error count and the process name back to their defaults. */
void sb_log_reset_for_tests(void);

/* ---- CSV quoting (RFC 4180) --------------------------------------------------------------------- */

/* Copies in to out, in double quotes with embedded quotes doubled when it contains ',', '"', CR or
 * LF, as is otherwise (NULL is the empty string).  snprintf-like: returns the length needed without
 * the NUL, writes at most outlen bytes, NUL-terminated when outlen > 0. */
size_t sb_csv_quote(const char *in, char *out, size_t outlen);
/* Writes in, quoted as above, to f.  Returns 0, or -EIO when the stream reports an error. */
int sb_csv_write_field(FILE *f, const char *in);

#endif
