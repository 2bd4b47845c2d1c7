#!/bin/sh
# tests/log_python.sh: the formatter against Python's own logging.Formatter, byte for byte, on the
# same records (tests/log_python.py drives tests/log_fmt_probe, built in $BUILD).
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
[ -x /usr/bin/python3 ] || { echo "log_python.sh: /usr/bin/python3 is missing"; exit 1; }
[ -x "$BUILD/tests/log_fmt_probe" ] || make --no-print-directory BUILD="$BUILD" "$BUILD/tests/log_fmt_probe" >/dev/null || exit 1
exec timeout 300 /usr/bin/python3 tests/log_python.py "$BUILD/tests/log_fmt_probe"
