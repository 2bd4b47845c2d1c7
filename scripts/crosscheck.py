#!/usr/bin/env python3
"""crosscheck: the uncontended cases under both harnesses, side by side.

usage: crosscheck.py [--build DIR] [-d 100ms] [--warmup 20ms] [-r 5] [--min-time 0.1]
                     [--only FAMILY,...] [--keep DIR] [--no-plain] [--plain-ms MS] [--gbench-cpu N|none]
                     [--time real|cpu]
                     [--suite-dir DIR ... --gbench-json FILE ... [--plain-txt FILE ...]]

Runs, R times in turn (-r, default 5), the suite (DIR/syncbench run, one thread, the suite cases
below, pinned to CPU 0 as by default), google-benchmark (DIR/syncbench-gbench
--benchmark_filter=uncontended --benchmark_format=json, pinned to the same CPU: --gbench-cpu) and,
when DIR/syncbench-plain exists and --no-plain is not given, the plain loop (DIR/syncbench-plain:
the same operation in a plain timed loop on CPU 0, no harness, 3 batches of about --plain-ms).
Interleaving the repetitions gives every measurement the machine's load of the same moments.
Then it prints per case: the suite's ns/op (median of its repetitions), google-benchmark's ns/op
(median of its repetitions, per suite operation), their ratio syncbench / google-benchmark,
flagging ratios outside 0.9 .. 1.1 with "<<", and the plain loop's ns/op (median of its runs'
median batches). For a flagged ratio it says which harness the plain loop agrees with (within
10 %): "sb", "gb", "both" or "neither". The last line counts the cases within 0.9 .. 1.1.
With --time cpu every figure is the measuring thread's CPU time per operation (the suite's
user_s + sys_s, google-benchmark's cpu_time, the plain loop's cpu=): on a machine shared with
other work it leaves out the time the thread waited for its CPU. With --suite-dir and
--gbench-json (and --plain-txt for the plain column), each repeatable, it runs nothing and
compares outputs made earlier.

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


def suite_figures(dirs, time="real"):
    """{key: [ns_per_op of each repetition]} from the suite's results.csv files; with time "cpu",
    the worker's CPU time in the window (user_s + sys_s) per operation instead of the wall time."""
    out = {}
    for d in dirs:
        path = os.path.join(d, "results.csv")
        try:
            with open(path, newline="", encoding="utf-8") as f:
                for r in csv.DictReader(f):
                    if r.get("threads") != "1" or r.get("check") != "ok" or not r.get("ns_per_op"):
                        continue
                    k = key(r["family"], r["impl"], r["scenario"], r["read_pct"], r["depth"])
                    if time == "cpu":
                        v = (float(r["user_s"]) + float(r["sys_s"])) * 1e9 / float(r["ops"])
                    else:
                        v = float(r["ns_per_op"])
                    out.setdefault(k, []).append(v)
        except OSError as e:
            raise Fail(f"{path}: {e.strerror}") from None
        except (KeyError, ValueError) as e:
            raise Fail(f"{path}: not the suite's results.csv ({e})") from None
    return out


def gbench_figures(paths, time="real"):
    """[(name, suite key or None, [ns per suite operation of each repetition], error)] from one or
    more google-benchmark JSON files (the repetitions of every file together). An iteration
    that found its node pool empty (the "stalls" counter of queue/lfq) pushed and popped nothing,
    and the suite does not count it: it is taken out of the iterations the time is divided by."""
    cases, order = {}, []
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
            rows = list(gbench2csv.rows_of(doc, "crosscheck", time))
        except OSError as e:
            raise Fail(f"{path}: {e.strerror}") from None
        except (json.JSONDecodeError, gbench2csv.ConvertError) as e:
            raise Fail(f"{path}: {e}") from None
        runs = [b for b in doc["benchmarks"] if b.get("run_type", "iteration") == "iteration"]
        for r, b in zip(rows, runs):
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
            iters = float(b.get("iterations") or 0)
            stalls = b.get("stalls", 0)
            done = 1 - stalls / iters if iters and isinstance(stalls, (int, float)) and 0 <= stalls < iters else 1
            cases[name][1].append(float(r["ns_per_op"]) / per_iter / done)
    return [(n, *cases[n]) for n in order]


def plain_figures(paths, time="real"):
    """{case name: ns/op or None for a case that failed} from syncbench-plain's outputs ("CASE
    MEDIAN MIN MAX OPS BATCHES [key=value ...]" or "CASE FAIL"; '#' comments): the median of
    the files' median batches."""
    got = {}
    for path in paths:
        for name, v in plain_file(path, time).items():
            got.setdefault(name, []).append(v)
    return {n: None if None in v else statistics.median(v) for n, v in got.items()}


def plain_file(path, time="real"):
    out = {}
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                w = line.split()
                if not w or w[0].startswith("#"):
                    continue
                name = w[0].replace(",", " ")  # "rwlock/futex/uncontended,read_pct=0"
                if len(w) == 2 and w[1] == "FAIL":
                    out[name] = None
                    continue
                try:
                    if time == "cpu":
                        out[name] = float(next(x for x in w if x.startswith("cpu="))[4:])
                    else:
                        out[name] = float(w[1])
                except (IndexError, ValueError, StopIteration):
                    raise Fail(f"{path}:{n}: not syncbench-plain's output: {line.strip()!r}") from None
    except OSError as e:
        raise Fail(f"{path}: {e.strerror}") from None
    return out


def agrees(p, x):
    """The plain loop's figure p agrees with x within 10 %."""
    return abs(p / x - 1) <= HI - 1


def verdict(p, s, g):
    """Which harness the plain loop supports for a ratio outside the band."""
    a, b = agrees(p, s), agrees(p, g)
    return "both" if a and b else "sb" if a else "gb" if b else "neither"


def table(suite, gb, plain=None, time="real"):
    """The table's lines; plain (None: no plain column) maps a case name to its plain ns/op."""
    pc = plain is not None
    lines = [f"{'case':<44} {'syncbench':>10} {'gbench':>10} {'ratio':>7}" + (f" {'plain':>10}" if pc else ""),
             f"{'':<44} {'ns/op':>10} {'ns/op':>10} {'sb/gb':>7}" + (f" {'ns/op':>10}" if pc else "")]
    flagged = compared = 0
    votes = {}
    for name, k, vals, err in gb:
        g = statistics.median(vals) if vals else None
        s = statistics.median(suite[k]) if k and suite.get(k) else None
        gs = f"{g:10.2f}" if g is not None else f"{'FAIL' if err else '-':>10}"
        ss = f"{s:10.2f}" if s is not None else f"{'-':>10}"
        p = plain.get(name) if pc else None
        ps = "" if not pc else f" {p:10.2f}" if p else f" {'FAIL' if name in plain else '-':>10}"
        if g and s:
            ratio = s / g
            compared += 1
            flag = ""
            if not LO <= ratio <= HI:
                flagged += 1
                flag = "  <<"
                if p:
                    v = verdict(p, s, g)
                    votes[v] = votes.get(v, 0) + 1
                    flag += f" plain: {v}"
            lines.append(f"{name:<44} {ss} {gs} {ratio:7.2f}{ps}{flag}")
        else:
            lines.append(f"{name:<44} {ss} {gs} {'-':>7}{ps}" + (f"  {err}" if err else ""))
    lines.append(f"# {flagged} ratio(s) outside {LO}..{HI} (<<); sb/gb = syncbench ns/op / "
                 "google-benchmark ns/op, medians of the repetitions" +
                 ("; ns/op of the measuring thread's CPU time (--time cpu)" if time == "cpu" else ""))
    if pc:
        lines.append("# plain = syncbench-plain, the same operation in a plain timed loop (median batch); for a "
                     "ratio outside, the harness it agrees with within 10 %: " +
                     (", ".join(f"{v} {votes[v]}" for v in ("sb", "gb", "both", "neither") if v in votes)
                      or "none flagged"))
    within = compared - flagged
    pct = 100.0 * within / compared if compared else 0.0
    lines.append(f"{within} of {compared} within {LO}-{HI} ({pct:.1f} %)")
    return lines


def pinned(cpu):
    """preexec_fn that pins the child to one CPU (None: leave it where it is)."""
    if cpu is None:
        return None
    return lambda: os.sched_setaffinity(0, {cpu})


def run(cmd, stdout, cpu=None):
    """Runs cmd (pinned to cpu, if given); its stderr (sanitizer reports, warnings) is shown only
    when it fails."""
    p = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, text=True, preexec_fn=pinned(cpu))
    if p.returncode != 0:
        tail = "\n".join(p.stderr.strip().splitlines()[-10:])
        raise Fail(f"{' '.join(cmd)} exited {p.returncode}" + (f":\n{tail}" if tail else ""))


def run_suite(a, only, out):
    """One repetition of the suite's cases (a syncbench run per parameter set): its folders."""
    dirs = []
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
               "--warmup", a.warmup, "-r", "1", "-o", d] + opts
        for f in filters:
            cmd += ["-f", f]
        run(cmd, stdout=subprocess.DEVNULL)
        dirs.append(d)
    return dirs


def run_gbench(a, only, out, cpu):
    path = os.path.join(out, "gbench.json")
    flt = "uncontended" if not only else "^(" + "|".join(sorted(only)) + ")/.*uncontended"
    with open(path, "w", encoding="utf-8") as f:
        run([os.path.join(a.build, "syncbench-gbench"), f"--benchmark_filter={flt}",
             "--benchmark_format=json", "--benchmark_repetitions=1",
             f"--benchmark_min_time={a.min_time}"], stdout=f, cpu=cpu)
    return path


def run_plain(a, only, out):
    """syncbench-plain on the families it covers (None when it covers none of them)."""
    prog = os.path.join(a.build, "syncbench-plain")
    pats = [f"{fam}/*" for fam in sorted(only)] if only else []
    pats = [p for p in pats if subprocess.run([prog, "--list", p], capture_output=True).returncode == 0]
    if only and not pats:
        return None
    path = os.path.join(out, "plain.txt")
    with open(path, "w", encoding="utf-8") as f:
        run([prog, "--batches", "3", "--batch-ms", a.plain_ms] + pats, stdout=f)
    return path


def main(argv):
    ap = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"), help="build folder (default build)")
    ap.add_argument("-d", "--duration", default="100ms", help="the suite's window per case (default 100ms)")
    ap.add_argument("--warmup", default="20ms", help="the suite's warm-up per case (default 20ms)")
    ap.add_argument("-r", "--reps", type=int, default=5, help="repetitions under each harness (default 5)")
    ap.add_argument("--min-time", default="0.1", help="google-benchmark's --benchmark_min_time (default 0.1)")
    ap.add_argument("--only", help="families to cross-check, comma-separated (default all)")
    ap.add_argument("--keep", help="write every output into this folder (rep1/, rep2/ ...) and keep them")
    ap.add_argument("--suite-dir", action="append", help="compare this suite run (results.csv) instead of running")
    ap.add_argument("--gbench-json", action="append", help="compare this google-benchmark JSON instead of running")
    ap.add_argument("--plain-txt", action="append", help="with --suite-dir: syncbench-plain's output for the plain column")
    ap.add_argument("--no-plain", action="store_true", help="do not run syncbench-plain (no plain column)")
    ap.add_argument("--plain-ms", default="20", help="syncbench-plain's batch length, ms (default 20)")
    ap.add_argument("--time", choices=("real", "cpu"), default="real",
                    help="compare wall time per operation (the suite's ns_per_op, default) or the measuring "
                         "thread's CPU time per operation (a machine shared with other work)")
    ap.add_argument("--gbench-cpu", default="0",
                    help="CPU google-benchmark is pinned to, as the suite pins its worker (default 0; none: unpinned)")
    a = ap.parse_args(argv)
    only = set(a.only.split(",")) if a.only else None
    try:
        if bool(a.suite_dir) != bool(a.gbench_json):
            raise Fail("--suite-dir and --gbench-json go together")
        if a.plain_txt and not a.suite_dir:
            raise Fail("--plain-txt goes with --suite-dir and --gbench-json")
        if a.reps < 1:
            raise Fail("-r takes 1 or more")
        try:
            gcpu = None if a.gbench_cpu == "none" else int(a.gbench_cpu)
        except ValueError:
            raise Fail(f"--gbench-cpu {a.gbench_cpu}: a CPU number or none") from None
        tmp = None
        if a.suite_dir:
            sdirs, gjsons = a.suite_dir, a.gbench_json
            ptxts = [] if a.no_plain else (a.plain_txt or [])
        else:
            out = a.keep or (tmp := tempfile.mkdtemp(prefix="crosscheck."))
            os.makedirs(out, exist_ok=True)
            plain = not a.no_plain and os.access(os.path.join(a.build, "syncbench-plain"), os.X_OK)
            sdirs, gjsons, ptxts = [], [], []
            # the repetitions interleave the harnesses: each sees the machine's load of the moment
            for rep in range(1, a.reps + 1):
                d = os.path.join(out, f"rep{rep}")
                os.makedirs(d, exist_ok=True)
                sdirs += run_suite(a, only, d)
                gjsons.append(run_gbench(a, only, d, gcpu))
                if plain and (t := run_plain(a, only, d)):
                    ptxts.append(t)
        suite = suite_figures(sdirs, a.time)
        gb = [c for c in gbench_figures(gjsons, a.time) if not only or c[0].split("/")[0] in only]
        if not gb:
            raise Fail(f"{', '.join(gjsons)}: no uncontended case")
        pfig = plain_figures(ptxts, a.time) if ptxts else None
        print("\n".join(table(suite, gb, pfig, a.time)))
        if tmp:
            subprocess.run(["rm", "-rf", tmp])
    except Fail as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
