#!/bin/sh
# tests/torture.sh: `syncbench torture` (bench/torture.c, docs/torture.md).
#  1. every deliberately broken implementation (--negative-controls) is caught within a few
#     seconds: exit 1, the violation named, the phase's parameters and a replay line printed
#     (skipped under ThreadSanitizer, SB_SANITIZER=thread: they race on purpose);
#  2. every correct implementation survives a short run (6 s in all), exit 0;
#  3. bad input is refused with exit 2.
# Under a sanitizer the starvation and hang bounds are widened (everything runs 5-20x slower).
# TORTURE_SEED picks the seed (default fixed, so a failure here replays with the same seed).
# Exit status 0 when every check passed; each failure prints one "FAIL:" line.
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
PROG=$BUILD/syncbench
[ -x "$PROG" ] || make --no-print-directory BUILD="$BUILD" "$PROG" >/dev/null || { echo "FAIL: cannot build $PROG"; exit 1; }
SEED=${TORTURE_SEED:-0x5eed}
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
fail=0
ko() { echo "FAIL: $*"; fail=1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
bounds=""
[ -n "${SB_SANITIZER:-}" ] && bounds="--starve 20s --hang 30s"

# --- 1. negative controls ------------------------------------------------------------------------
case "${SB_SANITIZER:-}" in
*thread*) echo "torture: negative controls skipped under ThreadSanitizer" ;;
*)
    for spec in "mutex/broken:mutual exclusion" "rlock/broken:(mutual exclusion|ownership)" \
                "rwlock/broken:beside" "semaphore/broken:bound:" "event/lossy:lost wake-up" \
                "rcu/memb_nowait:use after free"; do
        impl=${spec%%:*}; what=${spec#*:}
        t0=$(now_ms)
        timeout -k 5 60 "$PROG" torture --negative-controls -f "$impl" -d 20s --seed "$SEED" >"$TMP/out" 2>&1
        rc=$?
        ms=$(($(now_ms) - t0))
        echo "torture: $impl caught in $ms ms (exit $rc)"
        [ $rc -eq 1 ] || { ko "$impl: exit $rc, want 1"; cat "$TMP/out"; continue; }
        grep -Eq "FAIL $impl: .*$what" "$TMP/out" || { ko "$impl: the violation '$what' not named"; cat "$TMP/out"; }
        grep -q "replay: syncbench torture --seed $SEED -f '$impl' --negative-controls" "$TMP/out" ||
            ko "$impl: no replay line"
        grep -q "in phase [0-9]* (seed 0x[0-9a-f]*): [0-9]* thread" "$TMP/out" || ko "$impl: no phase parameters"
        [ $ms -lt 8000 ] || ko "$impl: caught only after $ms ms"
    done
    ;;
esac

# --- 2. every correct implementation survives ------------------------------------------------------
n=$("$PROG" torture --list | wc -l)
[ "$n" -ge 20 ] || ko "torture --list shows $n implementations"
"$PROG" torture --list | grep -q "broken\|lossy\|nowait" && ko "negative controls listed without --negative-controls"
# shellcheck disable=SC2086
timeout -k 5 300 "$PROG" torture -d 6s --seed "$SEED" $bounds >"$TMP/ok" 2>&1
rc=$?
[ $rc -eq 0 ] || { ko "correct implementations: exit $rc"; cat "$TMP/ok"; }
grep -q "^torture: seed $SEED" "$TMP/ok" || ko "the seed is not printed first"
grep -q "torture: $n implementation(s), 0 failed" "$TMP/ok" || { ko "not every implementation survived"; cat "$TMP/ok"; }
[ "$(grep -c ' ok$' "$TMP/ok")" -eq "$n" ] || ko "not one ok line per implementation"

# --- 3. bad input ------------------------------------------------------------------------------------
"$PROG" torture -f 'nosuch/*' >/dev/null 2>&1; [ $? -eq 2 ] || ko "an empty selection is not exit 2"
"$PROG" torture --seed x12 >/dev/null 2>&1; [ $? -eq 2 ] || ko "a bad seed is not exit 2"
"$PROG" torture -d 0 >/dev/null 2>&1; [ $? -eq 2 ] || ko "a zero duration is not exit 2"
exit $fail
