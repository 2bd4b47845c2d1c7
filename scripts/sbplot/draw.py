"""Charts and the Plotter: one image of lines against a swept parameter, or of bars (one value per
implementation) for a scenario measured at one point.

The y axis is linear from 0 unless the values span more than SPAN_LOG (then log10, and a single
point is drawn as a dot, never as a bar: a bar's length means nothing on a log axis). Tick labels
are computed here, all in one SI style (gnuplot.si). A latency percentile that is empty (or 0) in
summary.csv was below the clock's resolution: it is drawn as a mark on the axis and said in words.
"""

import os

from . import kinds
from .gnuplot import axis, gp_str, si, tick_vars
from .table import cond_value, fmt_num, num, param_cols, safe_name, short

SPAN_LOG = 30
# Parameters a scenario may sweep, in the order they are preferred as the x axis.
SWEEP_COLS = ["threads", "read_pct", "depth", "permits", "waiters", "cs_ns", "think_ns"]
AXIS_NAMES = {
    "threads": "threads",
    "read_pct": "read operations (% of all operations)",
    "depth": "nesting depth",
    "permits": "permits",
    "waiters": "waiting threads",
    "cs_ns": "critical section (ns)",
    "think_ns": "think time between operations (ns)",
    "timeout_us": "requested timeout (us)",
}
SHORT_NAMES = {"cs_ns": "cs", "think_ns": "think", "read_pct": "read%"}
UNITS = {"cs_ns": " ns", "think_ns": " ns", "read_pct": "%"}
PER_LINE = 88  # characters of a title line


def linetype(impl, impl_order):
    """The gnuplot linetype of an implementation: its colour follows its place in the family. In
    an overlay of two runs ("impl @A", "impl @B"), both runs' lines share the colour and run B's
    is dashed with open points (linetypes 17..32 in plots/style.gp)."""
    order = list(dict.fromkeys(kinds.base_impl(i) for i in impl_order))
    name = kinds.base_impl(impl)
    run = impl.rpartition(" @")[2] if " @" in impl else ""
    idx = order.index(name) if name in order else len(order)
    return idx % 16 + 1 + (16 if run == "B" else 0)


def fmt_cond(col, value):
    """A condition as shown in a title: cs=100 ns, read%=90%, broadcast=1."""
    if col.startswith("p:"):
        return f"{col[2:]}={short(value, 40)}"
    return f"{SHORT_NAMES.get(col, col)}={value}{UNITS.get(col, '')}"


class Chart:
    """What one image shows: which columns of summary.csv, how to label them."""

    def __init__(self, metric, ylabel, what, cols, bars=True, kind="value"):
        self.metric = metric      # file name part
        self.ylabel = ylabel
        self.what = what          # title part
        self.cols = cols          # [median, min, max], or the latency percentiles
        self.bars = bars          # error bars min..max
        self.kind = kind          # "value", "latency" or "fairness"


def charts_for(family, scenario):
    """The charts of one scenario, labelled with what one operation is."""
    op = kinds.operation(family, scenario)
    out = {
        "ns_per_op": Chart("ns_per_op", f"ns per {op} (lower is better)", "time per operation",
                           ["ns_per_op_median", "ns_per_op_min", "ns_per_op_max"]),
        "ops_per_s": Chart("ops_per_s", f"{op} / s over all threads (higher is better)",
                           "throughput", ["ops_per_s_median", "ops_per_s_min", "ops_per_s_max"]),
        "latency": Chart("latency", f"latency of one {op} (ns)",
                         f"latency of one {op}, p50 (solid) and p99 (dashed)",
                         ["lat_p50_ns_median", "lat_p90_ns_median", "lat_p99_ns_median",
                          "lat_p999_ns_median"], bars=False, kind="latency"),
        "fairness": Chart("fairness", "Jain's fairness index over threads (1 = fair)",
                          "fairness of per-thread operation counts", ["fair_jain_median"],
                          bars=False, kind="fairness"),
    }
    wanted = kinds.SCENARIO_CHARTS.get((family, scenario), list(out))
    return [out[k] for k in wanted]


def wrap(title, width=PER_LINE):
    """Each line of title cut at ": ", ", " or a space so that none is wider than width."""
    out = []
    for line in title.split("\n"):
        while len(line) > width:
            # a cut after ", " or ": " in the second half of the line, else at a space
            cut = max(line.rfind(sep, width // 2, width) for sep in (": ", ", "))
            if cut < 0:
                cut = line.rfind(" ", 20, width)
            if cut < 20:
                break
            keep = line[cut] in ":,"
            out.append(line[:cut + 1 if keep else cut])
            line = line[cut + 1:].lstrip()
        out.append(line)
    return "\n".join(out)


def below_clock(v):
    """A percentile that was below the clock's resolution (empty, or 0 in older runs)."""
    return v is None or v <= 0


class Plotter:
    """Draws into out_dir through gp (a gnuplot.Gnuplot); tmp holds the data files. where is the
    provenance line of every title (default: the hosts and runs of the rows drawn)."""

    def __init__(self, out_dir, gp, tmp, where=None):
        self.out_dir = out_dir
        self.gp = gp
        self.tmp = tmp
        self.where = where
        self.written = []   # image paths in the order drawn
        self.images = []    # {"path", "family", "scenario", "title"} for the report
        self.nchart = 0
        self.only = None    # the chart metrics to draw ("ns_per_op", ...): None, all of them
        self.series = "implementation"  # what a line or bar is (a fleet report: "machine")

    def ext(self):
        return "." + getattr(self.gp, "fmt", "png")

    def image_path(self, stem):
        return os.path.join(self.out_dir, stem + self.ext())

    def where_of(self, rows):
        if self.where:
            return self.where
        hosts = sorted({r.get("host", "") for r in rows if r.get("host")})
        runs = sorted({r.get("run_id", "") for r in rows if r.get("run_id")})
        return f"host {short(', '.join(hosts) or '?', 40)}, run {short(', '.join(runs) or '?', 60)}"

    def done(self, out, title, family, scenario):
        self.written.append(out)
        self.images.append({"path": out, "family": family, "scenario": scenario,
                            "title": title.replace("\n", " — ")})

    def workdir(self):
        self.nchart += 1
        d = os.path.join(self.tmp, f"c{self.nchart:04d}")
        os.makedirs(d, exist_ok=True)
        return d

    # --- one (family, scenario) ------------------------------------------------------------
    def plot_group(self, family, scenario, rows, impl_order):
        charts = [c for c in charts_for(family, scenario) if not self.only or c.metric in self.only]
        if not charts:
            return
        sweep = list(SWEEP_COLS)
        derived = kinds.DERIVED_X.get((family, scenario))
        if derived:
            col, label, fn = derived
            rows = [dict(r) for r in rows]
            for r in rows:
                t = num(r.get("threads"))
                r[col] = fmt_num(fn(t)) if t is not None else ""
            sweep.insert(0, col)
            AXIS_NAMES.setdefault(col, label)
        cond_cols = sweep + ["cpus", "pin"] + param_cols(rows)
        xcol = next((c for c in sweep if len({cond_value(r, c) for r in rows}) > 1), "threads")
        # A column that changes with x alone (cpus = min(threads, cores), waiters = threads - 1)
        # goes along with x; one that changes independently splits the plots into variants.
        split = []
        for c in cond_cols:
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
            stem = f"{safe_name(family, 30)}-{safe_name(scenario, 30)}"
            if len(variants) > 1:
                stem += "-" + safe_name(";".join(f"{c[2:] if c.startswith('p:') else c}={v}"
                                                 for c, v in key if v != "") or "default")
            self.plot_variant(family, scenario, stem, xcol, split, cond_cols, vrows, impl_order,
                              charts)

    def plot_variant(self, family, scenario, stem, xcol, split, cond_cols, rows, impl_order,
                     charts):
        xs = sorted({num(r.get(xcol)) for r in rows if num(r.get(xcol)) is not None})
        single = len(xs) <= 1
        # What holds for every row of this plot: the variant after the title, the rest below.
        label, conds = [], []
        for c in cond_cols:
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
        head = f"{family} / {scenario}" + (f" [{', '.join(label)}]" if label else "")

        by_impl = {}
        for r in rows:
            by_impl.setdefault(r["impl"], []).append(r)
        impls = [i for i in impl_order if i in by_impl]
        for rs in by_impl.values():
            rs.sort(key=lambda r: num(r.get(xcol)) or 0.0)

        facets = [(None, None, impls)] if single else kinds.split_by_kind(family, impls)
        for ch in charts:
            if ch.kind == "latency" and not any(
                    num(r.get(ch.cols[0])) is not None or num(r.get(ch.cols[2])) is not None
                    for r in rows):
                continue
            if ch.kind == "fairness" and (
                    not any(num(r.get(ch.cols[0])) is not None for r in rows)
                    or max(num(r.get("threads")) or 0 for r in rows) <= 1):
                continue
            for slug, kind_title, fimpls in facets:
                how = []
                if ch.kind != "fairness":
                    how.append(reps_txt + (", error bars min..max" if ch.bars else ""))
                fhead = head + (f": {kind_title}" if kind_title else "")
                lines = [f"{fhead}: {ch.what}", self.where_of(rows)]
                tail = ", ".join(conds + how)
                if len(lines[1]) + len(tail) > PER_LINE:
                    lines.append(tail)
                elif tail:
                    lines[1] += "; " + tail
                title = "\n".join(lines)
                out = self.image_path(f"{stem}{'-' + slug if slug else ''}-{ch.metric}")
                # in a figure of one kind, colours follow the order within the kind (distinct,
                # and the same in every figure of that kind)
                order = fimpls if slug else impl_order
                if single:
                    self.draw_bars(ch, title, out, xcol, xs, by_impl, fimpls, order,
                                   family, scenario)
                else:
                    self.draw_lines(ch, title, out, xcol, xs, by_impl, fimpls, order,
                                    family, scenario)

    # --- lines against x ---------------------------------------------------------------------
    def x_axis(self, xcol, xs, n):
        """gnuplot variables of the x axis and the position function: a log2 axis for threads
        and wide sweeps; evenly spaced positions when values would crowd (read% 90, 99, 100)."""
        span = xs[-1] - xs[0]
        xlog = xcol != "read_pct" and xs[0] > 0 and (xcol == "threads" or xs[-1] / xs[0] >= 8)
        gaps = [b - a for a, b in zip(xs, xs[1:])]
        ordinal = not xlog and span > 0 and min(gaps) / span < 0.15
        name = AXIS_NAMES.get(xcol, xcol)
        v = {"xlog": int(xlog)}
        if ordinal:
            pos = {x: float(i) for i, x in enumerate(xs)}
            v.update(tick_vars("x", list(range(len(xs))), [si(x) for x in xs]))
            v.update(xmin=-0.3, xmax=len(xs) - 0.7, xlabel=name + " (evenly spaced)",
                     dodge=0.03 if n > 1 else 0)
            return v, (lambda x: pos[x])
        if xlog:
            pad = max((xs[-1] / xs[0]) ** 0.06, 1.15)
            v.update(xmin=xs[0] / pad, xmax=xs[-1] * pad, xlabel=name + " (log2 scale)",
                     dodge=0.012 if n > 1 else 0)
        else:
            s = span or 1.0
            v.update(xmin=xs[0] - 0.04 * s, xmax=xs[-1] + 0.04 * s, xlabel=name,
                     dodge=0.004 * s if n > 1 else 0)
        if len(xs) <= 16:
            v.update(tick_vars("x", xs))
        return v, (lambda x: x)

    def y_axis(self, ch, ys, log_ok=True):
        pos = [y for y in ys if y is not None and y > 0]
        ylog = (log_ok and ch.kind != "fairness" and pos and min(ys) > 0
                and max(pos) / min(pos) > SPAN_LOG)
        if ch.kind == "fairness":
            lo, hi, ticks = axis([0, 1], top=1.05)
            ticks = [t for t in ticks if t <= 1.0]
        else:
            lo, hi, ticks = axis(pos if ylog else ys, log=bool(ylog))
        v = {"ylog": int(bool(ylog)), "ymin": lo, "ymax": hi,
             "ylabel": ch.ylabel + (" (log scale)" if ylog else "")}
        v.update(tick_vars("y", ticks))
        return v

    def draw_lines(self, ch, title, out, xcol, xs, by_impl, impls, impl_order, family="",
                   scenario=""):
        d = self.workdir()
        title = wrap(title)
        xv, xpos = self.x_axis(xcol, xs, len(impls))
        n = 0
        lts, ys, series = [], [], []
        below = False
        for impl in impls:
            pts = []
            for r in by_impl[impl]:
                x = num(r.get(xcol))
                vals = [num(r.get(c)) for c in ch.cols]
                if x is None or x not in xs:
                    continue
                if ch.kind == "latency":
                    if vals[0] is None and vals[2] is None:
                        continue
                    mark = below_clock(vals[0])
                    if mark:
                        vals[0] = None
                        below = True
                    vals = vals + [1.0 if mark else None]
                elif vals[0] is None:
                    continue
                elif ch.bars:
                    lo = vals[1] if vals[1] is not None else vals[0]
                    hi = vals[2] if vals[2] is not None else vals[0]
                    vals = [vals[0], lo, hi]
                else:
                    vals = [vals[0]] * 3
                shown = [vals[0], vals[2]] if ch.kind == "latency" else vals[:3]  # latency.gp: p50, p99
                ys.extend(v for v in shown if v is not None)
                pts.append((xpos(x), vals))
            if pts:
                series.append((impl, pts))
        if not series:
            return
        yv = self.y_axis(ch, ys)
        for impl, pts in series:
            n += 1
            lts.append(str(linetype(impl, impl_order)))
            with open(os.path.join(d, f"{n:02d}.dat"), "w", encoding="utf-8") as f:
                # The header row: its first field is the legend title (gnuplot's columnheader(1)).
                f.write(f"{gp_str(short(impl, 40))} {' '.join(ch.cols)} below\n")
                for x, vals in pts:
                    if ch.kind == "latency":
                        # column 6: where a p50 below the clock is marked (on the x axis)
                        at = yv["ymin"] * 1.15 if yv["ylog"] else yv["ymin"]
                        vals = vals[:4] + [at if vals[4] else None]
                    f.write(" ".join([fmt_num(x)] + ["NaN" if v is None else fmt_num(v)
                                                     for v in vals]) + "\n")
        variables = {"out": out, "datadir": d, "n": n, "lts": " ".join(lts), "title": title}
        variables.update(xv)
        variables.update(yv)
        if ch.kind == "latency":
            script = "latency.gp"
            variables["belowclock"] = int(below)
        elif ch.kind == "fairness":
            script = "fairness.gp"
        else:
            script = "throughput.gp"
            variables["bars"] = int(ch.bars)
        self.gp.draw(script, variables, d)
        self.done(out, title, family, scenario)

    # --- one value per implementation ------------------------------------------------------
    def draw_bars(self, ch, title, out, xcol, xs, by_impl, impls, impl_order, family="",
                  scenario=""):
        entries = []
        for impl in impls:
            r = by_impl[impl][0]
            vals = [num(r.get(c)) for c in ch.cols]
            if ch.kind == "latency":
                if vals[0] is None and vals[2] is None:
                    continue
                med = None if below_clock(vals[0]) else vals[0]
                entries.append((impl, med, med, med, [vals[2]]))
            elif ch.kind == "fairness":
                if vals[0] is not None:
                    entries.append((impl, vals[0], vals[0], vals[0], []))
            elif vals[0] is not None:
                lo = vals[0] if vals[1] is None else vals[1]
                hi = vals[0] if vals[2] is None else vals[2]
                entries.append((impl, vals[0], lo, hi, []))
        if not entries:
            return
        x_txt = (f"{self.series} ({AXIS_NAMES.get(xcol, xcol)} = {fmt_num(xs[0])})"
                 if xs else self.series)
        extra = {}
        if ch.kind == "latency":
            title = title.replace("p50 (solid) and p99 (dashed)", "p50 (bar) and p99 (mark)")
            extra = {"bartitle": "p50", "extratitles": "p99"}
        self.bar_image(ch, title, out, x_txt, entries, lambda e: linetype(e[0], impl_order),
                       family, scenario, **extra)

    def bar_image(self, ch, title, out, xlabel, entries, lt_of, family, scenario, bartitle=None,
                  extratitles="", legend=None, label_of=None):
        """entries: (impl, median or None (= below clock), lo, hi, [extra marks]). A bar per entry
        on a linear axis, a dot on a log one; the value is written above it."""
        d = self.workdir()
        ys = []
        for _, med, lo, hi, more in entries:
            ys.extend(v for v in [med, lo, hi] + more if v is not None and v > 0)
        yv = self.y_axis(ch, ys or [1.0])
        base = yv["ymin"] * 1.15 if yv["ylog"] else yv["ymin"]
        if yv["ylog"]:  # drawn as dots (bars.gp): say so
            title = title.replace("bar = ", "dot = ").replace("p50 (bar)", "p50 (dot)")
        title = wrap(title)
        lines = []
        for k, e in enumerate(entries, 1):
            impl, med, lo, hi, more = e
            name = label_of(e) if label_of else impl
            if med is None:
                val, at = "below clock", base
                fields = [str(k), gp_str(short(name, 32)), "NaN", "NaN", "NaN"]
            else:
                val, at = si(med), hi if hi is not None else med
                fields = [str(k), gp_str(short(name, 32))] + [fmt_num(v) for v in (med, lo, hi)]
            fields += [str(lt_of(e)), gp_str(val), fmt_num(at)]
            fields += ["NaN" if v is None else fmt_num(v) for v in more]
            lines.append(" ".join(fields))
        datafile = os.path.join(d, "bars.dat")
        with open(datafile, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        variables = {"out": out, "datafile": datafile, "title": title, "xlabel": xlabel,
                     "bars": int(ch.bars), "extratitles": extratitles, "nbars": len(entries)}
        if bartitle:
            variables["bartitle"] = bartitle
        if legend:
            variables["legend"] = " ".join(n for n, _ in legend)
            variables["legendlts"] = " ".join(str(lt) for _, lt in legend)
        variables.update(yv)
        self.gp.draw("bars.gp", variables, d)
        self.done(out, title, family, scenario)
