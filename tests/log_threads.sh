#!/bin/sh
# tests/log_threads.sh: runs tests/stress_log (the log library from several threads), built in
# $BUILD so that `make check` runs it under ThreadSanitizer and ASan as well.
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
[ -x "$BUILD/tests/stress_log" ] || make --no-print-directory BUILD="$BUILD" "$BUILD/tests/stress_log" >/dev/null || exit 1
exec timeout 120 "$BUILD/tests/stress_log"
