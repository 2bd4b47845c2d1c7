#!/bin/sh
# Provenance: scripts/build_info.sh follows commits and edits (and rewrites its output only when
# it changes); the built program reports its commit; meta.json is valid JSON with null (never "")
# for what the machine does not show.
BUILD=${BUILD:-build}
ROOT=$(pwd)
TMP=$(mktemp -d /tmp/sbprov.XXXXXX) || exit 1
trap 'rm -rf "$TMP"' EXIT
fail=0
ko() { echo "FAIL: $*"; fail=1; }

# --- the generator in a scratch repository --------------------------------------------------
cd "$TMP" && git init -q repo && cd repo || exit 1
git config user.email t@example.org && git config user.name t
echo one >f && git add f && git commit -q -m one
export SB_BI_CC=cc SB_BI_CFLAGS='-O2 -march=native "q"' SB_BI_LDFLAGS=-lm
sh "$ROOT/scripts/build_info.sh" out.c || ko "build_info.sh failed"
c1=$(git rev-parse --short=12 HEAD)
grep -q "sb_build_commit\[\] = \"$c1\"" out.c || ko "commit $c1 not in: $(cat out.c)"
grep -q 'sb_build_dirty = 0' out.c || ko "a clean tree is called dirty"
grep -q -- '-march=native \\"q\\"' out.c || ko "flags not recorded or not escaped"
touch -d '2000-01-01' out.c
echo out.c >.gitignore && git add .gitignore && git commit -q -m ignore
sh "$ROOT/scripts/build_info.sh" out.c
[ "$(date -r out.c +%Y)" != 2000 ] || ko "a new commit did not rewrite the file"
touch -d '2000-01-01' out.c
sh "$ROOT/scripts/build_info.sh" out.c
[ "$(date -r out.c +%Y)" = 2000 ] || ko "an unchanged build rewrote the file"
echo two >f
sh "$ROOT/scripts/build_info.sh" out.c
grep -q 'sb_build_dirty = 1' out.c || ko "an edited file is not dirty"
cd "$ROOT" || exit 1

# --- the program ---------------------------------------------------------------------------
commit=$(sed -n 's/.*sb_build_commit\[\] = "\(.*\)";/\1/p' "$BUILD/build_info.c")
v=$("$BUILD/syncbench" --version) || ko "--version failed"
case "$v" in *"0.2.0"*"$commit"*) ;; *) ko "--version says '$v', the build is $commit";; esac
"$BUILD/syncbench" run -q -f 'mutex/null/uncontended' -t 1 -d 2ms --warmup 1ms -r 1 -o "$TMP/run" >/dev/null ||
    ko "run failed"
python3 - "$TMP/run/meta.json" "$commit" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
bad = []
for k in ("syncbench_version", "git_commit", "git_dirty", "compiler", "cflags", "ldflags", "cpu_vendor",
          "cpu_family", "cpu_model_id", "cpu_stepping", "hypervisor", "sockets", "cores", "threads_per_core",
          "numa_nodes", "caches", "clocksource", "kernel_release", "kernel_cmdline", "mitigations", "governor",
          "turbo", "glibc", "liburcu", "google_benchmark", "machine_fingerprint", "build_fingerprint"):
    if k not in d: bad.append("no " + k)
for k, v in d.items():
    if v == "" and k not in ("command_line",): bad.append(k + ' is ""')
if d.get("git_commit") != sys.argv[2]: bad.append("git_commit %r" % d.get("git_commit"))
if len(d.get("machine_fingerprint") or "") != 16: bad.append("machine_fingerprint")
if bad: print("FAIL: meta.json:", "; ".join(bad)); sys.exit(1)
PY
exit $fail
