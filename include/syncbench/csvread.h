/* syncbench/csvread.h: reading RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF), one row
 * at a time, for `syncbench compare`. Not thread-safe per reader. */
#ifndef SYNCBENCH_CSVREAD_H
#define SYNCBENCH_CSVREAD_H

#include <stdio.h>

/* Reads the next row of f into buf (len bytes) and points fields[0..] into it. Returns the number
 * of fields, 0 at end of file, -1 when a row does not fit in buf or max fields, has a NUL byte
 * or ends inside a quoted field. */
int sb_csv_read_row(FILE *f, char *buf, size_t len, char **fields, int max);

#endif
