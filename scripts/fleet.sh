#!/bin/bash
# fleet.sh: one syncbench plan on every host of a fleet, through GNU parallel over ssh.
#
#   scripts/fleet.sh --hosts FILE [--jobs N | --sequential] [--out DIR] [--ssh CMD] [--] RUN OPTIONS
#   (build/syncbench fleet ... runs this script)
#
# FILE lists one login a line in GNU parallel's --sshloginfile format ("host", "user@host",
# "4/user@host", "ssh -p 2222 user@host"); blank lines and '#' comments are skipped. Each host
# gets a label (its host name; a repeated one gets -2, -3...) and a remote work folder of its own,
# $SB_FLEET_REMOTE_DIR/<label> (default syncbench-fleet/<label> below the login's home), so two
# logins to one machine never share a folder.
#
# Per host, GNU parallel ships source.tar.gz (the tree as git sees it, uncommitted edits
# included) with --transferfile, the host unpacks it, builds build/syncbench with the same make
# ($SB_FLEET_MAKE, default "make -j2"), runs `syncbench run RUN OPTIONS -o <label>`, and
# parallel brings <label>/ back with --return into the fleet folder:
#
#   results/fleet-<UTC time>/
#     source.tar.gz      what was shipped          fleet.json   hosts, fingerprints, plan, failures
#     <label>/           that host's run folder (meta.json, summary.csv...; build.log, run.log)
#     summary.csv, results.csv   every host's rows, a first column fleet_host added
#     logs/<label>.txt   what parallel and ssh said for that host
#
# A host that cannot be reached, fails to build or fails its run is listed in fleet.json with
# the stage and the reason; the others' results are kept. --jobs N runs N hosts at once (default:
# all), --sequential one after another. --ssh CMD (or $PARALLEL_SSH) is the ssh command parallel
# uses (e.g. "ssh -F fleet_ssh_config"). Exit status: 0 every host ok, 1 a host failed, 2 bad input.
set -u
prog=fleet
top=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "syncbench $prog: $*" >&2; exit 2; }

# --- one host, run by the remote login inside its work folder -----------------------------------
if [ "${1:-}" = --remote ]; then
    label=$2; shift 2
    mkdir -p "$label"
    st="$label/fleet-status"
    cd src || exit 101
    if ! ${SB_FLEET_MAKE:-make -j2} SB_GIT="${SB_FLEET_GIT:-unknown}" build/syncbench > "../$label/build.log" 2>&1; then
        echo "build failed: $(grep -m1 -iE 'error|no rule|not found' "../$label/build.log" | cut -c1-200)" > "../$st"
        exit 101
    fi
    cd ..
    src/build/syncbench run "$@" -o "$label" > "$label/run.log" 2>&1
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "run failed: exit $rc: $(grep -m1 -E 'syncbench:|FAIL|ERROR' "$label/run.log" | cut -c1-200)" > "$st"
        exit 102
    fi
    echo ok > "$st"
    exit 0
fi

# --- one host, run locally by the outer parallel: ship, build, run, bring back -------------------
if [ "${1:-}" = --one ]; then
    label=$2 login=$3
    fleet=$SB_FLEET_DIR
    cd "$fleet" || exit 2
    mapfile -t args < plan.args
    q=""
    [ ${#args[@]} -gt 0 ] && q=$(printf '%q ' "${args[@]}")
    rdir="${SB_FLEET_REMOTE_DIR:-syncbench-fleet}/$label"
    t0=$(date +%s.%N)
    # the remote command: a fresh tree, then this script's --remote part from the shipped tree
    cmd="rm -rf src && mkdir -p src && tar -xzf source.tar.gz -C src && SB_FLEET_GIT=$(printf %q "$SB_FLEET_GIT") SB_FLEET_MAKE=$(printf %q "${SB_FLEET_MAKE:-make -j2}") bash src/scripts/fleet.sh --remote @SBLABEL@ $q"
    # -I: the label is the one replacement string (a {} in the run options stays as it is)
    parallel --no-notice -I @SBLABEL@ -S "$login" --wd "$rdir" --transferfile source.tar.gz \
        --return "$label" --cleanup -j1 --halt never "$cmd" ::: "$label" > "logs/$label.txt" 2>&1
    rc=$?
    t1=$(date +%s.%N)
    if [ -f "$label/fleet-status" ]; then
        reason=$(head -n1 "$label/fleet-status")
    elif [ $rc -eq 0 ]; then
        reason="run failed: no status came back"
    else
        reason="ssh failed: $(grep -m1 -iE 'ssh|refused|denied|resolve|timed out|closed' "logs/$label.txt" | cut -c1-200)"
        [ "$reason" = "ssh failed: " ] && reason="ssh failed: parallel exit $rc"
    fi
    printf '%s\t%s\t%s\t%s\n' "$label" "$login" "$(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }")" "$reason" > "status/$label"
    [ "$reason" = ok ]
    exit $?
fi

# --- the whole fleet ----------------------------------------------------------------------------
usage() {
    sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'
}
hosts="" jobs=0 out="" runargs=()
while [ $# -gt 0 ]; do
    case $1 in
        --hosts) [ $# -ge 2 ] || die "--hosts needs a file"; hosts=$2; shift 2 ;;
        --hosts=*) hosts=${1#--hosts=}; shift ;;
        --jobs|-j) [ $# -ge 2 ] || die "--jobs needs a number"; jobs=$2; shift 2 ;;
        --sequential) jobs=1; shift ;;
        --out) [ $# -ge 2 ] || die "--out needs a folder"; out=$2; shift 2 ;;
        --ssh) [ $# -ge 2 ] || die "--ssh needs a command"; export PARALLEL_SSH=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        --) shift; runargs+=("$@"); break ;;
        -o|--out=*|-o*) die "$1: the fleet chooses each host's output folder (use --out for the fleet folder)" ;;
        *) runargs+=("$1"); shift ;;
    esac
done
[ -n "$hosts" ] || die "--hosts FILE is required (one ssh login a line)"
[ -r "$hosts" ] || die "--hosts: cannot read '$hosts'"
case $jobs in ''|*[!0-9]*) die "--jobs: expected a whole number, got '$jobs'" ;; esac
command -v parallel >/dev/null 2>&1 || die "GNU parallel is missing (apt-get install parallel)"
command -v rsync >/dev/null 2>&1 || die "rsync is missing: GNU parallel transfers files with it (apt-get install rsync)"

# logins and their labels
logins=() labels=()
while IFS= read -r line || [ -n "$line" ]; do
    line=${line%%#*}
    line=$(printf '%s' "$line" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
    [ -n "$line" ] || continue
    last=${line##* }; last=${last##*/}; h=${last##*@}
    h=$(printf '%s' "$h" | tr -c 'A-Za-z0-9._-' '_')
    l=$h n=2
    while printf '%s\n' "${labels[@]+"${labels[@]}"}" | grep -qxF -- "$l"; do l="$h-$n"; n=$((n + 1)); done
    case $l in logs|status) l="$l-host" ;; esac
    logins+=("$line"); labels+=("$l")
done < "$hosts"
[ ${#logins[@]} -gt 0 ] || die "--hosts: '$hosts' lists no login"
[ "$jobs" -eq 0 ] && jobs=${#logins[@]}

stamp=$(date -u +%Y%m%dT%H%M%SZ)
fleet=${out:-$top/results/fleet-$stamp}
[ -e "$fleet" ] && [ -n "$(ls -A "$fleet" 2>/dev/null)" ] && die "--out: '$fleet' exists and is not empty"
mkdir -p "$fleet/logs" "$fleet/status" || die "cannot create the fleet folder '$fleet'"
fleet=$(cd "$fleet" && pwd)
: > "$fleet/plan.args"
[ ${#runargs[@]} -gt 0 ] && printf '%s\n' "${runargs[@]}" > "$fleet/plan.args"

# the plan is checked here once, before any host is contacted (when this tree is built)
if [ -x "$top/build/syncbench" ]; then
    if ! "$top/build/syncbench" run "${runargs[@]+"${runargs[@]}"}" --dry-run -q -o "$fleet/.dry" > "$fleet/logs/plan.txt" 2>&1; then
        msg=$(grep -m1 syncbench "$fleet/logs/plan.txt")
        rm -rf "$fleet"
        die "the plan is refused: ${msg:-see syncbench run --help}"
    fi
    rm -rf "$fleet/.dry"
fi

# the source tree as git sees it (tracked and untracked-but-not-ignored files), else the folder
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    SB_FLEET_GIT="$(git -C "$top" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(git -C "$top" diff --quiet HEAD 2>/dev/null || echo -dirty)"
    (cd "$top" && git ls-files -z --cached --others --exclude-standard | \
        while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done | \
        tar --null -T - -czf "$fleet/source.tar.gz") || die "cannot pack the source tree"
else
    SB_FLEET_GIT=unknown
    tar -C "$top" --exclude=./build --exclude='./build-*' --exclude=./results --exclude=./.git \
        -czf "$fleet/source.tar.gz" . || die "cannot pack the source tree"
fi
export SB_FLEET_GIT SB_FLEET_DIR="$fleet"

t0=$(date +%s.%N)
start_iso=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "fleet: ${#logins[@]} hosts, $jobs at once, into $fleet" >&2
for i in "${!logins[@]}"; do printf '%s\t%s\n' "${labels[$i]}" "${logins[$i]}"; done > "$fleet/hosts.tsv"
parallel --no-notice -j "$jobs" --colsep '\t' --joblog "$fleet/logs/joblog.tsv" \
    bash "$0" --one {1} {2} :::: "$fleet/hosts.tsv"
t1=$(date +%s.%N)
wall=$(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }")

# fleet.json, the merged CSVs, one line per host on stderr
python3 - "$fleet" "$wall" "$start_iso" "$SB_FLEET_GIT" "$stamp" <<'EOF'
import csv, hashlib, json, os, sys
fleet, wall, start, git, stamp = sys.argv[1:6]
args = open(os.path.join(fleet, "plan.args")).read().splitlines()
hosts, failed = [], []
for line in open(os.path.join(fleet, "hosts.tsv")):
    label, login = line.rstrip("\n").split("\t", 1)
    st = os.path.join(fleet, "status", label)
    if os.path.exists(st):
        _, _, secs, reason = open(st).read().rstrip("\n").split("\t", 3)
    else:
        secs, reason = None, "ssh failed: the host's job did not report"
    h = {"label": label, "login": login, "folder": label if os.path.isdir(os.path.join(fleet, label)) else None,
         "ok": reason == "ok",
         "wall_s": float(secs) if secs else None}
    meta = os.path.join(fleet, label, "meta.json")
    if os.path.exists(meta):
        try:
            m = json.load(open(meta))
        except ValueError:
            m = {}
        h["host"] = m.get("host")
        if m.get("machine_fingerprint"):
            h["machine_fingerprint"], h["fingerprint_from"] = m["machine_fingerprint"], "meta.json"
        else:
            key = "|".join(str(m.get(k, "")) for k in ("host", "cpu_model", "cpus_online", "cores", "caches"))
            h["machine_fingerprint"] = hashlib.sha256(key.encode()).hexdigest()[:16]
            h["fingerprint_from"] = "sha256 of meta.json host, cpu_model, cpus_online, cores, caches"
    if reason != "ok":
        stage = reason.split(" ", 1)[0]
        h["failed"] = {"stage": stage, "reason": reason}
        failed.append({"label": label, "login": login, "stage": stage, "reason": reason})
    hosts.append(h)
doc = {"fleet_id": "fleet-" + stamp, "start_time": start, "wall_s": float(wall),
       "plan": {"command": "syncbench run " + " ".join(args), "run_args": args, "source_commit": git,
                "source": "source.tar.gz"},
       "hosts": hosts, "ok": [h["label"] for h in hosts if h["ok"]], "failed": failed}
with open(os.path.join(fleet, "fleet.json"), "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")
for name in ("summary.csv", "results.csv"):
    out, header = None, None
    for h in hosts:
        p = os.path.join(fleet, h["label"], name)
        if not os.path.exists(p):
            continue
        with open(p, newline="") as f:
            r = csv.reader(f)
            hd = next(r, None)
            if hd is None:
                continue
            if out is None:
                fo = open(os.path.join(fleet, name), "w", newline="")
                out, header = csv.writer(fo), hd
                out.writerow(["fleet_host"] + hd)
            if hd != header:
                print("fleet: %s: %s has other columns, left out of the merge" % (h["label"], name), file=sys.stderr)
                continue
            for row in r:
                out.writerow([h["label"]] + row)
    if out is not None:
        fo.close()
for h in hosts:
    print("fleet: %-20s %s" % (h["label"], "ok" if h["ok"] else "FAILED: " + h["failed"]["reason"]), file=sys.stderr)
print("fleet: %d of %d hosts ok in %s s: %s" % (len(doc["ok"]), len(hosts), wall, fleet), file=sys.stderr)
if len(doc["ok"]) >= 2:
    print("fleet: the machines side by side: syncbench compare --across-machines %s; "
          "syncbench report %s" % (fleet, fleet), file=sys.stderr)
sys.exit(0 if not failed else 1)
EOF
