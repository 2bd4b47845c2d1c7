#!/bin/sh
# Tests `syncbench fleet` for real: an sshd of its own on a loopback port (its own config, host
# key and client key in a temp folder, stopped by the trap), two logins to it (127.0.0.1 and
# 127.0.0.2, each with its own remote work folder) and a third that is refused (127.0.0.3, where
# nothing listens on that port). A tiny plan goes through GNU parallel: both run folders come back, the merge
# and fleet.json are checked, the refused host is reported while the others are kept, and
# scripts/fleet_table.py, `syncbench compare --across-machines` and `syncbench report` read the
# fleet folder. Also checks scripts/slurm-array.sh with
# bash -n. Needs sshd, ssh, parallel, rsync, python3 (skipped with a note when sshd or parallel is
# missing outside CI). Only loopback addresses are contacted.
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
BUILD=${BUILD:-build}
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

bash -n scripts/slurm-array.sh || fail "scripts/slurm-array.sh does not parse"
bash -n scripts/fleet.sh || fail "scripts/fleet.sh does not parse"

for c in /usr/sbin/sshd ssh ssh-keygen parallel rsync python3; do
    if ! command -v "$c" >/dev/null 2>&1; then
        [ -n "${CI:-}" ] && { echo "FAIL: $c is missing (.ci/run installs it)"; exit 1; }
        echo "skipped: $c is missing"; exit "$failures"
    fi
done
[ -x "$BUILD/syncbench" ] || { echo "FAIL: $BUILD/syncbench is not built"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sb-fleet.XXXXXX") || exit 1
sshd_pid=""
cleanup() {
    [ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null && wait "$sshd_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# --- an sshd of our own ---------------------------------------------------------------------
mkdir -p /run/sshd 2>/dev/null
ssh-keygen -q -t ed25519 -N '' -f "$tmp/host_key" || exit 1
ssh-keygen -q -t ed25519 -N '' -f "$tmp/client_key" || exit 1
cp "$tmp/client_key.pub" "$tmp/authorized_keys"
user=$(id -un)
# a free loopback port (the kernel's pick); sshd is retried on another if it loses the race
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
start_sshd() {
port=$(free_port)
cat > "$tmp/sshd_config" <<EOF
Port $port
ListenAddress 127.0.0.1
ListenAddress 127.0.0.2
HostKey $tmp/host_key
AuthorizedKeysFile $tmp/authorized_keys
PidFile $tmp/sshd.pid
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
AllowUsers $user
MaxStartups 30
EOF
/usr/sbin/sshd -D -e -f "$tmp/sshd_config" 2> "$tmp/sshd.log" &
sshd_pid=$!
}
# 127.0.0.3 is refused: sshd listens on the port at 127.0.0.1 and 127.0.0.2 only
write_ssh_config() {
cat > "$tmp/ssh_config" <<EOF
Host 127.0.0.1 127.0.0.2 127.0.0.3
    Port $port
Host *
    User $user
    IdentityFile $tmp/client_key
    IdentitiesOnly yes
    StrictHostKeyChecking no
    UserKnownHostsFile /dev/null
    LogLevel ERROR
    BatchMode yes
    ConnectTimeout 5
EOF
}
ok=0
for attempt in 1 2 3; do
    start_sshd
    write_ssh_config
    for i in $(seq 1 50); do
        if ssh -F "$tmp/ssh_config" 127.0.0.1 true 2>/dev/null; then ok=1; break; fi
        kill -0 "$sshd_pid" 2>/dev/null || break
        sleep 0.1
    done
    [ $ok -eq 1 ] && break
    kill "$sshd_pid" 2>/dev/null; wait "$sshd_pid" 2>/dev/null; sshd_pid=""
done
if [ $ok -ne 1 ]; then
    echo "FAIL: sshd did not accept the test's login"; cat "$tmp/sshd.log"; exit 1
fi

# --- the fleet: two good logins, one refused --------------------------------------------------
printf '# the test fleet\n%s@127.0.0.1\n\n127.0.0.2\n%s@127.0.0.3   # nothing listens there\n' "$user" "$user" > "$tmp/hosts"
export PARALLEL_SSH="ssh -F $tmp/ssh_config"
export SB_FLEET_REMOTE_DIR="$tmp/remote"
# the same make on every host; -O0 and one job per host keep two builds on 2 CPUs near 30 s
export SB_FLEET_MAKE="make -j1 OPT=-O0"
t0=$(date +%s)
"$BUILD/syncbench" fleet --hosts "$tmp/hosts" --out "$tmp/fleet" \
    -f 'mutex/null/*' -t 1 -d 5ms --warmup 1ms -r 1 > "$tmp/fleet.out" 2> "$tmp/fleet.err"
rc=$?
t1=$(date +%s)
echo "fleet took $((t1 - t0)) s (exit $rc)"
[ $rc -eq 1 ] || fail "fleet exit $rc with a refused host (want 1)"
f=$tmp/fleet
for h in 127.0.0.1 127.0.0.2; do
    [ -f "$f/$h/summary.csv" ] || fail "$h: no summary.csv came back"
    [ -f "$f/$h/meta.json" ] || fail "$h: no meta.json came back"
    [ -f "$f/$h/build.log" ] || fail "$h: no build.log came back"
    [ -d "$tmp/remote/$h/src" ] || fail "$h: no remote work folder $tmp/remote/$h"
    grep -q 'mutex,null,uncontended' "$f/$h/summary.csv" 2>/dev/null || fail "$h: summary.csv lacks mutex/null/uncontended"
done
[ -f "$f/source.tar.gz" ] || fail "the shipped source is not kept"
[ -d "$f/127.0.0.3" ] && fail "the refused host has a run folder"
# the merge: one header, a fleet_host column, both hosts' rows
if [ -f "$f/summary.csv" ]; then
    head -n1 "$f/summary.csv" | grep -q '^fleet_host,run_id,host,family' || fail "merged summary.csv header: $(head -n1 "$f/summary.csv")"
    [ "$(grep -c '^fleet_host,' "$f/summary.csv")" -eq 1 ] || fail "merged summary.csv has more than one header"
    for h in 127.0.0.1 127.0.0.2; do
        grep -q "^$h,.*,mutex,null,contended," "$f/summary.csv" || fail "merged summary.csv lacks $h's rows"
    done
else
    fail "no merged summary.csv"
fi
python3 - "$f/fleet.json" "$tmp/fleet.err" <<'EOF' || failures=$((failures + 1))
import json, sys
d = json.load(open(sys.argv[1]))
err = open(sys.argv[2]).read()
bad = []
labels = [h["label"] for h in d["hosts"]]
if labels != ["127.0.0.1", "127.0.0.2", "127.0.0.3"]: bad.append("hosts %r" % labels)
if d["ok"] != ["127.0.0.1", "127.0.0.2"]: bad.append("ok %r" % d["ok"])
if len(d["failed"]) != 1 or d["failed"][0]["label"] != "127.0.0.3" or d["failed"][0]["stage"] != "ssh":
    bad.append("failed %r" % d["failed"])
elif "refused" not in d["failed"][0]["reason"]: bad.append("reason %r" % d["failed"][0]["reason"])
for h in d["hosts"][:2]:
    fp = h.get("machine_fingerprint", "")
    if len(fp) < 8: bad.append("%s: fingerprint %r" % (h["label"], fp))
if "-f mutex/null/*" not in d["plan"]["command"]: bad.append("plan %r" % d["plan"]["command"])
if "127.0.0.3" not in err or "FAILED" not in err: bad.append("stderr does not name the failed host: " + err)
for b in bad: print("FAIL: fleet.json:", b)
sys.exit(1 if bad else 0)
EOF
# the cross-machine table: one table per case, a column per machine
python3 scripts/fleet_table.py "$f" > "$tmp/table.txt" 2>&1 || fail "fleet_table.py failed: $(cat "$tmp/table.txt")"
grep -q '^mutex/null/contended' "$tmp/table.txt" || fail "no table for mutex/null/contended"
grep -E '^ *threads.*127\.0\.0\.1.*127\.0\.0\.2' "$tmp/table.txt" >/dev/null || fail "no column per machine: $(cat "$tmp/table.txt")"
grep -q '127.0.0.3' "$tmp/table.txt" || fail "the table does not mention the failed host"
grep -q '^machine 127.0.0.2: host .*, fingerprint [0-9a-f]' "$tmp/table.txt" || fail "the table does not name the machines"
# the same through syncbench: compare --across-machines FLEET and report FLEET
"$BUILD/syncbench" compare --across-machines "$f" > "$tmp/cmp.txt" 2>&1 || fail "compare --across-machines: $(cat "$tmp/cmp.txt")"
grep -E '^ *threads .*127\.0\.0\.1 +127\.0\.0\.2 +max/min$' "$tmp/cmp.txt" > /dev/null || fail "compare: no column per machine: $(cat "$tmp/cmp.txt")"
grep -q '^not in the table: 127.0.0.3 (ssh: ' "$tmp/cmp.txt" || fail "compare does not name the failed host"
if command -v gnuplot > /dev/null 2>&1 || [ -n "${CI:-}" ]; then
    "$BUILD/syncbench" report "$f" > /dev/null 2> "$tmp/rep.err" || fail "report FLEET: $(cat "$tmp/rep.err")"
    for want in '<svg' '<td>127.0.0.1</td>' '<td>127.0.0.2</td>' '127.0.0.3' 'mutex/null/contended'; do
        grep -q "$want" "$f/report.html" 2>/dev/null || fail "the fleet's report.html has no '$want'"
    done
fi

# a build that fails is reported as such (a make that fails at once stands for a broken tree)
printf '127.0.0.2\n' > "$tmp/hosts1"
SB_FLEET_MAKE=false "$BUILD/syncbench" fleet --hosts "$tmp/hosts1" --out "$tmp/fb" -f 'mutex/null/*' \
    > /dev/null 2> "$tmp/fb.err"; rb=$?
[ $rb -eq 1 ] || fail "a failing build: exit $rb"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); f = d["failed"]; sys.exit(0 if d["ok"] == [] and f and f[0]["stage"] == "build" else 1)' \
    "$tmp/fb/fleet.json" 2>/dev/null || fail "a failing build is not reported as one: $(cat "$tmp/fb/fleet.json" 2>&1)"
[ -f "$tmp/fb/127.0.0.2/build.log" ] || fail "a failing build's build.log did not come back"
# a run that cannot start is a failed run (a make that builds nothing leaves no program to run)
SB_FLEET_MAKE=true "$BUILD/syncbench" fleet --hosts "$tmp/hosts1" --out "$tmp/fr" -f 'mutex/null/*' \
    > /dev/null 2> "$tmp/fr.err"; rr=$?
[ $rr -eq 1 ] || fail "a failing run: exit $rr"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); f = d["failed"]; sys.exit(0 if f and f[0]["stage"] == "run" else 1)' \
    "$tmp/fr/fleet.json" 2>/dev/null || fail "a failing run is not reported as one: $(cat "$tmp/fr/fleet.json" 2>&1)"

# bad input is refused before any host is contacted
"$BUILD/syncbench" fleet --hosts "$tmp/nosuch" -f 'mutex/null/*' > /dev/null 2> "$tmp/e1"; r1=$?
[ $r1 -eq 2 ] && grep -q nosuch "$tmp/e1" || fail "missing hosts file: exit $r1: $(cat "$tmp/e1")"
"$BUILD/syncbench" fleet --hosts "$tmp/hosts" --out "$tmp/f2" -t 0 > /dev/null 2> "$tmp/e2"; r2=$?
[ $r2 -eq 2 ] && grep -q threads "$tmp/e2" && [ ! -e "$tmp/f2" ] || fail "a bad plan: exit $r2: $(cat "$tmp/e2")"

# SB_FLEET_TEST_KEEP=DIR keeps a copy of the fleet folder (to look at after the test)
[ -n "${SB_FLEET_TEST_KEEP:-}" ] && cp -r "$f" "$SB_FLEET_TEST_KEEP"
if [ $failures -ne 0 ]; then
    echo "--- fleet stderr"; cat "$tmp/fleet.err"
    for l in "$f"/logs/*.txt; do echo "--- $l"; tail -n 5 "$l"; done
    exit 1
fi
cat "$tmp/table.txt"
echo "fleet: ok"
