/* log_handlers.c: the stream, file, syslog, UDP and callback handlers (see syncbench/log.h). */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>

#include "log_internal.h"

/* ---- stream and file ------------------------------------------------------------------------ */

struct stream_impl {
    FILE *f;
    int owned; /* file handler: fclose on shutdown */
};

static int stream_emit(sb_log_handler *h, const sb_log_record *rec, const char *line, size_t len)
{
    (void)rec;
    struct stream_impl *s = h->impl;
    errno = 0;
    int bad = fwrite(line, 1, len, s->f) != len;
    bad |= fputc('\n', s->f) == EOF;
    bad |= fflush(s->f) != 0;
    if (bad || ferror(s->f)) {
        int e = errno ? errno : EIO;
        clearerr(s->f); /* try again with the next record */
        return -e;
    }
    return 0;
}

static int stream_close(sb_log_handler *h)
{
    struct stream_impl *s = h->impl;
    int rc = 0;
    if (s->owned) {
        if (fclose(s->f) != 0)
            rc = -(errno ? errno : EIO);
    } else if (fflush(s->f) != 0) {
        rc = -(errno ? errno : EIO);
    }
    free(s);
    return rc;
}

static const struct sb_log_handler_ops stream_ops = { "stream", 1, stream_emit, stream_close };
static const struct sb_log_handler_ops file_ops = { "file", 1, stream_emit, stream_close };

sb_log_handler *sb_log_stream_handler_new(FILE *f)
{
    if (!f)
        return NULL;
    struct stream_impl *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->f = f;
    const char *target = f == stderr ? "<stderr>" : f == stdout ? "<stdout>" : "<stream>";
    sb_log_handler *h = sb_log_handler_create(&stream_ops, s, target);
    if (!h)
        free(s);
    return h;
}

sb_log_handler *sb_log_file_handler_new(const char *path, const char *mode, char *err, size_t errlen)
{
    if (!path || !*path) {
        sb_log_seterr(err, errlen, "file handler: no path given");
        return NULL;
    }
    struct stream_impl *s = calloc(1, sizeof *s);
    if (!s) {
        sb_log_seterr(err, errlen, "out of memory");
        return NULL;
    }
    if (!(s->f = fopen(path, mode ? mode : "a"))) {
        sb_log_seterr(err, errlen, "cannot open log file '%s': %s", path, strerror(errno));
        free(s);
        return NULL;
    }
    s->owned = 1;
    sb_log_handler *h = sb_log_handler_create(&file_ops, s, path);
    if (!h) {
        fclose(s->f);
        free(s);
        sb_log_seterr(err, errlen, "out of memory");
    }
    return h;
}

/* ---- syslog --------------------------------------------------------------------------------- */

struct syslog_impl {
    char ident[64]; /* openlog keeps the pointer */
};

int sb_log_syslog_priority(int level)
{
    if (level >= SB_LOG_CRITICAL)
        return LOG_CRIT;
    if (level >= SB_LOG_ERROR)
        return LOG_ERR;
    if (level >= SB_LOG_WARNING)
        return LOG_WARNING;
    if (level >= SB_LOG_INFO)
        return LOG_INFO;
    return LOG_DEBUG;
}

static int syslog_emit(sb_log_handler *h, const sb_log_record *rec, const char *line, size_t len)
{
    (void)h;
    syslog(sb_log_syslog_priority(rec->levelno), "%.*s", (int)len, line);
    return 0;
}

static int syslog_close(sb_log_handler *h)
{
    closelog();
    free(h->impl);
    return 0;
}

static const struct sb_log_handler_ops syslog_ops = { "syslog", 1, syslog_emit, syslog_close };

sb_log_handler *sb_log_syslog_handler_new(const char *ident, int facility, char *err, size_t errlen)
{
    if (facility & ~LOG_FACMASK) {
        sb_log_seterr(err, errlen, "syslog handler: bad facility %d", facility);
        return NULL;
    }
    struct syslog_impl *s = calloc(1, sizeof *s);
    if (!s) {
        sb_log_seterr(err, errlen, "out of memory");
        return NULL;
    }
    snprintf(s->ident, sizeof s->ident, "%s", ident ? ident : "syncbench");
    sb_log_handler *h = sb_log_handler_create(&syslog_ops, s, s->ident);
    if (!h) {
        free(s);
        sb_log_seterr(err, errlen, "out of memory");
        return NULL;
    }
    openlog(s->ident, LOG_PID, facility);
    return h;
}

/* ---- UDP ------------------------------------------------------------------------------------ */

struct udp_impl {
    int fd;
};

static int udp_emit(sb_log_handler *h, const sb_log_record *rec, const char *line, size_t len)
{
    (void)rec;
    struct udp_impl *u = h->impl;
    ssize_t n = send(u->fd, line, len, MSG_NOSIGNAL);
    if (n < 0)
        return -errno;
    return (size_t)n == len ? 0 : -EMSGSIZE;
}

static int udp_close(sb_log_handler *h)
{
    struct udp_impl *u = h->impl;
    int rc = close(u->fd) ? -errno : 0;
    free(u);
    return rc;
}

static const struct sb_log_handler_ops udp_ops = { "udp", 1, udp_emit, udp_close };

sb_log_handler *sb_log_udp_handler_new(const char *host, const char *port, char *err, size_t errlen)
{
    if (!host || !*host || !port || !*port) {
        sb_log_seterr(err, errlen, "udp handler: host and port are both needed");
        return NULL;
    }
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM };
    struct addrinfo *res;
    int g = getaddrinfo(host, port, &hints, &res);
    if (g) {
        sb_log_seterr(err, errlen, "udp handler: cannot resolve %s:%s: %s", host, port,
                      gai_strerror(g));
        return NULL;
    }
    int fd = -1, e = 0;
    for (struct addrinfo *a = res; a; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) == 0)
            break;
        e = errno;
        if (fd >= 0)
            close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        sb_log_seterr(err, errlen, "udp handler: cannot connect to %s:%s: %s", host, port,
                      strerror(e));
        return NULL;
    }
    struct udp_impl *u = calloc(1, sizeof *u);
    char target[160];
    snprintf(target, sizeof target, "%s:%s", host, port);
    if (u)
        u->fd = fd;
    sb_log_handler *h = u ? sb_log_handler_create(&udp_ops, u, target) : NULL;
    if (!h) {
        free(u);
        close(fd);
        sb_log_seterr(err, errlen, "out of memory");
    }
    return h;
}

/* ---- callback ------------------------------------------------------------------------------- */

struct callback_impl {
    void (*fn)(const sb_log_record *, const char *, void *);
    void *arg;
};

static int callback_emit(sb_log_handler *h, const sb_log_record *rec, const char *line, size_t len)
{
    (void)len;
    struct callback_impl *c = h->impl;
    c->fn(rec, line, c->arg);
    return 0;
}

static int callback_close(sb_log_handler *h)
{
    free(h->impl);
    return 0;
}

static const struct sb_log_handler_ops callback_ops = { "callback", 1, callback_emit, callback_close };

sb_log_handler *sb_log_callback_handler_new(void (*fn)(const sb_log_record *, const char *, void *),
                                            void *arg)
{
    if (!fn)
        return NULL;
    struct callback_impl *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->fn = fn;
    c->arg = arg;
    sb_log_handler *h = sb_log_handler_create(&callback_ops, c, "callback");
    if (!h)
        free(c);
    return h;
}
