#!/usr/bin/env python3
"""fleet_table.py FLEETDIR [--metric COLUMN]: the fleet's cross-machine table.

One table per case (family/impl/scenario), a row per parameter set (threads, pin, cs, think,
read_pct... whichever the case has), a column per machine of the fleet: the median ns/op from
each host's summary.csv (or another summary column with --metric), with the ratio of the slowest
to the fastest machine. Hosts listed in fleet.json as failed are named under the tables.
Standard library only.
"""
import argparse
import csv
import json
import os
import sys

PARAMS = ["threads", "pin", "cs_ns", "think_ns", "read_pct", "depth", "permits", "waiters", "params"]


def hosts_of(fleet):
    """[(label, summary path)], [(label, reason)] from fleet.json, else from the sub-folders."""
    fj = os.path.join(fleet, "fleet.json")
    if os.path.exists(fj):
        with open(fj) as f:
            d = json.load(f)
        ok = [(h["label"], os.path.join(fleet, h["folder"], "summary.csv")) for h in d["hosts"] if h.get("ok")]
        failed = [(x["label"], x["reason"]) for x in d.get("failed", [])]
        for h in d["hosts"]:
            if h.get("ok"):
                print("machine %s: host %s, fingerprint %s" % (h["label"], h.get("host") or "?",
                                                              h.get("machine_fingerprint") or "?"))
        print()
        return ok, failed
    ok = sorted((e, os.path.join(fleet, e, "summary.csv")) for e in os.listdir(fleet)
                if os.path.exists(os.path.join(fleet, e, "summary.csv")))
    return ok, []


def fmt(v):
    if v is None:
        return "-"
    if v >= 1e5:
        return "%.4g" % v
    return "%.1f" % v if v >= 10 else "%.2f" % v


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("fleet")
    ap.add_argument("--metric", default="ns_per_op_median")
    a = ap.parse_args(argv)
    if not os.path.isdir(a.fleet):
        print("fleet_table: %s is not a folder" % a.fleet, file=sys.stderr)
        return 2
    hosts, failed = hosts_of(a.fleet)
    if not hosts:
        print("fleet_table: no host of %s has a summary.csv" % a.fleet, file=sys.stderr)
        return 2
    cases = {}  # case -> {param tuple -> {label: value}}
    for label, path in hosts:
        if not os.path.exists(path):
            continue
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                if a.metric not in row:
                    print("fleet_table: %s has no column %s" % (path, a.metric), file=sys.stderr)
                    return 2
                case = "%s/%s/%s" % (row["family"], row["impl"], row["scenario"])
                key = tuple(row.get(p, "") for p in PARAMS)
                try:
                    v = float(row[a.metric])
                except ValueError:
                    v = None
                if not row.get("check", "ok").startswith("ok"):
                    v = None
                cases.setdefault(case, {}).setdefault(key, {})[label] = v
    labels = [l for l, _ in hosts]
    for case in sorted(cases):
        rows = cases[case]
        used = [i for i, p in enumerate(PARAMS) if p == "threads" or any(k[i] for k in rows)]
        head = [PARAMS[i] for i in used] + labels + ["max/min"]
        body = []
        for key in sorted(rows, key=lambda k: [(int(x) if x.isdigit() else 0, x) for x in k]):
            vals = [rows[key].get(l) for l in labels]
            got = [v for v in vals if v]
            ratio = "%.2f" % (max(got) / min(got)) if len(got) >= 2 else "-"
            body.append([key[i] for i in used] + [fmt(v) for v in vals] + [ratio])
        w = [max(len(str(r[c])) for r in [head] + body) for c in range(len(head))]
        print("%s   (%s)" % (case, a.metric))
        for r in [head] + body:
            print("  " + "  ".join(str(x).rjust(w[c]) for c, x in enumerate(r)))
        print()
    for label, reason in failed:
        print("not in the table: %s (%s)" % (label, reason))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
