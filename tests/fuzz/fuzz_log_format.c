/* tests/fuzz/fuzz_log_format.c: the log format parser and formatter (src/log_format.c). The input
 * is "FORMAT\nDATEFMT\nMESSAGE" (a missing or empty DATEFMT means the default). A format that
 * parses is applied to a record with every standard attribute and a few structured fields, into
 * buffers of several sizes. Properties: no crash; the returned length is the whole line's; a short
 * buffer gets a NUL-terminated prefix of the whole line. */
#include "fuzz.h"
#include "syncbench/log.h"

static const char *const names[] = { "impl", "ops", "delta", "ratio", "none", "gone" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	char *fmt = s, *datefmt = NULL, *msg = "a message";
	char *nl = strchr(s, '\n');
	if (nl) {
		*nl = 0;
		datefmt = nl + 1;
		if ((nl = strchr(datefmt, '\n'))) {
			*nl = 0;
			msg = nl + 1;
		}
		if (!*datefmt)
			datefmt = NULL;
	}
	char err[128];
	sb_log_formatter *f = NULL;
	int r = (size & 1) ? sb_log_formatter_new(fmt, datefmt, &f, err, sizeof err)
			   : sb_log_formatter_new_with_fields(fmt, datefmt, names, 6, &f, err, sizeof err);
	if (r) {
		FUZZ_CHECK(f == NULL || r == 0, "error %d with a formatter", r);
		FUZZ_CHECK(memchr(err, 0, sizeof err) != NULL, "unterminated message");
		free(s);
		return 0;
	}
	sb_log_field fields[] = { SB_FSTR("impl", "ttas"), SB_FUINT("ops", 12345678901234ull),
				  SB_FINT("delta", -42), SB_FDBL("ratio", 1.0 / 3.0), SB_FNONE("none") };
	sb_log_record rec = {
		.name = "syncbench.result", .levelno = 20, .levelname = "INFO", .message = msg,
		.pathname = "src/x/y.c", .filename = "y.c", .module = "y", .lineno = 77,
		.funcName = "fn", .created = 1764633600.125, .relativeCreated = 12.5, .msecs = 125.0,
		.process = 4242, .processName = "MainProcess", .thread = 140000000000ul,
		.threadName = "worker-1", .fields = fields, .nfields = 5,
	};
	static char big[1 << 16];
	size_t n = sb_log_format(f, &rec, big, sizeof big);
	if (n < sizeof big)
		FUZZ_CHECK(strlen(big) == n, "returned %zu, wrote %zu", n, strlen(big));
	static const size_t sizes[] = { 1, 2, 7, 64, 300 };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		char *small = malloc(sizes[i]);
		size_t m = sb_log_format(f, &rec, small, sizes[i]);
		size_t w = strlen(small);
		FUZZ_CHECK(w < sizes[i], "no NUL within %zu bytes", sizes[i]);
		/* asctime may change between two calls: compare only when the format has none */
		if (!strstr(fmt, "asctime") && n < sizeof big) {
			FUZZ_CHECK(m == n, "length %zu with a %zu-byte buffer, %zu with a big one", m, sizes[i], n);
			FUZZ_CHECK(memcmp(small, big, w) == 0 && w == (n < sizes[i] ? n : sizes[i] - 1),
				   "not a prefix with %zu bytes", sizes[i]);
		}
		free(small);
	}
	sb_log_formatter_free(f);
	free(s);
	return 0;
}
