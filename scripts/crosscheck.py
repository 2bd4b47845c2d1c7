#!/usr/bin/env python3
"""crosscheck: the uncontended cases under both harnesses, side by side.

usage: crosscheck.py [--build DIR] [-d 100ms] [--warmup 20ms] [-r 5] [--min-time 0.1]
                     [--only FAMILY,...] [--keep DIR] [--suite-dir DIR ...] [--gbench-json FILE]

Runs the suite (DIR/syncbench run, one thread, the suite cases below) and google-benchmark
(DIR/syncbench-gbench --benchmark_filter=uncontended --benchmark_format=json
--benchmark_repetitions=R), then prints per case: the suite's ns/op (median of its repetitions),
google-benchmark's ns/op (median of its repetitions, per suite operation) and their ratio
syncbench / google-benchmark, flagging ratios outside 0.9 .. 1.1 with "<<".
With --suite-dir and --gbench-json it runs nothing and compares outputs made earlier.

Each google-benchmark case names the suite case that runs the same operation (CASES below): the
suite names its one-thread scenario differently in some families, and a queue iteration (a push
and a pop) is two suite operations. timer has no one-thread suite scenario of the same operation
(a wait whose deadline is now): it is listed as "-" on the suite side.

Exit status: 0 (also when ratios are flagged), 1 when a run failed or its output did not parse.
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gbench2csv  # noqa: E402  (google-benchmark JSON -> the suite's rows)

PROG = "crosscheck"
LO, HI = 0.9, 1.1

# google-benchmark family -> (suite scenario, the suite's read_pct when the gbench name has none,
# suite operations per google-benchmark iteration). The suite runs these at threads 1.
CASES = {
    "mutex": ("uncontended", None, 1),
    "rlock": ("nesting", None, 1),       # depth 1: ns/op = one lock+unlock
    "rwlock": ("uncontended", None, 1),  # read_pct 100 and 0 from the gbench name
    "semaphore": ("uncontended", None, 1),
    "condvar": ("uncontended", None, 1),
    "event": ("uncontended", None, 1),
    "atomic": ("counter", None, 1),
    "rcu": ("readmostly", "100", 1),
    "queue": ("pairs", None, 2),         # ops = pushes + pops
    "map": ("mixed", None, 1),           # read_pct 100 from the gbench name, keys 1024
}
NO_SUITE = ("timer", "null")
# One syncbench invocation per parameter set: (filters, extra options by family). A run refuses a
# parameter that none of its cases takes, so each family's options go only with that family.
SUITE_RUNS = [
    (["mutex/*/uncontended", "rlock/*/nesting", "semaphore/*/uncontended", "condvar/*/uncontended",
      "event/*/uncontended", "atomic/*/counter",
      "rcu/*/readmostly", "queue/*/pairs", "map/*/mixed"],
     {"rcu": ["--read-pct", "100"], "map": ["--read-pct", "100", "--keys", "1024"],
      "rlock": ["--depth", "1"], "semaphore": ["--permits", "1"]}),
    (["rwlock/*/uncontended"], {"rwlock": ["-p", "read_pct=100,0"]}),
]


class Fail(Exception):
    pass


def key(family, impl, scenario, read_pct, depth):
    return (family, impl, scenario, read_pct or "", depth or "")


def suite_figures(dirs):
    """{key: [ns_per_op of each repetition]} from the suite's results.csv files."""
    out = {}
    for d in dirs:
        path = os.path.join(d, "results.csv")
        try:
            with open(path, newline="", encoding="utf-8") as f:
                for r in csv.DictReader(f):
                    if r.get("threads") != "1" or r.get("check") != "ok" or not r.get("ns_per_op"):
                        continue
                    k = key(r["family"], r["impl"], r["scenario"], r["read_pct"], r["depth"])
                    out.setdefault(k, []).append(float(r["ns_per_op"]))
        except OSError as e:
            raise Fail(f"{path}: {e.strerror}") from None
        except (KeyError, ValueError) as e:
            raise Fail(f"{path}: not the suite's results.csv ({e})") from None
    return out


def gbench_figures(path):
    """[(name, suite key or None, [ns per suite operation of each repetition], error)]."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        rows = list(gbench2csv.rows_of(doc, "crosscheck", "real"))
    except OSError as e:
        raise Fail(f"{path}: {e.strerror}") from None
    except (json.JSONDecodeError, gbench2csv.ConvertError) as e:
        raise Fail(f"{path}: {e}") from None
    cases, order = {}, []
    for r in rows:
        if r["scenario"] != "uncontended" or int(r["threads"]) != 1:
            continue
        fam = r["family"]
        name = f"{fam}/{r['impl']}/uncontended"
        if r["read_pct"] != "":
            name += f" read_pct={r['read_pct']}"
        if name not in cases:
            order.append(name)
            if fam in CASES:
                scen, pct, _ = CASES[fam]
                k = key(fam, r["impl"], scen, r["read_pct"] or pct, r["depth"])
            else:
                k = None
            cases[name] = [k, [], ""]
        if r["check"] != "ok":
            cases[name][2] = r["check"]
            continue
        per_iter = CASES[fam][2] if fam in CASES else 1
        cases[name][1].append(float(r["ns_per_op"]) / per_iter)
    return [(n, *cases[n]) for n in order]


def table(suite, gb):
    lines = [f"{'case':<44} {'syncbench':>10} {'gbench':>10} {'ratio':>7}",
             f"{'':<44} {'ns/op':>10} {'ns/op':>10} {'sb/gb':>7}"]
    flagged = 0
    for name, k, vals, err in gb:
        g = statistics.median(vals) if vals else None
        s = statistics.median(suite[k]) if k and suite.get(k) else None
        gs = f"{g:10.2f}" if g is not None else f"{'FAIL' if err else '-':>10}"
        ss = f"{s:10.2f}" if s is not None else f"{'-':>10}"
        if g and s:
            ratio = s / g
            flag = "" if LO <= ratio <= HI else "  <<"
            flagged += bool(flag)
            lines.append(f"{name:<44} {ss} {gs} {ratio:7.2f}{flag}")
        else:
            lines.append(f"{name:<44} {ss} {gs} {'-':>7}" + (f"  {err}" if err else ""))
    lines.append(f"# {flagged} ratio(s) outside {LO}..{HI} (<<); sb/gb = syncbench ns/op / "
                 "google-benchmark ns/op, medians of the repetitions")
    return lines


def run(cmd, stdout):
    """Runs cmd; its stderr (sanitizer reports, warnings) is shown only when it fails."""
    p = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        tail = "\n".join(p.stderr.strip().splitlines()[-10:])
        raise Fail(f"{' '.join(cmd)} exited {p.returncode}" + (f":\n{tail}" if tail else ""))


def main(argv):
    ap = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"), help="build folder (default build)")
    ap.add_argument("-d", "--duration", default="100ms", help="the suite's window per case (default 100ms)")
    ap.add_argument("--warmup", default="20ms", help="the suite's warm-up per case (default 20ms)")
    ap.add_argument("-r", "--reps", type=int, default=5, help="repetitions under each harness (default 5)")
    ap.add_argument("--min-time", default="0.1", help="google-benchmark's --benchmark_min_time (default 0.1)")
    ap.add_argument("--only", help="families to cross-check, comma-separated (default all)")
    ap.add_argument("--keep", help="write both harnesses' outputs into this folder and keep them")
    ap.add_argument("--suite-dir", action="append", help="compare this suite run (results.csv) instead of running")
    ap.add_argument("--gbench-json", help="compare this google-benchmark JSON instead of running")
    a = ap.parse_args(argv)
    only = set(a.only.split(",")) if a.only else None
    try:
        if bool(a.suite_dir) != bool(a.gbench_json):
            raise Fail("--suite-dir and --gbench-json go together")
        tmp = None
        if a.suite_dir:
            sdirs, gjson = a.suite_dir, a.gbench_json
        else:
            out = a.keep or (tmp := tempfile.mkdtemp(prefix="crosscheck."))
            os.makedirs(out, exist_ok=True)
            sdirs = []
            for i, (filters, extra) in enumerate(SUITE_RUNS):
                filters = [f for f in filters if not only or f.split("/")[0] in only]
                if not filters:
                    continue
                d = os.path.join(out, f"suite{i}")
                opts = []
                for fam in dict.fromkeys(f.split("/")[0] for f in filters):
                    for k in range(0, len(extra.get(fam, [])), 2):
                        pair = extra[fam][k:k + 2]
                        if pair[0] not in opts:
                            opts += pair
                cmd = [os.path.join(a.build, "syncbench"), "run", "-q", "-t", "1", "-d", a.duration,
                       "--warmup", a.warmup, "-r", str(a.reps), "-o", d] + opts
                for f in filters:
                    cmd += ["-f", f]
                run(cmd, stdout=subprocess.DEVNULL)
                sdirs.append(d)
            gjson = os.path.join(out, "gbench.json")
            flt = "uncontended" if not only else "^(" + "|".join(sorted(only)) + ")/.*uncontended"
            with open(gjson, "w", encoding="utf-8") as f:
                run([os.path.join(a.build, "syncbench-gbench"), f"--benchmark_filter={flt}",
                     "--benchmark_format=json", f"--benchmark_repetitions={a.reps}",
                     f"--benchmark_min_time={a.min_time}"], stdout=f)
        suite = suite_figures(sdirs)
        gb = [c for c in gbench_figures(gjson) if not only or c[0].split("/")[0] in only]
        if not gb:
            raise Fail(f"{gjson}: no uncontended case")
        print("\n".join(table(suite, gb)))
        if tmp:
            subprocess.run(["rm", "-rf", tmp])
    except Fail as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
