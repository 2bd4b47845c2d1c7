#!/bin/sh
# Tests the plot pipeline on a synthetic run: scripts/plot.sh draws the expected images from
# summary.csv, every image is a real non-blank PNG (scripts/check_png.py), failed cases are
# left out and counted, and errors (missing folder, gnuplot failing, a broken PNG) end with a
# non-zero status and one line. Run from the repository root (make test does). Needs gnuplot
# and python3; BUILD is not used (nothing is built).
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sb-plots.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

run="$tmp/run one"      # a space in the path on purpose
mkdir -p "$run"
H=run_id,host,family,impl,scenario,threads,cpus,pin,cs_ns,think_ns,read_pct,depth,permits,waiters
H=$H,params,reps,ops_per_s_median,ops_per_s_min,ops_per_s_max,ops_per_s_ci_lo,ops_per_s_ci_hi
H=$H,ns_per_op_median,ns_per_op_min,ns_per_op_max,ns_per_op_ci_lo,ns_per_op_ci_hi
H=$H,read_ops_per_s_median,write_ops_per_s_median,lat_p50_ns_median,lat_p90_ns_median
H=$H,lat_p99_ns_median,lat_p999_ns_median,lat_max_ns_max,fair_jain_median,vol_cs_median
H=$H,invol_cs_median,check
{
    echo "$H"
    # impl threads ns_med ns_min ns_max p50 p99 jain check
    while read -r impl t ns lo hi p50 p99 jain check; do
        ops=$(awk "BEGIN { print $t * 1e9 / $ns }")
        opsmin=$(awk "BEGIN { print $t * 1e9 / $hi }")
        opsmax=$(awk "BEGIN { print $t * 1e9 / $lo }")
        echo "t-run,testhost,mutex,$impl,contended,$t,$t,none,100,200,,,,,\"mode=a,b;keys=64\",3,$ops,$opsmin,$opsmax,,,$ns,$lo,$hi,,,,,$p50,,$p99,,,$jain,,,$check"
    done <<EOF
pthread 1 20 18 25 15 90 1 ok
pthread 2 35 30 50 25 400 0.97 ok
pthread 4 60 50 90 40 2000 0.9 ok
tas 1 12 11 14 10 40 1 ok
tas 2 40 30 70 20 900 0.7 ok
tas 4 987654 900000 999999 30 5000 0.5 FAIL: two owners at once
EOF
    echo 't-run,testhost,mutex,pthread,uncontended,1,1,none,,,,,,,,3,50000000,40000000,55000000,,,20,18,25,,,,,15,,90,,,1,,,ok'
    echo 't-run,testhost,mutex,tas,uncontended,1,1,none,,,,,,,,3,80000000,70000000,90000000,,,12.5,11,14,,,,,10,,40,,,1,,,ok'
} > "$run/summary.csv"

# --- a run draws its images ---------------------------------------------------------------
sh "$top/scripts/plot.sh" "$run" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc -eq 0 ] || fail "plot.sh exit $rc: $(cat "$tmp/err")"
grep -q "1 of 8 case(s) failed" "$tmp/err" || fail "failed case not reported on stderr: $(cat "$tmp/err")"
for f in contended-ns_per_op contended-ops_per_s contended-latency contended-fairness \
         uncontended-ns_per_op uncontended-ops_per_s uncontended-latency; do
    png="$run/plots/mutex-$f.png"
    if [ ! -s "$png" ]; then
        fail "missing $png"; continue
    fi
    grep -q "mutex-$f.png" "$tmp/out" || fail "mutex-$f.png not listed by plot.sh"
    python3 "$top/scripts/check_png.py" "$png" > /dev/null 2> "$tmp/chk" || fail "$(cat "$tmp/chk")"
done
# A single-thread scenario has no fairness to show.
[ ! -e "$run/plots/mutex-uncontended-fairness.png" ] || fail "fairness drawn for 1 thread"

# --- the failed case is left out of the data drawn ------------------------------------------
python3 "$top/scripts/plot.py" "$run" --out "$tmp/out2" --keep-data "$tmp/data" > /dev/null 2>&1 ||
    fail "plot.py --keep-data failed"
ls "$tmp"/data/*/*.dat > /dev/null 2>&1 || fail "no data files kept"
if grep -rq 987654 "$tmp/data"; then fail "a failed case was drawn"; fi
grep -rq '"tas"' "$tmp/data" || fail "no tas series in the data files"

# --- results/latest-style symlink ----------------------------------------------------------
ln -s "run one" "$tmp/latest"
sh "$top/scripts/plot.sh" "$tmp/latest" > /dev/null 2>&1 || fail "plot.sh does not follow a symlink"

# --- errors: one line, non-zero exit ----------------------------------------------------------
one_line_error() {  # what, then the command
    what=$1; shift
    "$@" > /dev/null 2> "$tmp/err"
    rc=$?
    [ $rc -ne 0 ] || fail "$what: exit status 0"
    [ "$(grep -c . "$tmp/err")" -eq 1 ] || fail "$what: not one line on stderr: $(cat "$tmp/err")"
}
one_line_error "missing folder" sh "$top/scripts/plot.sh" "$tmp/no-such-run"
mkdir "$tmp/empty"
one_line_error "missing summary.csv" sh "$top/scripts/plot.sh" "$tmp/empty"
one_line_error "missing folder (plot.py)" python3 "$top/scripts/plot.py" "$tmp/no-such-run"

# gnuplot failing: a broken copy of the scripts, on a run with no failed case.
mkdir "$tmp/gp" "$tmp/okrun"
cp "$top"/plots/*.gp "$tmp/gp/"
echo "plot no_such_function(x)" >> "$tmp/gp/throughput.gp"
grep -v FAIL "$run/summary.csv" > "$tmp/okrun/summary.csv"
one_line_error "gnuplot failing" python3 "$top/scripts/plot.py" "$tmp/okrun" --gp-dir "$tmp/gp"
grep -q "gnuplot failed" "$tmp/err" || fail "gnuplot failure not named: $(cat "$tmp/err")"

# --- malformed input: one line, exit 2, never a traceback ---------------------------------
bad_input() {  # name, then the file's content on stdin
    mkdir -p "$tmp/bad-$1"
    cat > "$tmp/bad-$1/summary.csv"
    python3 "$top/scripts/plot.py" "$tmp/bad-$1" --out "$tmp/bad-$1/plots" > /dev/null 2> "$tmp/err"
    rc=$?
    [ $rc -eq 2 ] || fail "$1: exit status $rc, not 2: $(head -c 300 "$tmp/err")"
    [ "$(grep -c . "$tmp/err")" -eq 1 ] || fail "$1: not one line on stderr: $(head -c 300 "$tmp/err")"
    if grep -q Traceback "$tmp/err"; then fail "$1: a traceback"; fi
}
hdr=$(head -n1 "$run/summary.csv")
row=$(grep ',tas,uncontended,' "$run/summary.csv")
printf '%s\n' "$hdr" | bad_input header-only
printf '%s\n%s\n' "$hdr" "$(printf '%s' "$row" | cut -c1-60)" | bad_input truncated
printf '%s\n%s\n' "$hdr" "$(printf '%s' "$row" | sed 's/,12.5,/,fast,/')" | bad_input non-numeric
printf '%s\n%s\n' "$hdr" "$(printf '%s' "$row" | sed 's/,12.5,/,nan,/')" | bad_input nan
printf '%s\n%s\n' "$hdr" "$(printf '%s' "$row" | sed 's/,12.5,/,inf,/')" | bad_input inf
printf 'family,impl\nmutex,tas\n' | bad_input missing-columns
head -c 4000 /dev/urandom | bad_input binary
# A 10,000-character params field is not an error, but the image names stay short.
long=$(head -c 10000 /dev/zero | tr '\0' k)
mkdir -p "$tmp/long"
{ printf '%s\n' "$hdr"; grep ',contended,' "$run/summary.csv" | grep -v FAIL | sed "s/\"mode=a,b;keys=64\"/p=$long/"
  grep ',contended,' "$run/summary.csv" | grep -v FAIL; } > "$tmp/long/summary.csv"
python3 "$top/scripts/plot.py" "$tmp/long" > "$tmp/out" 2> "$tmp/err" || fail "long params: $(head -c 300 "$tmp/err")"
longest=$(sed 's|.*/||' "$tmp/out" | awk '{ print length }' | sort -n | tail -n1)
[ "${longest:-999}" -le 120 ] || fail "an image name of $longest characters"

# --- many implementations: one figure per kind of lock (scripts/sbplot/kinds.py) -------------
mkdir -p "$tmp/many"
{ printf '%s\n' "$hdr"
  for impl in null pthread futex tas ttas ticket pthread_spin mcs; do for t in 1 2; do
    echo "t-run,testhost,mutex,$impl,contended,$t,$t,none,100,200,,,,,,3,1000,900,1100,,,2000,1800,2200,,,,,50,,90,,,1,,,ok"
  done; done; } > "$tmp/many/summary.csv"
python3 "$top/scripts/plot.py" "$tmp/many" > "$tmp/out" 2> "$tmp/err" || fail "many: $(cat "$tmp/err")"
for k in sleeping spin queue; do
    [ -s "$tmp/many/plots/mutex-contended-$k-ns_per_op.png" ] ||
        fail "no $k figure: $(sed 's|.*/||' "$tmp/out" | tr '\n' ' ')"
done
[ ! -e "$tmp/many/plots/mutex-contended-ns_per_op.png" ] || fail "8 lines on one mutex figure"

# --- condvar prodcons: oversubscribed=1 is not a parameter to split on ------------------------
mkdir -p "$tmp/over"
{ printf '%s\n' "$hdr"
  for t in 2 4; do for b in 0 1; do
    o=""; [ $t -eq 4 ] && o=";oversubscribed=1"
    echo "t-run,testhost,condvar,pthread,prodcons,$t,2,none,,,,,,,broadcast=$b;capacity=16$o,3,1000,900,1100,,,2000,1800,2200,,,,,,,,,,1,,,ok"
  done; done; } > "$tmp/over/summary.csv"
python3 "$top/scripts/plot.py" "$tmp/over" > "$tmp/out" 2> "$tmp/err" || fail "prodcons: $(cat "$tmp/err")"
[ -s "$tmp/over/plots/condvar-prodcons-broadcast1-ns_per_op.png" ] ||
    fail "prodcons not split by broadcast alone: $(sed 's|.*/||' "$tmp/out" | tr '\n' ' ')"
if grep -q oversubscribed "$tmp/out"; then fail "oversubscribed used as a parameter"; fi

# --- what a scenario measures: rcu/grace is a latency against readers, event/fanout has no
# fairness (1 by construction); a p50 below the clock (empty) is said, not an invisible bar -------
mkdir -p "$tmp/what"
{ printf '%s\n' "$hdr"
  for t in 1 2 4; do
    echo "t-run,testhost,rcu,memb,grace,$t,2,none,,,,,,,,3,1000,900,1100,,,$((t * 1000)),900,1100,,,,,$((t * 500)),,$((t * 900)),,,$(awk "BEGIN { print 1 / $t }"),,,ok"
    echo "t-run,testhost,event,futex,fanout,$((t + 1)),2,none,,,,,,$t,,3,1000,900,1100,,,2000,1800,2200,,,,,5000,,9000,,,1,,,ok"
  done
  echo "t-run,testhost,mutex,tas,uncontended,1,1,none,,,,,,,,3,80000000,70000000,90000000,,,12.5,11,14,,,,,,,40,,,1,,,ok"
  echo "t-run,testhost,mutex,ttas,uncontended,1,1,none,,,,,,,,3,80000000,70000000,90000000,,,12.5,11,14,,,,,12,,40,,,1,,,ok"
} > "$tmp/what/summary.csv"
python3 "$top/scripts/plot.py" "$tmp/what" --keep-data "$tmp/whatdata" > "$tmp/out" 2> "$tmp/err" ||
    fail "what: $(cat "$tmp/err")"
[ -s "$tmp/what/plots/rcu-grace-latency.png" ] || fail "no rcu-grace-latency.png"
for f in rcu-grace-ns_per_op rcu-grace-ops_per_s rcu-grace-fairness event-fanout-fairness; do
    [ ! -e "$tmp/what/plots/$f.png" ] || fail "$f.png drawn: it does not measure what it says"
done
grep -rlq '"below clock"' "$tmp/whatdata" || fail "an empty p50 is not marked below clock"

# --- check_png.py rejects what is not a good PNG ---------------------------------------------
good="$run/plots/mutex-contended-ns_per_op.png"
head -c 3000 "$good" > "$tmp/truncated.png"
echo "not an image" > "$tmp/text.png"
# A valid but blank image: 64x64 white RGB, written by Python's zlib.
python3 - "$tmp/blank.png" <<'EOF'
import struct, sys, zlib
def chunk(t, b):
    return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xFFFFFFFF)
raw = b"".join(b"\x00" + b"\xff" * 64 * 3 for _ in range(64))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
open(sys.argv[1], "wb").write(png)
EOF
for bad in truncated text blank; do
    one_line_error "check_png on $bad" python3 "$top/scripts/check_png.py" "$tmp/$bad.png"
done
grep -q blank "$tmp/err" || fail "blank image not called blank: $(cat "$tmp/err")"
python3 "$top/scripts/check_png.py" "$good" | grep -q "^ok .* 1000x640 colours=" ||
    fail "check_png does not report ok on $good"

if [ $failures -ne 0 ]; then
    echo "plots.sh: $failures failure(s)"
    exit 1
fi
echo "plots.sh: ok"
