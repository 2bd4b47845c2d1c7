/* Tests of src/log.c and src/log_handlers.c: levels, the logger hierarchy, propagation, handler
 * levels, filters, the stream/file/UDP/syslog handlers, error reporting, threads, shutdown. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <syslog.h>
#include <unistd.h>

#include "syncbench/log.h"

/* ---- helpers -------------------------------------------------------------------------------- */

struct capture {
    int n;           /* written under the handler's lock only */
    char line[1024];
    char name[64];   /* logger of the last record */
};

static void capture_cb(const sb_log_record *r, const char *formatted, void *arg)
{
    struct capture *c = arg;
    c->n++;
    snprintf(c->line, sizeof c->line, "%s", formatted);
    snprintf(c->name, sizeof c->name, "%s", r->name);
}

static sb_log_handler *capture_handler(struct capture *c, const char *fmt)
{
    sb_log_handler *h = sb_log_callback_handler_new(capture_cb, c);
    cr_assert_not_null(h);
    if (fmt) {
        sb_log_formatter *f = NULL;
        char err[128];
        cr_assert_eq(sb_log_formatter_new(fmt, NULL, &f, err, sizeof err), 0, "%s", err);
        sb_log_handler_set_formatter(h, f);
    }
    return h;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot open %s", path);
    char *buf = calloc(1, 1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int count_char(const char *s, char c)
{
    int n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

static int count_str(const char *s, const char *needle)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* stderr into a temporary file while a test looks at what the library prints there. */
struct redirect {
    int saved;
    FILE *tmp;
};

static struct redirect stderr_capture(void)
{
    struct redirect r;
    fflush(stderr);
    r.saved = dup(2);
    r.tmp = tmpfile();
    cr_assert_not_null(r.tmp);
    dup2(fileno(r.tmp), 2);
    return r;
}

static char *stderr_restore(struct redirect r)
{
    fflush(stderr);
    dup2(r.saved, 2);
    close(r.saved);
    rewind(r.tmp);
    char *buf = calloc(1, 65536);
    size_t n = fread(buf, 1, 65535, r.tmp);
    buf[n] = '\0';
    fclose(r.tmp);
    return buf;
}

static void tmp_path(char *buf, size_t n, const char *tag)
{
    snprintf(buf, n, "/tmp/sb_test_log_%s_%ld", tag, (long)getpid());
    unlink(buf);
}

/* ---- levels --------------------------------------------------------------------------------- */

Test(log, level_names_and_parsing)
{
    cr_expect_str_eq(sb_log_level_name(SB_LOG_DEBUG), "DEBUG");
    cr_expect_str_eq(sb_log_level_name(SB_LOG_INFO), "INFO");
    cr_expect_str_eq(sb_log_level_name(SB_LOG_WARNING), "WARNING");
    cr_expect_str_eq(sb_log_level_name(SB_LOG_ERROR), "ERROR");
    cr_expect_str_eq(sb_log_level_name(SB_LOG_CRITICAL), "CRITICAL");
    cr_expect_str_eq(sb_log_level_name(SB_LOG_NOTSET), "NOTSET");
    cr_expect_str_eq(sb_log_level_name(15), "Level 15");
    int v = -1;
    cr_expect_eq(sb_log_level_parse("debug", &v), 0);
    cr_expect_eq(v, 10);
    cr_expect_eq(sb_log_level_parse("Info", &v), 0);
    cr_expect_eq(v, 20);
    cr_expect_eq(sb_log_level_parse("WARNING", &v), 0);
    cr_expect_eq(v, 30);
    cr_expect_eq(sb_log_level_parse("warn", &v), 0);
    cr_expect_eq(v, 30);
    cr_expect_eq(sb_log_level_parse("error", &v), 0);
    cr_expect_eq(v, 40);
    cr_expect_eq(sb_log_level_parse("CriTical", &v), 0);
    cr_expect_eq(v, 50);
    cr_expect_eq(sb_log_level_parse("25", &v), 0);
    cr_expect_eq(v, 25);
    v = 7;
    cr_expect_eq(sb_log_level_parse("verbose", &v), -EINVAL);
    cr_expect_eq(sb_log_level_parse("", &v), -EINVAL);
    cr_expect_eq(sb_log_level_parse("-5", &v), -EINVAL);
    cr_expect_eq(sb_log_level_parse("20x", &v), -EINVAL);
    cr_expect_eq(sb_log_level_parse("99999999999999", &v), -EINVAL);
    cr_expect_eq(v, 7, "out written on failure");
}

/* ---- hierarchy ------------------------------------------------------------------------------ */

Test(log, hierarchy_get_and_parent_fixup)
{
    sb_logger *root = sb_log_get(NULL);
    cr_assert_not_null(root);
    cr_expect_eq(sb_log_get(""), root);
    cr_expect_eq(sb_log_get("root"), root, "getLogger(\"root\") is the root, as in Python 3.9+");
    cr_expect_str_eq(sb_logger_name(root), "root");
    sb_logger *rx = sb_log_get("root.x");
    cr_expect_str_eq(sb_logger_name(rx), "root.x");
    cr_expect_eq(sb_logger_parent(rx), root);
    cr_expect_null(sb_logger_parent(root));

    sb_logger *abc = sb_log_get("a.b.c");
    cr_expect_eq(sb_log_get("a.b.c"), abc, "same name, same logger");
    cr_expect_str_eq(sb_logger_name(abc), "a.b.c");
    cr_expect_eq(sb_logger_parent(abc), root, "no ancestor yet: the root");

    sb_logger *a = sb_log_get("a");
    cr_expect_eq(sb_logger_parent(a), root);
    cr_expect_eq(sb_logger_parent(abc), a, "re-parented under a new ancestor");
    sb_logger *abx = sb_log_get("a.bx");
    cr_expect_eq(sb_logger_parent(abx), a);

    sb_logger *ab = sb_log_get("a.b");
    cr_expect_eq(sb_logger_parent(ab), a);
    cr_expect_eq(sb_logger_parent(abc), ab, "re-parented under the nearer ancestor");
    cr_expect_eq(sb_logger_parent(abx), a, "a.bx is not below a.b");

    /* creating something higher does not steal a child from a nearer parent */
    sb_logger *x = sb_log_get("x.y.z.w");
    sb_logger *xyz = sb_log_get("x.y.z");
    sb_logger *x0 = sb_log_get("x");
    cr_expect_eq(sb_logger_parent(x), xyz);
    cr_expect_eq(sb_logger_parent(xyz), x0);
    sb_log_shutdown();
}

Test(log, effective_level_inheritance)
{
    sb_logger *root = sb_log_get(NULL);
    sb_logger *a = sb_log_get("a"), *abc = sb_log_get("a.b.c");
    cr_expect_eq(sb_logger_level(root), SB_LOG_WARNING, "the root starts at WARNING");
    cr_expect_eq(sb_logger_level(abc), SB_LOG_NOTSET);
    cr_expect_eq(sb_logger_effective_level(abc), SB_LOG_WARNING);
    cr_expect(!sb_logger_is_enabled_for(abc, SB_LOG_INFO));
    cr_expect(sb_logger_is_enabled_for(abc, SB_LOG_WARNING));
    sb_logger_set_level(a, SB_LOG_DEBUG);
    cr_expect_eq(sb_logger_effective_level(abc), SB_LOG_DEBUG);
    cr_expect(sb_logger_is_enabled_for(abc, SB_LOG_DEBUG));
    cr_expect_eq(sb_logger_effective_level(root), SB_LOG_WARNING);
    sb_logger *ab = sb_log_get("a.b"); /* inserted between: NOTSET, still inherits */
    cr_expect_eq(sb_logger_effective_level(abc), SB_LOG_DEBUG);
    sb_logger_set_level(ab, SB_LOG_ERROR);
    cr_expect_eq(sb_logger_effective_level(abc), SB_LOG_ERROR);
    cr_expect_eq(sb_logger_effective_level(a), SB_LOG_DEBUG);
    sb_logger_set_level(root, SB_LOG_NOTSET);
    cr_expect_eq(sb_logger_effective_level(sb_log_get("z")), SB_LOG_NOTSET);
    cr_expect(sb_logger_is_enabled_for(sb_log_get("z"), 1));
    sb_log_shutdown();
}

static int count_filter(const sb_log_record *r, void *arg)
{
    (void)r;
    (*(int *)arg)++;
    return 1;
}

Test(log, disabled_levels_build_no_record)
{
    int calls = 0;
    sb_logger *lg = sb_log_get("quiet");
    sb_logger_add_filter(lg, sb_log_filter_fn_new(count_filter, &calls));
    SB_LOG_INFO(lg, "below WARNING: dropped before a record exists");
    SB_LOG_DEBUG(lg, "also dropped");
    cr_expect_eq(calls, 0);
    struct redirect rd = stderr_capture();
    SB_LOG_WARNING(lg, "passes");
    free(stderr_restore(rd));
    cr_expect_eq(calls, 1);
    sb_log_shutdown();
}

Test(log, propagation_and_handler_levels)
{
    struct capture cr = { 0 }, ca = { 0 }, cab = { 0 };
    sb_logger *root = sb_log_get(NULL), *a = sb_log_get("a"), *ab = sb_log_get("a.b");
    sb_logger *abc = sb_log_get("a.b.c");
    sb_logger_set_level(root, SB_LOG_DEBUG);
    sb_log_handler *hr = capture_handler(&cr, "%(message)s");
    sb_logger_add_handler(root, hr);
    sb_logger_add_handler(a, capture_handler(&ca, "%(message)s"));
    sb_logger_add_handler(ab, capture_handler(&cab, "%(name)s:%(message)s"));
    cr_expect_eq(sb_logger_add_handler(root, hr), 0, "adding twice is a no-op");

    SB_LOG_INFO(abc, "one");
    cr_expect_eq(cr.n, 1, "root handler called once");
    cr_expect_eq(ca.n, 1);
    cr_expect_eq(cab.n, 1);
    cr_expect_str_eq(cab.line, "a.b.c:one");

    sb_logger_set_propagate(ab, 0);
    SB_LOG_INFO(abc, "two");
    cr_expect_eq(cab.n, 2, "a.b's own handler still runs");
    cr_expect_eq(ca.n, 1, "propagation stops at a.b");
    cr_expect_eq(cr.n, 1);
    sb_logger_set_propagate(ab, 1);

    sb_log_handler_set_level(hr, SB_LOG_ERROR);
    SB_LOG_WARNING(abc, "three");
    cr_expect_eq(cr.n, 1, "handler level drops WARNING");
    cr_expect_eq(ca.n, 2);
    SB_LOG_ERROR(a, "four");
    cr_expect_eq(cr.n, 2);
    cr_expect_str_eq(cr.line, "four");
    cr_expect_eq(cab.n, 3, "a record goes up, never down");

    sb_logger_remove_handler(a, hr); /* not attached there: harmless */
    sb_logger_remove_handler(root, hr);
    SB_LOG_ERROR(a, "five");
    cr_expect_eq(cr.n, 2, "removed handler not called");
    cr_expect_eq(ca.n, 4);
    sb_log_shutdown();
}

static int keep_filter(const sb_log_record *r, void *arg)
{
    (void)arg;
    return strstr(r->message, "keep") != NULL;
}

Test(log, logger_and_handler_filters)
{
    struct capture c = { 0 };
    sb_logger *root = sb_log_get(NULL);
    sb_logger_set_level(root, SB_LOG_DEBUG);
    sb_log_handler *h = capture_handler(&c, "%(name)s");
    sb_logger_add_handler(root, h);

    /* handler name filter: "a.b" passes a.b and a.b.c, not a.bc, a or b */
    sb_log_handler_add_filter(h, sb_log_filter_name_new("a.b"));
    SB_LOG_INFO(sb_log_get("a.b"), "x");
    cr_expect_eq(c.n, 1);
    SB_LOG_INFO(sb_log_get("a.b.c"), "x");
    cr_expect_eq(c.n, 2);
    cr_expect_str_eq(c.line, "a.b.c");
    SB_LOG_INFO(sb_log_get("a.bc"), "x");
    SB_LOG_INFO(sb_log_get("a"), "x");
    SB_LOG_INFO(sb_log_get("b"), "x");
    SB_LOG_INFO(root, "x");
    cr_expect_eq(c.n, 2, "name filter let through %s", c.line);

    /* the empty name passes everything */
    struct capture c2 = { 0 };
    sb_log_handler *h2 = capture_handler(&c2, "%(name)s");
    sb_log_handler_add_filter(h2, sb_log_filter_name_new(""));
    sb_logger_add_handler(root, h2);
    SB_LOG_INFO(sb_log_get("q.r"), "x");
    cr_expect_eq(c2.n, 1);

    /* a logger's filters apply to records created on it, not to those propagating through it
     * (Python's semantics) */
    sb_logger *f = sb_log_get("f"), *fg = sb_log_get("f.g");
    struct capture cf = { 0 };
    sb_logger_add_handler(f, capture_handler(&cf, "%(message)s"));
    sb_logger_add_filter(f, sb_log_filter_fn_new(keep_filter, NULL));
    SB_LOG_INFO(f, "drop me");
    cr_expect_eq(cf.n, 0);
    SB_LOG_INFO(f, "keep me");
    cr_expect_eq(cf.n, 1);
    SB_LOG_INFO(fg, "from below, not filtered by f");
    cr_expect_eq(cf.n, 2);
    cr_expect_eq(c2.n, 3, "a rejected record reaches no handler at all");
    sb_log_shutdown();
}

Test(log, last_resort_when_no_handler)
{
    sb_logger *lg = sb_log_get("nohandlers");
    sb_logger_set_level(lg, SB_LOG_DEBUG);
    struct redirect rd = stderr_capture();
    SB_LOG_INFO(lg, "info is not shown");
    SB_LOG_WARNING(lg, "warning %d is shown", 3);
    char *out = stderr_restore(rd);
    cr_expect_str_eq(out, "warning 3 is shown\n");
    free(out);
    sb_log_shutdown();
}

/* ---- stream and file handlers, errors ------------------------------------------------------- */

Test(log, stream_handler_default_format)
{
    FILE *t = tmpfile();
    sb_log_handler *h = sb_log_stream_handler_new(t);
    sb_logger *lg = sb_log_get("syncbench.harness");
    sb_logger_add_handler(lg, h);
    SB_LOG_ERROR(lg, "first");
    SB_LOG_CRITICAL(lg, "second %s", "line");
    rewind(t);
    char l1[256], l2[256];
    cr_assert_not_null(fgets(l1, sizeof l1, t));
    cr_assert_not_null(fgets(l2, sizeof l2, t));
    /* 2026-11-25 15:16:21,123 ERROR    syncbench.harness [MainThread] first */
    int y, mo, d, hh, mm, ss, ms, n = 0;
    cr_expect_eq(sscanf(l1, "%4d-%2d-%2d %2d:%2d:%2d,%3d %n", &y, &mo, &d, &hh, &mm, &ss, &ms, &n), 7);
    cr_expect_eq(n, 24, "stamp is 23 chars and a space");
    cr_expect_str_eq(l1 + 24, "ERROR    syncbench.harness [MainThread] first\n");
    cr_expect_str_eq(l2 + 24, "CRITICAL syncbench.harness [MainThread] second line\n");
    sb_log_shutdown(); /* does not close t */
    cr_expect_eq(fputs("still open\n", t) >= 0, 1);
    fclose(t);
}

Test(log, file_handler_flushes_each_record)
{
    char path[128];
    tmp_path(path, sizeof path, "file");
    char err[256] = "";
    sb_log_handler *h = sb_log_file_handler_new(path, "w", err, sizeof err);
    cr_assert_not_null(h, "%s", err);
    sb_log_formatter *f;
    cr_assert_eq(sb_log_formatter_new("%(levelname)s %(message)s", NULL, &f, err, sizeof err), 0);
    sb_log_handler_set_formatter(h, f);
    sb_logger_add_handler(sb_log_get(NULL), h);
    SB_LOG_WARNING(NULL, "one");
    SB_LOG_ERROR(sb_log_get("x"), "two");
    char *s = read_file(path); /* before any shutdown */
    cr_expect_str_eq(s, "WARNING one\nERROR two\n");
    free(s);
    sb_log_shutdown();
    unlink(path);

    cr_expect_null(sb_log_file_handler_new("/nonexistent-dir/x.log", NULL, err, sizeof err));
    cr_expect(strstr(err, "/nonexistent-dir/x.log") && strstr(err, "No such file"), "err '%s'", err);
}

Test(log, write_failure_is_reported_once_and_counted)
{
    char err[256] = "";
    sb_log_handler *h = sb_log_file_handler_new("/dev/full", "w", err, sizeof err);
    cr_assert_not_null(h, "%s", err);
    sb_logger_add_handler(sb_log_get(NULL), h);
    unsigned long before = sb_log_error_count();
    struct redirect rd = stderr_capture();
    SB_LOG_ERROR(NULL, "lost %d", 1);
    SB_LOG_ERROR(NULL, "lost %d", 2);
    char *out = stderr_restore(rd);
    cr_expect_eq(sb_log_error_count() - before, 2, "every failure counted");
    cr_expect_eq(count_str(out, "--- Logging error ---"), 1, "printed once: %s", out);
    cr_expect(strstr(out, "/dev/full") && strstr(out, "No space left on device") &&
                  strstr(out, "lost 1"),
              "report: %s", out);
    free(out);
    sb_log_shutdown();
    cr_expect_geq(sb_log_error_count() - before, 2, "the count survives shutdown");
    sb_log_reset_for_tests();
    cr_expect_eq(sb_log_error_count(), 0);
}

/* ---- UDP and syslog ------------------------------------------------------------------------- */

static int udp_listener(char *port, size_t n)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    cr_assert_geq(fd, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = 0 };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    socklen_t len = sizeof sa;
    cr_assert_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    snprintf(port, n, "%u", (unsigned)ntohs(sa.sin_port));
    struct timeval tv = { .tv_sec = 5 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

Test(log, udp_handler_sends_one_datagram_per_record, .timeout = 15)
{
    char port[16], err[256] = "";
    int fd = udp_listener(port, sizeof port);
    sb_log_handler *h = sb_log_udp_handler_new("127.0.0.1", port, err, sizeof err);
    cr_assert_not_null(h, "%s", err);
    sb_log_formatter *f;
    cr_assert_eq(sb_log_formatter_new("%(name)s %(levelname)s %(message)s", NULL, &f, err, sizeof err), 0);
    sb_log_handler_set_formatter(h, f);
    sb_logger *lg = sb_log_get("syncbench.net");
    sb_logger_add_handler(lg, h);
    SB_LOG_ERROR(lg, "over the wire %d", 7);
    SB_LOG_CRITICAL(lg, "second");
    char buf[512];
    ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
    cr_assert_gt(n, 0, "nothing received: %s", strerror(errno));
    buf[n] = '\0';
    cr_expect_str_eq(buf, "syncbench.net ERROR over the wire 7");
    n = recv(fd, buf, sizeof buf - 1, 0);
    cr_assert_gt(n, 0);
    buf[n] = '\0';
    cr_expect_str_eq(buf, "syncbench.net CRITICAL second");

    /* a record too large for a datagram is a reported, counted failure */
    unsigned long before = sb_log_error_count();
    char *big = malloc(70001);
    memset(big, 'u', 70000);
    big[70000] = '\0';
    struct redirect rd = stderr_capture();
    SB_LOG_ERROR(lg, "%s", big);
    char *out = stderr_restore(rd);
    cr_expect_eq(sb_log_error_count() - before, 1);
    cr_expect(strstr(out, "--- Logging error ---") && strstr(out, "udp handler '127.0.0.1:"),
              "report: %.200s", out);
    free(out);
    free(big);
    close(fd);
    sb_log_shutdown();

    cr_expect_null(sb_log_udp_handler_new("no-such-host.invalid", "9", err, sizeof err));
    cr_expect(strstr(err, "no-such-host.invalid") != NULL, "err '%s'", err);
}

Test(log, syslog_handler)
{
    cr_expect_eq(sb_log_syslog_priority(SB_LOG_DEBUG), LOG_DEBUG);
    cr_expect_eq(sb_log_syslog_priority(SB_LOG_INFO), LOG_INFO);
    cr_expect_eq(sb_log_syslog_priority(25), LOG_INFO);
    cr_expect_eq(sb_log_syslog_priority(SB_LOG_WARNING), LOG_WARNING);
    cr_expect_eq(sb_log_syslog_priority(SB_LOG_ERROR), LOG_ERR);
    cr_expect_eq(sb_log_syslog_priority(SB_LOG_CRITICAL), LOG_CRIT);
    cr_expect_eq(sb_log_syslog_priority(5), LOG_DEBUG);
    char err[128] = "";
    cr_expect_null(sb_log_syslog_handler_new("x", 12345, err, sizeof err));
    cr_expect(strstr(err, "facility") != NULL, "err '%s'", err);
    sb_log_handler *h = sb_log_syslog_handler_new("syncbench-test", LOG_USER, err, sizeof err);
    cr_assert_not_null(h, "%s", err);
    sb_logger_add_handler(sb_log_get("sys"), h);
    unsigned long before = sb_log_error_count();
    SB_LOG_DEBUG(sb_log_get("sys"), "dropped by level");
    SB_LOG_ERROR(sb_log_get("sys"), "syslog handler test record");
    cr_expect_eq(sb_log_error_count(), before);
    sb_log_shutdown();
}

/* ---- threads -------------------------------------------------------------------------------- */

#define NTHREADS 4
#define NRECORDS 500

struct worker_arg {
    int id;
};

static void *worker(void *p)
{
    struct worker_arg *a = p;
    char name[32], lname[32];
    snprintf(name, sizeof name, "worker-%d", a->id);
    sb_log_set_thread_name(name);
    snprintf(lname, sizeof lname, "t.w%d", a->id);
    for (int i = 0; i < NRECORDS; i++) {
        sb_logger *lg = sb_log_get(lname); /* get-or-create races with emission on purpose */
        sb_log_field fl[] = { SB_FINT("i", i), SB_FSTR("who", name) };
        SB_LOG_FIELDS(lg, SB_LOG_INFO, fl, 2, "record %d of %s", i, name);
        if (i % 100 == 0)
            sb_logger_set_level(lg, SB_LOG_NOTSET);
    }
    return NULL;
}

Test(log, concurrent_emission, .timeout = 30)
{
    char path[128], err[256] = "";
    tmp_path(path, sizeof path, "threads");
    struct capture c = { 0 };
    sb_logger *t = sb_log_get("t");
    sb_logger_set_level(t, SB_LOG_INFO);
    sb_logger_add_handler(t, capture_handler(&c, "%(threadName)s %(message)s"));
    sb_log_handler *fh = sb_log_file_handler_new(path, "w", err, sizeof err);
    cr_assert_not_null(fh, "%s", err);
    sb_log_formatter *f;
    cr_assert_eq(sb_log_formatter_new("[%(threadName)s] %(message)s", NULL, &f, err, sizeof err), 0);
    sb_log_handler_set_formatter(fh, f);
    sb_logger_add_handler(t, fh);

    pthread_t th[NTHREADS];
    struct worker_arg args[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        args[i].id = i;
        cr_assert_eq(pthread_create(&th[i], NULL, worker, &args[i]), 0);
    }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(th[i], NULL);
    cr_expect_eq(c.n, NTHREADS * NRECORDS);

    char *s = read_file(path);
    cr_expect_eq(count_char(s, '\n'), NTHREADS * NRECORDS);
    for (int i = 0; i < NTHREADS; i++) {
        char needle[64];
        snprintf(needle, sizeof needle, "[worker-%d] record %d of worker-%d\n", i, NRECORDS - 1, i);
        cr_expect(strstr(s, needle) != NULL, "missing '%s'", needle);
        snprintf(needle, sizeof needle, "] record 0 of worker-%d\n", i);
        cr_expect_eq(count_str(s, needle), 1);
    }
    /* every line is whole: "[worker-N] record I of worker-N" */
    int bad = 0;
    for (char *line = s, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
        int w1, rec, w2;
        if (sscanf(line, "[worker-%d] record %d of worker-%d", &w1, &rec, &w2) != 3 || w1 != w2)
            bad++;
    }
    cr_expect_eq(bad, 0, "%d torn lines", bad);
    free(s);
    sb_log_shutdown();
    unlink(path);
}

/* ---- lifetime ------------------------------------------------------------------------------- */

Test(log, shutdown_then_reuse)
{
    struct capture c = { 0 };
    sb_logger *lg = sb_log_get("life");
    sb_logger_set_level(lg, SB_LOG_DEBUG);
    sb_logger_add_handler(lg, capture_handler(&c, "%(message)s"));
    SB_LOG_DEBUG(lg, "before");
    cr_expect_eq(c.n, 1);
    sb_log_shutdown();
    sb_log_shutdown(); /* twice is harmless */

    lg = sb_log_get("life");
    cr_assert_not_null(lg);
    cr_expect_eq(sb_logger_level(lg), SB_LOG_NOTSET, "a fresh logger");
    cr_expect_eq(sb_logger_level(sb_log_get(NULL)), SB_LOG_WARNING);
    struct capture c2 = { 0 };
    sb_logger_add_handler(lg, capture_handler(&c2, "%(message)s"));
    SB_LOG_WARNING(lg, "after");
    cr_expect_eq(c.n, 1, "old handler gone");
    cr_expect_eq(c2.n, 1);
    cr_expect_str_eq(c2.line, "after");
    sb_log_shutdown();
}
