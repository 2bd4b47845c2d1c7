#!/usr/bin/env python3
"""Plots of the rwlock and semaphore families that scripts/plot.py cannot draw by itself, because
there the x axis is threads whenever threads vary:

  rwlock-mixed-by-read_pct-t<N>-{ops_per_s,read_ops_per_s,write_ops_per_s}.png
      throughput against read% at N threads, one line per implementation; reads and writes
      apart (a writer starved by readers shows as a write line falling to zero)
  semaphore-pool-by-permits-t<N>-ops_per_s.png
      pool throughput against permits at N threads

draw(run_dir, rows, outdir) takes the rows of summary.csv (dicts) and returns the images written.
Usable alone: python3 scripts/plot_blockA.py RUN_DIR [OUT_DIR]. Standard library + plot.py.
"""

import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot  # noqa: E402  (the generic plotter: gnuplot runner, line drawing)

TOTAL = plot.Chart("ops_per_s", "throughput (operations/s over all threads, higher is better)",
                   "throughput", ["ops_per_s_median", "ops_per_s_min", "ops_per_s_max"],
                   yformat="%.1s%c", yformat_log="%.0s%c")
READS = plot.Chart("read_ops_per_s", "reads/s over all threads (median)", "read throughput",
                   ["read_ops_per_s_median"] * 3, bars=False, yformat="%.1s%c", yformat_log="%.0s%c")
WRITES = plot.Chart("write_ops_per_s", "writes/s over all threads (median)", "write throughput",
                    ["write_ops_per_s_median"] * 3, bars=False, yformat="%.1s%c", yformat_log="%.0s%c")

# (family, scenario, x column, charts)
SWEEPS = [
    ("rwlock", "mixed", "read_pct", [TOTAL, READS, WRITES]),
    ("semaphore", "pool", "permits", [TOTAL]),
    ("rcu", "readmostly", "read_pct", [TOTAL, READS, WRITES]),
]


def draw(run_dir, rows, outdir):
    here = os.path.dirname(os.path.abspath(__file__))
    gp = plot.Gnuplot(os.path.join(os.path.dirname(here), "plots"))
    os.makedirs(outdir, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="syncbench-plot-blockA.") as tmp:
        p = plot.Plotter(run_dir, outdir, gp, tmp)
        for family, scenario, xcol, charts in SWEEPS:
            ok = [r for r in rows if r.get("family") == family and r.get("scenario") == scenario
                  and r.get("check") == "ok" and plot.num(r.get(xcol)) is not None]
            impl_order = []
            for r in rows:
                if r.get("family") == family and r["impl"] not in impl_order:
                    impl_order.append(r["impl"])
            for t in sorted({plot.num(r.get("threads")) for r in ok}):
                trows = [r for r in ok if plot.num(r.get("threads")) == t]
                xs = sorted({plot.num(r.get(xcol)) for r in trows})
                if len(xs) < 2:
                    continue
                by_impl = {}
                for r in sorted(trows, key=lambda r: plot.num(r.get(xcol))):
                    by_impl.setdefault(r["impl"], []).append(r)
                impls = [i for i in impl_order if i in by_impl]
                hosts = sorted({r.get("host", "") for r in trows if r.get("host")})
                for ch in charts:
                    if not any(plot.num(r.get(ch.cols[0])) is not None for r in trows):
                        continue
                    title = (f"{family} / {scenario} at {plot.fmt_num(t)} threads: {ch.what} "
                             f"against {plot.AXIS_NAMES.get(xcol, xcol)}\nhost {', '.join(hosts) or '?'}; "
                             f"median over repetitions" + (", error bars min..max" if ch.bars else ""))
                    out = os.path.join(outdir, f"{family}-{scenario}-by-{xcol}-t{plot.fmt_num(t)}-{ch.metric}.png")
                    p.draw_lines(ch, title, out, xcol, xs, by_impl, impls, impl_order)
        return list(p.written)


if __name__ == "__main__":
    sys.exit(plot.module_main(draw, sys.argv[1:], "plot_blockA.py"))
