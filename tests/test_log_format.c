/* Tests of src/log_format.c: every standard attribute through a format string, conversions, width
 * and precision, structured fields, and every malformed format rejected with a message. */
#include <criterion/criterion.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "syncbench/log.h"

/* ---- helpers -------------------------------------------------------------------------------- */

struct capture {
    int n;
    char line[2048];
};

static void capture_cb(const sb_log_record *r, const char *formatted, void *arg)
{
    (void)r;
    struct capture *c = arg;
    c->n++;
    snprintf(c->line, sizeof c->line, "%s", formatted);
}

static sb_log_formatter *fmt_ok(const char *fmt, const char *datefmt)
{
    sb_log_formatter *f = NULL;
    char err[256] = "";
    int rc = sb_log_formatter_new(fmt, datefmt, &f, err, sizeof err);
    cr_assert_eq(rc, 0, "format '%s' rejected: %s", fmt, err);
    cr_assert_not_null(f);
    return f;
}

/* A record with known values, as sb_log_emit would build it. */
static sb_log_record mkrec(void)
{
    sb_log_record r;
    memset(&r, 0, sizeof r);
    r.name = "syncbench.result";
    r.levelno = SB_LOG_INFO;
    r.levelname = "INFO";
    r.message = "hello";
    r.pathname = "src/dir/file.c";
    r.filename = "file.c";
    r.module = "file";
    r.lineno = 42;
    r.funcName = "fn";
    r.created = 1700000000.5;
    r.relativeCreated = 12.25;
    r.msecs = 7.0;
    r.process = 1234;
    r.processName = "MainProcess";
    r.thread = 99;
    r.threadName = "MainThread";
    return r;
}

static void expect_format(const char *fmt, const sb_log_record *r, const char *want)
{
    sb_log_formatter *f = fmt_ok(fmt, NULL);
    char buf[512];
    size_t n = sb_log_format(f, r, buf, sizeof buf);
    cr_expect_str_eq(buf, want, "format '%s': got '%s', want '%s'", fmt, buf, want);
    cr_expect_eq(n, strlen(want), "format '%s': length %zu", fmt, n);
    sb_log_formatter_free(f);
}

static void expect_reject(const char *fmt, const char *msg_part)
{
    sb_log_formatter *f = (sb_log_formatter *)0x1;
    char err[256] = "";
    int rc = sb_log_formatter_new(fmt, NULL, &f, err, sizeof err);
    cr_expect_eq(rc, -EINVAL, "format '%s' accepted (rc %d)", fmt, rc);
    cr_expect_eq(f, (sb_log_formatter *)0x1, "format '%s': *out written on failure", fmt);
    cr_expect(strstr(err, msg_part) != NULL, "format '%s': message '%s' lacks '%s'", fmt, err,
              msg_part);
}

/* ---- every standard attribute from a real call site ------------------------------------------ */

static int emit_line;
static void emit_here(sb_logger *lg)
{
    emit_line = __LINE__; SB_LOG_WARNING(lg, "value %d", 42);
}

Test(log_format, every_standard_attribute_end_to_end)
{
    struct capture cap = { 0 };
    sb_log_handler *h = sb_log_callback_handler_new(capture_cb, &cap);
    sb_log_handler_set_formatter(
        h, fmt_ok("%(name)s|%(levelno)d|%(levelname)s|%(pathname)s|%(filename)s|%(module)s|"
                  "%(lineno)d|%(funcName)s|%(process)d|%(processName)s|%(thread)d|"
                  "%(threadName)s|%(message)s|%(msecs)d|%(relativeCreated)f|%(created)f|"
                  "%(asctime)s",
                  NULL));
    sb_logger *lg = sb_log_get("attr.test");
    cr_assert_eq(sb_logger_add_handler(lg, h), 0);
    /* The library's clock. time() reads the kernel's coarse clock, which lags CLOCK_REALTIME by
     * up to a tick (3.9 ms seen here): a record made at x.0034 s after a time() of x-1 broke the
     * old bound "created <= after + 1" once in 300 runs. */
    struct timespec t0, t1;
    clock_gettime(CLOCK_REALTIME, &t0);
    emit_here(lg);
    clock_gettime(CLOCK_REALTIME, &t1);
    double before = (double)t0.tv_sec + (double)t0.tv_nsec * 1e-9;
    double after = (double)t1.tv_sec + (double)t1.tv_nsec * 1e-9;
    cr_assert_eq(cap.n, 1);

    char *parts[17], *save = NULL;
    int np = 0;
    for (char *t = strtok_r(cap.line, "|", &save); t && np < 17; t = strtok_r(NULL, "|", &save))
        parts[np++] = t;
    cr_assert_eq(np, 17, "line split into %d parts", np);
    char want[64];
    cr_expect_str_eq(parts[0], "attr.test");
    cr_expect_str_eq(parts[1], "30");
    cr_expect_str_eq(parts[2], "WARNING");
    cr_expect_str_eq(parts[3], __FILE__);
    cr_expect_str_eq(parts[4], "test_log_format.c");
    cr_expect_str_eq(parts[5], "test_log_format");
    snprintf(want, sizeof want, "%d", emit_line);
    cr_expect_str_eq(parts[6], want);
    cr_expect_str_eq(parts[7], "emit_here");
    snprintf(want, sizeof want, "%ld", (long)getpid());
    cr_expect_str_eq(parts[8], want);
    cr_expect_str_eq(parts[9], "MainProcess");
    snprintf(want, sizeof want, "%lu", (unsigned long)pthread_self());
    cr_expect_str_eq(parts[10], want);
    cr_expect_str_eq(parts[11], "MainThread");
    cr_expect_str_eq(parts[12], "value 42");
    int ms = atoi(parts[13]);
    cr_expect(ms >= 0 && ms < 1000, "msecs %d", ms);
    double rel = strtod(parts[14], NULL);
    cr_expect(rel >= 0 && rel < 60000, "relativeCreated %f", rel);
    double created = strtod(parts[15], NULL);
    /* printed with six decimals: allow the rounding of the last one */
    cr_expect(created >= before - 1e-6 && created <= after + 1e-6, "created %f not in %f..%f",
              created, before, after);
    /* asctime: local time of created, then ",mmm" = msecs */
    time_t t = (time_t)floor(created);
    struct tm tm;
    localtime_r(&t, &tm);
    char asct[64];
    size_t k = strftime(asct, sizeof asct, "%Y-%m-%d %H:%M:%S", &tm);
    snprintf(asct + k, sizeof asct - k, ",%03d", ms);
    cr_expect_str_eq(parts[16], asct);
    sb_log_shutdown();
}

Test(log_format, process_name_is_settable)
{
    struct capture cap = { 0 };
    sb_log_handler *h = sb_log_callback_handler_new(capture_cb, &cap);
    sb_log_handler_set_formatter(h, fmt_ok("%(processName)s", NULL));
    sb_logger_add_handler(sb_log_get(NULL), h);
    SB_LOG_ERROR(NULL, "x");
    cr_expect_str_eq(cap.line, "MainProcess");
    sb_log_set_process_name("bench-7");
    SB_LOG_ERROR(NULL, "x");
    cr_expect_str_eq(cap.line, "bench-7");
    sb_log_reset_for_tests();
}

struct named_arg {
    const char *set;       /* name to set, or NULL */
    struct capture *cap;
    sb_logger *lg;
    char os_name[32];
};

static void *named_thread(void *p)
{
    struct named_arg *a = p;
    if (a->set)
        sb_log_set_thread_name(a->set);
    SB_LOG_ERROR(a->lg, "from a thread");
    pthread_getname_np(pthread_self(), a->os_name, sizeof a->os_name);
    return NULL;
}

Test(log_format, thread_names, .timeout = 10)
{
    struct capture cap = { 0 };
    sb_log_handler *h = sb_log_callback_handler_new(capture_cb, &cap);
    sb_logger *lg = sb_log_get("threads");
    sb_logger_add_handler(lg, h);
    /* the default format shows [threadName] */
    struct named_arg a = { "worker-7", &cap, lg, "" };
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, named_thread, &a), 0);
    pthread_join(t, NULL);
    cr_expect(strstr(cap.line, " ERROR    threads [worker-7] from a thread") != NULL, "line '%s'",
              cap.line);
    cr_expect_str_eq(a.os_name, "worker-7");

    /* long names: whole in the record, 15 chars for the OS */
    sb_log_handler_set_formatter(h, fmt_ok("%(threadName)s", NULL));
    struct named_arg b = { "a-very-long-thread-name-1234", &cap, lg, "" };
    cr_assert_eq(pthread_create(&t, NULL, named_thread, &b), 0);
    pthread_join(t, NULL);
    cr_expect_str_eq(cap.line, "a-very-long-thread-name-1234");
    cr_expect_str_eq(b.os_name, "a-very-long-thr");

    /* unnamed threads: Python's Thread-N, N from 1 in order of first use; the named threads
     * above took no number, and the main thread is MainThread */
    for (int i = 1; i <= 3; i++) {
        struct named_arg c = { NULL, &cap, lg, "" };
        cr_assert_eq(pthread_create(&t, NULL, named_thread, &c), 0);
        pthread_join(t, NULL);
        char want[32];
        snprintf(want, sizeof want, "Thread-%d", i);
        cr_expect_str_eq(cap.line, want);
    }
    SB_LOG_ERROR(lg, "from main");
    cr_expect_str_eq(cap.line, "MainThread");
    sb_log_shutdown();
}

/* ---- conversions, width, precision ----------------------------------------------------------- */

Test(log_format, width_alignment_precision)
{
    sb_log_record r = mkrec();
    expect_format("%(levelname)-8s|", &r, "INFO    |");
    expect_format("%(levelname)8s|", &r, "    INFO|");
    expect_format("%(levelname)06s|", &r, "  INFO|"); /* '0' is ignored for strings, as Python */
    expect_format("%(levelname)-s|", &r, "INFO|");
    expect_format("%(levelname)2s|", &r, "INFO|");
    expect_format("%(name).9s|", &r, "syncbench|");
    expect_format("%(name)12.3s|", &r, "         syn|");
    expect_format("%(msecs)03d", &r, "007");
    expect_format("%(lineno)5d|%(lineno)-5d|", &r, "   42|42   |");
    expect_format("%(lineno)05d %(lineno)+d %(lineno) d", &r, "00042 +42  42");
    expect_format("%(created).3f", &r, "1700000000.500");
    expect_format("%(relativeCreated)f %(relativeCreated).1f", &r, "12.250000 12.2");
    expect_format("%(relativeCreated).3e", &r, "1.225e+01");
    expect_format("%(relativeCreated)g", &r, "12.25");
    expect_format("%(lineno)s %(lineno)r %(levelno)i", &r, "42 42 20");
    expect_format("%(lineno).1f", &r, "42.0");
    expect_format("%(thread)d %(process)d", &r, "99 1234");
    expect_format("%(created)d", &r, "1700000000");
    expect_format("100%% of %(funcName)s%%", &r, "100% of fn%");
    expect_format("", &r, "hello"); /* Python: an empty format is "%(message)s" */
}

Test(log_format, repr_of_numbers_and_strings)
{
    sb_log_record r = mkrec();
    expect_format("%(created)s", &r, "1700000000.5");
    r.created = 100.0;
    expect_format("%(created)s", &r, "100.0");
    r.created = 0.1;
    expect_format("%(created)r", &r, "0.1");
    r.created = 1e16;
    expect_format("%(created)s", &r, "1e+16");
    r.created = 1.5e-7;
    expect_format("%(created)s", &r, "1.5e-07");
    r.created = 1764084321.123456;
    expect_format("%(created)s", &r, "1764084321.123456");
    r.message = "it's\n\ta \\ test";
    expect_format("%(message)r", &r, "\"it's\\n\\ta \\\\ test\""); /* Python picks " */
    expect_format("%(name)r", &r, "'syncbench.result'");
    expect_format("%(name)20r|", &r, "  'syncbench.result'|");
}

Test(log_format, asctime_default_and_datefmt)
{
    sb_log_record r = mkrec();
    time_t t = 1700000000;
    struct tm tm;
    localtime_r(&t, &tm);
    char want[64];
    strftime(want, sizeof want, "%Y-%m-%d %H:%M:%S,007", &tm);
    expect_format("%(asctime)s", &r, want);
    /* a datefmt replaces the whole stamp; no ",mmm" (as Python) */
    sb_log_formatter *f = fmt_ok("%(asctime)s|%(asctime)s", "%Y/%H");
    char buf[128], w2[64];
    strftime(w2, sizeof w2, "%Y/%H|%Y/%H", &tm);
    sb_log_format(f, &r, buf, sizeof buf);
    cr_expect_str_eq(buf, w2);
    sb_log_formatter_free(f);
}

Test(log_format, default_format)
{
    sb_log_record r = mkrec();
    sb_log_formatter *f = fmt_ok(NULL, "%H:%M");
    time_t t = 1700000000;
    struct tm tm;
    localtime_r(&t, &tm);
    char want[128], buf[128];
    strftime(want, sizeof want, "%H:%M INFO     syncbench.result [MainThread] hello", &tm);
    sb_log_format(f, &r, buf, sizeof buf);
    cr_expect_str_eq(buf, want);
    cr_expect_str_eq(SB_LOG_DEFAULT_FORMAT,
                     "%(asctime)s %(levelname)-8s %(name)s [%(threadName)s] %(message)s");
}

Test(log_format, snprintf_semantics)
{
    sb_log_record r = mkrec();
    sb_log_formatter *f = fmt_ok("%(message)s world %(lineno)d", NULL);
    char buf[8];
    memset(buf, 'x', sizeof buf);
    cr_expect_eq(sb_log_format(f, &r, buf, 5), 14);
    cr_expect_str_eq(buf, "hell");
    cr_expect_eq(buf[5], 'x', "wrote past len");
    cr_expect_eq(sb_log_format(f, &r, buf, 0), 14);
    cr_expect_eq(buf[0], 'h', "wrote with len 0");
    char big[64];
    cr_expect_eq(sb_log_format(f, &r, big, sizeof big), 14);
    cr_expect_str_eq(big, "hello world 42");
    /* long values are not cut by an internal buffer */
    char longmsg[3000];
    memset(longmsg, 'm', sizeof longmsg - 1);
    longmsg[sizeof longmsg - 1] = '\0';
    r.message = longmsg;
    char *out = malloc(4000);
    cr_expect_eq(sb_log_format(f, &r, out, 4000), 2999 + 9);
    cr_expect_eq(strlen(out), 2999 + 9);
    free(out);
    sb_log_formatter_free(f);
}

/* ---- as Python: characters, repr, every conversion (tests/log_python.sh compares thousands) -- */

Test(log_format, width_and_precision_count_characters)
{
    sb_log_record r = mkrec();
    r.message = "café";
    expect_format("[%(message)20s]", &r, "[                café]");
    expect_format("[%(message)-6s]", &r, "[café  ]");
    r.message = "café!";
    expect_format("[%(message).4s]", &r, "[café]"); /* not half of the é */
    expect_format("[%(message)6.4s]", &r, "[  café]");
    r.message = "日本語";
    expect_format("[%(message).2s|%(message)5r]", &r, "[日本|'日本語']");
}

Test(log_format, repr_and_ascii_as_python)
{
    sb_log_record r = mkrec();
    r.message = "it's";
    expect_format("%(message)r", &r, "\"it's\"");
    r.message = "say \"hi\"";
    expect_format("%(message)r", &r, "'say \"hi\"'");
    r.message = "both ' and \"";
    expect_format("%(message)r", &r, "'both \\' and \"'");
    r.message = "\xc2\xa0|\x01|\x7f|\xc2\xad|caf\xc3\xa9|\xe2\x80\xa8|\xf0\x9f\x98\x80";
    expect_format("%(message)r", &r, "'\\xa0|\\x01|\\x7f|\\xad|caf\xc3\xa9|\\u2028|\xf0\x9f\x98\x80'");
    expect_format("%(message)a", &r, "'\\xa0|\\x01|\\x7f|\\xad|caf\\xe9|\\u2028|\\U0001f600'");
    r.message = "\xff"; /* not UTF-8: the byte, as Python's surrogateescape shows it */
    expect_format("%(message)r", &r, "'\\udcff'");
    r.message = "tab\there\r\n\\";
    expect_format("%(message)r", &r, "'tab\\there\\r\\n\\\\'");
}

Test(log_format, conversions_and_flags_as_python)
{
    sb_log_record r = mkrec(); /* levelno 20, lineno 42, created 1700000000.5 */
    expect_format("%(levelno)x %(levelno)X %(levelno)o %(levelno)u %(levelno)c", &r, "14 14 24 20 \x14");
    expect_format("%(levelno)#x %(levelno)#X %(levelno)#o", &r, "0x14 0X14 0o24");
    expect_format("%(levelno)#08x|%(levelno)-#8x|%(levelno)#.4x", &r, "0x000014|0x14    |0x0014");
    expect_format("%(levelno)05.3d|%(levelno)+d|%(levelno) d|", &r, "00020|+20| 20|");
    expect_format("%(lineno)c%(lineno)3c", &r, "*  *");
    expect_format("%(created)e %(created)E", &r, "1.700000e+09 1.700000E+09");
    expect_format("%(created)F %(created).3G %(created)#.3g", &r, "1700000000.500000 1.7E+09 1.70e+09");
    expect_format("%(relativeCreated)+08.2f|%(relativeCreated)-8a|", &r, "+0012.25|12.25   |");
    expect_format("%(levelno)d %(levelno)ld %(lineno)hd", &r, "20 20 42"); /* length modifiers: ignored */
    static const char *const names[] = { "n", "d" };
    sb_log_formatter *f = NULL;
    cr_assert_eq(sb_log_formatter_new_with_fields("%(n)#x %(n)+05d %(d)05f %(d)d %(d).0f", NULL, names, 2,
                                                  &f, NULL, 0),
                 0);
    sb_log_field fl[] = { SB_FINT("n", -20), SB_FDBL("d", -INFINITY) };
    r.fields = fl;
    r.nfields = 2;
    char buf[128];
    sb_log_format(f, &r, buf, sizeof buf);
    /* Python: int(-inf) raises; the library shows the value as %s would */
    cr_expect_str_eq(buf, "-0x14 -0020 -0inf -inf -inf");
    fl[1].v.d = -2.75;
    sb_log_format(f, &r, buf, sizeof buf);
    cr_expect_str_eq(buf, "-0x14 -0020 -2.750000 -2 -3");
    sb_log_formatter_free(f);
}

Test(log_format, formats_python_refuses)
{
    /* validate=True: a format must hold a field (Python's "Invalid format ... for '%' style") */
    expect_reject("hello", "Invalid format 'hello' for '%' style");
    expect_reject("%%", "Invalid format '%%' for '%' style");
    expect_reject("100%% sure", "it has no field");
    expect_reject("%(message)ls", "Invalid format"); /* Python's check has no length modifier */
    expect_reject("%(message).s", "Invalid format");
    sb_log_formatter_free(fmt_ok("%%(message)s", NULL)); /* Python's check passes it too */
    /* the unsupported character is named, UTF-8 included, at Python's (character) index */
    expect_reject("%(message)s %(levelno)q", "unsupported format character 'q' (0x71) at index 22");
    expect_reject("é %(message)é", "unsupported format character 'é' (0xe9) at index 12");
    expect_reject("%(message)%", "unsupported format character '%' (0x25) at index 10");
    expect_reject("%(message)S", "unsupported format character 'S' (0x53)");
    expect_reject("%(message)\x01", "unsupported format character '\\x01' (0x1)");
    /* Python's TypeError "%x format: an integer is required, not float", at parse time */
    expect_reject("%(created)x", "conversion 'x' needs an integer, and 'created' at offset 0 is a float");
    expect_reject("%(msecs)c", "needs an integer");
    expect_reject("%(levelname)x", "numeric conversion 'x' for string attribute 'levelname'");
    expect_reject("%(lineno).101d", "precision of '%(lineno)d' at offset 0 is too large (max 100)");
}

/* ---- errors --------------------------------------------------------------------------------- */

Test(log_format, malformed_formats_are_rejected_with_a_message)
{
    expect_reject("%(", "unterminated '%(' at offset 0");
    expect_reject("abc %(name", "unterminated '%(' at offset 4");
    expect_reject("%(name)", "incomplete format: '%(name)' at offset 0 has no conversion");
    expect_reject("%(name)-", "incomplete format");
    expect_reject("%(name)q", "unsupported format character 'q' (0x71) at index 7");
    expect_reject("%(name)*s", "unsupported format character '*' (0x2a) at index 7");
    expect_reject("%(name)99999999999s", "too large");
    expect_reject("%(name)65537s", "too large");
    expect_reject("%(created).101f", "precision");
    expect_reject("abc %", "trailing '%' at offset 4");
    expect_reject("%d", "'%d' at offset 0: expected '%(name)'");
    expect_reject("x %s y", "'%s' at offset 2");
    expect_reject("%()s", "empty attribute name");
    expect_reject("%(a b)s", "not an identifier");
    expect_reject("%(1x)s", "not an identifier");
    expect_reject("%(levelname)d", "numeric conversion 'd' for string attribute 'levelname'");
    expect_reject("%(message).2f", "numeric conversion 'f'");
    expect_reject("%(nosuchattr)s", "unknown attribute 'nosuchattr' at offset 0");
    expect_reject("ab %(nosuchattr)s", "unknown attribute 'nosuchattr' at offset 3");
    expect_reject("%(ops_per_s).1f", "unknown attribute 'ops_per_s'");
    /* limits themselves are fine */
    sb_log_formatter *f = fmt_ok("%(name)65536s%(created).100f%(name)-s%(name).65536s", NULL);
    sb_log_formatter_free(f);
}

/* ---- structured fields in format strings ---------------------------------------------------- */

Test(log_format, declared_fields)
{
    static const char *const names[] = { "ops_per_s", "impl", "depth", "threads", "ops", "check" };
    sb_log_formatter *f = NULL;
    char err[256] = "";
    cr_assert_eq(sb_log_formatter_new_with_fields(
                     "%(impl)-6s|%(ops_per_s).1f|%(depth)5s|%(threads)03d|%(ops)d|%(check)d|%(name)s",
                     NULL, names, 6, &f, err, sizeof err),
                 0, "%s", err);
    sb_log_record r = mkrec();
    sb_log_field fl[] = {
        SB_FSTR("impl", "ttas"),  SB_FDBL("ops_per_s", 1234.56), SB_FNONE("depth"),
        SB_FINT("threads", 4),    SB_FUINT("ops", 18446744073709551615ull),
        SB_FSTR("check", "ok"),   SB_FSTR("name", "a field never wins"),
    };
    r.fields = fl;
    r.nfields = sizeof fl / sizeof fl[0];
    char buf[256];
    sb_log_format(f, &r, buf, sizeof buf);
    cr_expect_str_eq(buf, "ttas  |1234.6|     |004|18446744073709551615|ok|syncbench.result");
    /* a record without those fields shows a marker, not garbage */
    r.nfields = 1;
    sb_log_format(f, &r, buf, sizeof buf);
    cr_expect_str_eq(buf, "ttas  |<missing ops_per_s>|<missing depth>|<missing threads>|"
                          "<missing ops>|<missing check>|syncbench.result");
    /* still unknown: names not declared */
    sb_log_formatter *g = NULL;
    cr_expect_eq(sb_log_formatter_new_with_fields("%(impl)s %(other)s", NULL, names, 6, &g, err,
                                                  sizeof err),
                 -EINVAL);
    cr_expect(strstr(err, "unknown attribute 'other' at offset 9") != NULL, "%s", err);
    sb_log_shutdown(); /* frees f */
}

Test(log_format, fields_through_emit)
{
    static const char *const names[] = { "ops_per_s" };
    struct capture cap = { 0 };
    sb_log_handler *h = sb_log_callback_handler_new(capture_cb, &cap);
    sb_log_formatter *f = NULL;
    cr_assert_eq(sb_log_formatter_new_with_fields("%(message)s: %(ops_per_s).1f ops/s", NULL, names,
                                                  1, &f, NULL, 0),
                 0);
    sb_log_handler_set_formatter(h, f);
    sb_logger *lg = sb_log_get("syncbench.result");
    sb_logger_add_handler(lg, h);
    sb_logger_set_level(lg, SB_LOG_INFO);
    sb_log_field fl[] = { SB_FDBL("ops_per_s", 2.5e6) };
    SB_LOG_FIELDS(lg, SB_LOG_INFO, fl, 1, "mutex/%s", "ttas");
    cr_expect_str_eq(cap.line, "mutex/ttas: 2500000.0 ops/s");
    sb_log_shutdown();
}
