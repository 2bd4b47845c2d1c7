#!/bin/sh
# Tests `syncbench report` in a real browser: a tiny run (mutex, 1 and 2 threads, and one queue
# implementation, whose rows carry counters) is measured; scripts/plot.sh draws it;
# its report.html written, then headless Chromium, driven through chromedriver's W3C WebDriver
# HTTP API (a small standard-library client below), opens the page: every <svg> and <img> must
# have a non-zero size, the browser's log must hold no SEVERE entry, the page must name its
# sections; a screenshot goes to $BUILD/test-artifacts/report.png. Also: the page is
# self-contained (no src=/href= to another file, no <script>), --compare adds the side-by-side
# table, and a missing or malformed run folder is one line on stderr and exit 2. A fleet's page
# (the run copied as two hosts' folders, a fleet.json) is opened in the browser the same way.
# Prints SKIP and exits 0 only when chromium or chromedriver is missing (the rest still runs).
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD="$top/$BUILD" ;; esac
SB="$BUILD/syncbench"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sb-report.XXXXXX") || exit 1
driver_pid=""
cleanup() {
    [ -n "$driver_pid" ] && kill "$driver_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
[ -x "$SB" ] || { echo "FAIL: $SB not built"; exit 1; }

# --- a tiny run and its report ----------------------------------------------------------------
"$SB" run -f 'mutex/*' -f 'queue/lfs/*' -t 1,2 -d 10ms --warmup 2ms -r 2 -q -o "$tmp/run" > "$tmp/run.log" 2>&1 ||
    { echo "FAIL: the run failed: $(tail -n 3 "$tmp/run.log")"; exit 1; }
# the plots read the program's own summary.csv, every column of it (a counters column once broke them)
sh "$top/scripts/plot.sh" "$tmp/run" > "$tmp/plot.out" 2>&1 || fail "plot.sh on a real run: $(tail -n 2 "$tmp/plot.out")"
start=$(date +%s)
"$SB" report "$tmp/run" > "$tmp/out" 2> "$tmp/err" || fail "report exit $?: $(cat "$tmp/err")"
echo "report took $(($(date +%s) - start)) s"
page="$tmp/run/report.html"
[ -s "$page" ] || { echo "FAIL: no $page"; exit 1; }
grep -qx "$page" "$tmp/out" || fail "report does not print the page's path: $(cat "$tmp/out")"
for want in 'Machine and build' 'Plan' 'Contents' 'Rankings' '<svg' 'mutex' 'queue'; do
    grep -q "$want" "$page" || fail "report.html has no '$want'"
done
if grep -Eiq '<script|<img[^>]+src=|<link[^>]+href=|https?://[^"]*\.(js|css|png|svg)' "$page"; then
    fail "report.html is not self-contained: $(grep -Eio '<script[^>]*>|src=[^ >]*|<link[^>]*>' "$page" | head -n 3)"
fi

# --- compare: the side-by-side table -----------------------------------------------------------
"$SB" report "$tmp/run" --compare "$tmp/run" --out "$tmp/cmp.html" > /dev/null 2> "$tmp/err" ||
    fail "report --compare exit $?: $(cat "$tmp/err")"
grep -q 'B/A' "$tmp/cmp.html" || fail "no ratio table in the compared report"
grep -q 'A = run' "$tmp/cmp.html" || fail "the compared report does not say which run is A"

# --- errors: one line, exit 2 --------------------------------------------------------------------
one_line_exit2() {  # what, then the run folder
    "$SB" report "$2" > /dev/null 2> "$tmp/err"
    rc=$?
    [ $rc -eq 2 ] || fail "$1: exit status $rc, not 2: $(head -c 300 "$tmp/err")"
    [ "$(grep -c . "$tmp/err")" -eq 1 ] || fail "$1: not one line on stderr: $(head -c 300 "$tmp/err")"
    if grep -q Traceback "$tmp/err"; then fail "$1: a traceback"; fi
}
one_line_exit2 "missing folder" "$tmp/no-such-run"
mkdir "$tmp/empty"
one_line_exit2 "no summary.csv" "$tmp/empty"
mkdir "$tmp/trunc"
head -c 700 "$tmp/run/summary.csv" > "$tmp/trunc/summary.csv"
one_line_exit2 "truncated summary.csv" "$tmp/trunc"
mkdir "$tmp/garbage"
head -c 2000 /dev/urandom > "$tmp/garbage/summary.csv"
one_line_exit2 "binary summary.csv" "$tmp/garbage"
mkdir "$tmp/badmeta"
cp "$tmp/run/summary.csv" "$tmp/badmeta/"
printf '{"host": ' > "$tmp/badmeta/meta.json"
one_line_exit2 "meta.json not JSON" "$tmp/badmeta"
"$SB" report > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] || fail "report without a folder: not exit 2"

# --- the page in a real browser -----------------------------------------------------------------
CHROME=$(command -v chromium || command -v chromium-browser || true)
DRIVER=$(command -v chromedriver || true)
if [ -z "$CHROME" ] || [ -z "$DRIVER" ]; then
    echo "SKIP: browser check (chromium or chromedriver missing: apt-get install chromium chromium-driver)"
    [ $failures -eq 0 ] || { echo "report.sh: $failures failure(s)"; exit 1; }
    exit 0
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$DRIVER" --port="$port" > "$tmp/driver.log" 2>&1 &
driver_pid=$!
mkdir -p "$BUILD/test-artifacts"
cat > "$tmp/wd.py" <<'EOF'
import base64, json, sys, time, urllib.error, urllib.request

port, page, shot, chrome = sys.argv[1:5]
sections = sys.argv[5].split(",") if len(sys.argv) > 5 else ["Machine and build", "Plan", "mutex"]
base = f"http://127.0.0.1:{port}"


def call(method, path, body=None, timeout=120):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read().decode() or "{}").get("value")
    except urllib.error.HTTPError as e:
        raise SystemExit(f"webdriver {method} {path}: HTTP {e.code}: {e.read().decode()[:300]}")


for _ in range(100):  # chromedriver takes a moment to listen
    try:
        if call("GET", "/status", timeout=2).get("ready"):
            break
    except (OSError, SystemExit):
        pass
    time.sleep(0.1)
else:
    raise SystemExit("chromedriver did not start")

caps = {"capabilities": {"alwaysMatch": {
    "browserName": "chrome",
    "goog:chromeOptions": {"binary": chrome,
                           "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                    "--window-size=1280,2000"]},
    "goog:loggingPrefs": {"browser": "ALL"}}}}
sid = call("POST", "/session", caps)["sessionId"]
problems = []
try:
    call("POST", f"/session/{sid}/url", {"url": "file://" + page})
    info = call("POST", f"/session/{sid}/execute/sync", {"script": """
        const out = {ready: document.readyState, title: document.title, bad: [], n: 0};
        for (const el of document.querySelectorAll('svg, img')) {
            if (el.parentElement && el.parentElement.closest('svg')) continue;  // nested
            out.n++;
            const r = el.getBoundingClientRect();
            if (!(r.width > 0 && r.height > 0))
                out.bad.push(el.tagName + ' #' + out.n + ' ' + r.width + 'x' + r.height);
        }
        out.h2 = Array.from(document.querySelectorAll('h2')).map(h => h.textContent);
        out.links = Array.from(document.querySelectorAll('nav a')).filter(
            a => !document.getElementById(a.getAttribute('href').slice(1))).map(a => a.href);
        return out;""", "args": []})
    print(f"page: {info['title']!r}, {info['n']} images, sections {info['h2']}")
    if info["n"] == 0:
        problems.append("no <svg> or <img> in the page")
    if info["bad"]:
        problems.append(f"{len(info['bad'])} image(s) of zero size: {info['bad'][:5]}")
    if info["links"]:
        problems.append(f"contents links to nothing: {info['links'][:3]}")
    for want in sections:
        if want not in info["h2"]:
            problems.append(f"no section {want!r}")
    logs = call("POST", f"/session/{sid}/se/log", {"type": "browser"}) or []
    severe = [e.get("message", "") for e in logs if e.get("level") == "SEVERE"]
    if severe:
        problems.append(f"browser log: {severe[:3]}")
    png = base64.b64decode(call("GET", f"/session/{sid}/screenshot"))
    with open(shot, "wb") as f:
        f.write(png)
    print(f"screenshot {shot} ({len(png)} bytes)")
    # and one of the first figure, where the plots begin
    call("POST", f"/session/{sid}/execute/sync", {
        "script": "const f = document.querySelector('figure'); if (f) f.scrollIntoView();",
        "args": []})
    png = base64.b64decode(call("GET", f"/session/{sid}/screenshot"))
    with open(shot.replace(".png", "-figure.png"), "wb") as f:
        f.write(png)
finally:
    call("DELETE", f"/session/{sid}")
if problems:
    raise SystemExit("; ".join(problems))
EOF
python3 "$tmp/wd.py" "$port" "$page" "$BUILD/test-artifacts/report.png" "$CHROME" > "$tmp/browser" 2>&1
rc=$?
cat "$tmp/browser"
[ $rc -eq 0 ] || fail "browser check: $(tail -n 1 "$tmp/browser")"
if [ $rc -eq 0 ]; then
    python3 "$top/scripts/check_png.py" "$BUILD/test-artifacts/report.png" > /dev/null 2> "$tmp/err" ||
        fail "screenshot: $(cat "$tmp/err")"
fi

# A fleet's page (docs/fleet.md): the run twice, as the run folders of two hosts, a fleet.json
# that also lists a failed one; a figure per case with a line per machine.
mkdir -p "$tmp/fleet"
cp -r "$tmp/run" "$tmp/fleet/hA" && cp -r "$tmp/run" "$tmp/fleet/hB" && rm -f "$tmp/fleet"/h?/report.html
printf '%s\n' '{"fleet_id": "fleet-test", "wall_s": 1.0, "plan": {"command": "syncbench run -f mutex/*"},' \
    ' "hosts": [{"label": "hA", "folder": "hA", "ok": true}, {"label": "hB", "folder": "hB", "ok": true},' \
    '           {"label": "hC", "folder": "hC", "ok": false}],' \
    ' "ok": ["hA", "hB"], "failed": [{"label": "hC", "login": "hC", "stage": "ssh", "reason": "refused"}]}' \
    > "$tmp/fleet/fleet.json"
start=$(date +%s)
if "$SB" report "$tmp/fleet" > /dev/null 2> "$tmp/err"; then
    echo "fleet report took $(($(date +%s) - start)) s, $(wc -c < "$tmp/fleet/report.html") bytes"
    python3 "$tmp/wd.py" "$port" "$tmp/fleet/report.html" "$BUILD/test-artifacts/report-fleet.png" "$CHROME" \
        "Machines,Plan,Failed hosts,mutex" > "$tmp/browser" 2>&1
    rc=$?
    cat "$tmp/browser"
    [ $rc -eq 0 ] || fail "fleet page in the browser: $(tail -n 1 "$tmp/browser")"
else
    fail "report of a fleet: $(cat "$tmp/err")"
fi

# The check can fail: a page with a figure of no size and an image that does not load.
printf '<!DOCTYPE html><html><head><title>broken</title></head><body><h2>Machine and build</h2><h2>Plan</h2><h2>mutex</h2><svg width="0" height="0"></svg><img src="no-such.png"></body></html>\n' > "$tmp/broken.html"
if python3 "$tmp/wd.py" "$port" "$tmp/broken.html" "$tmp/broken.png" "$CHROME" > "$tmp/browser" 2>&1; then
    fail "the browser check passes a broken page"
else
    for want in "zero size" "browser log"; do
        grep -q "$want" "$tmp/browser" || fail "broken page: no '$want' in: $(tail -n 1 "$tmp/browser")"
    done
fi

if [ $failures -ne 0 ]; then
    echo "report.sh: $failures failure(s)"
    exit 1
fi
echo "report.sh: ok"
