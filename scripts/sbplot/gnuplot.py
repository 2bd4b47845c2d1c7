"""Running the gnuplot scripts of plots/, and what they are given: string literals, SI tick labels.

Every image is drawn by one gnuplot process: `gnuplot -e "VAR=VALUE; ..." SCRIPT`, the scripts
reading their inputs from those variables (each script's header lists them). fmt="svg" draws with
gnuplot's svg terminal instead of pngcairo (plots/style.gp picks the terminal).
"""

import concurrent.futures
import math
import os
import shutil
import subprocess

from .table import TableError, fmt_num


class PlotError(TableError):
    """Drawing failed (gnuplot missing or failing): the message is one line."""


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


# --- tick labels: one style everywhere (1, 20, 500, 1k, 2.5k, 10M) ----------------------------
def si(v):
    """v with an SI suffix: 0.5, 20, 1.5k, 120k, 10M, 2G."""
    if v == 0:
        return "0"
    for scale, suffix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(v) >= scale * 0.9995:
            return f"{v / scale:.3g}{suffix}"
    return f"{v:.3g}"


def nice_step(span, target=6):
    raw = span / max(target, 1)
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= raw:
            return m * mag
    return 10 * mag


def axis(values, log=False, zero=True, top=None):
    """The range and ticks of an axis showing values: (lo, hi, [tick values]). A linear axis
    starts at 0 (zero=True) and ends on a tick above the largest value; a log axis spans whole
    decades, with 2 and 5 marks when it spans fewer than three."""
    vals = [v for v in values if v is not None and math.isfinite(v)]
    if log:
        vals = [v for v in vals if v > 0] or [1.0]
        lo = 10 ** math.floor(math.log10(min(vals)) + 1e-9)
        hi = 10 ** math.ceil(math.log10(max(vals)) - 1e-9)
        if hi <= lo:
            hi = lo * 10
        ticks = []
        decades = round(math.log10(hi / lo))
        d = lo
        while d <= hi * 1.0001:
            ticks.append(d)
            if decades < 3:
                ticks += [x for x in (2 * d, 5 * d) if x < hi * 0.9999]
            d *= 10
        # a hair wider than the decades, so that gnuplot keeps the ticks at both ends
        return lo * 0.999, hi * 1.001, sorted(ticks)
    vals = vals or [0.0, 1.0]
    lo = 0.0 if zero and min(vals) >= 0 else min(vals)
    hi = max(vals) if top is None else top
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    step = nice_step(hi - lo)
    lo = math.floor(lo / step + 1e-9) * step
    if top is None:
        top = math.ceil(hi / step - 1e-9) * step
        if top - hi < 0.08 * (top - lo):  # room above the highest point (and its label)
            top += step
    hi = top
    ticks = []
    t = lo
    while t <= hi + step * 1e-6:
        ticks.append(round(t, 12))
        t += step
    return lo, hi, ticks


def tick_vars(prefix, ticks, labels=None):
    """gnuplot variables for plots/*.gp: "<prefix>vals" (positions) and "<prefix>labels"."""
    labels = labels or [si(t) for t in ticks]
    return {prefix + "vals": " ".join(fmt_num(t) for t in ticks),
            prefix + "labels": " ".join(str(x).replace(" ", "_") for x in labels)}


class Gnuplot:
    """Runs the scripts in gp_dir; each call draws one image (PNG, or SVG with fmt="svg")."""

    def __init__(self, gp_dir, fmt="png", jobs=2):
        self.gp_dir = gp_dir
        self.fmt = fmt
        # jobs > 1: up to that many gnuplot processes at once; wait() collects them (and raises
        # the first failure), and must be called before the data files are removed.
        self.pool = concurrent.futures.ThreadPoolExecutor(jobs) if jobs > 1 else None
        self.pending = []
        self.exe = shutil.which("gnuplot")
        if not self.exe:
            raise PlotError("gnuplot not found (install gnuplot-nox)")
        self.env = dict(os.environ)
        lib = self.env.get("GNUPLOT_LIB")
        self.env["GNUPLOT_LIB"] = gp_dir + (os.pathsep + lib if lib else "")

    def draw(self, script, variables, workdir):
        if self.pool is None:
            self.draw_now(script, variables, workdir)
        else:
            self.pending.append(self.pool.submit(self.draw_now, script, variables, workdir))

    def wait(self):
        pending, self.pending = self.pending, []
        first = None
        for f in pending:
            try:
                f.result()
            except PlotError as e:
                first = first or e
        if first:
            raise first

    def wait_quietly(self):
        """Lets every started gnuplot finish (an error is being reported already)."""
        pending, self.pending = self.pending, []
        concurrent.futures.wait(pending)

    def draw_now(self, script, variables, workdir):
        path = os.path.join(self.gp_dir, script)
        if not os.path.isfile(path):
            raise PlotError(f"gnuplot script {path} not found")
        # gnuplot runs in workdir: every path it gets is absolute.
        variables = dict(variables)
        variables["fmt"] = self.fmt
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
                                 text=True, errors="replace", timeout=120)
        except subprocess.TimeoutExpired as e:
            raise PlotError(f"gnuplot timed out drawing {out}") from e
        except OSError as e:
            raise PlotError(f"cannot run gnuplot: {e.strerror}") from e
        if res.returncode != 0 or not os.path.isfile(out) or os.path.getsize(out) == 0:
            lines = [ln.strip() for ln in res.stderr.splitlines() if ln.strip()]
            # gnuplot points at the error with a caret line; the message is the last line.
            why = lines[-1] if lines else f"exit status {res.returncode}, no image"
            raise PlotError(f"gnuplot failed drawing {os.path.basename(out)} with {script}: {why}")
