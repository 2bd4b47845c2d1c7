#!/bin/sh
# tests/fuzz/run.sh SECONDS NAME...: runs each libFuzzer target build-fuzz/fuzz_NAME for SECONDS
# from its seed corpus (tests/corpus/NAME/, read only) into build-fuzz/corpus/NAME/, and prints one
# line per target: executions, corpus size, findings (build-fuzz/crash-NAME-*). `make fuzz` runs it.
# A finding: copy the file into tests/corpus/NAME/ (make test replays it) and fix the parser.
set -u
cd "$(dirname "$0")/../.." || exit 1
S=$1; shift
found=0
for t in "$@"; do
    mkdir -p "build-fuzz/corpus/$t"
    log=build-fuzz/fuzz_$t.log
    ./build-fuzz/fuzz_"$t" -max_total_time="$S" -print_final_stats=1 -timeout=10 -rss_limit_mb=1024 \
        -artifact_prefix="build-fuzz/crash-$t-" "build-fuzz/corpus/$t" "tests/corpus/$t" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
    n=$(ls "build-fuzz/corpus/$t" | wc -l)
    c=$(ls build-fuzz/crash-"$t"-* 2>/dev/null | wc -l)
    echo "fuzz $t: ${runs:-?} executions in ${S}s, corpus $n, findings $c (exit $rc, log $log)"
    [ "$rc" -eq 0 ] && [ "$c" -eq 0 ] || { found=1; grep -m3 -E 'ERROR|FUZZ_CHECK|runtime error' "$log"; }
done
exit $found
