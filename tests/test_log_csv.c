/* Tests of src/log_csv.c: RFC 4180 quoting and the CSV handler (header once, missing fields empty,
 * number formats, rows on disk after each record, failures counted). */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "syncbench/log.h"

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot open %s", path);
    char *buf = calloc(1, 1 << 16);
    size_t n = fread(buf, 1, (1 << 16) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void tmp_path(char *buf, size_t n, const char *tag)
{
    snprintf(buf, n, "/tmp/sb_test_csv_%s_%ld.csv", tag, (long)getpid());
    unlink(buf);
}

static void expect_quote(const char *in, const char *want)
{
    char out[128];
    size_t n = sb_csv_quote(in, out, sizeof out);
    cr_expect_str_eq(out, want, "quote(%s)", in ? in : "NULL");
    cr_expect_eq(n, strlen(want));
}

Test(csv, quoting)
{
    expect_quote("plain", "plain");
    expect_quote("", "");
    expect_quote(NULL, "");
    expect_quote("with space", "with space");
    expect_quote("a,b", "\"a,b\"");
    expect_quote("say \"hi\"", "\"say \"\"hi\"\"\"");
    expect_quote("\"", "\"\"\"\"");
    expect_quote("line\nbreak", "\"line\nbreak\"");
    expect_quote("cr\rhere", "\"cr\rhere\"");
    expect_quote("producers=2;consumers=2", "producers=2;consumers=2");
    expect_quote("FAIL: count 3, want 4", "\"FAIL: count 3, want 4\"");
    /* snprintf-like truncation */
    char small[5];
    memset(small, 'x', sizeof small);
    cr_expect_eq(sb_csv_quote("a,bcdef", small, 4), 9);
    cr_expect_str_eq(small, "\"a,");
    cr_expect_eq(small[4], 'x');
    cr_expect_eq(sb_csv_quote("a,b", NULL, 0), 5);
}

Test(csv, write_field)
{
    FILE *t = tmpfile();
    cr_expect_eq(sb_csv_write_field(t, "x,y"), 0);
    fputc('|', t);
    cr_expect_eq(sb_csv_write_field(t, "q\"q"), 0);
    fputc('|', t);
    cr_expect_eq(sb_csv_write_field(t, "plain"), 0);
    rewind(t);
    char buf[64] = "";
    cr_expect_not_null(fgets(buf, sizeof buf, t));
    cr_expect_str_eq(buf, "\"x,y\"|\"q\"\"q\"|plain");
    fclose(t);
    FILE *ro = fopen("/dev/null", "r"); /* writing to a read-only stream sets its error flag */
    cr_expect_eq(sb_csv_write_field(ro, "x"), -EIO);
    fclose(ro);
}

static const char *const cols[] = { "family", "impl", "threads", "ops", "ops_per_s", "depth", "check" };
#define NCOLS (sizeof cols / sizeof cols[0])

Test(csv, handler_rows_header_and_missing_fields)
{
    char path[128], err[256] = "";
    tmp_path(path, sizeof path, "rows");
    sb_log_handler *h = sb_log_csv_handler_new(path, cols, NCOLS, err, sizeof err);
    cr_assert_not_null(h, "%s", err);
    sb_logger *lg = sb_log_get("syncbench.result");
    sb_logger_set_level(lg, SB_LOG_INFO);
    sb_logger_add_handler(lg, h);

    sb_log_field r1[] = {
        SB_FSTR("family", "mutex"), SB_FSTR("impl", "ttas"), SB_FINT("threads", -2),
        SB_FUINT("ops", 18446744073709551615ull), SB_FDBL("ops_per_s", 123456789.25),
        SB_FNONE("depth"), SB_FSTR("check", "ok"), SB_FSTR("not_a_column", "ignored"),
    };
    SB_LOG_FIELDS(lg, SB_LOG_INFO, r1, sizeof r1 / sizeof r1[0], "row 1");
    SB_LOG_INFO(lg, "no fields: no row");
    sb_log_field r2[] = {
        SB_FSTR("check", "FAIL: said \"no\",\nthen left"), SB_FSTR("family", "rw,lock"),
        SB_FDBL("ops_per_s", 0.1), SB_FDBL("ops", 1e300),
    };
    SB_LOG_FIELDS(lg, SB_LOG_ERROR, r2, sizeof r2 / sizeof r2[0], "row 2");
    SB_LOG_DEBUG(lg, "below the logger's level: no row");

    char *s = read_file(path); /* rows are on disk before any shutdown */
    cr_expect_str_eq(s, "family,impl,threads,ops,ops_per_s,depth,check\n"
                        "mutex,ttas,-2,18446744073709551615,123456789.2,,ok\n"
                        "\"rw,lock\",,,1e+300,0.1,,\"FAIL: said \"\"no\"\",\nthen left\"\n");
    free(s);
    sb_log_shutdown();

    /* appending to a non-empty file: no second header */
    h = sb_log_csv_handler_new(path, cols, NCOLS, err, sizeof err);
    cr_assert_not_null(h, "%s", err);
    lg = sb_log_get("syncbench.result");
    sb_logger_add_handler(lg, h);
    sb_log_field r3[] = { SB_FSTR("impl", "mcs") };
    SB_LOG_FIELDS(lg, SB_LOG_WARNING, r3, 1, "row 3");
    s = read_file(path);
    char *last = strstr(s, "then left\"\n");
    cr_assert_not_null(last);
    cr_expect_str_eq(last, "then left\"\n,mcs,,,,,\n");
    cr_expect_eq(strstr(s + 1, "family,impl"), NULL, "header written twice");
    free(s);
    sb_log_shutdown();

    /* a file whose header names other columns (one more here: a newer version's): refused */
    static const char *const more[] = { "family", "impl", "threads", "ops", "ops_per_s", "depth", "check", "counters" };
    cr_assert_null(sb_log_csv_handler_new(path, more, 8, err, sizeof err), "appended to another header");
    cr_expect(strstr(err, "other columns"), "%s", err);
    cr_assert_null(sb_log_csv_handler_new(path, cols, NCOLS - 1, err, sizeof err), "appended to another header");
    s = read_file(path);
    cr_expect(strstr(s, "then left\"\n,mcs,,,,,\n") && !strstr(s, "counters"), "the file is left as it was");
    free(s);
    unlink(path);
}

Test(csv, doubles_keep_ten_significant_digits)
{
    char path[128], err[256] = "";
    tmp_path(path, sizeof path, "dbl");
    static const char *const c1[] = { "ops_per_s", "ns_per_op" };
    sb_log_handler *h = sb_log_csv_handler_new(path, c1, 2, err, sizeof err);
    cr_assert_not_null(h, "%s", err);
    sb_logger_add_handler(sb_log_get(NULL), h);
    sb_log_field f[] = { SB_FDBL("ops_per_s", 12345678.9), SB_FDBL("ns_per_op", 81.00000012345) };
    SB_LOG_FIELDS(NULL, SB_LOG_WARNING, f, 2, "x");
    char *s = read_file(path);
    cr_expect_str_eq(s, "ops_per_s,ns_per_op\n12345678.9,81.00000012\n");
    free(s);
    sb_log_shutdown();
    unlink(path);
}

Test(csv, header_only_when_no_row_came)
{
    char path[128], err[256] = "";
    tmp_path(path, sizeof path, "empty");
    static const char *const c1[] = { "a", "b,c" };
    cr_assert_not_null(sb_log_csv_handler_new(path, c1, 2, err, sizeof err), "%s", err);
    sb_log_shutdown();
    char *s = read_file(path);
    cr_expect_str_eq(s, "a,\"b,c\"\n");
    free(s);
    unlink(path);
}

Test(csv, write_failure_is_counted)
{
    char err[256] = "";
    sb_log_handler *h = sb_log_csv_handler_new("/dev/full", cols, NCOLS, err, sizeof err);
    cr_assert_not_null(h, "%s", err);
    sb_logger_add_handler(sb_log_get(NULL), h);
    unsigned long before = sb_log_error_count();
    fflush(stderr);
    int saved = dup(2);
    FILE *t = tmpfile();
    dup2(fileno(t), 2);
    sb_log_field f[] = { SB_FSTR("family", "mutex") };
    SB_LOG_FIELDS(NULL, SB_LOG_ERROR, f, 1, "lost");
    SB_LOG_FIELDS(NULL, SB_LOG_ERROR, f, 1, "lost again");
    SB_LOG_ERROR(NULL, "no fields: not a CSV record, not a failure");
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    cr_expect_eq(sb_log_error_count() - before, 2);
    rewind(t);
    char buf[1024];
    size_t n = fread(buf, 1, sizeof buf - 1, t);
    buf[n] = '\0';
    fclose(t);
    cr_expect(strstr(buf, "--- Logging error ---\ncsv handler '/dev/full': No space left on device"),
              "stderr: %s", buf);
    sb_log_shutdown(); /* the pending header fails again on close: counted too */
    cr_expect_eq(sb_log_error_count() - before, 3);
}

Test(csv, bad_arguments)
{
    char err[256] = "";
    cr_expect_null(sb_log_csv_handler_new("/nonexistent-dir/r.csv", cols, NCOLS, err, sizeof err));
    cr_expect(strstr(err, "cannot open CSV file '/nonexistent-dir/r.csv'"), "err '%s'", err);
    err[0] = '\0';
    cr_expect_null(sb_log_csv_handler_new("/tmp/x.csv", cols, 0, err, sizeof err));
    cr_expect(strstr(err, "column"), "err '%s'", err);
}
