/* tests/fuzz/fuzz.h: what every fuzz target shares. A target defines LLVMFuzzerTestOneInput; it is
 * linked either with libFuzzer (clang -fsanitize=fuzzer: make fuzz) or with tests/fuzz/driver.c,
 * which replays files (make test: the corpus under tests/corpus/<target>/ as regression tests).
 * FUZZ_CHECK aborts on a broken property, which both count as a finding. */
#ifndef SB_TESTS_FUZZ_H
#define SB_TESTS_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)                                                                      \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                                              \
			fputc('\n', stderr);                                                       \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* A NUL-terminated copy of data[0..size) (malloc'd, exactly size + 1 bytes, so ASan sees an
 * overread). */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = 0;
	return s;
}
#endif
