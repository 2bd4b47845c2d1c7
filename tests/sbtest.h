/* tests/sbtest.h: helpers for the tests that run the syncbench program itself. */
#ifndef SB_TESTS_SBTEST_H
#define SB_TESTS_SBTEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* Path of the program under test: $BUILD/syncbench (BUILD defaults to "build"). */
static inline const char *sbt_prog(void)
{
	static char p[512];
	const char *b = getenv("BUILD");
	snprintf(p, sizeof p, "%s/syncbench", b && *b ? b : "build");
	return p;
}

/* Non-zero when the program under test is built with ThreadSanitizer (make check sets
 * SB_SANITIZER=thread): a negative control that races on purpose is then skipped. */
static inline int sbt_under_tsan(void)
{
	const char *s = getenv("SB_SANITIZER");
#if defined(__SANITIZE_THREAD__)
	return 1;
#endif
	return s && strstr(s, "thread");
}

/* Run "prog ARGS" through sh; capture stdout and stderr into files in dir; return exit status
 * (or -1). */
/* Tests check behaviour, not figures: a `run` lengthens its windows only until every worker did
 * one operation (--min-ops 1; the default 10,000 would stretch every short test window towards
 * 2 s), unless the test asks for another --min-ops. */
static inline int sbt_run(const char *dir, const char *args)
{
	char cmd[4096];
	int is_run = !strncmp(args, "run ", 4) && !strstr(args, "--min-ops");
	snprintf(cmd, sizeof cmd, "%s %s%s >%s/out.txt 2>%s/err.txt", sbt_prog(), is_run ? "run --min-ops 1 " : "",
		 is_run ? args + 4 : args, dir, dir);
	int st = system(cmd);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* How many cases `syncbench list [--negative-controls] 'GLOB'` names (the table, never a
 * count written in a test): 0 when nothing matches, -1 when list could not run. */
static inline int sbt_list_count(const char *glob, int negative)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "%.500s list %s'%.400s' 2>/dev/null", sbt_prog(),
		 negative ? "--negative-controls " : "", glob);
	FILE *p = popen(cmd, "r");
	if (!p)
		return -1;
	int n = 0, c, at_start = 1;
	while ((c = fgetc(p)) != EOF) {
		if (at_start && c != '\n')
			n++;
		at_start = c == '\n';
	}
	int st = pclose(p);
	return st == 0 || (n == 0 && st != -1) ? n : -1; /* list exits 1 when nothing matches */
}
static inline int sbt_count_listed(const char *glob) { return sbt_list_count(glob, 0); }

/* Read a whole file into a malloc'd string (NULL if missing). */
static inline char *sbt_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	size_t got = fread(s, 1, (size_t)n, f);
	s[got] = 0;
	fclose(f);
	return s;
}

static inline int sbt_count_lines(const char *s)
{
	int n = 0;
	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

/* A fresh temporary folder (mkdtemp), path in buf. */
static inline void sbt_tmpdir(char *buf, size_t len)
{
	snprintf(buf, len, "/tmp/sbtest.XXXXXX");
	if (!mkdtemp(buf))
		buf[0] = 0;
}

static inline void sbt_rmdir(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

/* Split one CSV line (no quotes expected in the fields we look at) into at most max fields; the
 * line is modified. Handles a quoted field by skipping to its closing quote. */
static inline int sbt_csv_split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;
	while (n < max) {
		if (*p == '"') {
			f[n++] = ++p;
			while (*p && !(*p == '"' && p[1] != '"'))
				p += (*p == '"') ? 2 : 1;
			if (*p)
				*p++ = 0;
		} else {
			f[n++] = p;
			while (*p && *p != ',' && *p != '\n')
				p++;
		}
		if (*p != ',') {
			*p = 0;
			break;
		}
		*p++ = 0;
	}
	return n;
}

/* The value of counter key in a row's counters field ("k=v;k=v"): 1 with *v, or 0 when absent. */
static inline int sbt_counter(const char *counters, const char *key, long long *v)
{
	size_t n = strlen(key);
	for (const char *p = counters; p && *p; p = strchr(p, ';') ? strchr(p, ';') + 1 : NULL)
		if (!strncmp(p, key, n) && p[n] == '=') {
			*v = atoll(p + n + 1);
			return 1;
		}
	return 0;
}

/* Index of column name in the header line (a copy is split), -1 if absent. */
static inline int sbt_col(const char *header, const char *name)
{
	char buf[4096];
	snprintf(buf, sizeof buf, "%s", header);
	char *f[128];
	int n = sbt_csv_split(buf, f, 128);
	for (int i = 0; i < n; i++)
		if (!strcmp(f[i], name))
			return i;
	return -1;
}

#endif
