/* tests/fuzz/fuzz_csv.c: the CSV reader behind `syncbench compare` (src/csvread.c). The first
 * byte picks the row buffer's size (1..256) and the field limit (1..16), the rest is the file.
 * Properties: no crash; every field points into the buffer and is NUL-terminated inside it; the
 * reader ends (at most one row per input byte). */
#include "fuzz.h"
#include "syncbench/csvread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t len = 1 + (size_t)(data[0] & 0xff);
	int max = 1 + (data[0] >> 4);
	FILE *f = fmemopen((void *)(data + 1), size - 1 ? size - 1 : 1, "rb");
	if (!f)
		return 0;
	if (size == 1)
		fgetc(f); /* an empty file: fmemopen needs one byte */
	char *buf = malloc(len);
	char **fields = malloc((size_t)max * sizeof *fields);
	int n;
	size_t rows = 0;
	while ((n = sb_csv_read_row(f, buf, len, fields, max)) > 0) {
		FUZZ_CHECK(n <= max, "%d fields, max %d", n, max);
		for (int i = 0; i < n; i++) {
			FUZZ_CHECK(fields[i] >= buf && fields[i] < buf + len, "field %d outside the buffer", i);
			FUZZ_CHECK(memchr(fields[i], 0, (size_t)(buf + len - fields[i])), "field %d not terminated", i);
		}
		FUZZ_CHECK(++rows <= size, "more rows than bytes");
	}
	free(fields);
	free(buf);
	fclose(f);
	return 0;
}
