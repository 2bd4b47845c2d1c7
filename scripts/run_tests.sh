#!/bin/sh
# Runs every test binary given (Criterion), then every tests/*.sh script, each under a timeout,
# and ends with one line "N passed, N failed". Exit status is non-zero when anything failed.
# Environment: BUILD (the build folder the scripts should use), TEST_TIMEOUT (seconds, default 600).
BUILD=${BUILD:-build}; export BUILD
TO=${TEST_TIMEOUT:-600}
# liburcu's own synchronisation is invisible to ThreadSanitizer: tests/tsan.supp names each
# suppressed site (none of the project's own code).
[ -f tests/tsan.supp ] && TSAN_OPTIONS="suppressions=$(pwd)/tests/tsan.supp ${TSAN_OPTIONS:-}" && export TSAN_OPTIONS
pass=0; fail=0; failed=""
for t in "$@"; do
    name=$(basename "$t")
    out=$(timeout -k 5 "$TO" "$t" --jobs 1 2>&1); rc=$?
    printf '%s\n' "$out" | grep -E 'Synthesis|FAIL|fail|Assertion|Timeout|Warning|ERROR|SUMMARY' | sed "s|^|[$name] |"
    n=$(printf '%s\n' "$out" | sed -n 's/.*Tested: \([0-9]*\).*/\1/p' | tail -n1)
    p=$(printf '%s\n' "$out" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p' | tail -n1)
    n=${n:-0}; p=${p:-0}
    if [ $rc -ne 0 ] || [ "$n" -eq 0 ]; then
        [ $rc -eq 124 ] && echo "[$name] TIMEOUT after ${TO}s"
        [ "$n" -eq 0 ] && echo "[$name] ran no test (exit $rc)" && printf '%s\n' "$out" | tail -n 20
        f=$((n - p)); [ $f -lt 1 ] && f=1
        pass=$((pass + p)); fail=$((fail + f)); failed="$failed $name"
    else
        pass=$((pass + p))
    fi
done
for s in tests/*.sh; do
    [ -f "$s" ] || continue
    name=$(basename "$s")
    if out=$(timeout -k 5 "$TO" sh "$s" 2>&1); then
        echo "[$name] ok"; pass=$((pass + 1))
    else
        echo "[$name] FAILED:"; printf '%s\n' "$out" | tail -n 30 | sed "s|^|[$name]   |"
        fail=$((fail + 1)); failed="$failed $name"
    fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "tests: $pass passed, $fail failed"
[ $fail -eq 0 ]
