#!/usr/bin/env python3
"""gbench2csv: google-benchmark JSON -> rows of syncbench's results.csv (schema version 2).

usage: gbench2csv.py [-o OUT.csv] [--run-id ID] [--time real|cpu] [--no-header] [JSON ...]

Reads the JSON of `syncbench-gbench --benchmark_format=json` (or of --benchmark_out=FILE) from the
files given, or from stdin, and writes one CSV row per benchmark run and repetition (aggregates such
as _mean and _median are skipped: summary.csv is computed from the rows).

Names: "family/impl/scenario" followed by google-benchmark's suffixes. "threads:N" gives threads;
"real_time", "process_time", "manual_time", "min_time:X", "min_warmup_time:X", "iterations:N" and
"repeats:N" say how google-benchmark ran it and are dropped; a named argument "key:value" whose key
is a parameter column (cs_ns, think_ns, read_pct, depth, permits, waiters) fills that column, any
other goes into params as key=value, and an unnamed argument as argN=value.

Figures: google-benchmark's "iterations" is the operations of all threads together and its
real_time per iteration is (mean thread wall time) / iterations, so
    ops = iterations, duration_s = real_time * iterations, ops_per_s = ops / duration_s,
    ns_per_op = threads * duration_s / ops  (the suite's definition: threads * wall / ops),
or with --time cpu, ns_per_op = cpu_time per iteration (all threads' CPU time / ops).
A user counter named like a results column (read_ops, lat_p50_ns, fair_jain, ...) fills it; every
other counter goes into the counters column as key=value, joined by ";" in the JSON's order (a
queue's stalls=N). check = ok, or "FAIL: <error_message>". rep = google-benchmark's
repetition_index (0, 1, ...). The columns the suite measures and google-benchmark does not
(c2c_*, speed_*, relation, flags) are left empty. The header is the suite's own, column for column,
so that --no-header rows can be appended to a syncbench results.csv.

Exit status: 0, or 1 with one line on stderr (unreadable or malformed input).
"""
import argparse
import csv
import json
import re
import sys

PROG = "gbench2csv"

COLUMNS = [
    "run_id", "host", "family", "impl", "scenario", "threads", "cpus", "pin", "cs_ns", "think_ns",
    "read_pct", "depth", "permits", "waiters", "params", "rep", "duration_s", "ops", "read_ops",
    "write_ops", "ops_per_s", "ns_per_op", "lat_samples", "lat_p50_ns", "lat_p90_ns", "lat_p99_ns",
    "lat_p999_ns", "lat_max_ns", "fair_jain", "thread_ops_min", "thread_ops_max", "user_s", "sys_s",
    "vol_cs", "invol_cs", "c2c_before_ns", "c2c_after_ns", "speed_before_ns", "speed_after_ns",
    "relation", "flags", "check", "counters",
]
PARAM_COLS = {"cs_ns", "think_ns", "read_pct", "depth", "permits", "waiters"}
# Columns a user counter may fill (the measured ones google-benchmark does not give itself).
COUNTER_COLS = {"read_ops", "write_ops", "lat_samples", "lat_p50_ns", "lat_p90_ns", "lat_p99_ns",
                "lat_p999_ns", "lat_max_ns", "fair_jain", "thread_ops_min", "thread_ops_max",
                "user_s", "sys_s", "vol_cs", "invol_cs"}
# How google-benchmark ran a benchmark: name suffixes that are not parameters of the case.
RUN_FLAGS = {"real_time", "process_time", "manual_time"}
RUN_KEYS = {"min_time", "min_warmup_time", "iterations", "repeats"}
# The fields google-benchmark writes for every run: anything else numeric is a user counter.
GB_FIELDS = {"name", "family_index", "per_family_instance_index", "run_name", "run_type",
             "repetitions", "repetition_index", "threads", "iterations", "real_time", "cpu_time",
             "time_unit", "error_occurred", "error_message", "aggregate_name", "aggregate_unit",
             "label", "big_o", "rms", "complexity_n", "skipped", "skip_message"}
COUNTER_KEY = re.compile(r"[^A-Za-z0-9_.]")
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]*)?")
UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


class ConvertError(Exception):
    """Ends the program with its message as the one line on stderr."""


def fmt(v):
    """A number as the suite writes it: integers plainly, others with up to 6 significant digits."""
    if v is None or v == "":
        return ""
    if isinstance(v, bool):
        return str(int(v))
    if isinstance(v, int) or (isinstance(v, float) and v.is_integer() and abs(v) < 1e15):
        return str(int(v))
    return f"{v:.6g}"


def parse_name(name):
    """'family/impl/scenario[/args...][/real_time][/threads:N]' -> (family, impl, scenario, threads,
    {param column: value}, [params 'k=v']). A number is always an argument, never a name."""
    plain, cols, params, threads = [], {}, [], None
    parts = name.split("/")
    nargs = 0
    for i, seg in enumerate(parts):
        if i < 3 and ":" not in seg and len(plain) == i and not NUMBER.fullmatch(seg):
            plain.append(seg)
            continue
        if seg in RUN_FLAGS:
            continue
        key, sep, val = seg.partition(":")
        if sep:
            if key == "threads":
                threads = int(val)
            elif key in RUN_KEYS:
                continue
            elif key in PARAM_COLS:
                cols[key] = val
            else:
                params.append(f"{key}={val}")
        else:
            params.append(f"arg{nargs}={seg}")
            nargs += 1
    plain += [""] * (3 - len(plain))
    return plain[0], plain[1], plain[2], threads, cols, params


def run_id_from(ctx):
    digits = re.sub(r"[^0-9T]", "", str(ctx.get("date", "")))[:15]
    return f"gbench-{digits}" if digits else "gbench"


def rows_of(doc, run_id, time_col):
    if not isinstance(doc, dict) or not isinstance(doc.get("benchmarks"), list):
        raise ConvertError("not google-benchmark JSON (no \"benchmarks\" list)")
    ctx = doc.get("context") or {}
    host = ctx.get("host_name") or ctx.get("host") or ""
    ncpu = ctx.get("num_cpus")
    rid = run_id or run_id_from(ctx)
    for b in doc["benchmarks"]:
        if b.get("run_type", "iteration") != "iteration":
            continue
        name = b.get("run_name") or b.get("name")
        if not name:
            raise ConvertError("a benchmark without a name")
        family, impl, scenario, threads, cols, params = parse_name(name)
        threads = int(b.get("threads", threads or 1))
        row = dict.fromkeys(COLUMNS, "")
        row.update(run_id=rid, host=host, family=family, impl=impl, scenario=scenario,
                   threads=threads, pin="none", params=";".join(params),
                   rep=b.get("repetition_index", 0))
        if isinstance(ncpu, int) and ncpu > 0:
            row["cpus"] = min(threads, ncpu)
        row.update(cols)
        if b.get("error_occurred"):
            row["check"] = "FAIL: " + str(b.get("error_message", "error")).replace("\n", " ")
        else:
            try:
                scale = UNIT_NS[b.get("time_unit", "ns")]
                iters = int(b["iterations"])
                real_ns = float(b["real_time"]) * scale
                cpu_ns = float(b["cpu_time"]) * scale
            except (KeyError, ValueError, TypeError) as e:
                raise ConvertError(f"{name}: missing or bad field ({e})") from None
            duration = real_ns * iters / 1e9
            row.update(duration_s=duration, ops=iters,
                       ops_per_s=iters / duration if duration > 0 else "",
                       ns_per_op=threads * real_ns if time_col == "real" else cpu_ns,
                       check="ok")
            other = []
            for k, v in b.items():
                if k in GB_FIELDS or isinstance(v, bool) or not isinstance(v, (int, float)):
                    continue
                if k in COUNTER_COLS:
                    row[k] = v
                else:
                    other.append(f"{COUNTER_KEY.sub('_', k)}={fmt(v)}")
            row["counters"] = ";".join(other)
        yield row


def main(argv):
    ap = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0])
    ap.add_argument("json", nargs="*", help="google-benchmark JSON files (default: stdin)")
    ap.add_argument("-o", "--output", help="CSV file to write (default: stdout)")
    ap.add_argument("--run-id", help="run_id column (default: gbench-<date of the run>)")
    ap.add_argument("--time", choices=("real", "cpu"), default="real",
                    help="ns_per_op from wall time (the suite's definition) or CPU time")
    ap.add_argument("--no-header", action="store_true", help="rows only (to append to a CSV)")
    a = ap.parse_args(argv)
    try:
        docs = []
        for path in a.json or ["-"]:
            try:
                if path == "-":
                    docs.append(json.load(sys.stdin))
                else:
                    with open(path, encoding="utf-8") as f:
                        docs.append(json.load(f))
            except OSError as e:
                raise ConvertError(f"{path}: {e.strerror}") from None
            except json.JSONDecodeError as e:
                raise ConvertError(f"{path}: not JSON ({e})") from None
        rows = [r for d in docs for r in rows_of(d, a.run_id, a.time)]
        out = open(a.output, "w", newline="", encoding="utf-8") if a.output else sys.stdout
        try:
            w = csv.writer(out, lineterminator="\n")
            if not a.no_header:
                w.writerow(COLUMNS)
            for r in rows:
                w.writerow([fmt(r[c]) if not isinstance(r[c], str) else r[c] for c in COLUMNS])
        finally:
            if out is not sys.stdout:
                out.close()
    except ConvertError as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"{PROG}: {a.output}: {e.strerror}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
