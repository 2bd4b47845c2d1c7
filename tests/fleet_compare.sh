#!/bin/sh
# Tests `syncbench compare --across-machines FLEET` and `syncbench report FLEET` on a synthetic
# fleet folder (docs/fleet.md): two small real runs as the run folders of two hosts, hA and hB,
# and a fleet.json in the documented format that also lists a failed host, hC. Checks: the
# cross-machine table has a column per host whose figures are the hosts' summary.csv medians
# (csv and json exactly, text and markdown present), the failed host is named, a fleet folder
# without --across-machines or with fewer than two hosts with results is one line and exit 2,
# two run folders compare as before; report.html is written, self-contained, names both hosts
# and the failed one, and has an inline SVG in every family's section. No ssh: tests/fleet.sh
# runs a real fleet; tests/report.sh opens the fleet page in a browser.
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
BUILD=${BUILD:-build}
SB="$BUILD/syncbench"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
[ -x "$SB" ] || { echo "FAIL: $SB is not built"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sb-fleetcmp.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

f=$tmp/fleet-20261202T000000Z
mkdir -p "$f"
t0=$(date +%s)
for h in hA hB; do
    "$SB" run -f 'mutex/null/*' -f 'atomic/fetch_add_shared/*' -t 1,2 -d 20ms -r 3 --min-ops 1 -q \
        -o "$f/$h" > "$tmp/run-$h.log" 2>&1 || { echo "FAIL: the run of $h failed: $(tail -n 3 "$tmp/run-$h.log")"; exit 1; }
done
echo "two runs took $(($(date +%s) - t0)) s"
python3 - "$f" <<'EOF' || exit 1
import json, os, sys
f = sys.argv[1]
hosts = []
for h in ("hA", "hB"):
    m = json.load(open(os.path.join(f, h, "meta.json")))
    hosts.append({"label": h, "login": "lab@" + h, "folder": h, "ok": True, "wall_s": 1.5,
                  "host": m.get("host"), "machine_fingerprint": m.get("machine_fingerprint"),
                  "fingerprint_from": "meta.json"})
hosts.append({"label": "hC", "login": "lab@hC", "folder": "hC", "ok": False})
d = {"fleet_id": os.path.basename(f), "start_time": "2026-12-02T00:00:00Z", "wall_s": 3.0,
     "plan": {"command": "syncbench run -f mutex/null/* -f atomic/fetch_add_shared/* -t 1,2",
              "run_args": ["-f", "mutex/null/*"], "source_commit": "0000000-dirty",
              "source": "source.tar.gz"},
     "hosts": hosts, "ok": ["hA", "hB"],
     "failed": [{"label": "hC", "login": "lab@hC", "stage": "ssh",
                 "reason": "ssh failed: ssh: connect to host hC port 22: Connection refused"}]}
json.dump(d, open(os.path.join(f, "fleet.json"), "w"), indent=1)
EOF

# --- compare --across-machines FLEET ------------------------------------------------------------
"$SB" compare --across-machines "$f" > "$tmp/text" 2> "$tmp/err" || fail "text: exit $?: $(cat "$tmp/err")"
grep -E '^ *threads .* hA +hB +max/min$' "$tmp/text" > /dev/null || fail "text: no column per machine: $(cat "$tmp/text")"
for c in mutex/null/contended mutex/null/uncontended atomic/fetch_add_shared/counter; do
    grep -q "^$c " "$tmp/text" || fail "text: no table for $c"
done
grep -q '^not in the table: hC (ssh: ' "$tmp/text" || fail "text: the failed host is not named"
grep -q '^machine hB: host .*, fingerprint [0-9a-f]' "$tmp/text" || fail "text: the machines are not listed"
"$SB" compare --across-machines --format markdown "$f" > "$tmp/md" 2> "$tmp/err" || fail "markdown: exit $?"
grep -q '^#### mutex/null/contended (ns_per_op)' "$tmp/md" && grep -q '^| threads .*| hA | hB | max/min |$' "$tmp/md" ||
    fail "markdown: $(head -n 12 "$tmp/md")"
grep -q 'not in the table: hC' "$tmp/md" || fail "markdown: the failed host is not named"
for m in ns_per_op ops_per_s; do
    "$SB" compare --across-machines --format csv --metric $m "$f" > "$tmp/$m.csv" 2> "$tmp/$m.err" || fail "csv $m: exit $?: $(cat "$tmp/$m.err")"
done
grep -q 'warning: not in the table: hC' "$tmp/ns_per_op.err" || fail "csv: the failed host is not named on stderr: $(cat "$tmp/ns_per_op.err")"
"$SB" compare --across-machines --format json --metric ns_per_op,lat_p99_ns "$f" > "$tmp/json" 2> "$tmp/err" || fail "json: exit $?: $(cat "$tmp/err")"
# every figure is the host's summary.csv median of that case
python3 - "$f" "$tmp" <<'EOF' || failures=$((failures + 1))
import csv, json, os, sys
f, tmp = sys.argv[1:3]
bad = []
KEY = ["family", "impl", "scenario", "threads", "pin", "cs_ns", "think_ns"]
want = {}
for h in ("hA", "hB"):
    for r in csv.DictReader(open(os.path.join(f, h, "summary.csv"))):
        want[(h,) + tuple(r[k] for k in KEY)] = r
for m in ("ns_per_op", "ops_per_s"):
    rows = list(csv.DictReader(open(os.path.join(tmp, m + ".csv"))))
    if len(rows) != len(want) // 2:
        bad.append(f"csv {m}: {len(rows)} rows, want {len(want) // 2}")
    for r in rows:
        if r["metric"] != m:
            bad.append(f"csv {m}: metric {r['metric']}")
        for h in ("hA", "hB"):
            s = want.get((h,) + tuple(r[k] for k in KEY))
            if s is None or s[m + "_median"] != r[h]:
                bad.append(f"csv {m}: {r['case']} t={r['threads']} {h}: {r[h]!r} vs summary "
                           f"{s and s[m + '_median']!r}")
        got = [float(r[h]) for h in ("hA", "hB")]
        if abs(float(r["max_min"]) - max(got) / min(got)) > 1e-4 * max(got) / min(got):
            bad.append(f"csv {m}: max_min {r['max_min']} for {got}")
d = json.load(open(os.path.join(tmp, "json")))
if [x["label"] for x in d["machines"]] != ["hA", "hB"]:
    bad.append(f"json machines {d['machines']}")
if [x["label"] for x in d["failed"]] != ["hC"] or d["failed"][0]["stage"] != "ssh":
    bad.append(f"json failed {d['failed']}")
if d["metrics"] != ["ns_per_op", "lat_p99_ns"]:
    bad.append(f"json metrics {d['metrics']}")
n = 0
for r in d["rows"]:
    if r["metric"] != "ns_per_op":
        continue
    n += 1
    for h in ("hA", "hB"):
        s = want[(h, r["family"], r["impl"], r["scenario"], str(r["threads"]), r["pin"], r["cs_ns"], r["think_ns"])]
        if r["values"][h] != float(s["ns_per_op_median"]):
            bad.append(f"json {r['case']} {h}: {r['values'][h]} vs {s['ns_per_op_median']}")
if n != len(want) // 2:
    bad.append(f"json: {n} ns_per_op rows")
for b in bad[:10]:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
EOF

one_line_exit2() {  # what, the word the line must hold, then the command's arguments
    what=$1 word=$2; shift 2
    "$SB" "$@" > "$tmp/out" 2> "$tmp/err"; rc=$?
    [ $rc -eq 2 ] || fail "$what: exit $rc, not 2: $(head -c 300 "$tmp/err")"
    [ "$(grep -c . "$tmp/err")" -eq 1 ] || fail "$what: not one line on stderr: $(head -c 400 "$tmp/err")"
    grep -q -- "$word" "$tmp/err" || fail "$what: no '$word' in: $(cat "$tmp/err")"
    if grep -q Traceback "$tmp/err"; then fail "$what: a traceback"; fi
    [ -s "$tmp/out" ] && fail "$what: something on stdout: $(head -c 200 "$tmp/out")"
}
one_line_exit2 "a fleet without --across-machines" --across-machines compare "$f"
one_line_exit2 "a fleet among two folders" --across-machines compare "$f" "$f/hA"
one_line_exit2 "--fail-on with a fleet" fleet compare --across-machines --fail-on slower "$f"
one_line_exit2 "--metric cpu with a fleet" summary.csv compare --across-machines --metric cpu "$f"
# one host with results: hB's folder is gone
f1=$tmp/fleet-one
mkdir "$f1" && cp -r "$f/hA" "$f1/" && cp "$f/fleet.json" "$f1/"
one_line_exit2 "a fleet with one host" "needs at least 2" compare --across-machines "$f1"
rm -rf "$f1/hA"
one_line_exit2 "report of a fleet without results" "no host" report "$f1"
one_line_exit2 "report --compare of a fleet" "--compare" report "$f" --compare "$f/hA"
printf '{"hosts": ' > "$f1/fleet.json"
one_line_exit2 "fleet.json not JSON" "fleet.json" compare --across-machines "$f1"
# two run folders: as before (statistics, A and B)
"$SB" compare --across-machines "$f/hA" "$f/hB" > "$tmp/two" 2> "$tmp/err" || fail "two run folders: exit $?: $(cat "$tmp/err")"
head -n 2 "$tmp/two" | grep -q "^B = $f/hB" || fail "two run folders: $(head -n 3 "$tmp/two")"
grep -q 'verdict' "$tmp/two" || fail "two run folders: no verdict column"

# --- report FLEET --------------------------------------------------------------------------------
if ! command -v gnuplot > /dev/null 2>&1 && [ -z "${CI:-}" ]; then
    echo "SKIP: the fleet report (gnuplot is missing)"
    [ $failures -eq 0 ] || { echo "fleet_compare.sh: $failures failure(s)"; exit 1; }
    exit 0
fi
t0=$(date +%s)
"$SB" report "$f" > "$tmp/out" 2> "$tmp/err" || fail "report: exit $?: $(cat "$tmp/err")"
page=$f/report.html
echo "fleet report took $(($(date +%s) - t0)) s, $(wc -c < "$page" 2>/dev/null) bytes"
grep -qx "$page" "$tmp/out" || fail "report does not print the page's path: $(cat "$tmp/out")"
if [ -s "$page" ]; then
    python3 - "$page" <<'EOF' || failures=$((failures + 1))
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
bad = []
for want in ("Machines", "Plan", "Failed hosts", "<td>hA</td>", "<td>hB</td>", "hC",
             "Connection refused", "<th>hA</th><th>hB</th>", "mutex/null/contended"):
    if want not in s:
        bad.append(f"no {want!r}")
if re.search(r"<script|<img[^>]+src=|<link[^>]+href=", s, re.I):
    bad.append("not self-contained")
# a section per family, each with its plots (inline SVG, a line per machine)
for fam in ("mutex", "atomic"):
    m = re.search(r"<h2 id=fam-%s>(.*?)(?=<h2 |</body>)" % fam, s, re.S)
    if not m:
        bad.append(f"no section {fam}")
    elif "<svg" not in m.group(1):
        bad.append(f"section {fam} has no svg")
    elif "hA" not in m.group(1) or "hB" not in m.group(1):
        bad.append(f"section {fam}: the figures or tables do not name both machines")
for b in bad:
    print("FAIL: report.html:", b)
sys.exit(1 if bad else 0)
EOF
else
    fail "no $page"
fi

if [ $failures -ne 0 ]; then
    echo "fleet_compare.sh: $failures failure(s)"
    exit 1
fi
echo "fleet_compare.sh: ok"
