#!/usr/bin/env python3
"""Plots of the condvar, event and timer families that scripts/plot.py cannot draw by itself:

  handoff-roundtrip-cpus<C>.png
      every round-trip handoff side by side, at 2 threads, on C CPUs (cpus=1: both threads
      pinned to one CPU with --pin cpus=0): condvar/*/pingpong, semaphore/*/pingpong,
      event/*/pingpong (condvar-, futex- and eventfd-based events, and the spinning flag, the
      floor). A bar is the median ns_per_op (one round trip) with min..max over repetitions; the
      marks are the p50 and p99 of the timed round trips. Families missing from the run are left
      out (e.g. a run without the semaphore family).
  event-fanout-latency-by-waiters.png
      the wake-up latency from set() to a waiter's return, p50 (solid) and p99 (dashed), against
      the number of waiters, one line per event implementation.
  timer-overshoot-by-timeout.png
      timer overshoot (wake-up - deadline) p50 and p99 against the requested timeout.

draw(run_dir, rows, outdir) takes the rows of summary.csv (dicts) and returns the images written.
Usable alone: python3 scripts/plot_blocking.py RUN_DIR [OUT_DIR]. Standard library + plot.py.
"""

import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot  # noqa: E402  (the generic plotter: gnuplot runner, line drawing)

HANDOFF_FAMILIES = ["condvar", "semaphore", "event"]  # their `pingpong` scenario, in this order


def param(row, key):
    """The value of key in the params column ("k=v;k=v"), as a number, or None."""
    for kv in (row.get("params") or "").split(";"):
        k, _, v = kv.partition("=")
        if k == key:
            return plot.num(v)
    return None


def where(rows):
    hosts = sorted({r.get("host", "") for r in rows if r.get("host")})
    runs = sorted({r.get("run_id", "") for r in rows if r.get("run_id")})
    return f"host {', '.join(hosts) or '?'}, run {', '.join(runs) or '?'}"


def draw_handoffs(p, rows, outdir):
    ok = [r for r in rows if r.get("scenario") == "pingpong" and r.get("family") in HANDOFF_FAMILIES
          and r.get("check") == "ok" and plot.num(r.get("threads")) == 2
          and plot.num(r.get("ns_per_op_median")) is not None]
    for cpus in sorted({plot.num(r.get("cpus")) for r in ok if plot.num(r.get("cpus")) is not None}):
        crows = [r for r in ok if plot.num(r.get("cpus")) == cpus]
        crows.sort(key=lambda r: (HANDOFF_FAMILIES.index(r["family"]), rows.index(r)))
        lines, ys = [], []
        for r in crows:
            med = plot.num(r.get("ns_per_op_median"))
            lo = plot.num(r.get("ns_per_op_min"))
            hi = plot.num(r.get("ns_per_op_max"))
            lo = med if lo is None else lo
            hi = med if hi is None else hi
            extra = [plot.num(r.get("lat_p50_ns_median")), plot.num(r.get("lat_p99_ns_median"))]
            ys.extend(v for v in [med, lo, hi] + extra if v)
            fields = [str(len(lines) + 1), plot.gp_str(f"{r['family']}/{r['impl']}")]
            fields += [plot.fmt_num(v) for v in (med, lo, hi)]
            fields.append(str(HANDOFF_FAMILIES.index(r["family"]) + 1))
            fields += ["NaN" if v is None else plot.fmt_num(v) for v in extra]
            lines.append(" ".join(fields))
        if not lines:
            continue
        d = p.workdir()
        datafile = os.path.join(d, "bars.dat")
        with open(datafile, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        on = "one CPU (--pin cpus=0)" if cpus == 1 else f"{plot.fmt_num(cpus)} CPUs"
        out = os.path.join(outdir, f"handoff-roundtrip-cpus{plot.fmt_num(cpus)}.png")
        ylog = min(ys) > 0 and max(ys) / min(ys) > 30
        p.gp.draw("bars.gp", {
            "out": out, "datafile": datafile,
            "title": f"round-trip handoff between 2 threads on {on}: every pingpong side by side\n"
                     f"{where(crows)}; bar = median ns/op (one round trip), error bars min..max",
            "xlabel": "family/implementation (colour = family)",
            "ylabel": "one round trip (ns)" + (" (log scale)" if ylog else ""),
            "bars": 1, "ylog": int(ylog), "yformat": "%g", "bartitle": "median round trip",
            "extratitles": "p50 p99",
        }, d)
        p.written.append(out)


def draw_by(p, rows, outdir, family, scenario, xcol, xlabel, fname, what):
    ok = [r for r in rows if r.get("family") == family and r.get("scenario") == scenario
          and r.get("check") == "ok" and plot.num(r.get(xcol)) is not None]
    xs = sorted({plot.num(r.get(xcol)) for r in ok})
    if len(xs) < 2:
        return
    impl_order = []
    for r in rows:
        if r.get("family") == family and r["impl"] not in impl_order:
            impl_order.append(r["impl"])
    by_impl = {}
    for r in sorted(ok, key=lambda r: plot.num(r.get(xcol))):
        by_impl.setdefault(r["impl"], []).append(r)
    impls = [i for i in impl_order if i in by_impl]
    plot.AXIS_NAMES.setdefault(xcol, xlabel)
    title = f"{family} / {scenario}: {what}, p50 (solid) and p99 (dashed)\n{where(ok)}; median over repetitions"
    p.draw_lines(plot.LATENCY, title, os.path.join(outdir, fname), xcol, xs, by_impl, impls, impl_order)


def draw(run_dir, rows, outdir):
    here = os.path.dirname(os.path.abspath(__file__))
    gp = plot.Gnuplot(os.path.join(os.path.dirname(here), "plots"))
    os.makedirs(outdir, exist_ok=True)
    # the timer's timeout lives in the params column: give it a column of its own, in us
    rows = [dict(r) for r in rows]
    for r in rows:
        t = param(r, "timeout")
        if t is not None:
            r["timeout_us"] = plot.fmt_num(t / 1000.0)
    with tempfile.TemporaryDirectory(prefix="syncbench-plot-blocking.") as tmp:
        p = plot.Plotter(run_dir, outdir, gp, tmp)
        draw_handoffs(p, rows, outdir)
        draw_by(p, rows, outdir, "event", "fanout", "waiters", "waiting threads",
                "event-fanout-latency-by-waiters.png", "wake-up latency from set() to each waiter's return")
        draw_by(p, rows, outdir, "timer", "overshoot", "timeout_us", "requested timeout (us)",
                "timer-overshoot-by-timeout.png", "overshoot (wake-up - deadline)")
        return list(p.written)


if __name__ == "__main__":
    sys.exit(plot.module_main(draw, sys.argv[1:], "plot_blocking.py"))
