/* tests/fuzz/fuzz_opts.c: the command line's value parsers (src/opts.c) and the -p sweep check
 * (sb_run_check_param). The first byte picks the parser, the rest is the value. Properties: no
 * crash; a success leaves sane output (counts within bounds, sorted thread lists, durations at
 * most a day); a failure leaves a NUL-terminated message. */
#include "fuzz.h"
#include "syncbench/opts.h"
#include "syncbench/run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char *s = fuzz_str(data + 1, size - 1);
	char err[96];
	int vals[64], n = -1, r;
	uint64_t ns = 0;
	long l;
	enum sb_pin pin;
	err[0] = 0;
	switch (data[0] % 6) {
	case 0:
		r = sb_parse_duration(s, &ns, err, sizeof err);
		FUZZ_CHECK(r || ns <= 86400000000000ull, "'%s' -> %llu ns", s, (unsigned long long)ns);
		break;
	case 1:
		r = sb_parse_threads(s, vals, 64, &n, err, sizeof err);
		if (!r) {
			FUZZ_CHECK(n >= 1 && n <= 64, "'%s' -> %d counts", s, n);
			for (int i = 0; i < n; i++) {
				FUZZ_CHECK(vals[i] >= 1 && vals[i] <= SB_MAX_THREADS, "'%s' -> %d", s, vals[i]);
				FUZZ_CHECK(i == 0 || vals[i - 1] < vals[i], "'%s': not sorted or duplicates", s);
			}
		}
		break;
	case 2:
		r = sb_parse_pin(s, &pin, vals, 64, &n, err, sizeof err);
		if (!r && pin == SB_PIN_LIST)
			FUZZ_CHECK(n >= 1 && n <= 64, "'%s' -> %d CPUs", s, n);
		break;
	case 3:
		r = sb_parse_int_list(s, -5, 1000, vals, 64, &n, err, sizeof err);
		if (!r) {
			FUZZ_CHECK(n >= 0 && n <= 64, "'%s' -> %d values", s, n);
			for (int i = 0; i < n; i++)
				FUZZ_CHECK(vals[i] >= -5 && vals[i] <= 1000, "'%s' -> %d", s, vals[i]);
		}
		break;
	case 4:
		r = sb_parse_long(s, -100, 100, &l, err, sizeof err);
		FUZZ_CHECK(r || (l >= -100 && l <= 100), "'%s' -> %ld", s, l);
		break;
	default:
		r = sb_run_check_param(s, err, sizeof err);
		break;
	}
	if (r)
		FUZZ_CHECK(memchr(err, 0, sizeof err) != NULL, "unterminated message");
	free(s);
	return 0;
}
