/* tests/fuzz/driver.c: replays inputs through a fuzz target without libFuzzer, so that the corpus
 * and every crash found (tests/corpus/<target>/) run in `make test` with any compiler.
 *   fuzz_TARGET FILE|DIR...   each file once; a directory: every file in it
 * Exit 0 when every input ran (a broken property aborts, a sanitizer reports and exits). */
#include "fuzz.h"

#include <dirent.h>
#include <sys/stat.h>

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		return -1;
	}
	size_t cap = 4096, n = 0, got;
	uint8_t *buf = malloc(cap);
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			uint8_t *b = realloc(buf, cap *= 2);
			if (!b)
				break;
			buf = b;
		}
	}
	fclose(f);
	if (!buf)
		return -1;
	/* an exact-size copy, so that an overread past the input is seen by ASan */
	uint8_t *exact = malloc(n ? n : 1);
	memcpy(exact, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

int main(int argc, char **argv)
{
	int runs = 0, bad = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "%s: no such file\n", argv[i]);
			bad++;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad += run_file(argv[i]) != 0;
			runs++;
			continue;
		}
		DIR *d = opendir(argv[i]);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			char p[4096];
			snprintf(p, sizeof p, "%s/%s", argv[i], e->d_name);
			bad += run_file(p) != 0;
			runs++;
		}
		if (d)
			closedir(d);
	}
	printf("%s: %d input(s) replayed\n", argv[0], runs);
	return bad ? 1 : 0;
}
