#!/usr/bin/env python3
"""Draws a run's plots from its summary.csv with the gnuplot scripts in plots/.

usage: python3 scripts/plot.py RUN_DIR [--out DIR] [--gp-dir DIR] [--keep-data DIR]

For each family and scenario in RUN_DIR/summary.csv it writes, into RUN_DIR/plots/ (or --out):
  <family>-<scenario>-ns_per_op.png   time per operation vs threads
  <family>-<scenario>-ops_per_s.png   throughput vs threads
  <family>-<scenario>-latency.png     p50 and p99 vs threads (when the run sampled latency)
  <family>-<scenario>-fairness.png    Jain's index vs threads (when measured, more than 1 thread)
One line per implementation, a point at the median over repetitions and error bars from the
minimum to the maximum. The x axis is the parameter the scenario sweeps: threads, or if threads
is fixed the first other parameter that varies (read_pct, depth, permits, ...). Parameters that
vary independently of x split the scenario into one set of plots each, named with a suffix such
as "-read_pct90". A scenario measured at one point draws one bar per implementation.

Rows whose check is not "ok" are left out; their count is reported on stderr. The names of the
images written go to stdout, one per line. Any error (folder or CSV missing, a column missing,
gnuplot failing) ends the program with one line on stderr and exit status 1.
Standard library only.
"""

import argparse
import csv
import math
import os
import shutil
import subprocess
import sys
import tempfile

PROG = "plot"

# Parameters a scenario may sweep, in the order they are preferred as the x axis.
SWEEP_COLS = ["threads", "read_pct", "depth", "permits", "waiters", "cs_ns", "think_ns"]
# Everything that describes the conditions of a case besides family/impl/scenario.
COND_COLS = SWEEP_COLS + ["cpus", "pin", "params"]
REQUIRED_COLS = ["family", "impl", "scenario", "threads", "check",
                 "ns_per_op_median", "ns_per_op_min", "ns_per_op_max",
                 "ops_per_s_median", "ops_per_s_min", "ops_per_s_max"]

AXIS_NAMES = {
    "threads": "threads",
    "read_pct": "read operations (% of all operations)",
    "depth": "nesting depth",
    "permits": "permits",
    "waiters": "waiting threads",
    "cs_ns": "critical section (ns)",
    "think_ns": "think time between operations (ns)",
}
SHORT_NAMES = {"cs_ns": "cs", "think_ns": "think", "read_pct": "read%"}
UNITS = {"cs_ns": " ns", "think_ns": " ns", "read_pct": "%"}


class PlotError(Exception):
    """An error that ends the program with its message as the one line on stderr."""


# modules in scripts/ with draw(run_dir, rows, outdir) -> [images], run after the generic plots
EXTRA_PLOTS = ["plot_blockA", "plot_blocking"]


def linetype(impl, impl_order):
    """The gnuplot linetype of an implementation: its colour follows its place in the family. In
    an overlay of two runs ("impl @A", "impl @B"), both runs' lines share the colour and run B's
    is dashed with open points (linetypes 17..32 in plots/style.gp)."""
    base = [i.rsplit(" @", 1)[0] for i in impl_order]
    order = list(dict.fromkeys(base))
    name, _, run = impl.rpartition(" @") if " @" in impl else (impl, "", "")
    return order.index(name) % 16 + 1 + (16 if run == "B" else 0)


def note(msg):
    print(f"{PROG}: {msg}", file=sys.stderr)


def num(s):
    """The float in a CSV field, or None when empty or not a finite number."""
    if s is None:
        return None
    s = s.strip()
    if not s:
        return None
    try:
        v = float(s)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def fmt_num(v):
    return str(int(v)) if float(v).is_integer() else repr(v)


def gp_str(s):
    """A gnuplot double-quoted string literal holding s exactly (no backquote substitution)."""
    out = []
    for ch in str(s):
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "`":
            out.append("\\140")
        elif ord(ch) < 32:
            out.append(" ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def gp_assign(variables):
    """gnuplot statements setting each variable (str -> string literal, numbers as numbers)."""
    parts = []
    for name, value in variables.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = int(value)
        if isinstance(value, (int, float)):
            parts.append(f"{name}={value!r}")
        else:
            parts.append(f"{name}={gp_str(value)}")
    return "; ".join(parts)


def safe_name(s):
    """s reduced to characters safe in a file name: a=1;b=2 -> a1-b2."""
    s = s.replace("=", "").replace(";", "-").replace(",", "-").replace("%", "pct")
    out = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in s)
    return out.strip("-_") or "x"


def fmt_cond(col, value):
    """A condition as shown in a title: cs=100 ns, read%=90%, or the params field as it is."""
    if col == "params":
        return value
    return f"{SHORT_NAMES.get(col, col)}={value}{UNITS.get(col, '')}"


def read_summary(path):
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            header = reader.fieldnames or []
            missing = [c for c in REQUIRED_COLS if c not in header]
            if missing:
                raise PlotError(f"{path}: missing column(s): {', '.join(missing)}")
            rows = []
            for r in reader:
                if not any((v or "").strip() for v in r.values() if isinstance(v, str)):
                    continue  # blank line
                rows.append({k: (v or "").strip() if isinstance(v, str) else "" for k, v in r.items()
                             if k is not None})
            return rows
    except OSError as e:
        raise PlotError(f"cannot read {path}: {e.strerror}") from e
    except csv.Error as e:
        raise PlotError(f"{path}: bad CSV: {e}") from e
    except UnicodeDecodeError as e:
        raise PlotError(f"{path}: not UTF-8 text: {e.reason}") from e


def cond_value(row, col):
    """A canonical form of a condition column (so that "4" and "4.0" are the same value)."""
    v = row.get(col, "")
    n = num(v)
    return fmt_num(n) if n is not None else v


class Gnuplot:
    """Runs the scripts in gp_dir; each call draws one PNG."""

    def __init__(self, gp_dir):
        self.gp_dir = gp_dir
        self.exe = shutil.which("gnuplot")
        if not self.exe:
            raise PlotError("gnuplot not found (install gnuplot-nox)")
        self.env = dict(os.environ)
        lib = self.env.get("GNUPLOT_LIB")
        self.env["GNUPLOT_LIB"] = gp_dir + (os.pathsep + lib if lib else "")

    def draw(self, script, variables, workdir):
        path = os.path.join(self.gp_dir, script)
        if not os.path.isfile(path):
            raise PlotError(f"gnuplot script {path} not found")
        # gnuplot runs in workdir: every path it gets is absolute.
        variables = dict(variables)
        for k in ("out", "datadir", "datafile"):
            if k in variables:
                variables[k] = os.path.abspath(variables[k])
        out = variables["out"]
        try:
            os.unlink(out)
        except FileNotFoundError:
            pass
        try:
            res = subprocess.run([self.exe, "-e", gp_assign(variables), path], cwd=workdir,
                                 env=self.env, stdin=subprocess.DEVNULL, capture_output=True,
                                 text=True, timeout=120)
        except subprocess.TimeoutExpired as e:
            raise PlotError(f"gnuplot timed out drawing {out}") from e
        except OSError as e:
            raise PlotError(f"cannot run gnuplot: {e.strerror}") from e
        if res.returncode != 0 or not os.path.isfile(out) or os.path.getsize(out) == 0:
            lines = [ln.strip() for ln in res.stderr.splitlines() if ln.strip()]
            # gnuplot points at the error with a caret line; the message is the last line.
            why = lines[-1] if lines else f"exit status {res.returncode}, no image"
            raise PlotError(f"gnuplot failed drawing {os.path.basename(out)} with {script}: {why}")


class Chart:
    """What one image shows: which columns, how to label them."""

    def __init__(self, metric, ylabel, what, cols, bars=True, yformat="%g", yformat_log="%g"):
        self.metric = metric      # file name part
        self.ylabel = ylabel
        self.what = what          # title part
        self.cols = cols          # summary columns: [median, min, max] or percentiles
        self.bars = bars
        self.yformat = yformat
        self.yformat_log = yformat_log


CHARTS = [
    Chart("ns_per_op", "time per operation (ns/op, lower is better)", "time per operation",
          ["ns_per_op_median", "ns_per_op_min", "ns_per_op_max"]),
    Chart("ops_per_s", "throughput (operations/s over all threads, higher is better)",
          "throughput", ["ops_per_s_median", "ops_per_s_min", "ops_per_s_max"], yformat="%.1s%c",
          yformat_log="%.0s%c"),
]
LATENCY = Chart("latency", "latency of one operation (ns)", "latency p50 (solid) and p99 (dashed)",
                ["lat_p50_ns_median", "lat_p90_ns_median", "lat_p99_ns_median",
                 "lat_p999_ns_median"], bars=False)
FAIRNESS = Chart("fairness", "Jain's fairness index over threads (1 = fair)",
                 "fairness of per-thread operation counts", ["fair_jain_median"], bars=False)


class Plotter:
    def __init__(self, run_dir, out_dir, gp, tmp):
        self.run_dir = run_dir
        self.out_dir = out_dir
        self.gp = gp
        self.tmp = tmp
        self.written = []
        self.nchart = 0

    # --- one (family, scenario) ----------------------------------------------------------------
    def plot_group(self, family, scenario, rows, impl_order):
        xcol = next((c for c in SWEEP_COLS
                     if len({cond_value(r, c) for r in rows}) > 1), "threads")
        # A column that changes with x alone (cpus = min(threads, cores), waiters = threads - 1)
        # goes along with x; one that changes independently splits the plots into variants.
        split = []
        for c in COND_COLS:
            if c == xcol:
                continue
            by_x = {}
            for r in rows:
                by_x.setdefault(cond_value(r, xcol), set()).add(cond_value(r, c))
            if any(len(v) > 1 for v in by_x.values()):
                split.append(c)
        variants = {}
        for r in rows:
            key = tuple((c, cond_value(r, c)) for c in split)
            variants.setdefault(key, []).append(r)
        for key, vrows in variants.items():
            stem = f"{safe_name(family)}-{safe_name(scenario)}"
            if len(variants) > 1:
                stem += "-" + safe_name(";".join(f"{c}={v}" if c != "params" else v
                                                 for c, v in key if v != "") or "default")
            self.plot_variant(family, scenario, stem, xcol, split, vrows, impl_order)

    def plot_variant(self, family, scenario, stem, xcol, split, rows, impl_order):
        xs = sorted({num(r.get(xcol)) for r in rows if num(r.get(xcol)) is not None})
        single = len(xs) <= 1
        # What holds for every row of this plot: the variant after the title, the rest below.
        label, conds = [], []
        for c in COND_COLS:
            vals = {cond_value(r, c) for r in rows}
            if (c == xcol and not single) or len(vals) != 1:
                continue
            v = vals.pop()
            if v != "":
                (label if c in split else conds).append(fmt_cond(c, v))
        reps = sorted({cond_value(r, "reps") for r in rows if r.get("reps")},
                      key=lambda v: num(v) or 0.0)
        reps_txt = (f"median of {reps[0]} repetitions" if len(reps) == 1 else
                    f"median of {reps[0]}..{reps[-1]} repetitions" if reps else "median")
        hosts = sorted({r.get("host", "") for r in rows if r.get("host")})
        runs = sorted({r.get("run_id", "") for r in rows if r.get("run_id")})
        where = f"host {', '.join(hosts) or '?'}, run {', '.join(runs) or '?'}"
        head = f"{family} / {scenario}" + (f" [{', '.join(label)}]" if label else "")

        by_impl = {}
        for r in rows:
            by_impl.setdefault(r["impl"], []).append(r)
        impls = [i for i in impl_order if i in by_impl]
        for rs in by_impl.values():
            rs.sort(key=lambda r: num(r.get(xcol)) or 0.0)

        charts = list(CHARTS)
        if any(num(r.get(LATENCY.cols[0])) is not None or num(r.get(LATENCY.cols[2])) is not None
               for r in rows):
            charts.append(LATENCY)
        if (any(num(r.get(FAIRNESS.cols[0])) is not None for r in rows)
                and max(num(r.get("threads")) or 0 for r in rows) > 1):
            charts.append(FAIRNESS)

        for ch in charts:
            how = []
            if ch is not FAIRNESS:
                how.append(reps_txt + (", error bars min..max" if ch.bars else ""))
            lines = [f"{head}: {ch.what}", where]
            tail = ", ".join(conds + how)
            if len(lines[1]) + len(tail) > 88:
                lines.append(tail)
            elif tail:
                lines[1] += "; " + tail
            title = "\n".join(lines)
            out = os.path.join(self.out_dir, f"{stem}-{ch.metric}.png")
            if single:
                self.draw_bars(ch, title, out, xcol, xs, by_impl, impls, impl_order)
            else:
                self.draw_lines(ch, title, out, xcol, xs, by_impl, impls, impl_order)

    # --- the two drawings ------------------------------------------------------------------
    def workdir(self):
        self.nchart += 1
        d = os.path.join(self.tmp, f"c{self.nchart:04d}")
        os.makedirs(d, exist_ok=True)
        return d

    def draw_lines(self, ch, title, out, xcol, xs, by_impl, impls, impl_order):
        d = self.workdir()
        n = 0
        lts = []
        ys = []
        for impl in impls:
            lines = []
            for r in by_impl[impl]:
                x = num(r.get(xcol))
                vals = [num(r.get(c)) for c in ch.cols]
                if x is None or vals[0] is None and (ch is not LATENCY or vals[2] is None):
                    continue
                if ch.bars:
                    lo = vals[1] if vals[1] is not None else vals[0]
                    hi = vals[2] if vals[2] is not None else vals[0]
                    vals = [vals[0], lo, hi]
                elif ch is FAIRNESS:
                    vals = vals * 3
                ys.extend(v for v in vals if v is not None)
                lines.append(" ".join([fmt_num(x)] + ["NaN" if v is None else fmt_num(v)
                                                      for v in vals]))
            if not lines:
                continue
            n += 1
            lts.append(str(linetype(impl, impl_order)))
            with open(os.path.join(d, f"{n:02d}.dat"), "w", encoding="utf-8") as f:
                # The header row: its first field is the legend title (gnuplot's columnheader(1)).
                f.write(f"{gp_str(impl)} {' '.join(ch.cols)}\n")
                f.write("\n".join(lines) + "\n")
        if n == 0:
            return
        xlog = xcol != "read_pct" and xs[0] > 0 and (xcol == "threads" or xs[-1] / xs[0] >= 8)
        pad = (xs[-1] / xs[0]) ** 0.06 if xlog else 0
        if xlog:
            pad = max(pad, 1.15)
            xmin, xmax = xs[0] / pad, xs[-1] * pad
        else:
            span = (xs[-1] - xs[0]) or 1.0
            xmin, xmax = xs[0] - 0.04 * span, xs[-1] + 0.04 * span
        ylog = ch is not FAIRNESS and ys and min(ys) > 0 and max(ys) / min(ys) > 30
        variables = {
            "out": out, "datadir": d, "n": n, "lts": " ".join(lts), "title": title,
            "xlabel": AXIS_NAMES.get(xcol, xcol) + (" (log2 scale)" if xlog else ""),
            "ylabel": ch.ylabel + (" (log scale)" if ylog else ""),
            "xlog": int(xlog), "ylog": int(bool(ylog)),
            "xvals": " ".join(fmt_num(x) for x in xs) if len(xs) <= 16 else None,
            "xmin": xmin, "xmax": xmax,
            # Series side by side around each x, so that their error bars do not hide each other.
            "dodge": (0.012 if xlog else 0.004 * (xs[-1] - xs[0])) if n > 1 else 0,
            "yformat": ch.yformat_log if ylog else ch.yformat,
        }
        if ch is LATENCY:
            script = "latency.gp"
        elif ch is FAIRNESS:
            script = "fairness.gp"
        else:
            script = "throughput.gp"
            variables["bars"] = int(ch.bars)
        self.gp.draw(script, variables, d)
        self.written.append(out)

    def draw_bars(self, ch, title, out, xcol, xs, by_impl, impls, impl_order):
        d = self.workdir()
        lines = []
        ys = []
        for impl in impls:
            r = by_impl[impl][0]
            vals = [num(r.get(c)) for c in ch.cols]
            if ch is LATENCY:
                med, lo, hi, extra = vals[0], vals[0], vals[0], [vals[2]]
            elif ch is FAIRNESS:
                med, lo, hi, extra = vals[0], vals[0], vals[0], []
            else:
                med, lo, hi, extra = vals[0], vals[1], vals[2], []
                lo = med if lo is None else lo
                hi = med if hi is None else hi
            if med is None:
                continue
            ys.extend(v for v in [med, lo, hi] + extra if v is not None)
            fields = [str(len(lines) + 1), gp_str(impl)] + [fmt_num(v) for v in (med, lo, hi)]
            fields.append(str(linetype(impl, impl_order)))
            fields += ["NaN" if v is None else fmt_num(v) for v in extra]
            lines.append(" ".join(fields))
        if not lines:
            return
        datafile = os.path.join(d, "bars.dat")
        with open(datafile, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        ylog = ch is not FAIRNESS and min(ys) > 0 and max(ys) / min(ys) > 30
        x_txt = (f"implementation ({AXIS_NAMES.get(xcol, xcol)} = {fmt_num(xs[0])})"
                 if xs else "implementation")
        variables = {
            "out": out, "datafile": datafile, "title": title, "xlabel": x_txt,
            "ylabel": ch.ylabel + (" (log scale)" if ylog else ""),
            "bars": int(ch.bars), "ylog": int(bool(ylog)), "yformat": ch.yformat_log if ylog else ch.yformat,
            "extratitles": "p99" if ch is LATENCY else "",
        }
        if ch is LATENCY:
            variables["title"] = title.replace("p50 (solid) and p99 (dashed)", "p50 (bars) and p99")
            variables["bartitle"] = "p50"
        if ch is FAIRNESS:
            variables["ymax"] = 1.05
        self.gp.draw("bars.gp", variables, d)
        self.written.append(out)


def run(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(prog="plot.py", description="Draw a run's plots from summary.csv.")
    ap.add_argument("run_dir", help="the run folder (holding summary.csv)")
    ap.add_argument("--out", help="where the images go (default RUN_DIR/plots)")
    ap.add_argument("--gp-dir", default=os.path.join(os.path.dirname(here), "plots"),
                    help="folder of the gnuplot scripts (default: plots/ of the source tree)")
    ap.add_argument("--keep-data", metavar="DIR",
                    help="write the gnuplot data files under DIR and keep them")
    ap.add_argument("--compare", metavar="OTHER_RUN",
                    help="overlay another run: every implementation appears twice, "
                         "'impl @A' and 'impl @B' (default out: RUN_DIR/plots-vs-<OTHER>)")
    args = ap.parse_args(argv)

    run_dir = args.run_dir
    if not os.path.isdir(run_dir):
        raise PlotError(f"no run folder {run_dir}")
    summary = os.path.join(run_dir, "summary.csv")
    if not os.path.isfile(summary):
        raise PlotError(f"no summary.csv in {run_dir}")
    rows = read_summary(summary)
    if not rows:
        raise PlotError(f"{summary} has no cases")
    default_out = os.path.join(run_dir, "plots")
    if args.compare:
        other = os.path.join(args.compare, "summary.csv")
        if not os.path.isfile(other):
            raise PlotError(f"no summary.csv in {args.compare}")
        orows = read_summary(other)
        # one line per (implementation, run): the label says which run a line comes from
        for r in rows:
            r["impl"] = r["impl"] + " @A"
        for r in orows:
            r["impl"] = r["impl"] + " @B"
        rows = rows + orows
        base = os.path.basename(os.path.normpath(os.path.realpath(args.compare)))
        default_out = os.path.join(run_dir, "plots-vs-" + safe_name(base))
    gp = Gnuplot(os.path.abspath(args.gp_dir))
    out_dir = args.out or default_out
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as e:
        raise PlotError(f"cannot create {out_dir}: {e.strerror}") from e

    failed = [r for r in rows if r.get("check", "") != "ok"]
    if failed:
        names = [f"{r['family']}/{r['impl']}/{r['scenario']} threads={r.get('threads', '')}"
                 for r in failed]
        more = f" and {len(names) - 5} more" if len(names) > 5 else ""
        note(f"{len(failed)} of {len(rows)} case(s) failed their check and are left out of the "
             f"plots: {', '.join(names[:5])}{more}")

    # Families, scenarios and implementations in the order the run wrote them, so that an
    # implementation keeps its colour in every plot of its family.
    impl_order = {}
    groups = {}
    for r in rows:
        impls = impl_order.setdefault(r["family"], [])
        if r["impl"] not in impls:
            impls.append(r["impl"])
        groups.setdefault((r["family"], r["scenario"]), [])
        if r.get("check", "") == "ok":
            groups[(r["family"], r["scenario"])].append(r)

    if args.keep_data:
        os.makedirs(args.keep_data, exist_ok=True)
        tmp_ctx = None
        tmp = args.keep_data
    else:
        tmp_ctx = tempfile.TemporaryDirectory(prefix="syncbench-plot.")
        tmp = tmp_ctx.name
    try:
        plotter = Plotter(run_dir, out_dir, gp, tmp)
        for (family, scenario), grows in groups.items():
            if not grows:
                note(f"{family}/{scenario}: no case passed its check, nothing drawn")
                continue
            plotter.plot_group(family, scenario, grows, impl_order[family])
    finally:
        if tmp_ctx is not None:
            tmp_ctx.cleanup()
    # Plots across families or against a swept parameter, from the families' own modules.
    ok_rows = [r for r in rows if r.get("check", "") == "ok"]
    for mod in EXTRA_PLOTS:
        try:
            m = __import__(mod)
            plotter.written.extend(m.draw(run_dir, ok_rows, out_dir) or [])
        except PlotError:
            raise
        except Exception as e:  # a broken module must not hide the other plots
            raise PlotError(f"{mod}: {e}") from e
    for path in plotter.written:
        print(path)
    if not plotter.written:
        raise PlotError(f"nothing to draw from {summary}")
    return 0


def module_main(draw, argv, prog):
    """The command line of a plot module (plot_blockA.py, ...): RUN_DIR [OUT_DIR]."""
    if len(argv) < 1:
        print(f"usage: {prog} RUN_DIR [OUT_DIR]", file=sys.stderr)
        return 2
    run_dir = argv[0]
    try:
        rows = read_summary(os.path.join(run_dir, "summary.csv"))
        for path in draw(run_dir, rows, argv[1] if len(argv) > 1 else os.path.join(run_dir, "plots")):
            print(path)
    except PlotError as e:
        note(str(e))
        return 1
    return 0


def main():
    try:
        return run(sys.argv[1:])
    except PlotError as e:
        note(str(e))
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
