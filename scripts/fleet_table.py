#!/usr/bin/env python3
"""fleet_table.py FLEETDIR [--metric M] [--format F] [--min-hosts N]: the fleet's cross-machine table.

One table per case (family/impl/scenario), a row per parameter set (threads, pin, cs, think,
read_pct... whichever the case has), a column per machine of the fleet: the median ns/op from
each host's summary.csv (or another metric with --metric: ns_per_op, ops_per_s, lat_p99_ns,
fair_jain, or any column of summary.csv; comma-separated for several), with the ratio of the
largest to the smallest value (for ns/op: the slowest machine over the fastest). A case whose
check failed on a host is "-" in that host's column. Hosts listed in fleet.json as failed are
named under the tables. --format text (default), markdown, json or csv; csv and json give the
figures exactly as summary.csv holds them. `syncbench compare --across-machines FLEETDIR` runs
this program with --min-hosts 2; scripts/report.py reads a fleet through load_fleet/cross_rows.

Malformed input (no such folder, fleet.json not JSON, a host's summary.csv damaged, an unknown
column, fewer than --min-hosts hosts with results) is one line on stderr and exit status 2.
Standard library only.
"""
import argparse
import json
import math
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sbplot import cli  # noqa: E402
from sbplot.table import TableError, num  # noqa: E402

PROG = "fleet_table"
PARAMS = ["threads", "pin", "cs_ns", "think_ns", "read_pct", "depth", "permits", "waiters", "params"]
# compare's metric names -> the summary.csv column of their median
METRICS = {"ns_per_op": "ns_per_op_median", "ops_per_s": "ops_per_s_median",
           "lat_p99_ns": "lat_p99_ns_median", "fair_jain": "fair_jain_median"}
# what a machine is, from its meta.json (the report's machines table too)
MACHINE_FIELDS = [("host", "host"), ("cpu_model", "CPU"), ("cpus_online", "CPUs"),
                  ("cores", "cores"), ("threads_per_core", "threads per core"),
                  ("kernel", "kernel"), ("machine_fingerprint", "machine fingerprint")]


class ArgError(TableError):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise ArgError(f"{message} (see --help)")


def is_fleet(path):
    return os.path.isfile(os.path.join(path, "fleet.json"))


def load_fleet(fleet):
    """The fleet folder: {"dir", "id", "plan", "wall_s", "machines": [...], "failed": [...]}.
    A machine: label, login, folder, meta (its meta.json), rows (its summary.csv), fingerprint.
    A failed host: label, login, stage, reason. A host that fleet.json calls ok but whose run
    folder has no readable summary.csv counts as failed (stage "results"). Without fleet.json
    (a folder of run folders, e.g. copied by hand) every sub-folder with a summary.csv is a
    machine."""
    if not os.path.isdir(fleet):
        raise TableError(f"{fleet} is not a folder")
    fj = os.path.join(fleet, "fleet.json")
    info = {"dir": fleet, "id": os.path.basename(os.path.normpath(fleet)), "plan": {},
            "wall_s": None, "machines": [], "failed": []}
    if os.path.exists(fj):
        try:
            with open(fj, "rb") as f:
                d = json.loads(f.read().decode("utf-8"))
            hosts = d.get("hosts", [])
            if not isinstance(d, dict) or not isinstance(hosts, list):
                raise ValueError("no list of hosts")
        except (OSError, UnicodeDecodeError, ValueError, AttributeError) as e:
            raise TableError(f"{fj}: not a fleet.json ({str(e)[:80]})") from e
        info.update(id=d.get("fleet_id") or info["id"], plan=d.get("plan") or {},
                    wall_s=d.get("wall_s"))
        cand = [h for h in hosts if isinstance(h, dict) and h.get("ok") and h.get("label")]
        for x in d.get("failed", []) or []:
            if isinstance(x, dict):
                info["failed"].append({"label": str(x.get("label", "?")), "login": x.get("login", ""),
                                       "stage": x.get("stage", "?"),
                                       "reason": str(x.get("reason", ""))})
    else:
        cand = [{"label": e, "folder": e} for e in sorted(os.listdir(fleet))
                if os.path.isfile(os.path.join(fleet, e, "summary.csv"))]
    for h in cand:
        label = str(h["label"])
        run = os.path.join(fleet, str(h.get("folder") or label))
        if not os.path.isfile(os.path.join(run, "summary.csv")):
            info["failed"].append({"label": label, "login": h.get("login", ""), "stage": "results",
                                   "reason": f"no summary.csv in {run}"})
            continue
        rows = cli.load_summary(run)  # a damaged summary.csv: TableError, one line
        meta = cli.load_meta(run)
        info["machines"].append({"label": label, "login": h.get("login", ""), "dir": run,
                                 "rows": rows, "meta": meta, "wall_s": h.get("wall_s"),
                                 "fingerprint": h.get("machine_fingerprint")
                                 or meta.get("machine_fingerprint") or "?"})
    return info


def column_of(metric):
    return METRICS.get(metric, metric)


def cross_rows(info, column):
    """[(case, [row]) ...] sorted by case: a row per parameter set, {"key": {param: value},
    "raw": {label: summary.csv text or None}, "values": {label: float or None}, "ratio"}."""
    cases = {}
    for m in info["machines"]:
        for r in m["rows"]:
            if column not in r:
                raise TableError(f"{m['dir']}/summary.csv has no column {column} "
                                 f"(metrics: {', '.join(METRICS)})")
            case = "%s/%s/%s" % (r["family"], r["impl"], r["scenario"])
            key = tuple(r.get(p, "") for p in PARAMS)
            raw = r[column] if r.get("check", "ok") == "ok" and num(r[column]) is not None else None
            cases.setdefault(case, {}).setdefault(key, {})[m["label"]] = raw
    labels = [m["label"] for m in info["machines"]]
    out = []
    for case in sorted(cases):
        rows = cases[case]
        body = []
        for key in sorted(rows, key=lambda k: [(int(x) if x.isdigit() else 0, x) for x in k]):
            raw = {lb: rows[key].get(lb) for lb in labels}
            values = {lb: (num(v) if v is not None else None) for lb, v in raw.items()}
            got = [v for v in values.values() if v is not None and v > 0]
            ratio = max(got) / min(got) if len(got) >= 2 else None
            fam, impl, scen = case.split("/", 2)
            body.append({"case": case, "family": fam, "impl": impl, "scenario": scen,
                         "key": dict(zip(PARAMS, key)), "raw": raw, "values": values,
                         "ratio": ratio})
        out.append((case, body))
    return out


def used_params(body):
    return [p for p in PARAMS if p == "threads" or any(r["key"][p] for r in body)]


def fmt(v):
    if v is None:
        return "-"
    if v >= 1e5:
        return "%.4g" % v
    return "%.1f" % v if v >= 10 else "%.2f" % v


def fmt_ratio(v):
    return "%.2f" % v if v is not None and math.isfinite(v) else "-"


def machine_line(m):
    meta = m["meta"]
    return "machine %s: host %s, fingerprint %s%s" % (
        m["label"], meta.get("host") or "?", m["fingerprint"],
        "".join(f", {meta[k]}" if k in ("cpu_model", "kernel") else f", {name} {meta[k]}"
                for k, name in MACHINE_FIELDS[1:-1] if meta.get(k) not in (None, "")))


def failed_line(x):
    return "not in the table: %s (%s: %s)" % (x["label"], x["stage"], x["reason"])


def text_tables(info, tables, metric, md=False):
    labels = [m["label"] for m in info["machines"]]
    out = []
    for case, body in tables:
        used = used_params(body)
        head = used + labels + ["max/min"]
        rows = [[r["key"][p] for p in used] + [fmt(r["values"][lb]) for lb in labels]
                + [fmt_ratio(r["ratio"])] for r in body]
        if md:
            out.append(f"#### {case} ({metric})\n")
            out.append("| " + " | ".join(head) + " |")
            out.append("|" + "|".join("---:" if i >= len(used) or h == "threads" else "---"
                                      for i, h in enumerate(head)) + "|")
            out += ["| " + " | ".join(str(x).replace("|", "\\|") for x in r) + " |" for r in rows]
        else:
            w = [max(len(str(r[c])) for r in [head] + rows) for c in range(len(head))]
            out.append("%s   (%s)" % (case, metric))
            out += ["  " + "  ".join(str(x).rjust(w[c]) for c, x in enumerate(r)) for r in [head] + rows]
        out.append("")
    return out


def main(argv):
    ap = Parser(prog="fleet_table.py", description=__doc__.splitlines()[0])
    ap.add_argument("fleet")
    ap.add_argument("--metric", default="ns_per_op",
                    help="ns_per_op (default), ops_per_s, lat_p99_ns, fair_jain or a summary.csv "
                         "column; comma-separated for several")
    ap.add_argument("--format", choices=["text", "markdown", "json", "csv"], default="text")
    ap.add_argument("--min-hosts", type=int, default=1,
                    help="refuse a fleet with fewer hosts that have results (default 1)")
    a = ap.parse_args(argv)
    metrics = [m for m in a.metric.split(",") if m] or ["ns_per_op"]
    info = load_fleet(a.fleet)
    ms = info["machines"]
    if len(ms) < max(a.min_hosts, 1):
        failed = "; failed: " + ", ".join(f"{x['label']} ({x['stage']})" for x in info["failed"]) \
            if info["failed"] else ""
        raise TableError(f"{a.fleet}: {len(ms)} host(s) with results{failed}; a cross-machine "
                         f"table needs at least {max(a.min_hosts, 1)}")
    tables = {m: cross_rows(info, column_of(m)) for m in metrics}
    labels = [m["label"] for m in ms]
    what = (f"fleet {info['id']} ({a.fleet}): {len(ms)} machines, a column each: the median over "
            f"each case's repetitions (summary.csv); max/min: the largest value over the smallest")
    lines = []
    if a.format in ("text", "markdown"):
        md = a.format == "markdown"
        lines.append(what + ("  " if md else ""))
        lines += [("- " if md else "") + machine_line(m) for m in ms]
        lines.append("")
        for m in metrics:
            lines += text_tables(info, tables[m], m, md)
        lines += [("- " if md else "") + failed_line(x) for x in info["failed"]]
        print("\n".join(lines).rstrip("\n"))
        return 0
    if a.format == "json":
        doc = {"fleet": a.fleet, "fleet_id": info["id"], "notes": [what], "metrics": metrics,
               "machines": [dict({"label": m["label"], "fingerprint": m["fingerprint"]},
                                 **{k: m["meta"].get(k) for k, _ in MACHINE_FIELDS
                                    if k != "machine_fingerprint"}) for m in ms],
               "failed": info["failed"], "rows": []}
        for m in metrics:
            for case, body in tables[m]:
                for r in body:
                    doc["rows"].append(dict(
                        {"case": case, "family": r["family"], "impl": r["impl"],
                         "scenario": r["scenario"], "metric": m},
                        **{p: (int(v) if p == "threads" and v.isdigit() else v)
                           for p, v in r["key"].items() if v or p == "threads"},
                        values=r["values"], max_min=r["ratio"]))
        json.dump(doc, sys.stdout, indent=1)
        print()
        return 0
    # csv: one header, a row per case and parameter set, the figures as summary.csv has them
    import csv
    used = [p for p in PARAMS if p == "threads" or any(
        r["key"][p] for m in metrics for _, body in tables[m] for r in body)]
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["case", "family", "impl", "scenario"] + used + ["metric"] + labels + ["max_min"])
    for m in metrics:
        for case, body in tables[m]:
            for r in body:
                w.writerow([case, r["family"], r["impl"], r["scenario"]]
                           + [r["key"][p] for p in used] + [m]
                           + [r["raw"][lb] or "" for lb in labels]
                           + ["%.6g" % r["ratio"] if r["ratio"] is not None else ""])
    for x in info["failed"]:  # no room for notes in CSV: named on stderr
        print(f"syncbench: warning: {failed_line(x)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    # syncbench compare names itself in the error line
    sys.exit(cli.main(os.environ.get("SB_FLEET_TABLE_PROG") or PROG, main))
