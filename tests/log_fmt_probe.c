/* tests/log_fmt_probe.c: formats records through the library for tests/log_python.py, which
 * formats the same records through Python's logging.Formatter and compares the bytes.
 *
 * Input, one case per line: space-separated KEY=HEX tokens, HEX the value's bytes in hex.  Keys:
 *   fmt, datefmt (absent: NULL)        the formatter's arguments
 *   name levelname message pathname filename module funcName processName threadName
 *                                      the record's strings
 *   levelno lineno process thread      its integers (decimal text)
 *   created relativeCreated msecs      its floats (Python's repr text)
 *   s:KEY i:KEY u:KEY d:KEY            a structured field of that type (declared to the formatter)
 * Output, one line per case: "OK " and the formatted line in hex, or "ERR " and the reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syncbench/log.h"

#define MAX_FIELDS 16

static int nibble(char c)
{
    return c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0';
}

static char *unhex(const char *h)
{
    size_t n = strlen(h) / 2;
    char *s = malloc(n + 1);
    if (!s)
        exit(2);
    for (size_t i = 0; i < n; i++)
        s[i] = (char)(nibble(h[2 * i]) << 4 | nibble(h[2 * i + 1]));
    s[n] = '\0';
    return s;
}

/* One case: the line's tokens, decoded into a formatter and a record. */
static void run_case(char *line)
{
    sb_log_record r;
    memset(&r, 0, sizeof r);
    r.name = r.levelname = r.message = r.pathname = r.filename = r.module = r.funcName = "";
    r.processName = r.threadName = "";
    const char *fmt = NULL, *datefmt = NULL;
    sb_log_field fields[MAX_FIELDS];
    const char *names[MAX_FIELDS];
    size_t nf = 0;
    char *owned[64];
    size_t nowned = 0;
    char *save = NULL;
    for (char *tok = strtok_r(line, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq || nowned == sizeof owned / sizeof owned[0])
            continue;
        *eq = '\0';
        char *v = owned[nowned++] = unhex(eq + 1);
        const char *k = tok;
        if (k[0] && k[1] == ':' && nf < MAX_FIELDS) {
            sb_log_field *f = &fields[nf];
            f->key = names[nf] = k + 2;
            switch (k[0]) {
            case 's': f->type = SB_LOG_FIELD_STR; f->v.s = v; break;
            case 'i': f->type = SB_LOG_FIELD_INT; f->v.i = strtoll(v, NULL, 10); break;
            case 'u': f->type = SB_LOG_FIELD_UINT; f->v.u = strtoull(v, NULL, 10); break;
            default: f->type = SB_LOG_FIELD_DOUBLE; f->v.d = strtod(v, NULL); break;
            }
            nf++;
        }
        else if (!strcmp(k, "fmt")) fmt = v;
        else if (!strcmp(k, "datefmt")) datefmt = v;
        else if (!strcmp(k, "name")) r.name = v;
        else if (!strcmp(k, "levelname")) r.levelname = v;
        else if (!strcmp(k, "message")) r.message = v;
        else if (!strcmp(k, "pathname")) r.pathname = v;
        else if (!strcmp(k, "filename")) r.filename = v;
        else if (!strcmp(k, "module")) r.module = v;
        else if (!strcmp(k, "funcName")) r.funcName = v;
        else if (!strcmp(k, "processName")) r.processName = v;
        else if (!strcmp(k, "threadName")) r.threadName = v;
        else if (!strcmp(k, "levelno")) r.levelno = atoi(v);
        else if (!strcmp(k, "lineno")) r.lineno = atoi(v);
        else if (!strcmp(k, "process")) r.process = strtol(v, NULL, 10);
        else if (!strcmp(k, "thread")) r.thread = strtoul(v, NULL, 10);
        else if (!strcmp(k, "created")) r.created = strtod(v, NULL);
        else if (!strcmp(k, "relativeCreated")) r.relativeCreated = strtod(v, NULL);
        else if (!strcmp(k, "msecs")) r.msecs = strtod(v, NULL);
    }
    r.fields = fields;
    r.nfields = nf;

    sb_log_formatter *f = NULL;
    char err[512] = "";
    if (sb_log_formatter_new_with_fields(fmt, datefmt, names, nf, &f, err, sizeof err)) {
        printf("ERR %s\n", err);
    } else {
        size_t n = sb_log_format(f, &r, NULL, 0);
        char *buf = malloc(n + 1);
        if (!buf)
            exit(2);
        sb_log_format(f, &r, buf, n + 1);
        fputs("OK ", stdout);
        for (size_t i = 0; i < n; i++)
            printf("%02x", (unsigned char)buf[i]);
        putchar('\n');
        free(buf);
        sb_log_formatter_free(f);
    }
    for (size_t i = 0; i < nowned; i++)
        free(owned[i]);
}

int main(void)
{
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, stdin) > 0)
        run_case(line);
    free(line);
    sb_log_shutdown();
    return ferror(stdout) ? 1 : 0;
}
