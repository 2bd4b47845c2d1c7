"""What the programs share: loading a run folder, overlaying two runs, and a main() that turns
every error into one line on stderr and an exit status (2: bad input, 1: drawing failed), never a
traceback."""

import json
import os
import sys
import tempfile

from .gnuplot import Gnuplot, PlotError
from .table import TableError, read_table, short

REQUIRED_COLS = ["family", "impl", "scenario", "threads", "check",
                 "ns_per_op_median", "ns_per_op_min", "ns_per_op_max",
                 "ops_per_s_median", "ops_per_s_min", "ops_per_s_max"]


def gp_dir():
    """plots/ of the source tree this script belongs to."""
    return os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))), "plots")


def load_summary(run_dir):
    """The rows of RUN_DIR/summary.csv; TableError when the folder, the file or its cases are
    missing or malformed."""
    if not os.path.isdir(run_dir):
        raise TableError(f"no run folder {run_dir}")
    path = os.path.join(run_dir, "summary.csv")
    if not os.path.isfile(path):
        raise TableError(f"no summary.csv in {run_dir}")
    rows = read_table(path, REQUIRED_COLS)
    if not rows:
        raise TableError(f"{path} has no cases (header only)")
    return rows


def load_meta(run_dir):
    """meta.json as a dict ({} when missing); TableError when it is there but not JSON."""
    path = os.path.join(run_dir, "meta.json")
    if not os.path.exists(path):
        return {}
    try:
        with open(path, "rb") as f:
            meta = json.loads(f.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise TableError(f"{path}: not a JSON file ({short(e, 60)})") from e
    if not isinstance(meta, dict):
        raise TableError(f"{path}: not a JSON object")
    return meta


def run_label(rows, run_dir):
    runs = sorted({r.get("run_id", "") for r in rows if r.get("run_id")})
    hosts = sorted({r.get("host", "") for r in rows if r.get("host")})
    name = ", ".join(runs) or os.path.basename(os.path.normpath(run_dir))
    return f"run {short(name, 40)}" + (f" on {short(', '.join(hosts), 30)}" if hosts else "")


def overlay(rows, run_dir, orows, other_dir):
    """Both runs' rows, every implementation marked "impl @A" or "impl @B", and the line that
    says which run is which (the titles' provenance)."""
    a = [dict(r, impl=r["impl"] + " @A") for r in rows]
    b = [dict(r, impl=r["impl"] + " @B") for r in orows]
    where = (f"A = {run_label(rows, run_dir)} (solid); "
             f"B = {run_label(orows, other_dir)} (dashed, open points)")
    return a + b, where


def note(prog, msg):
    print(f"{prog}: {msg}", file=sys.stderr)


def main(prog, fn, argv=None):
    """Runs fn(argv) and returns the exit status; errors are one line on stderr."""
    try:
        return fn(sys.argv[1:] if argv is None else argv)
    except PlotError as e:
        note(prog, str(e))
        return 1
    except TableError as e:
        note(prog, str(e))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1
    except Exception as e:  # a bug: still one line, with what it was
        note(prog, f"internal error: {type(e).__name__}: {short(e, 200)}")
        return 1


def module_main(prog, draw, argv):
    """The command line of a plot program that adds figures (plot_sweeps.py, ...):
    RUN_DIR [OUT_DIR]; draw(plotter, rows) draws with a draw.Plotter."""
    from .draw import Plotter
    if len(argv) < 1 or argv[0].startswith("-"):
        raise TableError(f"usage: {prog} RUN_DIR [OUT_DIR]")
    rows = load_summary(argv[0])
    out = argv[1] if len(argv) > 1 else os.path.join(argv[0], "plots")
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="syncbench-plot.") as tmp:
        gp = Gnuplot(gp_dir())
        p = Plotter(out, gp, tmp)
        try:
            draw(p, [r for r in rows if r.get("check") == "ok"])
            gp.wait()
        finally:
            gp.wait_quietly()
    for path in p.written:
        print(path)
    return 0
