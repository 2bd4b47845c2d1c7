#!/bin/bash
# slurm-array.sh: the fleet's plan on a Slurm cluster, one array task per node.
#
#   sbatch --array=0-7 --partition=PART --nodes=1 --exclusive scripts/slurm-array.sh \
#          results/fleet-$(date -u +%Y%m%dT%H%M%SZ) -f 'mutex/*' -t 1,2,4,8 -d 200ms
#
# Every task lands on a node of its own (--exclusive), builds this tree in node-local scratch with
# the same make, runs the same `syncbench run` options into FLEETDIR/<node name>/ (FLEETDIR on the
# shared file system), and the last task to finish writes FLEETDIR/fleet.json, as
# scripts/fleet.sh would. Then: build/syncbench compare --across-machines FLEETDIR (the table)
# and build/syncbench report FLEETDIR (FLEETDIR/report.html).
#SBATCH --job-name=syncbench
#SBATCH --nodes=1
#SBATCH --ntasks=1
#SBATCH --exclusive
#SBATCH --time=01:00:00
#SBATCH --output=slurm-%A_%a.out
set -eu
fleet=${1:?usage: sbatch --array=0-N scripts/slurm-array.sh FLEETDIR [RUN OPTIONS]}
shift
src=${SLURM_SUBMIT_DIR:-$PWD}
node=$(hostname -s)
task=${SLURM_ARRAY_TASK_ID:-0}
scratch=${TMPDIR:-/tmp}/syncbench-$USER-${SLURM_ARRAY_JOB_ID:-$$}-$task
mkdir -p "$fleet/status" "$scratch"
trap 'rm -rf "$scratch"' EXIT

status=ok
if ! (cd "$src" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) |
        tar -xf - -C "$scratch"; then
    status="build failed: cannot copy the source tree"
elif ! make -C "$scratch" -j"${SLURM_CPUS_ON_NODE:-2}" build/syncbench > "$scratch/build.log" 2>&1; then
    status="build failed: see $fleet/$node/build.log"
fi
mkdir -p "$fleet/$node"
cp "$scratch/build.log" "$fleet/$node/" 2>/dev/null || true
if [ "$status" = ok ] && ! "$scratch/build/syncbench" run "$@" -o "$fleet/$node" > "$fleet/$node/run.log" 2>&1; then
    status="run failed: see $fleet/$node/run.log"
fi
printf '%s\t%s\t%s\t%s\n' "$node" "slurm:${SLURM_JOB_ID:-local}" "$SECONDS" "$status" > "$fleet/status/$node"
printf '%s\n' "$@" > "$fleet/plan.args"

# the last task of the array writes fleet.json (the same layout as scripts/fleet.sh's)
done_tasks=$(ls "$fleet/status" | wc -l)
if [ "$done_tasks" -ge "${SLURM_ARRAY_TASK_COUNT:-1}" ]; then
    python3 - "$fleet" <<'PY'
import json, os, sys
fleet = sys.argv[1]
hosts, failed = [], []
for label in sorted(os.listdir(os.path.join(fleet, "status"))):
    _, login, secs, reason = open(os.path.join(fleet, "status", label)).read().rstrip("\n").split("\t", 3)
    h = {"label": label, "login": login, "folder": label, "ok": reason == "ok", "wall_s": float(secs)}
    if reason != "ok":
        failed.append({"label": label, "login": login, "stage": reason.split(" ", 1)[0], "reason": reason})
    hosts.append(h)
args = open(os.path.join(fleet, "plan.args")).read().splitlines()
json.dump({"plan": {"command": "syncbench run " + " ".join(args), "run_args": args}, "hosts": hosts,
           "ok": [h["label"] for h in hosts if h["ok"]], "failed": failed},
          open(os.path.join(fleet, "fleet.json"), "w"), indent=2)
PY
fi
[ "$status" = ok ]
