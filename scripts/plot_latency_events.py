#!/usr/bin/env python3
"""Latencies of handoffs, wake-ups and timed waits (condvar, semaphore, event and timer families):

  handoff-roundtrip-cpus<C>.png
      every round-trip handoff side by side, at 2 threads, on C CPUs (cpus=1: both threads
      pinned to one CPU with --pin cpus=0): condvar/*/pingpong, semaphore/*/pingpong,
      event/*/pingpong (condvar-, futex- and eventfd-based events, and the spinning flag, the
      floor). A bar is the median ns_per_op (one round trip) with min..max over repetitions,
      its colour the family (see the legend); the marks are the p50 and p99 of the timed round
      trips. Families missing from the run are left out.
  event-fanout-latency-by-waiters.png
      the wake-up latency from set() to a waiter's return, p50 (solid) and p99 (dashed), against
      the number of waiters, one line per event implementation.
  timer-overshoot-by-timeout.png
      timer overshoot (wake-up - deadline) p50 and p99 against the requested timeout.

draw(plotter, rows) draws with an sbplot.draw.Plotter from the rows of summary.csv whose check
is ok. Usable alone: python3 scripts/plot_latency_events.py RUN_DIR [OUT_DIR]. Standard library.
"""

import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sbplot import cli  # noqa: E402
from sbplot.draw import Chart  # noqa: E402
from sbplot.table import fmt_num, group_by, num, param  # noqa: E402

HANDOFF_FAMILIES = ["condvar", "semaphore", "event"]  # their `pingpong` scenario, in this order
ROUND_TRIP = Chart("roundtrip", "one round trip (ns, lower is better)", "round trip",
                   ["ns_per_op_median", "ns_per_op_min", "ns_per_op_max"])


def draw_handoffs(p, rows):
    ok = [r for r in rows if r.get("scenario") == "pingpong" and r.get("family") in HANDOFF_FAMILIES
          and num(r.get("threads")) == 2 and num(r.get("ns_per_op_median")) is not None]
    for cpus, crows in sorted(group_by(ok, lambda r: num(r.get("cpus")) or 0).items()):
        crows.sort(key=lambda r: HANDOFF_FAMILIES.index(r["family"]))
        entries = []
        for r in crows:
            med = num(r.get("ns_per_op_median"))
            lo, hi = num(r.get("ns_per_op_min")), num(r.get("ns_per_op_max"))
            marks = [num(r.get("lat_p50_ns_median")), num(r.get("lat_p99_ns_median"))]
            marks = [m if m is not None and m > 0 else None for m in marks]
            entries.append((f"{r['family']}/{r['impl']}", med, med if lo is None else lo,
                            med if hi is None else hi, marks))
        present = [f for f in HANDOFF_FAMILIES if any(r["family"] == f for r in crows)]
        on = "one CPU (--pin cpus=0)" if cpus == 1 else f"{fmt_num(cpus)} CPUs"
        title = (f"round-trip handoff between 2 threads on {on}: every pingpong side by side\n"
                 f"{p.where_of(crows)}; bar = median round trip, error bars min..max")
        p.bar_image(ROUND_TRIP, title, p.image_path(f"handoff-roundtrip-cpus{fmt_num(cpus)}"),
                    "family/implementation (colour = family)", entries,
                    lambda e: HANDOFF_FAMILIES.index(e[0].split("/")[0]) + 1, "handoff", "pingpong",
                    bartitle="median round trip", extratitles="p50 p99",
                    legend=[(f, HANDOFF_FAMILIES.index(f) + 1) for f in present])


def draw_by(p, rows, family, scenario, xcol, stem, what):
    ok = [r for r in rows if r.get("family") == family and r.get("scenario") == scenario
          and num(r.get(xcol)) is not None]
    xs = sorted({num(r.get(xcol)) for r in ok})
    if len(xs) < 2:
        return
    impl_order = list(dict.fromkeys(r["impl"] for r in rows if r.get("family") == family))
    by_impl = group_by(sorted(ok, key=lambda r: num(r.get(xcol))), lambda r: r["impl"])
    impls = [i for i in impl_order if i in by_impl]
    ch = Chart("latency", f"{what} (ns)", what, ["lat_p50_ns_median", "lat_p90_ns_median",
                                                 "lat_p99_ns_median", "lat_p999_ns_median"],
               bars=False, kind="latency")
    title = (f"{family} / {scenario}: {what}, p50 (solid) and p99 (dashed)\n"
             f"{p.where_of(ok)}; median over repetitions")
    p.draw_lines(ch, title, p.image_path(stem), xcol, xs, by_impl, impls, impl_order, family,
                 scenario)


def draw(p, rows):
    # the timer's timeout lives in the params column: give it a column of its own, in us
    rows = [dict(r) for r in rows]
    for r in rows:
        t = param(r, "timeout")
        if t is not None:
            r["timeout_us"] = fmt_num(t / 1000.0)
    draw_handoffs(p, rows)
    draw_by(p, rows, "event", "fanout", "waiters", "event-fanout-latency-by-waiters",
            "wake-up latency from set() to each waiter's return")
    draw_by(p, rows, "timer", "overshoot", "timeout_us", "timer-overshoot-by-timeout",
            "overshoot (wake-up - deadline)")


if __name__ == "__main__":
    sys.exit(cli.main("plot_latency_events",
                      lambda argv: cli.module_main("plot_latency_events", draw, argv)))
