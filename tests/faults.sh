#!/bin/sh
# tests/faults.sh: the faults of the issue tracker, against the real program $BUILD/syncbench.
#  1. broken SYSTEM primitives through LD_PRELOAD ($BUILD/tests/preload_broken.so, SB_BROKEN=mutex
#     or cond): the case is a FAIL (a check failure, or "FAIL: hung"), the run exits 1, no signal,
#     no hang, and the rows of the cases before it stay in results.csv;
#  2. a full disk (a 64 KB tmpfs; skipped when mount is not permitted): one line naming it on
#     stderr, exit 1 soon, results.csv only whole rows, summary.csv and meta.json valid;
#  3. threads that cannot be created (nobody under ulimit -u; skipped when not root): worker and
#     liburcu call_rcu threads, each case a "FAIL: setup:" line, exit 1, no abort, no hang;
#  4. SIGKILL mid-run: results.csv only whole rows; compare works on the partial run and says
#     so; report refuses it in one line (exit 2) naming it partial.
# Every run is bounded by timeout(1). Exit status 0 when every check passed; each failure prints
# one "FAIL:" line; a part that cannot run here prints "faults: ... skipped: reason".
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
BUILD=${BUILD:-build}
PROG=$ROOT/$BUILD/syncbench
SO=$ROOT/$BUILD/tests/preload_broken.so
[ -x "$PROG" ] || make --no-print-directory BUILD="$BUILD" "$BUILD/syncbench" >/dev/null || { echo "FAIL: cannot build $PROG"; exit 1; }
[ -f "$SO" ] || make --no-print-directory BUILD="$BUILD" "$BUILD/tests/preload_broken.so" >/dev/null ||
    { echo "FAIL: cannot build $SO"; exit 1; }
TMP=$(mktemp -d /tmp/sbfaults.XXXXXX) || exit 1
chmod 755 "$TMP"
MNT=
cleanup() {
    [ -n "$MNT" ] && umount "$MNT" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail=0
ko() { echo "FAIL: $*"; fail=1; }
TAB=$(printf '\t')
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# the short plan every part uses (unless it needs more)
SHORT="-d 20ms --warmup 5ms -r 1 --min-ops 1 --watchdog 2s --no-progress -q"

# An exit status that is neither a signal nor timeout(1)'s.
no_signal() { # STATUS WHAT
    if [ "$1" -ge 124 ]; then
        ko "$2: exit status $1 (signal or timeout)"
        return 1
    fi
    return 0
}

# Every record of a CSV has the header's column count and the file ends with a newline; prints
# family/impl/scenario<TAB>check per row (check empty when the file has no such column).
rows() { # FILE
    python3 - "$1" 2>&1 <<'PY'
import csv, sys
path = sys.argv[1]
data = open(path, newline="").read()
if data and not data.endswith("\n"):
    sys.exit(f"{path}: the last row is cut (no newline at the end)")
recs = list(csv.reader(data.splitlines()))
if not recs:
    sys.exit(f"{path}: empty (no header)")
hdr = recs[0]
for i, r in enumerate(recs[1:], 2):
    if len(r) != len(hdr):
        sys.exit(f"{path}: line {i} has {len(r)} fields, the header {len(hdr)}")
col = {c: i for i, c in enumerate(hdr)}
for r in recs[1:]:
    case = "/".join(r[col[k]] for k in ("family", "impl", "scenario") if k in col)
    print(f"{case}\t{r[col['check']] if 'check' in col else ''}")
PY
}

# meta.json parses; prints KEY=VALUE for the keys asked.
meta() { # DIR KEY...
    python3 - "$@" <<'PY'
import json, sys
m = json.load(open(sys.argv[1] + "/meta.json"))
for k in sys.argv[2:]:
    print(f"{k}={json.dumps(m.get(k))}")
PY
}

# --- 1. broken system primitives (LD_PRELOAD) --------------------------------------------------
preload_run() { # SB_BROKEN DIR ARGS...
    mode=$1 dir=$2
    shift 2
    timeout -k 5 120 env SB_BROKEN="$mode" LD_PRELOAD="$SO" "$PROG" run $SHORT "$@" -o "$dir" \
        >"$dir.out" 2>"$dir.err"
}
if ldd "$PROG" 2>/dev/null | grep -q 'lib[at]san'; then
    echo "faults: broken primitives skipped: a sanitizer's runtime must come first, LD_PRELOAD cannot"
else
    # the control: the preload with nothing broken changes nothing
    preload_run "" "$TMP/p0" -f 'mutex/pthread/contended' -t 2; rc=$?
    grep -q 'cannot be preloaded' "$TMP/p0.err" && ko "preload: $SO not loaded: $(head -n1 "$TMP/p0.err")"
    [ $rc -eq 0 ] || ko "preload, nothing broken: exit $rc: $(grep -m1 -E 'FAIL|ERROR' "$TMP/p0.err")"

    # mutex: lock/trylock/unlock return 0 and exclude nothing. The two workers must overlap in
    # their critical sections to lose an update: long ones, no think time, two windows of 100 ms
    # (with the defaults and 20 ms, a busy 2-CPU host sometimes ran them apart: no loss seen)
    t0=$(now_ms)
    preload_run mutex "$TMP/p1" -f 'mutex/pthread/*' -t 2 -d 100ms -r 2 --cs 1us --think 0; rc=$?
    t1=$(now_ms)
    if no_signal $rc "broken mutex"; then
        [ $rc -eq 1 ] || ko "broken mutex: exit $rc, expected 1"
        r=$(rows "$TMP/p1/results.csv") || ko "broken mutex: results.csv: $r"
        printf '%s\n' "$r" | grep -q "^mutex/pthread/uncontended${TAB}ok\$" ||
            ko "broken mutex: the earlier case's row is not kept: $r"
        printf '%s\n' "$r" | grep -q "^mutex/pthread/contended${TAB}FAIL: mutual exclusion" ||
            ko "broken mutex: the contended case is not a mutual-exclusion FAIL: $r"
        meta "$TMP/p1" complete >/dev/null || ko "broken mutex: meta.json is not JSON"
    fi
    echo "faults: broken mutex: exit $rc in $((t1 - t0)) ms: $(grep -m1 'contended.*FAIL' "$TMP/p1.err" | sed 's/.*\(FAIL:.*\)/\1/')"

    # condition variable: wait/timedwait return 0 at once (with the mutex held): a waiter spins
    # holding the mutex, its partner and the case's release block on it
    t0=$(now_ms)
    preload_run cond "$TMP/p2" -f 'condvar/pthread/*' -t 2; rc=$?
    t1=$(now_ms)
    if no_signal $rc "broken condvar"; then
        [ $rc -eq 1 ] || ko "broken condvar: exit $rc, expected 1"
        [ $((t1 - t0)) -lt 60000 ] || ko "broken condvar: took $((t1 - t0)) ms"
        r=$(rows "$TMP/p2/results.csv") || ko "broken condvar: results.csv: $r"
        printf '%s\n' "$r" | grep -q "^condvar/pthread/uncontended${TAB}ok\$" ||
            ko "broken condvar: the earlier case's row is not kept: $r"
        printf '%s\n' "$r" | grep -q "^condvar/pthread/pingpong${TAB}FAIL" ||
            ko "broken condvar: pingpong is not a FAIL: $r"
        m=$(meta "$TMP/p2" complete hung) || ko "broken condvar: meta.json is not JSON"
        case "$m" in *"hung=true"*) ;; *) ko "broken condvar: meta.json does not say hung: $m" ;; esac
    fi
    echo "faults: broken condvar: exit $rc in $((t1 - t0)) ms: $(grep -m1 'pingpong.*FAIL' "$TMP/p2.err" | sed 's/.*\(FAIL:.*\)/\1/')"
fi

# --- 2. full disk ------------------------------------------------------------------------------
mkdir -p "$TMP/disk"
if ! merr=$(mount -t tmpfs -o size=64k tmpfs "$TMP/disk" 2>&1); then
    echo "faults: full disk skipped: cannot mount a tmpfs here: $merr"
else
    MNT=$TMP/disk
    # 3 case points x 300 repetitions: about 900 rows (180 KB) with the log, into 64 KB
    t0=$(now_ms)
    timeout -k 5 120 "$PROG" run -f 'mutex/null/*' -t 1,2 -d 2ms --warmup 1ms -r 300 --min-ops 1 \
        --no-progress -q -o "$MNT/run" >"$TMP/d.out" 2>"$TMP/d.err"; rc=$?
    t1=$(now_ms)
    if no_signal $rc "full disk"; then
        [ $rc -eq 1 ] || ko "full disk: exit $rc, expected 1"
        line=$(grep -m1 -iE 'no space left|disk full' "$TMP/d.err")
        [ -n "$line" ] || ko "full disk: no line on stderr names it: $(head -n3 "$TMP/d.err")"
        grep -q 'the run stops' "$TMP/d.err" || ko "full disk: stderr does not say the run stops"
        r=$(rows "$MNT/run/results.csv") || ko "full disk: results.csv: $r"
        n=$(printf '%s\n' "$r" | grep -c .)
        [ "$n" -lt 800 ] || ko "full disk: the run went on to the end ($n rows)"
        s=$(rows "$MNT/run/summary.csv") || ko "full disk: summary.csv: $s"
        m=$(meta "$MNT/run" complete write_failed) || ko "full disk: meta.json is not JSON"
        case "$m" in *"complete=false"*"write_failed=true"*) ;; *) ko "full disk: meta.json says $m" ;; esac
        echo "faults: full disk: exit $rc in $((t1 - t0)) ms, $n whole rows, $(printf '%s\n' "$s" | grep -c .) summary rows; $(grep -m1 'the run stops' "$TMP/d.err")"
    fi
    umount "$MNT" && MNT=
fi

# --- 3. threads that cannot be created ---------------------------------------------------------
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null || ! command -v bash >/dev/null; then
    echo "faults: thread creation skipped: needs root, setpriv and bash (ulimit -u as nobody)"
elif ldd "$PROG" 2>/dev/null | grep -q 'libtsan'; then
    echo "faults: thread creation skipped: ThreadSanitizer's runtime needs threads of its own"
elif ! setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$PROG"; then
    echo "faults: thread creation skipped: nobody cannot run $PROG"
else
    # RLIMIT_NPROC counts every thread of the user: relative to what nobody runs now
    base=$(ps -L -u nobody --no-headers 2>/dev/null | wc -l)
    for extra in 1 2; do
        # +1: the program's own thread only (no worker, no call_rcu thread); +2: one more (the
        # call_rcu thread made in the setup takes it, then the worker fails)
        lim=$((base + extra)) dir=$TMP/u$extra
        mkdir -p "$dir" && chmod 777 "$dir"
        t0=$(now_ms)
        timeout -k 5 120 setpriv --reuid=nobody --regid=nogroup --clear-groups bash -c \
            'ulimit -u "$1" || exit 99; shift; exec "$@"' sh "$lim" \
            "$PROG" run -f 'mutex/pthread/uncontended' -f 'rcu/memb_call/*' -p read_pct=90 -t 1 $SHORT \
            -o "$dir/run" >"$dir.out" 2>"$dir.err"; rc=$?
        t1=$(now_ms)
        if [ $rc -eq 99 ]; then
            echo "faults: thread creation skipped: ulimit -u $lim refused"
            break
        fi
        no_signal $rc "ulimit -u $lim" || { tail -n3 "$dir.err"; continue; }
        grep -q 'Unrecoverable' "$dir.err" && ko "ulimit -u $lim: liburcu gave up: $(grep -m1 Unrecoverable "$dir.err")"
        r=$(rows "$dir/run/results.csv") || { ko "ulimit -u $lim: results.csv: $r"; continue; }
        case $extra in
        1)
            [ $rc -eq 1 ] || ko "ulimit -u $lim: exit $rc, expected 1"
            printf '%s\n' "$r" | grep -q "^mutex/pthread/uncontended${TAB}FAIL: setup: cannot create worker 0" ||
                ko "ulimit -u $lim: the mutex case is not a worker setup failure: $r"
            printf '%s\n' "$r" | grep -q "^rcu/memb_call/readmostly${TAB}FAIL: setup: .*call_rcu thread" ||
                ko "ulimit -u $lim: the call_rcu case is not a setup failure naming its thread: $r"
            ;;
        2)
            # the count of nobody's threads may have moved: any setup failure, or ok, but no abort
            [ $rc -le 1 ] || ko "ulimit -u $lim: exit $rc"
            printf '%s\n' "$r" | grep -q "^rcu/memb_call/readmostly${TAB}\(ok\|FAIL: setup: \)" ||
                ko "ulimit -u $lim: the call_rcu case: $r"
            ;;
        esac
        echo "faults: ulimit -u $lim (nobody had $base): exit $rc in $((t1 - t0)) ms:" \
            "$(printf '%s\n' "$r" | sed 's/\t/: /' | tr '\n' ';')"
    done
fi

# --- 4. SIGKILL mid-run ------------------------------------------------------------------------
"$PROG" run -f 'mutex/*' -t 1,2 -d 50ms --warmup 5ms -r 3 --min-ops 1 --no-progress -q \
    -o "$TMP/k" >/dev/null 2>"$TMP/k.err" &
pid=$!
n=0 i=0
while [ $i -lt 600 ] && kill -0 $pid 2>/dev/null; do
    [ -f "$TMP/k/results.csv" ] && n=$(($(wc -l <"$TMP/k/results.csv") - 1))
    [ $n -ge 2 ] && break
    sleep 0.05
    i=$((i + 1))
done
kill -9 $pid 2>/dev/null
{ wait $pid; } 2>/dev/null; rc=$? # (no "Killed" notice)
if [ $n -lt 2 ]; then
    ko "SIGKILL: no rows written within 30 s (exit $rc)"
else
    [ $rc -eq 137 ] || ko "SIGKILL: the run ended on its own (exit $rc) before the kill"
    r=$(rows "$TMP/k/results.csv") || ko "SIGKILL: results.csv: $r"
    n=$(printf '%s\n' "$r" | grep -c .)
    m=$(meta "$TMP/k" complete) || ko "SIGKILL: meta.json is not JSON"
    [ "$m" = "complete=false" ] || ko "SIGKILL: meta.json says $m"
    timeout -k 5 60 "$PROG" compare "$TMP/k" "$TMP/k" >"$TMP/c.out" 2>"$TMP/c.err"; crc=$?
    [ $crc -eq 0 ] || ko "SIGKILL: compare exits $crc: $(head -n2 "$TMP/c.err")"
    grep -q 'partial' "$TMP/c.err" || ko "SIGKILL: compare does not say the run is partial"
    grep -q 'Traceback' "$TMP/c.err" && ko "SIGKILL: compare: a traceback"
    timeout -k 5 60 "$PROG" report "$TMP/k" >"$TMP/r.out" 2>"$TMP/r.err"; rrc=$?
    [ $rrc -eq 2 ] || [ $rrc -eq 0 ] || ko "SIGKILL: report exits $rrc: $(head -n2 "$TMP/r.err")"
    grep -q 'Traceback' "$TMP/r.err" && ko "SIGKILL: report: a traceback"
    [ $rrc -eq 0 ] || { grep -q 'partial' "$TMP/r.err" && [ "$(wc -l <"$TMP/r.err")" -eq 1 ]; } ||
        ko "SIGKILL: report's refusal is not one line naming the run partial: $(cat "$TMP/r.err")"
    echo "faults: SIGKILL: exit $rc after $n whole rows; compare exit $crc ($(grep -m1 partial "$TMP/c.err"));" \
        "report exit $rrc ($(head -n1 "$TMP/r.err"))"
fi

[ $fail -eq 0 ] && echo "faults: ok"
exit $fail
