#!/usr/bin/env python3
"""Draws a run's plots from its summary.csv with the gnuplot scripts in plots/.

usage: python3 scripts/plot.py RUN_DIR [--out DIR] [--gp-dir DIR] [--keep-data DIR]
                                        [--compare OTHER_RUN] [--format png|svg]

For each family and scenario in RUN_DIR/summary.csv it writes, into RUN_DIR/plots/ (or --out):
  <family>-<scenario>-ns_per_op.png   time per operation vs threads
  <family>-<scenario>-ops_per_s.png   throughput vs threads
  <family>-<scenario>-latency.png     p50 and p99 vs threads (when the run sampled latency)
  <family>-<scenario>-fairness.png    Jain's index vs threads (when measured, more than 1 thread)
One line per implementation, a point at the median over repetitions and error bars from the
minimum to the maximum. The x axis is the parameter the scenario sweeps: threads, or if threads
is fixed the first other parameter that varies (read_pct, depth, permits, ...). Parameters that
vary independently of x split the scenario into one set of plots each, named with a suffix such
as "-read_pct90". A family with many implementations (sbplot/kinds.py: mutex, atomic) draws one
figure per kind ("-spin-", "-queue-"...). A scenario measured at one point draws one bar per
implementation. Some scenarios draw only what they measure (sbplot/kinds.py SCENARIO_CHARTS).
Then plot_sweeps.py and plot_latency_events.py add their figures.

Rows whose check is not "ok" are left out; their count is reported on stderr. The names of the
images written go to stdout, one per line. Any error ends the program with one line on stderr:
exit status 2 for bad input (folder or CSV missing or malformed), 1 when drawing fails.
Standard library only.
"""

import argparse
import os
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot_latency_events  # noqa: E402
import plot_sweeps  # noqa: E402
from sbplot import cli  # noqa: E402
from sbplot.draw import Plotter  # noqa: E402
from sbplot.gnuplot import Gnuplot  # noqa: E402
from sbplot.table import TableError, group_by, safe_name  # noqa: E402

PROG = "plot"
# programs that add figures: draw(plotter, ok_rows), run after the per-scenario plots
EXTRA_PLOTS = [plot_sweeps, plot_latency_events]


class ArgError(TableError):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise ArgError(f"{message} (see --help)")


def draw_run(run_dir, out_dir, gp_dir, fmt="png", compare=None, keep_data=None):
    """Draws every figure of a run (or of two overlaid) into out_dir; returns the Plotter (its
    written and images lists). Used by this program and by report.py."""
    rows = cli.load_summary(run_dir)
    where = None
    if compare:
        rows, where = cli.overlay(rows, run_dir, cli.load_summary(compare), compare)
    gp = Gnuplot(os.path.abspath(gp_dir), fmt)
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as e:
        raise TableError(f"cannot create {out_dir}: {e.strerror}") from e

    failed = [r for r in rows if r.get("check", "") != "ok"]
    if failed:
        names = [f"{r['family']}/{r['impl']}/{r['scenario']} threads={r.get('threads', '')}"
                 for r in failed]
        more = f" and {len(names) - 5} more" if len(names) > 5 else ""
        cli.note(PROG, f"{len(failed)} of {len(rows)} case(s) failed their check and are left "
                       f"out of the plots: {', '.join(names[:5])}{more}")
    ok = [r for r in rows if r.get("check", "") == "ok"]
    # Implementations in the order the run wrote them, so that an implementation keeps its
    # colour in every plot of its family.
    impl_order = {}
    for r in rows:
        impl_order.setdefault(r["family"], [])
        if r["impl"] not in impl_order[r["family"]]:
            impl_order[r["family"]].append(r["impl"])
    groups = group_by(rows, lambda r: (r["family"], r["scenario"]))

    if keep_data:
        os.makedirs(keep_data, exist_ok=True)
        tmp_ctx, tmp = None, keep_data
    else:
        tmp_ctx = tempfile.TemporaryDirectory(prefix="syncbench-plot.")
        tmp = tmp_ctx.name
    try:
        p = Plotter(out_dir, gp, tmp, where)
        for (family, scenario), grows in groups.items():
            grows = [r for r in grows if r.get("check", "") == "ok"]
            if not grows:
                cli.note(PROG, f"{family}/{scenario}: no case passed its check, nothing drawn")
                continue
            p.plot_group(family, scenario, grows, impl_order[family])
        # Plots across families or against a swept parameter.
        for mod in EXTRA_PLOTS:
            mod.draw(p, ok)
        gp.wait()
    finally:
        gp.wait_quietly()
        if tmp_ctx is not None:
            tmp_ctx.cleanup()
    return p


def run(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = Parser(prog="plot.py", description="Draw a run's plots from summary.csv.")
    ap.add_argument("run_dir", help="the run folder (holding summary.csv)")
    ap.add_argument("--out", help="where the images go (default RUN_DIR/plots)")
    ap.add_argument("--gp-dir", default=os.path.join(os.path.dirname(here), "plots"),
                    help="folder of the gnuplot scripts (default: plots/ of the source tree)")
    ap.add_argument("--keep-data", metavar="DIR",
                    help="write the gnuplot data files under DIR and keep them")
    ap.add_argument("--compare", metavar="OTHER_RUN",
                    help="overlay another run: every implementation appears twice, "
                         "'impl @A' and 'impl @B' (default out: RUN_DIR/plots-vs-<OTHER>)")
    ap.add_argument("--format", choices=["png", "svg"], default="png", help="image format")
    args = ap.parse_args(argv)

    out_dir = args.out or os.path.join(args.run_dir, "plots")
    if args.compare and not args.out:
        base = os.path.basename(os.path.normpath(os.path.realpath(args.compare)))
        out_dir = os.path.join(args.run_dir, "plots-vs-" + safe_name(base))
    p = draw_run(args.run_dir, out_dir, args.gp_dir, args.format, args.compare, args.keep_data)
    for path in p.written:
        print(path)
    if not p.written:
        raise TableError(f"nothing to draw from {os.path.join(args.run_dir, 'summary.csv')}")
    return 0


if __name__ == "__main__":
    sys.exit(cli.main(PROG, run))
