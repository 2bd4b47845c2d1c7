#!/bin/sh
# tests/gbench.sh: the google-benchmark shim and syncbench-gbench (issue 5).
#  1. tests/gbench_shim_test (registration, thread index/count, iterations, batches, arguments,
#     counters, skip-with-error, early return) and its JSON: counters, errors, names, context.
#  2. syncbench-gbench with a filter and a short minimum time: valid JSON with the machine context,
#     which scripts/gbench2csv.py turns into results.csv rows; --benchmark_out and repetitions;
#     the broken lock (a negative control) fails its mutual-exclusion check (skipped under
#     ThreadSanitizer, SB_SANITIZER=thread: it races on purpose).
#  3. every family's uncontended cases run and convert to ok rows; scripts/crosscheck.py runs both
#     harnesses and syncbench-plain on tiny windows, parses the three outputs, computes ratios and
#     the plain loop's verdicts.
# `make test` builds both programs first; run alone, this script builds them in $BUILD.
# Exit status 0 when every check passed; each failure prints one "FAIL:" line.
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
SHIM=$BUILD/tests/gbench_shim_test
PROG=$BUILD/syncbench-gbench
if [ ! -x "$SHIM" ] || [ ! -x "$PROG" ]; then
    make --no-print-directory BUILD="$BUILD" "$PROG" "$SHIM" >/dev/null || { echo "FAIL: cannot build $PROG $SHIM"; exit 1; }
fi
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
fail=0
ko() { echo "FAIL: $*"; fail=1; }
run() { timeout -k 5 120 "$@"; }

# --- 1. the shim -------------------------------------------------------------------------------
run "$SHIM" --benchmark_format=json --benchmark_min_time=0.01 >"$TMP/shim.json" 2>"$TMP/shim.err"
rc=$?
[ $rc -eq 0 ] || { ko "gbench_shim_test exited $rc:"; cat "$TMP/shim.err"; }
python3 - "$TMP/shim.json" <<'EOF' || fail=1
import json, sys
ok = True
def ko(msg):
    global ok
    print("FAIL:", msg); ok = False
d = json.load(open(sys.argv[1]))
runs = [b for b in d["benchmarks"] if b.get("run_type") == "iteration"]
by = {}
for b in runs:
    by.setdefault(b["run_name"], []).append(b)
if d["context"].get("shim_key") != 'shim "value"':
    ko("custom context missing or mangled: %r" % d["context"].get("shim_key"))
for n in (1, 2):
    name = "shim/threads/check/min_time:0.010/real_time/threads:%d" % n
    if name not in by:
        ko("no run %s (have %s)" % (name, sorted(by))); continue
    b = by[name][0]
    if b["threads"] != n: ko("%s: threads %s" % (name, b["threads"]))
    if b.get("iters") != b["iterations"]: ko("%s: iters counter %s != iterations %s" % (name, b.get("iters"), b["iterations"]))
    if b.get("ten_sum") != 10 * n: ko("%s: summed counter %s, want %d" % (name, b.get("ten_sum"), 10 * n))
    if b.get("ten_avg") != 10: ko("%s: kAvgThreads counter %s, want 10" % (name, b.get("ten_avg")))
    if abs(b.get("per_iter", 0) - 1) > 1e-9: ko("%s: kAvgIterations counter %s, want 1" % (name, b.get("per_iter")))
    secs = b["real_time"] * 1e-6 * b["iterations"]
    if not b.get("rate") or abs(b["rate"] * secs / b["iterations"] - 1) > 0.01:
        ko("%s: kIsRate counter %s, want iterations / wall seconds" % (name, b.get("rate")))
    if not b.get("items_per_second"): ko("%s: no items_per_second" % name)
    if b["time_unit"] != "us": ko("%s: unit %s" % (name, b["time_unit"]))
batch = by.get("shim/batch/exact/min_time:0.010/repeats:2/threads:2", [])
if sorted(b["repetition_index"] for b in batch) != [0, 1]: ko("batch: repetitions %s" % [b.get("repetition_index") for b in batch])
for b in batch:
    if b.get("handed") != b["iterations"]: ko("batch: handed out %s != iterations %s" % (b.get("handed"), b["iterations"]))
for a in (1, 2, 3):
    if "shim/args/dense/n:%d/min_time:0.010" % a not in by: ko("no run with n:%d" % a)
for name, msg in (("shim/error/skip/threads:2", "expected failure"), ("shim/error/midway", "stopped after 10"),
                  ("shim/error/early/threads:2", "benchmark function returned before sb_gb_keep_running returned false")):
    b = by.get(name, [{}])[0]
    if not b.get("error_occurred") or b.get("error_message") != msg:
        ko("%s: error_occurred %s, message %r" % (name, b.get("error_occurred"), b.get("error_message")))
sys.exit(0 if ok else 1)
EOF

# --- 2. syncbench-gbench -----------------------------------------------------------------------
FILTER='^mutex/(null|pthread)/uncontended|^mutex/pthread/contended/real_time/threads:2$|^null/'
run "$PROG" --benchmark_filter="$FILTER" --benchmark_min_time=0.01 --benchmark_format=json \
    >"$TMP/prog.json" 2>"$TMP/prog.err"
rc=$?
[ $rc -eq 0 ] || { ko "syncbench-gbench exited $rc:"; cat "$TMP/prog.err"; }
if ! python3 scripts/gbench2csv.py --run-id t1 -o "$TMP/prog.csv" "$TMP/prog.json"; then
    ko "gbench2csv.py failed on syncbench-gbench's JSON"
fi
# The suite's own results.csv header: gbench2csv must write the same columns, in the same order.
SUITE=$BUILD/syncbench
[ -x "$SUITE" ] || make --no-print-directory BUILD="$BUILD" "$SUITE" >/dev/null || ko "cannot build $SUITE"
run "$SUITE" run -q -f 'mutex/null/uncontended' -d 1ms --warmup 1ms -r 1 -o "$TMP/hdr" >/dev/null 2>&1 ||
    ko "syncbench run of mutex/null/uncontended failed"
python3 - "$TMP/prog.json" "$TMP/prog.csv" "$TMP/hdr/results.csv" <<'EOF' || fail=1
import csv, json, sys
ok = True
def ko(msg):
    global ok
    print("FAIL:", msg); ok = False
d = json.load(open(sys.argv[1]))
for k in ("cpu_model", "kernel", "glibc", "compiler", "flags", "git_commit", "schema_version"):
    if not d["context"].get(k): ko("context has no %s" % k)
names = sorted(b["name"] for b in d["benchmarks"])
want = sorted(["null/keep_running/empty/real_time", "null/batch/empty/real_time",
               "mutex/null/uncontended/real_time", "mutex/pthread/uncontended/real_time",
               "mutex/pthread/contended/real_time/threads:2"])
if names != want: ko("ran %s, want %s" % (names, want))
rows = list(csv.DictReader(open(sys.argv[2])))
cols = next(csv.reader(open(sys.argv[3])))
if "counters" not in cols or "flags" not in cols: ko("the suite's header %s" % cols)
if not rows or list(rows[0].keys()) != cols:
    ko("gbench2csv's header %s is not the suite's %s" % (list(rows[0].keys()) if rows else None, cols))
if len(rows) != len(want): ko("%d CSV rows for %d runs" % (len(rows), len(want)))
got = {(r["family"], r["impl"], r["scenario"], r["threads"]) for r in rows}
if ("mutex", "pthread", "contended", "2") not in got or ("mutex", "pthread", "uncontended", "1") not in got:
    ko("CSV rows %s" % sorted(got))
for r in rows:
    if r["check"] != "ok" or r["run_id"] != "t1" or r["rep"] != "0": ko("row %s" % r)
    ops, dur, ns, rate, th = int(r["ops"]), float(r["duration_s"]), float(r["ns_per_op"]), float(r["ops_per_s"]), int(r["threads"])
    if ops <= 0 or dur <= 0 or abs(rate * dur / ops - 1) > 1e-3 or abs(ns * ops / (th * dur * 1e9) - 1) > 1e-3:
        ko("figures do not agree: %s" % r)
    if r["impl"] == "pthread" and not 1 < ns < 1e6: ko("pthread lock+unlock %s ns" % ns)
sys.exit(0 if ok else 1)
EOF

# --benchmark_out and --benchmark_repetitions: two rows, rep 0 and 1.
if run "$PROG" --benchmark_filter='^mutex/pthread/uncontended' --benchmark_min_time=0.01 \
        --benchmark_repetitions=2 --benchmark_out="$TMP/out.json" --benchmark_out_format=json >/dev/null 2>&1; then
    reps=$(python3 scripts/gbench2csv.py --no-header "$TMP/out.json" | cut -d, -f16 | tr '\n' ' ')
    [ "$reps" = "0 1 " ] || ko "--benchmark_out with 2 repetitions gave reps '$reps'"
else
    ko "syncbench-gbench --benchmark_out failed"
fi

# The negative control: a lock that does not exclude is reported as a failed check. Whether two
# threads overlap in a short run is up to the host's scheduling of the two vCPUs, so it gets
# three tries at 2 and 4 threads; one failed check is enough.
caught=""
[ "${SB_SANITIZER:-}" = thread ] && caught=skipped  # it races on purpose: TSan would report it
for try in 1 2 3; do
    [ "$caught" = skipped ] && break
    run "$PROG" --negative-controls --benchmark_filter='^mutex/broken/contended/real_time/threads:[24]$' \
        --benchmark_min_time=0.05 --benchmark_format=json >"$TMP/broken.json" 2>/dev/null
    if python3 scripts/gbench2csv.py "$TMP/broken.json" |
            python3 -c 'import csv, sys; sys.exit(not any(r["check"].startswith("FAIL: mutual exclusion violated") for r in csv.DictReader(sys.stdin)))'; then
        caught=yes; break
    fi
done
[ -n "$caught" ] || ko "the broken lock passed its mutual-exclusion check three times"
# Hidden unless asked for.
"$PROG" --benchmark_list_tests | grep -q broken && ko "the broken lock is listed without --negative-controls"

# Every family: each registered uncontended case runs (a filter per family, a short minimum time)
# and gives valid JSON that gbench2csv turns into one ok row per run; hidden controls stay hidden.
FAMS="mutex rlock rwlock semaphore condvar event timer atomic rcu queue map"
"$PROG" --benchmark_list_tests >"$TMP/list.txt" 2>/dev/null || ko "--benchmark_list_tests failed"
for fam in $FAMS; do
    grep -q "^$fam/.*/uncontended" "$TMP/list.txt" || ko "no $fam/*/uncontended case registered"
done
run "$PROG" --benchmark_filter="^($(echo $FAMS | tr ' ' '|'))/.*uncontended" --benchmark_min_time=0.002 \
    --benchmark_format=json >"$TMP/fam.json" 2>"$TMP/fam.err" || { ko "the families' uncontended cases failed:"; tail -5 "$TMP/fam.err"; }
python3 scripts/gbench2csv.py --run-id fam -o "$TMP/fam.csv" "$TMP/fam.json" || ko "gbench2csv failed on the families' JSON"
python3 - "$TMP/list.txt" "$TMP/fam.csv" $FAMS <<'EOF2' || fail=1
import csv, re, sys
listed = {l.strip() for l in open(sys.argv[1]) if "/uncontended" in l}
rows = list(csv.DictReader(open(sys.argv[2])))
ok = True
def ko(msg):
    global ok
    print("FAIL:", msg); ok = False
if any("broken" in n or "lossy" in n or "early" in n or "nowait" in n or "loadstore_shared" in n for n in listed):
    ko("a negative control is listed without --negative-controls")
fams = {r["family"] for r in rows}
for f in sys.argv[3:]:
    if f not in fams: ko("no CSV row for family %s" % f)
if len(rows) != len(listed): ko("%d rows for %d uncontended cases" % (len(rows), len(listed)))
for r in rows:
    if r["check"] != "ok" or r["scenario"] != "uncontended" or r["threads"] != "1" or not float(r["ns_per_op"]) > 0:
        ko("row %s/%s: check %r, ns_per_op %r" % (r["family"], r["impl"], r["check"], r["ns_per_op"]))
# a user counter that names no column goes into counters (the queue's stalls)
for r in rows:
    if r["family"] == "queue" and not re.fullmatch(r"stalls=\d+", r["counters"]):
        ko("queue/%s row: counters %r, want stalls=N" % (r["impl"], r["counters"]))
pcts = sorted(r["read_pct"] for r in rows if r["family"] == "rwlock" and r["impl"] == "pthread")
if pcts != ["0", "100"]: ko("rwlock/pthread read_pct rows %s, want 0 and 100" % pcts)
sys.exit(0 if ok else 1)
EOF2

# The cross-check: it runs both harnesses and the plain loop (tiny windows), parses the three
# outputs and prints a ratio per case, the plain loop's figure where it covers the case and, for a
# ratio outside 0.9..1.1, which harness the plain loop agrees with; its suite-side mapping finds a
# suite figure for every family that has one.
PLAIN=$BUILD/syncbench-plain
[ -x "$PLAIN" ] || make --no-print-directory BUILD="$BUILD" "$PLAIN" >/dev/null || ko "cannot build $PLAIN"
if python3 scripts/crosscheck.py --build "$BUILD" --only mutex,rwlock,queue -d 5ms --warmup 1ms -r 1 \
        --min-time 0.002 --plain-ms 1 --keep "$TMP/cc" >"$TMP/cc.txt" 2>&1; then
    python3 - "$TMP/cc.txt" <<'EOF2' || fail=1
import re, sys
ok = True
lines = open(sys.argv[1]).read().splitlines()
rows = {}
for l in lines:
    m = re.match(r"^(\S+/uncontended(?: read_pct=\d+)?)\s+([-\d.]+)\s+([-\d.A-Z]+)\s+([-\d.]+)\s+([-\d.A-Z]+)(.*)$", l)
    if m: rows[m.group(1)] = m.groups()[1:]
for name in ("mutex/pthread/uncontended", "rwlock/futex/uncontended read_pct=0",
             "rwlock/futex/uncontended read_pct=100", "queue/lfs/uncontended"):
    if name not in rows:
        print("FAIL: crosscheck has no line for", name); ok = False; continue
    s, g, r, p, rest = rows[name]
    try:
        if abs(float(s) / float(g) - float(r)) > 0.01 * float(r) + 0.006: raise ValueError
    except ValueError:
        print("FAIL: crosscheck line %s: %s / %s != ratio %s" % (name, s, g, r)); ok = False
    want_plain = True
    try:
        has = float(p) > 0
    except ValueError:
        has = False
    if has != want_plain:
        print("FAIL: crosscheck line %s: plain column %r" % (name, p)); ok = False
    flagged = "<<" in rest
    try:
        outside = not 0.9 <= float(r) <= 1.1
    except ValueError:
        outside = False
    if flagged != outside or (flagged and has and not re.search(r"plain: (sb|gb|both|neither)$", rest)):
        print("FAIL: crosscheck line %s: flag %r for ratio %s" % (name, rest, r)); ok = False
if not any(l.startswith("# ") and "outside 0.9..1.1" in l for l in lines):
    print("FAIL: crosscheck printed no summary line"); ok = False
m = re.match(r"^(\d+) of (\d+) within 0.9-1.1 \(([\d.]+) %\)$", lines[-1] if lines else "")
if not m or int(m.group(2)) < 4 or abs(100.0 * int(m.group(1)) / int(m.group(2)) - float(m.group(3))) > 0.06:
    print("FAIL: crosscheck's last line %r" % (lines[-1] if lines else None)); ok = False
sys.exit(0 if ok else 1)
EOF2
    # the same outputs, compared again without running (--from): the same table
    python3 scripts/crosscheck.py --from "$TMP/cc" --only mutex,rwlock,queue >"$TMP/cc2.txt" 2>&1 &&
        cmp -s "$TMP/cc.txt" "$TMP/cc2.txt" || ko "crosscheck --from on saved outputs differs from its run"
    # --time cpu: the same outputs, the threads' CPU time per operation
    python3 scripts/crosscheck.py --from "$TMP/cc" --time cpu \
        --only mutex,rwlock,queue >"$TMP/cc3.txt" 2>&1 && grep -q '^mutex/pthread/uncontended .*[0-9]' "$TMP/cc3.txt" &&
        grep -q 'CPU time (--time cpu)' "$TMP/cc3.txt" || { ko "crosscheck --time cpu:"; cat "$TMP/cc3.txt"; }
    # --no-plain: no plain column
    python3 scripts/crosscheck.py --from "$TMP/cc" --no-plain \
        --only mutex,rwlock,queue 2>&1 | head -1 | grep -q 'plain' && ko "crosscheck --no-plain printed a plain column"
    # a --keep folder is never mixed with a second run
    python3 scripts/crosscheck.py --build "$BUILD" --only mutex -r 1 --keep "$TMP/cc" >/dev/null 2>"$TMP/cc4.err" &&
        ko "crosscheck --keep re-used a folder holding a cross-check"
    grep -q 'holds an earlier cross-check' "$TMP/cc4.err" || ko "crosscheck --keep on a used folder: $(cat "$TMP/cc4.err")"
    # separate runs' outputs (--suite-dir, --gbench-json): compared as they are, unpaired
    d=$(ls -d "$TMP"/cc/rep1/*-mutex_pthread_uncontended)
    python3 scripts/crosscheck.py --suite-dir "$d/suite" --gbench-json "$d/gbench.json" --plain-txt "$d/plain.txt" \
        >"$TMP/cc5.txt" 2>&1 && grep -q '^mutex/pthread/uncontended .*[0-9]' "$TMP/cc5.txt" &&
        grep -q '^1 of 1 within\|^0 of 1 within' "$TMP/cc5.txt" || { ko "crosscheck --suite-dir:"; cat "$TMP/cc5.txt"; }
    # the ratio of a paired run is the median of the rounds' ratios, not the ratio of the medians
    python3 - <<'EOF2' || fail=1
import sys
sys.path.insert(0, "scripts")
import crosscheck
rounds = [("mutex/x/uncontended", None, [10.0, 30.0, 12.0], [10.0, 20.0, 6.0], [10.0, 30.0, 12.0], "")]
lines = crosscheck.paired_table(rounds)
row = next(l for l in lines if l.startswith("mutex/x/"))
w = row.split()
# medians 12 / 10 = 1.2, but the rounds' ratios are 1.0, 1.5, 2.0: median 1.5; sb/pl 1, 1, 1 (sb), gb/pl 1, 0.67, 0.5
if w[1:5] != ["12.00", "10.00", "1.50", "12.00"] or "plain: sb" not in row:
    print("FAIL: paired_table row %r" % row); sys.exit(1)
if lines[-1] != "0 of 1 within 0.9-1.1 (0.0 %)":
    print("FAIL: paired_table last line %r" % lines[-1]); sys.exit(1)
EOF2
    cat "$TMP"/cc/rep1/*/plain.txt >"$TMP/plain-all.txt"
    # the plain loop's own output: one line per case, ns/op > 0, the median within min..max
    python3 - "$TMP/plain-all.txt" <<'EOF2' || fail=1
import sys
ok = True
rows = [l.split() for l in open(sys.argv[1]) if l.strip() and not l.startswith("#")]
names = {w[0] for w in rows}
for want in ("mutex/pthread/uncontended", "mutex/null/uncontended", "queue/lfq/uncontended",
             "rwlock/futex/uncontended,read_pct=0"):
    if want not in names:
        print("FAIL: syncbench-plain has no line for", want); ok = False
for w in rows:
    try:
        med, lo, hi, ops, nb = float(w[1]), float(w[2]), float(w[3]), int(w[4]), int(w[5])
        cpu = float(w[6][4:]) if w[6].startswith("cpu=") else -1
        if not (0 < lo <= med <= hi and ops >= 10000 and nb == 3 and 0 < cpu <= 1.05 * hi): raise ValueError
    except (IndexError, ValueError):
        print("FAIL: syncbench-plain line %r" % " ".join(w)); ok = False
sys.exit(0 if ok else 1)
EOF2
else
    ko "crosscheck failed:"; cat "$TMP/cc.txt"
fi
"$PLAIN" --list 'rcu/*' | grep -q '^rcu/memb/uncontended$' || ko "syncbench-plain --list 'rcu/*' has no rcu/memb"
"$PLAIN" 'no/such/case' >/dev/null 2>&1; [ $? -eq 2 ] || ko "syncbench-plain accepted a pattern that selects nothing"
python3 scripts/crosscheck.py --suite-dir "$TMP" --gbench-json "$TMP/fam.json" >/dev/null 2>&1 &&
    ko "crosscheck accepted a folder without results.csv"

# Errors: an unknown flag, an empty filter, input that is not google-benchmark JSON.
run "$PROG" --no-such-flag >/dev/null 2>&1 && ko "an unknown flag was accepted"
run "$PROG" --benchmark_filter='^nothing$' >/dev/null 2>&1 && ko "an empty selection exited 0"
echo '{"x": 1}' | python3 scripts/gbench2csv.py >/dev/null 2>&1 && ko "gbench2csv accepted JSON without benchmarks"
echo 'not json' | python3 scripts/gbench2csv.py >/dev/null 2>&1 && ko "gbench2csv accepted text"
exit $fail
