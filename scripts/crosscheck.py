#!/usr/bin/env python3
"""crosscheck: the uncontended cases under both harnesses, side by side.

usage: crosscheck.py [--build DIR] [-d 50ms] [--warmup 10ms] [-r 7] [--min-time 0.05]
                     [--only FAMILY,...] [--keep DIR] [--no-plain] [--plain-ms MS] [--gbench-cpu N|none]
                     [--time real|cpu] [--[no-]progress]
       crosscheck.py --from DIR [--only ...] [--time ...] [--no-plain]
       crosscheck.py --suite-dir DIR ... --gbench-json FILE ... [--plain-txt FILE ...]

Runs R rounds (-r, default 7). In each round every one-thread uncontended case that
syncbench-gbench registers is measured three times back to back: by the suite (DIR/syncbench run,
the suite case of the same operation, one thread, pinned to CPU 0 as by default), by
google-benchmark (DIR/syncbench-gbench, that one benchmark, pinned to the same CPU: --gbench-cpu)
and, when DIR/syncbench-plain exists and --no-plain is not given, by the plain loop (the same
operation in a plain timed loop on CPU 0, no harness, 3 batches of about --plain-ms). Every other
round runs the three in the opposite order and the cases in the opposite order. The three figures
of one case and round are thus a second or less apart: on a machine whose speed changes from one
second to the next (a shared host), they see the same speed, and the round's ratio
syncbench / google-benchmark cancels it.

Then it prints per case: the suite's and google-benchmark's ns/op (medians over the rounds), the
ratio syncbench / google-benchmark (the median of the rounds' ratios), flagging ratios outside
0.9 .. 1.1 with "<<", and the plain loop's ns/op (median over the rounds). For a flagged ratio it
says which harness the plain loop agrees with within 10 % (the median of the rounds' ratios of
each to the plain loop): "sb", "gb", "both" or "neither". The last line counts the cases within
0.9 .. 1.1. With --time cpu every figure is the measuring thread's CPU time per operation (the
suite's user_s + sys_s, google-benchmark's cpu_time, the plain loop's cpu=). --keep DIR keeps the
outputs (DIR/repR/NNN-CASE/{suite/,gbench.json,plain.txt}); --from DIR compares such a folder
again without running anything. --suite-dir and --gbench-json (and --plain-txt), each
repeatable, compare outputs of separate runs instead: unpaired, the ratio of the medians.

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
# The suite's other options per family for the case of the same operation (its read_pct: the
# google-benchmark name's, else the family's in CASES).
SUITE_OPTS = {"map": ["--keys", "1024"], "rlock": ["--depth", "1"], "semaphore": ["--permits", "1"]}


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


def outside(ratio):
    """A ratio outside the band, as printed (two decimals): what the table shows is what it judges."""
    return not LO <= round(ratio, 2) <= HI


def verdict_of(ps, pg):
    """Which harness the plain loop supports for a ratio outside the band, from plain/suite and
    plain/google-benchmark: the one within 10 % of it."""
    a, b = abs(ps - 1) <= HI - 1, abs(pg - 1) <= HI - 1
    return "both" if a and b else "sb" if a else "gb" if b else "neither"


def render(rows, pc, ratio_how, plain_how, time):
    """The table's lines from rows (name, suite, gbench, plain, ratio, verdict, error): ns/op or
    None, the ratio or None (not compared), the plain loop's verdict or None."""
    lines = [f"{'case':<44} {'syncbench':>10} {'gbench':>10} {'ratio':>7}" + (f" {'plain':>10}" if pc else ""),
             f"{'':<44} {'ns/op':>10} {'ns/op':>10} {'sb/gb':>7}" + (f" {'ns/op':>10}" if pc else "")]
    flagged = compared = 0
    votes = {}
    for name, s, g, p, ratio, v, err in rows:
        gs = f"{g:10.2f}" if g is not None else f"{'FAIL' if err else '-':>10}"
        ss = f"{s:10.2f}" if s is not None else f"{'-':>10}"
        ps = "" if not pc else f" {p:10.2f}" if p else f" {'-':>10}"
        if ratio is None:
            lines.append(f"{name:<44} {ss} {gs} {'-':>7}{ps}" + (f"  {err}" if err else ""))
            continue
        compared += 1
        flag = ""
        if outside(ratio):
            flagged += 1
            flag = "  <<"
            if v:
                votes[v] = votes.get(v, 0) + 1
                flag += f" plain: {v}"
        lines.append(f"{name:<44} {ss} {gs} {ratio:7.2f}{ps}{flag}")
    lines.append(f"# {flagged} ratio(s) outside {LO}..{HI} (<<); sb/gb = {ratio_how}" +
                 ("; ns/op of the measuring thread's CPU time (--time cpu)" if time == "cpu" else ""))
    if pc:
        lines.append("# plain = syncbench-plain, the same operation in a plain timed loop (median batch); for a "
                     f"ratio outside, the harness it agrees with within 10 %{plain_how}: " +
                     (", ".join(f"{v} {votes[v]}" for v in ("sb", "gb", "both", "neither") if v in votes)
                      or "none flagged"))
    within = compared - flagged
    pct = 100.0 * within / compared if compared else 0.0
    lines.append(f"{within} of {compared} within {LO}-{HI} ({pct:.1f} %)")
    return lines


def table(suite, gb, plain=None, time="real"):
    """The table of separate runs; plain (None: no plain column) maps a case name to its plain
    ns/op. The ratio is the ratio of the medians."""
    rows = []
    for name, k, vals, err in gb:
        g = statistics.median(vals) if vals else None
        s = statistics.median(suite[k]) if k and suite.get(k) else None
        p = plain.get(name) if plain is not None else None
        ratio = s / g if g and s else None
        v = verdict_of(p / s, p / g) if ratio and p and outside(ratio) else None
        rows.append((name, s, g, p, ratio, v, err))
    return render(rows, plain is not None, "syncbench ns/op / google-benchmark ns/op, medians of the repetitions",
                  "", time)


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


# --- the paired run: every case under the three programs back to back, round after round ---------

def gbench_cases(a, only):
    """The one-thread uncontended cases google-benchmark registers, in its order: [(display name,
    google-benchmark name, family)]; display names as the table prints them."""
    p = subprocess.run([os.path.join(a.build, "syncbench-gbench"), "--benchmark_list_tests"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise Fail(f"syncbench-gbench --benchmark_list_tests exited {p.returncode}")
    out = []
    for line in p.stdout.split():
        w = line.split("/")
        if len(w) < 3 or w[2] != "uncontended" or any(x.startswith("threads:") for x in w):
            continue
        if only and w[0] not in only:
            continue
        name = "/".join(w[:3])
        for x in w[3:]:
            if x.startswith("read_pct:"):
                name += " read_pct=" + x.split(":", 1)[1]
        out.append((name, line, w[0]))
    return out


def suite_cmd(a, name, fam, d):
    """The syncbench run of one case (its suite scenario and parameters), into folder d; None for a
    family with no suite case of the same operation."""
    if fam not in CASES:
        return None
    scen = CASES[fam][0]
    impl = name.split("/")[1]
    opts = list(SUITE_OPTS.get(fam, []))
    pct = name.split(" read_pct=", 1)[1] if " read_pct=" in name else CASES[fam][1]
    if pct is not None:
        opts += ["--read-pct", pct]
    return [os.path.join(a.build, "syncbench"), "run", "-q", "-t", "1", "-d", a.duration, "--warmup", a.warmup,
            "-r", "1", "-o", d, "-f", f"{fam}/{impl}/{scen}"] + opts


def safe(name):
    return name.replace("/", "_").replace(" ", "_").replace("=", "")


def run_paired(a, cases, out, gcpu, plain):
    """R rounds; in each, every case under the suite, google-benchmark and the plain loop back to
    back (the order of the three reversed every other round, and the order of the cases too), so
    that the three figures of one case and round are seconds apart at most. Writes
    out/repR/CASE/{suite/,gbench.json,plain.txt}."""
    total = a.reps * len(cases)
    done = 0
    for rep in range(1, a.reps + 1):
        order = list(enumerate(cases))
        order = order if rep % 2 else order[::-1]
        for idx, (name, gname, fam) in order:
            d = os.path.join(out, f"rep{rep}", f"{idx:03d}-{safe(name)}")
            os.makedirs(d, exist_ok=True)
            steps = []
            cmd = suite_cmd(a, name, fam, os.path.join(d, "suite"))
            if cmd:
                steps.append(lambda cmd=cmd: run(cmd, stdout=subprocess.DEVNULL))

            def gb(d=d, gname=gname):
                flt = "^" + gname.replace("/real_time", "").replace("+", "\\+") + "(/|$)"
                with open(os.path.join(d, "gbench.json"), "w", encoding="utf-8") as f:
                    run([os.path.join(a.build, "syncbench-gbench"), f"--benchmark_filter={flt}",
                         "--benchmark_format=json", "--benchmark_repetitions=1",
                         f"--benchmark_min_time={a.min_time}"], stdout=f, cpu=gcpu)
            steps.append(gb)
            if plain and cmd and name in plain:
                def pl(d=d, name=name):
                    with open(os.path.join(d, "plain.txt"), "w", encoding="utf-8") as f:
                        run([os.path.join(a.build, "syncbench-plain"), "--batches", "3", "--batch-ms", a.plain_ms,
                             name.replace(" ", ",")], stdout=f)
                steps.append(pl)
            for step in (steps if rep % 2 else steps[::-1]):
                step()
            done += 1
            if a.progress:
                print(f"\rcrosscheck: round {rep}/{a.reps}, {done}/{total} {name:<50}", end="", file=sys.stderr, flush=True)
    if a.progress:
        print(file=sys.stderr)


def paired_figures(out, time):
    """From a folder run_paired wrote: [(name, suite key or None, [suite ns/op per round],
    [google-benchmark ns/op per round], [plain ns/op per round], error)], the lists aligned by round
    (None where a program gave no figure); the cases in google-benchmark's order."""
    reps = sorted((x for x in os.listdir(out) if x.startswith("rep") and x[3:].isdigit()), key=lambda x: int(x[3:]))
    if not reps:
        raise Fail(f"{out}: no rep1/ ... folders (not a crosscheck --keep folder)")
    cases = {}
    order = []
    for ri, rep in enumerate(reps):
        for sub in sorted(os.listdir(os.path.join(out, rep))):
            d = os.path.join(out, rep, sub)
            gpath = os.path.join(d, "gbench.json")
            if not os.path.exists(gpath):
                continue
            for name, k, vals, err in gbench_figures([gpath], time):
                if name not in cases:
                    cases[name] = [k, [None] * len(reps), [None] * len(reps), [None] * len(reps), ""]
                    order.append(name)
                c = cases[name]
                c[2][ri] = vals[0] if vals else None
                c[4] = c[4] or err
                sdir = os.path.join(d, "suite")
                if k and os.path.exists(os.path.join(sdir, "results.csv")):
                    sv = suite_figures([sdir], time).get(k)
                    c[1][ri] = sv[0] if sv else None
                ppath = os.path.join(d, "plain.txt")
                if os.path.exists(ppath):
                    c[3][ri] = plain_file(ppath, time).get(name)
    return [(n, *cases[n]) for n in order]


def paired_median(xs, ys):
    """The median over the rounds of x/y, where both are there (None: no round has both)."""
    r = [x / y for x, y in zip(xs, ys) if x and y]
    return statistics.median(r) if r else None


def paired_table(cases, time="real"):
    """The table of a paired run: per case the medians of the three programs' figures over the
    rounds, and the ratio syncbench / google-benchmark as the median of the rounds' ratios (each
    round's two figures measured seconds apart: the machine's speed of that moment cancels)."""
    pc = any(any(v is not None for v in c[4]) for c in cases)
    med = lambda v: statistics.median([x for x in v if x is not None]) if any(x is not None for x in v) else None
    rows = []
    for name, k, sv, gv, pv, err in cases:
        ratio = paired_median(sv, gv)
        v = None
        if ratio is not None and outside(ratio):
            ps, pg = paired_median(pv, sv), paired_median(pv, gv)
            v = verdict_of(ps, pg) if ps and pg else None
        rows.append((name, med(sv), med(gv), med(pv), ratio, v, err))
    nrounds = max((len(c[2]) for c in cases), default=0)
    return render(rows, pc, f"median over {nrounds} round(s) of syncbench ns/op / google-benchmark ns/op measured "
                  "back to back; ns/op columns: medians of the rounds", " (median of the rounds' ratios)", time)


def main(argv):
    ap = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"), help="build folder (default build)")
    ap.add_argument("-d", "--duration", default="50ms", help="the suite's window per case and round (default 50ms)")
    ap.add_argument("--warmup", default="10ms", help="the suite's warm-up per case and round (default 10ms)")
    ap.add_argument("-r", "--reps", type=int, default=7, help="rounds: each case under the three programs back to back, once a round (default 7)")
    ap.add_argument("--min-time", default="0.05", help="google-benchmark's --benchmark_min_time per case and round (default 0.05)")
    ap.add_argument("--only", help="families to cross-check, comma-separated (default all)")
    ap.add_argument("--keep", help="write every output into this folder (rep1/, rep2/ ...) and keep them")
    ap.add_argument("--from", dest="from_dir", help="compare the outputs a run with --keep left in this folder, running nothing")
    ap.add_argument("--progress", action=argparse.BooleanOptionalAction, default=sys.stderr.isatty(),
                    help="a progress line on stderr (default: when stderr is a terminal)")
    ap.add_argument("--suite-dir", action="append", help="compare this suite run (results.csv) instead of running")
    ap.add_argument("--gbench-json", action="append", help="compare this google-benchmark JSON instead of running")
    ap.add_argument("--plain-txt", action="append", help="with --suite-dir: syncbench-plain's output for the plain column")
    ap.add_argument("--no-plain", action="store_true", help="do not run syncbench-plain (no plain column)")
    ap.add_argument("--plain-ms", default="15", help="syncbench-plain's batch length, ms (default 15; 3 batches a case and round)")
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
        if a.from_dir and a.suite_dir:
            raise Fail("--from and --suite-dir do not go together")
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
        elif not a.from_dir:
            out = a.keep or (tmp := tempfile.mkdtemp(prefix="crosscheck."))
            os.makedirs(out, exist_ok=True)
            if os.path.exists(os.path.join(out, "rep1")):
                raise Fail(f"--keep {out}: holds an earlier cross-check (rep1/); remove it or name another folder")
            plain = set()
            if not a.no_plain and os.access(os.path.join(a.build, "syncbench-plain"), os.X_OK):
                p = subprocess.run([os.path.join(a.build, "syncbench-plain"), "--list"], capture_output=True, text=True)
                plain = {n.replace(",", " ") for n in p.stdout.split()}
            cases = gbench_cases(a, only)
            if not cases:
                raise Fail("syncbench-gbench lists no uncontended case" + (f" of {a.only}" if only else ""))
            run_paired(a, cases, out, gcpu, plain)
            a.from_dir = out
        if a.from_dir:
            cases = [c for c in paired_figures(a.from_dir, a.time) if not only or c[0].split("/")[0] in only]
            if a.no_plain:
                cases = [(n, k, sv, gv, [None] * len(pv), err) for n, k, sv, gv, pv, err in cases]
            if not cases:
                raise Fail(f"{a.from_dir}: no uncontended case")
            print("\n".join(paired_table(cases, a.time)))
            if tmp:
                subprocess.run(["rm", "-rf", tmp])
            return 0
        # saved outputs of separate runs (--suite-dir, --gbench-json): no rounds to pair
        suite = suite_figures(sdirs, a.time)
        gb = [c for c in gbench_figures(gjsons, a.time) if not only or c[0].split("/")[0] in only]
        if not gb:
            raise Fail(f"{', '.join(gjsons)}: no uncontended case")
        pfig = plain_figures(ptxts, a.time) if ptxts else None
        print("\n".join(table(suite, gb, pfig, a.time)))
    except Fail as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
