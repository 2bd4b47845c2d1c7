#!/usr/bin/env python3
"""Parameter sweeps at a fixed thread count, which scripts/plot.py does not draw by itself
because there the x axis is threads whenever threads vary:

  rwlock-mixed-by-read_pct-t<N>-{ops_per_s,read_ops_per_s,write_ops_per_s}.png
  rcu-readmostly-by-read_pct-t<N>-{ops_per_s,read_ops_per_s,write_ops_per_s}.png
      throughput against read% at N threads, one line per implementation; reads and writes
      apart (a writer starved by readers shows as a write line falling to zero)
  semaphore-pool-by-permits-t<N>-ops_per_s.png
      pool throughput against permits at N threads

draw(plotter, rows) draws with an sbplot.draw.Plotter from the rows of summary.csv whose check
is ok. Usable alone: python3 scripts/plot_sweeps.py RUN_DIR [OUT_DIR]. Standard library only.
"""

import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sbplot import cli, kinds  # noqa: E402
from sbplot.draw import AXIS_NAMES, Chart  # noqa: E402
from sbplot.table import fmt_num, group_by, num  # noqa: E402


def charts(family, scenario, split_rw):
    op = kinds.operation(family, scenario)
    out = [Chart("ops_per_s", f"{op} / s over all threads (higher is better)", "throughput",
                 ["ops_per_s_median", "ops_per_s_min", "ops_per_s_max"])]
    if split_rw:
        out += [Chart("read_ops_per_s", "reads / s over all threads (median, higher is better)",
                      "read throughput", ["read_ops_per_s_median"] * 3, bars=False),
                Chart("write_ops_per_s", "writes / s over all threads (median, higher is better)",
                      "write throughput", ["write_ops_per_s_median"] * 3, bars=False)]
    return out


# (family, scenario, x column, reads and writes apart)
SWEEPS = [
    ("rwlock", "mixed", "read_pct", True),
    ("semaphore", "pool", "permits", False),
    ("rcu", "readmostly", "read_pct", True),
]


def draw(p, rows):
    for family, scenario, xcol, split_rw in SWEEPS:
        ok = [r for r in rows if r.get("family") == family and r.get("scenario") == scenario
              and num(r.get(xcol)) is not None and num(r.get("threads")) is not None]
        impl_order = list(dict.fromkeys(r["impl"] for r in rows if r.get("family") == family))
        for t, trows in sorted(group_by(ok, lambda r: num(r.get("threads"))).items()):
            xs = sorted({num(r.get(xcol)) for r in trows})
            if len(xs) < 2:
                continue
            by_impl = group_by(sorted(trows, key=lambda r: num(r.get(xcol))), lambda r: r["impl"])
            impls = [i for i in impl_order if i in by_impl]
            for slug, kind_title, fimpls in kinds.split_by_kind(family, impls):
                for ch in charts(family, scenario, split_rw):
                    if not any(num(r.get(ch.cols[0])) is not None for r in trows):
                        continue
                    head = f"{family} / {scenario} at {fmt_num(t)} threads"
                    head += f": {kind_title}" if kind_title else ""
                    title = (f"{head}: {ch.what} against {AXIS_NAMES.get(xcol, xcol)}\n"
                             f"{p.where_of(trows)}; median over repetitions"
                             + (", error bars min..max" if ch.bars else ""))
                    stem = f"{family}-{scenario}-by-{xcol}-t{fmt_num(t)}"
                    stem += f"-{slug}" if slug else ""
                    p.draw_lines(ch, title, p.image_path(f"{stem}-{ch.metric}"), xcol, xs,
                                 by_impl, fimpls, fimpls if slug else impl_order, family,
                                 scenario)


if __name__ == "__main__":
    sys.exit(cli.main("plot_sweeps", lambda argv: cli.module_main("plot_sweeps", draw, argv)))
