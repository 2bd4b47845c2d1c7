/* log.c: levels, loggers, filters, records, dispatch to handlers, registries and shutdown (see
 * syncbench/log.h; handler kinds are in log_handlers.c and log_csv.c, formatting in log_format.c). */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "log_internal.h"

struct sb_logger {
    char *name;
    atomic_int level;
    atomic_int propagate;
    /* Re-pointed when an intermediate logger is created later: release store, acquire load, so a
     * lock-free level check that follows it sees an initialised logger. */
    _Atomic(sb_logger *) parent;
    struct sb_log_vec handlers, filters; /* under g_cfg */
};

struct sb_log_filter {
    char *name; /* Filter(name); NULL for a function filter */
    size_t len;
    int (*fn)(const sb_log_record *, void *);
    void *arg;
};

static pthread_rwlock_t g_cfg = PTHREAD_RWLOCK_INITIALIZER;
static _Atomic(sb_logger *) g_root;     /* created on first use, under g_cfg (write) */
static sb_log_formatter *g_default_fmt; /* idem */
/* Registries, under g_cfg: everything the library owns, for shutdown. */
static struct sb_log_vec g_loggers;     /* every logger but the root */
static struct sb_log_vec g_handlers, g_filters, g_formatters;
static char g_procname[64] = "MainProcess"; /* under g_cfg */

static pthread_once_t g_start_once = PTHREAD_ONCE_INIT;
static struct timespec g_start;         /* CLOCK_MONOTONIC at first use: relativeCreated's zero */
static atomic_ulong g_errors;
static _Thread_local char t_name[64];
static atomic_uint g_thread_seq;        /* Thread-N numbers given out so far */
static _Thread_local unsigned t_seq;    /* this thread's N, 0 until it needs one */

/* ---- small helpers -------------------------------------------------------------------------- */

void sb_log_seterr(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

int sb_log_vec_push(struct sb_log_vec *vec, void *p)
{
    if (vec->n == vec->cap) {
        size_t cap = vec->cap ? 2 * vec->cap : 4;
        void **v = realloc(vec->v, cap * sizeof *v);
        if (!v)
            return -ENOMEM;
        vec->v = v;
        vec->cap = cap;
    }
    vec->v[vec->n++] = p;
    return 0;
}

int sb_log_vec_remove(struct sb_log_vec *vec, void *p)
{
    for (size_t i = 0; i < vec->n; i++) {
        if (vec->v[i] == p) {
            memmove(&vec->v[i], &vec->v[i + 1], (vec->n - i - 1) * sizeof *vec->v);
            vec->n--;
            return 0;
        }
    }
    return -ENOENT;
}

static int vec_has(const struct sb_log_vec *vec, const void *p)
{
    for (size_t i = 0; i < vec->n; i++)
        if (vec->v[i] == p)
            return 1;
    return 0;
}

static void vec_free(struct sb_log_vec *vec)
{
    free(vec->v);
    vec->v = NULL;
    vec->n = vec->cap = 0;
}

/* ---- levels --------------------------------------------------------------------------------- */

static const struct {
    const char *name;
    int level;
} level_names[] = {
    { "NOTSET", SB_LOG_NOTSET },   { "DEBUG", SB_LOG_DEBUG }, { "INFO", SB_LOG_INFO },
    { "WARNING", SB_LOG_WARNING }, { "ERROR", SB_LOG_ERROR }, { "CRITICAL", SB_LOG_CRITICAL },
    /* accepted by sb_log_level_parse only */
    { "WARN", SB_LOG_WARNING },    { "FATAL", SB_LOG_CRITICAL },
};

const char *sb_log_level_name(int level)
{
    static _Thread_local char buf[24];
    for (size_t i = 0; i < 6; i++)
        if (level_names[i].level == level)
            return level_names[i].name;
    snprintf(buf, sizeof buf, "Level %d", level);
    return buf;
}

int sb_log_level_parse(const char *s, int *out)
{
    if (!s || !*s)
        return -EINVAL;
    for (size_t i = 0; i < sizeof level_names / sizeof level_names[0]; i++) {
        if (strcasecmp(s, level_names[i].name) == 0) {
            *out = level_names[i].level;
            return 0;
        }
    }
    if (*s < '0' || *s > '9')
        return -EINVAL;
    errno = 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (errno || *end || v > INT_MAX)
        return -EINVAL;
    *out = (int)v;
    return 0;
}

/* ---- lifetime ------------------------------------------------------------------------------- */

static void start_clock(void)
{
    clock_gettime(CLOCK_MONOTONIC, &g_start);
}

static sb_logger *logger_alloc(const char *name, int level)
{
    sb_logger *lg = calloc(1, sizeof *lg);
    if (!lg || !(lg->name = strdup(name))) {
        free(lg);
        return NULL;
    }
    atomic_init(&lg->level, level);
    atomic_init(&lg->propagate, 1);
    atomic_init(&lg->parent, NULL);
    return lg;
}

static void logger_free(sb_logger *lg)
{
    vec_free(&lg->handlers);
    vec_free(&lg->filters);
    free(lg->name);
    free(lg);
}

/* Under g_cfg (write): the root logger and the default formatter, created on first use. */
static sb_logger *root_locked(void)
{
    sb_logger *root = atomic_load_explicit(&g_root, memory_order_relaxed);
    if (root)
        return root;
    pthread_once(&g_start_once, start_clock);
    if (!g_default_fmt && sb_log_formatter_parse(NULL, NULL, NULL, 0, &g_default_fmt, NULL, 0))
        return NULL;
    root = logger_alloc("root", SB_LOG_WARNING);
    if (root)
        atomic_store_explicit(&g_root, root, memory_order_release);
    return root;
}

static sb_logger *root_get(void)
{
    sb_logger *root = atomic_load_explicit(&g_root, memory_order_acquire);
    if (root)
        return root;
    pthread_rwlock_wrlock(&g_cfg);
    root = root_locked();
    pthread_rwlock_unlock(&g_cfg);
    return root;
}

int sb_log_formatter_register(sb_log_formatter *f)
{
    pthread_rwlock_wrlock(&g_cfg);
    int rc = sb_log_vec_push(&g_formatters, f);
    pthread_rwlock_unlock(&g_cfg);
    return rc;
}

void sb_log_formatter_unregister(sb_log_formatter *f)
{
    pthread_rwlock_wrlock(&g_cfg);
    sb_log_vec_remove(&g_formatters, f);
    pthread_rwlock_unlock(&g_cfg);
}

void sb_log_shutdown(void)
{
    pthread_rwlock_wrlock(&g_cfg);
    for (size_t i = 0; i < g_handlers.n; i++) {
        sb_log_handler *h = g_handlers.v[i];
        int rc = h->ops->close ? h->ops->close(h) : 0;
        if (rc)
            sb_log_handler_error(h, NULL, rc);
        vec_free(&h->filters);
        free(h->buf);
        pthread_mutex_destroy(&h->lock);
        free(h);
    }
    vec_free(&g_handlers);
    for (size_t i = 0; i < g_filters.n; i++) {
        sb_log_filter *f = g_filters.v[i];
        free(f->name);
        free(f);
    }
    vec_free(&g_filters);
    for (size_t i = 0; i < g_formatters.n; i++)
        sb_log_formatter_destroy(g_formatters.v[i]);
    vec_free(&g_formatters);
    sb_log_formatter_destroy(g_default_fmt);
    g_default_fmt = NULL;
    for (size_t i = 0; i < g_loggers.n; i++)
        logger_free(g_loggers.v[i]);
    vec_free(&g_loggers);
    sb_logger *root = atomic_load_explicit(&g_root, memory_order_relaxed);
    if (root)
        logger_free(root);
    atomic_store_explicit(&g_root, NULL, memory_order_relaxed);
    pthread_rwlock_unlock(&g_cfg);
}

void sb_log_reset_for_tests(void)
{
    sb_log_shutdown();
    atomic_store(&g_errors, 0);
    sb_log_set_process_name(NULL);
}

/* ---- loggers -------------------------------------------------------------------------------- */

/* Under g_cfg. */
static sb_logger *logger_find(const char *name, size_t len)
{
    for (size_t i = 0; i < g_loggers.n; i++) {
        sb_logger *lg = g_loggers.v[i];
        if (strncmp(lg->name, name, len) == 0 && lg->name[len] == '\0')
            return lg;
    }
    return NULL;
}

/* Whether `name` is a strict descendant of `anc` ("a.b": "a.b.c" yes, "a.bc" no). */
static int is_below(const char *name, const char *anc, size_t anc_len)
{
    return strncmp(name, anc, anc_len) == 0 && name[anc_len] == '.';
}

sb_logger *sb_log_get(const char *name)
{
    if (!name || !*name || strcmp(name, "root") == 0) /* Python 3.9+: getLogger("root") is the root */
        return root_get();
    size_t len = strlen(name);
    if (atomic_load_explicit(&g_root, memory_order_acquire)) { /* the common case: it exists */
        pthread_rwlock_rdlock(&g_cfg);
        sb_logger *lg = logger_find(name, len);
        pthread_rwlock_unlock(&g_cfg);
        if (lg)
            return lg;
    }
    pthread_rwlock_wrlock(&g_cfg);
    sb_logger *root = root_locked();
    sb_logger *lg = root ? logger_find(name, len) : NULL;
    if (lg || !root)
        goto out;
    lg = logger_alloc(name, SB_LOG_NOTSET);
    if (!lg || sb_log_vec_push(&g_loggers, lg)) {
        if (lg)
            logger_free(lg);
        lg = NULL;
        goto out;
    }
    /* Parent: the nearest existing ancestor, else the root. */
    sb_logger *parent = root;
    for (size_t i = len; i-- > 0;) {
        if (name[i] == '.') {
            sb_logger *a = logger_find(name, i);
            if (a) {
                parent = a;
                break;
            }
        }
    }
    atomic_store_explicit(&lg->parent, parent, memory_order_release);
    /* Loggers below the new one whose parent is above it now hang under it (Python's
     * _fixupChildren): their parent is their nearest existing ancestor, so it is either above the
     * new logger (re-point) or below it (keep). */
    for (size_t i = 0; i < g_loggers.n; i++) {
        sb_logger *c = g_loggers.v[i];
        if (c == lg || !is_below(c->name, name, len))
            continue;
        sb_logger *p = atomic_load_explicit(&c->parent, memory_order_relaxed);
        if (p == root || !is_below(p->name, name, len))
            atomic_store_explicit(&c->parent, lg, memory_order_release);
    }
out:
    pthread_rwlock_unlock(&g_cfg);
    return lg;
}

const char *sb_logger_name(const sb_logger *lg)
{
    return lg->name;
}

sb_logger *sb_logger_parent(const sb_logger *lg)
{
    return atomic_load_explicit(&lg->parent, memory_order_acquire);
}

void sb_logger_set_level(sb_logger *lg, int level)
{
    atomic_store_explicit(&lg->level, level, memory_order_relaxed);
}

int sb_logger_level(const sb_logger *lg)
{
    return atomic_load_explicit(&lg->level, memory_order_relaxed);
}

int sb_logger_effective_level(const sb_logger *lg)
{
    for (; lg; lg = atomic_load_explicit(&lg->parent, memory_order_acquire)) {
        int v = atomic_load_explicit(&lg->level, memory_order_relaxed);
        if (v != SB_LOG_NOTSET)
            return v;
    }
    return SB_LOG_NOTSET;
}

int sb_logger_is_enabled_for(const sb_logger *lg, int level)
{
    return lg && level >= sb_logger_effective_level(lg);
}

void sb_logger_set_propagate(sb_logger *lg, int propagate)
{
    atomic_store_explicit(&lg->propagate, propagate != 0, memory_order_relaxed);
}

int sb_logger_add_handler(sb_logger *lg, sb_log_handler *h)
{
    if (!lg || !h)
        return -EINVAL;
    pthread_rwlock_wrlock(&g_cfg);
    int rc = vec_has(&lg->handlers, h) ? 0 : sb_log_vec_push(&lg->handlers, h);
    pthread_rwlock_unlock(&g_cfg);
    return rc;
}

void sb_logger_remove_handler(sb_logger *lg, sb_log_handler *h)
{
    if (!lg || !h)
        return;
    pthread_rwlock_wrlock(&g_cfg);
    sb_log_vec_remove(&lg->handlers, h);
    pthread_rwlock_unlock(&g_cfg);
}

int sb_logger_add_filter(sb_logger *lg, sb_log_filter *f)
{
    if (!lg || !f)
        return -EINVAL;
    pthread_rwlock_wrlock(&g_cfg);
    int rc = sb_log_vec_push(&lg->filters, f);
    pthread_rwlock_unlock(&g_cfg);
    return rc;
}

/* ---- filters -------------------------------------------------------------------------------- */

static sb_log_filter *filter_register(sb_log_filter *f)
{
    pthread_rwlock_wrlock(&g_cfg);
    int rc = sb_log_vec_push(&g_filters, f);
    pthread_rwlock_unlock(&g_cfg);
    if (rc) {
        free(f->name);
        free(f);
        return NULL;
    }
    return f;
}

sb_log_filter *sb_log_filter_name_new(const char *name)
{
    sb_log_filter *f = calloc(1, sizeof *f);
    if (!f || !(f->name = strdup(name ? name : ""))) {
        free(f);
        return NULL;
    }
    f->len = strlen(f->name);
    return filter_register(f);
}

sb_log_filter *sb_log_filter_fn_new(int (*fn)(const sb_log_record *, void *), void *arg)
{
    if (!fn)
        return NULL;
    sb_log_filter *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->fn = fn;
    f->arg = arg;
    return filter_register(f);
}

static int filters_pass(const struct sb_log_vec *fs, const sb_log_record *rec)
{
    for (size_t i = 0; i < fs->n; i++) {
        const sb_log_filter *f = fs->v[i];
        if (f->fn) {
            if (!f->fn(rec, f->arg))
                return 0;
        } else if (f->len && strcmp(rec->name, f->name) != 0 &&
                   !is_below(rec->name, f->name, f->len)) {
            return 0;
        }
    }
    return 1;
}

/* ---- handlers: the part every kind shares --------------------------------------------------- */

sb_log_handler *sb_log_handler_create(const struct sb_log_handler_ops *ops, void *impl,
                                      const char *target)
{
    sb_log_handler *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->ops = ops;
    h->impl = impl;
    snprintf(h->target, sizeof h->target, "%s", target ? target : "");
    pthread_mutex_init(&h->lock, NULL);
    atomic_init(&h->level, SB_LOG_NOTSET);
    pthread_rwlock_wrlock(&g_cfg);
    int rc = sb_log_vec_push(&g_handlers, h);
    pthread_rwlock_unlock(&g_cfg);
    if (rc) {
        pthread_mutex_destroy(&h->lock);
        free(h);
        return NULL;
    }
    return h;
}

void sb_log_handler_set_level(sb_log_handler *h, int level)
{
    atomic_store_explicit(&h->level, level, memory_order_relaxed);
}

int sb_log_handler_add_filter(sb_log_handler *h, sb_log_filter *f)
{
    if (!h || !f)
        return -EINVAL;
    pthread_rwlock_wrlock(&g_cfg);
    int rc = sb_log_vec_push(&h->filters, f);
    pthread_rwlock_unlock(&g_cfg);
    return rc;
}

void sb_log_handler_set_formatter(sb_log_handler *h, sb_log_formatter *f)
{
    pthread_rwlock_wrlock(&g_cfg);
    h->formatter = f;
    pthread_rwlock_unlock(&g_cfg);
}

void sb_log_handler_error(sb_log_handler *h, const sb_log_record *rec, int neg_errno)
{
    atomic_fetch_add_explicit(&g_errors, 1, memory_order_relaxed);
    if (h->reported)
        return;
    h->reported = 1;
    char ebuf[128];
    const char *reason = strerror_r(-neg_errno, ebuf, sizeof ebuf);
    if (rec)
        fprintf(stderr,
                "--- Logging error ---\n%s handler '%s': %s\n"
                "Message: '%.200s%s' (logger '%s', %s:%d in %s)\n"
                "--- further failures of this handler are counted, not printed ---\n",
                h->ops->kind, h->target, reason, rec->message,
                strlen(rec->message) > 200 ? "..." : "", rec->name, rec->pathname,
                rec->lineno, rec->funcName);
    else
        fprintf(stderr, "--- Logging error ---\n%s handler '%s': %s (on close)\n", h->ops->kind,
                h->target, reason);
}

unsigned long sb_log_error_count(void)
{
    return atomic_load_explicit(&g_errors, memory_order_relaxed);
}

/* Under g_cfg (read): Python's Handler.handle. */
static void handler_handle(sb_log_handler *h, const sb_log_record *rec)
{
    if (!filters_pass(&h->filters, rec))
        return;
    pthread_mutex_lock(&h->lock);
    const char *line = "";
    size_t len = 0;
    if (h->ops->uses_format) {
        const sb_log_formatter *f = h->formatter ? h->formatter : g_default_fmt;
        size_t n = sb_log_format(f, rec, h->buf, h->cap);
        if (n >= h->cap) {
            size_t cap = n + 1 < 256 ? 256 : n + 1;
            char *b = realloc(h->buf, cap);
            if (b) {
                h->buf = b;
                h->cap = cap;
                n = sb_log_format(f, rec, h->buf, h->cap);
            }
        }
        if (h->buf) {
            line = h->buf;
            len = n < h->cap ? n : h->cap - 1; /* truncated only when out of memory */
        }
    }
    int rc = h->ops->emit(h, rec, line, len);
    if (rc)
        sb_log_handler_error(h, rec, rc);
    pthread_mutex_unlock(&h->lock);
}

/* ---- records and dispatch ------------------------------------------------------------------- */

const sb_log_field *sb_log_record_field(const sb_log_record *rec, const char *key)
{
    for (size_t i = 0; i < rec->nfields; i++)
        if (rec->fields[i].key && strcmp(rec->fields[i].key, key) == 0)
            return &rec->fields[i];
    return NULL;
}

/* Python's names: "MainThread", and "Thread-N" for the others, N counting from 1 in the order
 * threads first need a name (Python counts in the order of creation, which a library that does not
 * create the threads cannot see; first use is the nearest). */
static const char *thread_name(void)
{
    if (!t_name[0]) {
        if (gettid() == getpid()) {
            snprintf(t_name, sizeof t_name, "MainThread");
        } else {
            if (!t_seq) /* relaxed: only the uniqueness of the number matters */
                t_seq = atomic_fetch_add_explicit(&g_thread_seq, 1, memory_order_relaxed) + 1;
            snprintf(t_name, sizeof t_name, "Thread-%u", t_seq);
        }
    }
    return t_name;
}

void sb_log_set_thread_name(const char *name)
{
    if (!name || !*name) {
        t_name[0] = '\0'; /* back to the default */
        return;
    }
    snprintf(t_name, sizeof t_name, "%s", name);
    char os[16];
    snprintf(os, sizeof os, "%s", name);
    pthread_setname_np(pthread_self(), os);
}

void sb_log_set_process_name(const char *name)
{
    pthread_rwlock_wrlock(&g_cfg);
    snprintf(g_procname, sizeof g_procname, "%s", name && *name ? name : "MainProcess");
    pthread_rwlock_unlock(&g_cfg);
}

/* Under g_cfg (read): Python's Logger.callHandlers. */
static void call_handlers(sb_logger *lg, const sb_log_record *rec)
{
    size_t found = 0;
    for (sb_logger *c = lg; c;) {
        for (size_t i = 0; i < c->handlers.n; i++) {
            sb_log_handler *h = c->handlers.v[i];
            found++;
            if (rec->levelno >= atomic_load_explicit(&h->level, memory_order_relaxed))
                handler_handle(h, rec);
        }
        if (!atomic_load_explicit(&c->propagate, memory_order_relaxed))
            break;
        c = atomic_load_explicit(&c->parent, memory_order_acquire);
    }
    if (found == 0 && rec->levelno >= SB_LOG_WARNING) /* Python's lastResort */
        fprintf(stderr, "%s\n", rec->message);
}

static void record_fill(sb_log_record *rec, const sb_logger *lg, int level, const char *file,
                        int line, const char *func, const sb_log_field *fields, size_t nfields)
{
    struct timespec now, mono;
    clock_gettime(CLOCK_REALTIME, &now);
    clock_gettime(CLOCK_MONOTONIC, &mono);
    memset(rec, 0, sizeof *rec);
    rec->name = lg->name;
    rec->levelno = level;
    rec->levelname = sb_log_level_name(level);
    rec->pathname = file ? file : "(unknown file)";
    const char *slash = strrchr(rec->pathname, '/');
    rec->filename = slash ? slash + 1 : rec->pathname;
    const char *dot = strrchr(rec->filename, '.');
    size_t mlen = dot ? (size_t)(dot - rec->filename) : strlen(rec->filename);
    if (mlen >= sizeof rec->module_buf)
        mlen = sizeof rec->module_buf - 1;
    memcpy(rec->module_buf, rec->filename, mlen);
    rec->module_buf[mlen] = '\0';
    rec->module = rec->module_buf;
    rec->lineno = line;
    rec->funcName = func ? func : "(unknown function)";
    rec->created = (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
    rec->msecs = (double)(now.tv_nsec / 1000000); /* as Python 3.13: whole ms of created */
    double rel = (double)(mono.tv_sec - g_start.tv_sec) * 1e3 +
                 (double)(mono.tv_nsec - g_start.tv_nsec) * 1e-6;
    rec->relativeCreated = rel < 0 ? 0 : rel;
    rec->process = (long)getpid();
    rec->processName = g_procname;
    rec->thread = (unsigned long)pthread_self();
    rec->threadName = thread_name();
    rec->fields = nfields ? fields : NULL;
    rec->nfields = fields ? nfields : 0;
}

void sb_log_vemit(sb_logger *lg, int level, const char *file, int line, const char *func,
                  const sb_log_field *fields, size_t nfields, const char *fmt, va_list ap)
{
    if (!lg && !(lg = root_get()))
        return;
    if (!sb_logger_is_enabled_for(lg, level))
        return;

    char stackmsg[512], *heapmsg = NULL;
    const char *msg = stackmsg;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(stackmsg, sizeof stackmsg, fmt ? fmt : "", ap);
    if (n < 0)
        msg = "(message format error)";
    else if ((size_t)n >= sizeof stackmsg && (heapmsg = malloc((size_t)n + 1))) {
        vsnprintf(heapmsg, (size_t)n + 1, fmt, ap2);
        msg = heapmsg;
    }
    va_end(ap2);

    sb_log_record rec;
    pthread_rwlock_rdlock(&g_cfg);
    record_fill(&rec, lg, level, file, line, func, fields, nfields);
    rec.message = msg;
    if (filters_pass(&lg->filters, &rec))
        call_handlers(lg, &rec);
    pthread_rwlock_unlock(&g_cfg);
    free(heapmsg);
}

void sb_log_emit(sb_logger *lg, int level, const char *file, int line, const char *func,
                 const sb_log_field *fields, size_t nfields, const char *fmt, ...)
{
    if (lg && !sb_logger_is_enabled_for(lg, level)) /* the cheap check, before va_start */
        return;
    va_list ap;
    va_start(ap, fmt);
    sb_log_vemit(lg, level, file, line, func, fields, nfields, fmt, ap);
    va_end(ap);
}
