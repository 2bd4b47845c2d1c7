#!/bin/sh
# tests/fuzz_corpus.sh: replays every fuzz target's corpus (tests/corpus/NAME/: the seeds and every
# input that once crashed) through the target's plain driver build ($BUILD/tests/fuzz_NAME, any
# compiler, no libFuzzer), so the regressions run in make test and, under make check, with ASan
# and UBSan. Skipped under ThreadSanitizer (no threads in the parsers).
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
case "${SB_SANITIZER:-}" in *thread*) echo "fuzz corpus: skipped under ThreadSanitizer"; exit 0 ;; esac
fail=0
for src in tests/fuzz/fuzz_*.c; do
    t=$(basename "$src" .c); t=${t#fuzz_}
    bin=$BUILD/tests/fuzz_$t
    [ -x "$bin" ] || make --no-print-directory BUILD="$BUILD" "$bin" >/dev/null || { echo "FAIL: cannot build $bin"; fail=1; continue; }
    [ -d "tests/corpus/$t" ] || { echo "FAIL: no corpus tests/corpus/$t"; fail=1; continue; }
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 timeout -k 5 120 "$bin" "tests/corpus/$t" || { echo "FAIL: $t: a corpus input failed"; fail=1; }
done
exit $fail
