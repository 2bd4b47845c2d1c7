#!/usr/bin/env python3
"""Writes one self-contained HTML page about a run: what `syncbench report RUN` runs.

usage: python3 scripts/report.py RUN_DIR [--compare OTHER_RUN] [--out FILE] [--gp-dir DIR]
       python3 scripts/report.py FLEET_DIR [--out FILE] [--gp-dir DIR]

RUN_DIR/report.html (or --out) holds: the machine and the build (meta.json, read defensively:
any key may be missing or new), the plan (the options), a table of contents, and per family its
rankings (fastest median first, ratio to the best), its summary table (flags in words, with a
legend) and its plots as inline SVG (gnuplot's svg terminal, each SVG's ids made unique). With
--compare: a table of the ratio of medians per matching case and the overlaid plots. No
external file, no script: the page reads offline and from an e-mail.

A fleet folder (fleet.json, a run folder per host: docs/fleet.md) gets FLEET_DIR/report.html
instead: the machines (each host's meta.json essentials), the plan, the failed hosts, and per
family the plots of ns/op with a line per machine and the cross-machine tables
(scripts/fleet_table.py), built from this program's helpers.

Malformed input (folder or summary.csv missing, truncated rows, missing columns, non-numeric
values, nan/inf, binary data, meta.json that is not JSON) ends the program with one line on
stderr and exit status 2; gnuplot failing, with status 1. The path of the page goes to stdout.
Standard library only.
"""

import argparse
import datetime
import html
import json
import os
import re
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fleet_table  # noqa: E402  (load_fleet, cross_rows: a fleet folder and its tables)
import plot  # noqa: E402  (draw_run: every figure of a run)
from sbplot import cli, kinds  # noqa: E402
from sbplot.draw import Plotter  # noqa: E402
from sbplot.gnuplot import Gnuplot, si  # noqa: E402
from sbplot.table import TableError, cond_value, group_by, num, safe_name, short  # noqa: E402

PROG = "report"

FLAG_WORDS = {
    "few_ops": "few operations: too few in the window for a precise figure",
    "low_overlap": "low overlap: the workers' windows did not all run at once",
    "starved": "starved: some worker did (almost) no operations",
    "preempted": "preempted: workers lost their CPU during the window",
    "moved": "moved: a worker changed CPU during the window",
    "slowed": "slowed: the CPU ran slower after the window than before",
    "below_clock": "below clock: latency percentiles under the clock's resolution (left empty)",
    "overrun": "overrun: the window ran well past its planned length",
    "unstable": "unstable: the repetitions disagree (high coefficient of variation)",
    "bimodal": "bimodal: the repetitions fall into two clusters",
    "few_reps": "few repetitions: too few for an interval of the median",
}
MACHINE_KEYS = [  # shown first, in this order, when present; every other scalar key follows
    ("host", "host"), ("cpu", "CPU"), ("cpu_model", "CPU model name"), ("cpu_vendor", "CPU vendor"),
    ("cpu_family", "CPU family"), ("cpu_model_id", "CPU model"), ("stepping", "stepping"),
    ("microcode", "microcode"), ("hypervisor", "hypervisor"), ("cpus_online", "CPUs online"),
    ("cpus_allowed", "CPUs allowed"), ("cores", "cores"), ("threads_per_core", "threads per core"),
    ("caches", "caches"), ("clocksource", "clock source"), ("kernel", "kernel"),
    ("kernel_cmdline", "kernel command line"), ("mitigations", "mitigations"),
    ("governor", "governor"), ("turbo", "turbo"), ("glibc", "glibc"),
]
BUILD_KEYS = [
    ("syncbench_version", "syncbench"), ("version", "version"), ("commit", "commit"),
    ("git_commit", "git commit"), ("git_dirty", "dirty"), ("dirty", "dirty"),
    ("compiler", "compiler"), ("flags", "flags"), ("liburcu", "liburcu"),
    ("benchmark", "google-benchmark"), ("machine_fingerprint", "machine fingerprint"),
    ("build_fingerprint", "build fingerprint"),
]
RUN_KEYS = [
    ("run_id", "run"), ("start_time", "started"), ("end_time", "ended"),
    ("command_line", "command line"), ("complete", "complete"), ("interrupted", "interrupted"),
    ("hung", "hung"), ("cases_planned", "cases planned"), ("cases_done", "cases done"),
    ("cases_failed", "cases failed"), ("schema_version", "schema version"),
]
KEY_COLS = ["family", "impl", "scenario", "threads", "cpus", "pin", "cs_ns", "think_ns",
            "read_pct", "depth", "permits", "waiters", "params"]
COND_SHOW = ["threads", "cpus", "cs_ns", "think_ns", "read_pct", "depth", "permits", "waiters",
             "params"]
CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1180px;
padding:0 18px 40px;color:#222;background:#fff}
h1{font-size:1.6em;margin:.8em 0 .2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;
margin-top:2em}h3{margin:1.4em 0 .4em}
table{border-collapse:collapse;margin:.4em 0 1em;font-size:12.5px}
th,td{border:1px solid #ddd;padding:2px 7px;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.flagged td{background:#fff6dc}tr.failed td{background:#fde2e2}
.flag{display:inline-block;background:#f0b429;color:#222;border-radius:3px;padding:0 4px;
margin:1px;font-size:11px;white-space:nowrap}
.fail{color:#b00020;font-weight:600}.muted{color:#666}.best{font-weight:600}
figure{margin:1em 0;border:1px solid #e4e4e4;padding:6px;page-break-inside:avoid}
figure svg{display:block;width:100%;max-width:1000px;height:auto}
figcaption{font-size:12px;color:#555}nav ol{columns:2}code{font-size:12px}
.wrap{overflow-x:auto}.cols{display:flex;flex-wrap:wrap;gap:0 28px;align-items:flex-start}
.cols h3{margin-top:.6em}.faster{color:#0a6d2a}.slower{color:#b00020}
"""


class ArgError(TableError):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise ArgError(f"{message} (see --help)")


def esc(s):
    return html.escape(str(s), quote=True)


def anchor(*parts):
    return "-".join(re.sub(r"[^A-Za-z0-9_]+", "_", p) for p in parts)[:80]


def scalar(v):
    if isinstance(v, bool):
        return "yes" if v else "no"
    if v is None or v == "":
        return "—"
    if isinstance(v, (list, tuple)):
        return ", ".join(scalar(x) for x in v) or "—"
    if isinstance(v, dict):
        return json.dumps(v, sort_keys=True)[:400]
    return short(v, 400)


def kv_table(meta, keys, rest=False, skip=()):
    """A two-column table of meta's keys: the listed ones first (with their labels), then, with
    rest=True, every other key that holds a scalar."""
    rows, seen = [], set(skip)
    for k, label in keys:
        if k in meta and not isinstance(meta[k], dict):  # a dict gets a table of its own
            rows.append((label, meta[k]))
            seen.add(k)
    if rest:
        for k, v in meta.items():
            if k not in seen and not isinstance(v, dict):
                rows.append((k, v))
    if not rows:
        return "<p class=muted>not recorded</p>"
    return ("<table>" + "".join(f"<tr><th>{esc(k)}</th><td>{esc(scalar(v))}</td></tr>"
                                for k, v in rows) + "</table>")


def cond_text(r):
    parts = []
    for c in COND_SHOW:
        v = r.get(c, "")
        if v:
            parts.append(short(v, 60) if c == "params" else f"{c.replace('_ns', '')}={v}")
    return ", ".join(parts)


def flags_of(r):
    return [t for t in re.split(r"[;,\s]+", r.get("flags", "") or "") if t]


def flag_html(tokens):
    return "".join(f'<span class=flag title="{esc(FLAG_WORDS.get(t, t))}">'
                   f'{esc(FLAG_WORDS.get(t, t).split(":")[0])}</span>' for t in tokens)


def val(r, col):
    v = num(r.get(col))
    return "" if v is None else si(v)


def lat(r, col):
    v = num(r.get(col))
    if (v is None or v <= 0) and num(r.get("lat_p99_ns_median")) is not None:
        return "<span class=muted>below clock</span>"
    return "" if v is None else esc(si(v))


def rank_metric(r):
    """What ranks a case: ns per operation, or the latency where that is the figure."""
    if kinds.SCENARIO_CHARTS.get((r["family"], r["scenario"])) is not None and \
            "ns_per_op" not in kinds.SCENARIO_CHARTS[(r["family"], r["scenario"])]:
        return num(r.get("lat_p50_ns_median")), "p50 latency"
    return num(r.get("ns_per_op_median")), "ns/op"


def rankings(rows):
    """One table per scenario: per set of conditions, the implementations fastest first."""
    out = []
    for scen, srows in group_by(rows, lambda r: r["scenario"]).items():
        ok = [r for r in srows if r.get("check") == "ok"]
        lines = []
        metric_name = "ns/op"
        for cond, crows in group_by(ok, cond_text).items():
            ranked = []
            for r in crows:
                v, metric_name = rank_metric(r)
                if v is not None and v > 0:
                    ranked.append((v, r["impl"]))
            if len(ranked) < 2:
                continue
            ranked.sort()
            best = ranked[0][0]
            cells = [f'<span class=best>{esc(ranked[0][1])}</span> {esc(si(best))}']
            cells += [f"{esc(i)} ×{esc(si(v / best) if v / best >= 10 else f'{v / best:.2g}')}"
                      for v, i in ranked[1:]]
            lines.append(f"<tr><td>{esc(cond)}</td><td>{' · '.join(cells)}</td></tr>")
        if lines:
            out.append(f"<h4>{esc(scen)}: fastest median {esc(metric_name)} first, ×ratio to "
                       f"the best</h4><div class=wrap><table><tr><th>conditions</th>"
                       f"<th>ranking</th></tr>{''.join(lines)}</table></div>")
    return "".join(out)


def summary_table(rows, has_flags):
    head = ["impl", "scenario", "conditions", "reps", "ns/op median", "ns/op min..max",
            "ops/s median", "p50 ns", "p99 ns", "fairness", "vol cs"]
    if has_flags:
        head.append("flags")
    head.append("check")
    lines = []
    for r in rows:
        tokens = flags_of(r)
        failed = r.get("check", "") != "ok"
        cls = " class=failed" if failed else " class=flagged" if tokens else ""
        lo, hi = val(r, "ns_per_op_min"), val(r, "ns_per_op_max")
        cells = [esc(r["impl"]), esc(r["scenario"]), esc(cond_text(r)),
                 f"<td class=n>{esc(r.get('reps', ''))}", f"<td class=n>{esc(val(r, 'ns_per_op_median'))}",
                 f"<td class=n>{esc(lo)}..{esc(hi)}" if lo or hi else "<td>",
                 f"<td class=n>{esc(val(r, 'ops_per_s_median'))}",
                 f"<td class=n>{lat(r, 'lat_p50_ns_median')}", f"<td class=n>{lat(r, 'lat_p99_ns_median')}",
                 f"<td class=n>{esc(r.get('fair_jain_median', '')[:6])}",
                 f"<td class=n>{esc(val(r, 'vol_cs_median'))}"]
        if has_flags:
            cells.append(f"<td>{flag_html(tokens)}")
        cells.append(f"<td class=fail>{esc(short(r.get('check', ''), 80))}" if failed
                     else f"<td>{esc(r.get('check', ''))}")
        lines.append(f"<tr{cls}>" + "".join(c if c.startswith("<td") else f"<td>{c}"
                                          for c in cells) + "</tr>")
    return ("<div class=wrap><table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>"
            + "".join(lines) + "</table></div>")


def flag_legend(rows):
    seen = []
    for r in rows:
        for t in flags_of(r):
            if t not in seen:
                seen.append(t)
    items = "".join(f"<tr><td>{flag_html([t])}</td><td>{esc(FLAG_WORDS.get(t, t + ' (no description)'))}"
                    f"</td><td class=n>{sum(t in flags_of(r) for r in rows)}</td></tr>" for t in seen)
    if not items:
        return "<p>No case is flagged: every repetition was clean.</p>"
    return ("<p>A flagged case is highlighted in its family's table; read its figure with the "
            "flag in mind.</p><table><tr><th>flag</th><th>meaning</th><th>cases</th></tr>"
            + items + "</table>")


SVG_ID = re.compile(r"""\bid=(["'])([^"']+)\1""")
SVG_REF = re.compile(r"""(href=["']#|url\(#)([^"')]+)""")


def inline_svg(path, n, title=""):
    """The SVG at path as markup to put in a page: no XML prolog, every id prefixed with
    "f<n>-" so that the ids of many figures cannot clash."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    start = text.find("<svg")
    if start < 0:
        raise TableError(f"{path}: not an SVG image")
    text = text[start:]
    text = re.sub(r"<script\b.*?</script>", "", text, flags=re.S)
    text = SVG_ID.sub(lambda m: f"id={m.group(1)}f{n}-{m.group(2)}{m.group(1)}", text)
    text = SVG_REF.sub(lambda m: f"{m.group(1)}f{n}-{m.group(2)}", text)
    text = re.sub(r"<title>.*?</title>", f"<title>{esc(short(title, 300))}</title>", text, count=1,
                  flags=re.S)
    return text.replace("<svg", f'<svg role="img" aria-label="figure {n}"', 1)


class Figures:
    def __init__(self):
        self.n = 0

    def html(self, images):
        out = []
        for im in images:
            self.n += 1
            stem = os.path.splitext(os.path.basename(im["path"]))[0]
            out.append(f"<figure id=fig{self.n}>{inline_svg(im['path'], self.n, im['title'])}"
                       f"<figcaption><a href='#fig{self.n}'>Figure {self.n}</a> · "
                       f"<code>{esc(stem)}</code> ({esc(im.get('how') or f'make plots draws it as {stem}.png')})"
                       f"</figcaption></figure>")
        return "".join(out)


def match_key(r):
    return tuple(cond_value(r, c) for c in KEY_COLS)


def compare_table(rows, orows, a_name, b_name):
    other = {match_key(r): r for r in orows}
    lines = []
    for r in rows:
        o = other.get(match_key(r))
        if o is None:
            continue
        a, b = num(r.get("ns_per_op_median")), num(o.get("ns_per_op_median"))
        if a is None or b is None or a <= 0:
            continue
        ratio = b / a
        cls = "faster" if ratio < 0.95 else "slower" if ratio > 1.05 else ""
        lines.append(f"<tr><td>{esc(r['family'])}/{esc(r['impl'])}/{esc(r['scenario'])}</td>"
                     f"<td>{esc(cond_text(r))}</td><td class=n>{esc(si(a))}</td>"
                     f"<td class=n>{esc(si(b))}</td><td class='n {cls}'>{ratio:.3f}</td></tr>")
    if not lines:
        return "<p>No case of A matches a case of B.</p>"
    return (f"<p>A = {esc(a_name)}; B = {esc(b_name)}. Ratio = B median / A median of ns per "
            f"operation: below 1, B is faster (green); above 1, B is slower (red); within ±5 % "
            f"unmarked. {len(lines)} matching case(s). <code>syncbench compare</code> gives "
            f"the significance.</p><div class=wrap><table><tr><th>case</th><th>conditions</th>"
            f"<th>A ns/op</th><th>B ns/op</th><th>B/A</th></tr>{''.join(lines)}</table></div>")


def build(args):
    run_dir = args.run_dir
    rows = cli.load_summary(run_dir)
    meta = cli.load_meta(run_dir)
    orows = ometa = None
    if args.compare:
        orows = cli.load_summary(args.compare)
        ometa = cli.load_meta(args.compare)
    has_flags = any("flags" in r for r in rows)
    run_name = short(meta.get("run_id") or (rows[0].get("run_id") if rows else "")
                     or os.path.basename(os.path.normpath(run_dir)), 80)

    with tempfile.TemporaryDirectory(prefix="syncbench-report.") as tmp:
        p = plot.draw_run(run_dir, os.path.join(tmp, "a"), args.gp_dir, "svg")
        cp = None
        if args.compare:
            cp = plot.draw_run(run_dir, os.path.join(tmp, "ab"), args.gp_dir, "svg",
                               compare=args.compare)
        figs = Figures()
        families = list(dict.fromkeys(r["family"] for r in rows))
        by_family = group_by(p.images, lambda im: im["family"])
        # cross-family figures (handoff) go with the first family of theirs present
        extra = [im for fam, ims in by_family.items() if fam not in families for im in ims]

        body = []
        toc = ["<li><a href='#machine'>Machine and build</a></li>",
               "<li><a href='#plan'>Plan</a></li>", "<li><a href='#flags'>Flags</a></li>"]
        if args.compare:
            toc.append("<li><a href='#compare'>Compared with another run</a></li>")
        for fam in families:
            frows = [r for r in rows if r["family"] == fam]
            nfail = sum(r.get("check") != "ok" for r in frows)
            nflag = sum(bool(flags_of(r)) for r in frows)
            nfig = len(by_family.get(fam, []))
            toc.append(f"<li><a href='#{anchor('fam', fam)}'>{esc(fam)}</a> <span class=muted>"
                       f"(<a href='#{anchor('table', fam)}'>{len(frows)} cases</a>, "
                       + (f"<a href='#{anchor('plots', fam)}'>{nfig} figures</a>" if nfig
                          else "no figure")
                       + f"{f', {nfail} failed' if nfail else ''}"
                       f"{f', {nflag} flagged' if nflag else ''})</span></li>")
        if extra:
            toc.append("<li><a href='#across'>Across families</a></li>")

        boxes = [("Machine", kv_table(meta, MACHINE_KEYS)), ("Build", kv_table(meta, BUILD_KEYS)),
                 ("Run", kv_table(meta, RUN_KEYS, rest=True,
                                  skip=[k for k, _ in MACHINE_KEYS + BUILD_KEYS]))]
        boxes += [(k, kv_table(v, [], rest=True)) for k, v in meta.items()
                  if isinstance(v, dict) and k != "options"]
        body.append("<h2 id=machine>Machine and build</h2><div class=cols>"
                    + "".join(f"<div><h3>{esc(t)}</h3>{h}</div>" for t, h in boxes) + "</div>")
        opts = meta.get("options") if isinstance(meta.get("options"), dict) else {}
        body.append("<h2 id=plan>Plan</h2>"
                    + (f"<p><code>{esc(short(meta.get('command_line'), 500))}</code></p>"
                       if meta.get("command_line") else "")
                    + kv_table(opts, [], rest=True)
                    + f"<p>{len(rows)} case(s) in summary.csv, "
                      f"{sum(r.get('check') != 'ok' for r in rows)} failed their check.</p>")
        body.append("<h2 id=flags>Flags</h2>" + (flag_legend(rows) if has_flags else
                    "<p>This run's summary.csv has no <code>flags</code> column.</p>"))
        if args.compare:
            b_name = cli.run_label(orows, args.compare)
            a_name = cli.run_label(rows, run_dir)
            body.append("<h2 id=compare>Compared with another run</h2>"
                        + compare_table(rows, orows, a_name, b_name)
                        + "<h3>Both runs overlaid</h3><p>Solid lines and filled points: A; "
                          "dashed lines and open points: B.</p>" + figs.html(cp.images))
            if ometa:
                body.append("<h3>Machine of B</h3>" + kv_table(ometa, MACHINE_KEYS + BUILD_KEYS))
        for fam in families:
            frows = [r for r in rows if r["family"] == fam]
            scen = list(dict.fromkeys(r["scenario"] for r in frows))
            frows.sort(key=lambda r: scen.index(r["scenario"]))  # stable: the run's order within
            body.append(f"<h2 id={anchor('fam', fam)}>{esc(fam)}</h2>")
            notes = [f"<li><b>{esc(sc)}</b>: {esc(kinds.SCENARIO_NOTES[(fam, sc)])}</li>"
                     for sc in scen if (fam, sc) in kinds.SCENARIO_NOTES]
            if notes:
                body.append(f"<ul class=notes>{''.join(notes)}</ul>")
            body.append("<h3>Rankings</h3>" + (rankings(frows) or
                                              "<p class=muted>one implementation per case</p>"))
            ims = by_family.get(fam, [])
            if ims:
                body.append(f"<h3 id={anchor('plots', fam)}>Plots</h3>" + figs.html(ims))
            body.append(f"<h3 id={anchor('table', fam)}>Summary</h3>"
                        + summary_table(frows, has_flags))
        if extra:
            body.append("<h2 id=across>Across families</h2>" + figs.html(extra))

    generated = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    host = meta.get("host") or (rows[0].get("host") if rows else "")
    page = (f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
            f"<meta name=viewport content='width=device-width, initial-scale=1'>"
            f"<title>syncbench report: {esc(run_name)}</title><style>{CSS}</style></head><body>"
            f"<h1>syncbench report: {esc(run_name)}</h1>"
            f"<p class=muted>host {esc(short(host, 60) or '?')}; {len(rows)} cases; "
            f"{figs.n} figures; written {generated} by scripts/report.py"
            f"{'; compared with ' + esc(cli.run_label(orows, args.compare)) if args.compare else ''}"
            f"</p><nav><h2>Contents</h2><ol>{''.join(toc)}</ol></nav>"
            + "".join(body) + "</body></html>\n")
    return page


# --- a fleet folder (docs/fleet.md): the machines side by side -------------------------------

FLEET_MACHINE_COLS = [("label", "machine"), ("login", "login")] + fleet_table.MACHINE_FIELDS[:-1] + [
    ("git_commit", "syncbench commit"), ("complete", "run complete"), ("wall_s", "fleet wall s"),
    ("machine_fingerprint", "machine fingerprint")]


def fleet_machines(info):
    """The machines table: each host's meta.json essentials."""
    head = "".join(f"<th>{esc(t)}</th>" for _, t in FLEET_MACHINE_COLS)
    lines = []
    for m in info["machines"]:
        meta = dict(m["meta"], label=m["label"], login=m["login"], wall_s=m["wall_s"],
                    machine_fingerprint=m["fingerprint"])
        if meta.get("git_dirty"):
            meta["git_commit"] = f"{meta.get('git_commit', '?')}-dirty"
        lines.append("<tr>" + "".join(f"<td>{esc(scalar(meta.get(k)))}</td>"
                                      for k, _ in FLEET_MACHINE_COLS) + "</tr>")
    return f"<div class=wrap><table><tr>{head}</tr>{''.join(lines)}</table></div>"


def fleet_failed(info):
    if not info["failed"]:
        return "<p>Every host of the fleet built and ran the plan.</p>"
    return ("<p>Not in the tables and plots:</p><table><tr><th>host</th><th>login</th>"
            "<th>stage</th><th>reason</th></tr>"
            + "".join(f"<tr class=failed><td>{esc(x['label'])}</td><td>{esc(x['login'])}</td>"
                      f"<td class=fail>{esc(x['stage'])}</td><td>{esc(short(x['reason'], 300))}"
                      f"</td></tr>" for x in info["failed"]) + "</table>")


def fleet_table_html(body, labels):
    """One case's cross-machine table: a row per parameter set, a column per machine (the
    fastest in bold), the ratio of the slowest to the fastest."""
    used = fleet_table.used_params(body)
    head = "".join(f"<th>{esc(p.replace('_ns', ''))}</th>" for p in used) + "".join(
        f"<th>{esc(lb)}</th>" for lb in labels) + "<th>slowest / fastest</th>"
    lines = []
    for r in body:
        got = [v for v in r["values"].values() if v is not None]
        best = min(got) if len(got) >= 2 else None
        cells = "".join(f"<td>{esc(r['key'][p])}</td>" for p in used)
        for lb in labels:
            v = r["values"][lb]
            cells += (f"<td class='n{' best' if v is not None and v == best else ''}'>"
                      f"{esc(si(v)) if v is not None else '<span class=muted>-</span>'}</td>")
        ratio = r["ratio"]
        cls = " slower" if ratio is not None and ratio > 1.05 else ""
        cells += f"<td class='n{cls}'>{f'×{ratio:.2f}' if ratio is not None else '-'}</td>"
        lines.append(f"<tr>{cells}</tr>")
    return f"<div class=wrap><table><tr>{head}</tr>{''.join(lines)}</table></div>"


def fleet_plots(info, tmp, gp_dir):
    """Per case (family/impl/scenario) the ns/op against threads (or the swept parameter), a
    line per machine: the run report's Plotter with the machines in the place of the
    implementations. Returns {family: [image]}."""
    labels = [m["label"] for m in info["machines"]]
    gp = Gnuplot(os.path.abspath(gp_dir), "svg")
    p = Plotter(tmp, gp, os.path.join(tmp, "data"))
    p.only = ["ns_per_op"]
    p.series = "machine"
    by_family = {}
    cases = {}
    for m in info["machines"]:
        for r in m["rows"]:
            if r.get("check") == "ok":
                cases.setdefault((r["family"], r["scenario"], r["impl"]), []).append(
                    dict(r, impl=m["label"], host_impl=r["impl"]))
    try:
        for (fam, scen, impl), rows in cases.items():
            p.out_dir = os.path.join(tmp, safe_name(f"{fam}-{impl}", 70))
            os.makedirs(p.out_dir, exist_ok=True)
            p.where = f"implementation {impl} on each machine of {short(info['id'], 40)}"
            n = len(p.images)
            p.plot_group(fam, scen, rows, [lb for lb in labels if any(r["impl"] == lb for r in rows)])
            for im in p.images[n:]:
                im["impl"] = impl
                im["how"] = f"{fam}/{impl}/{scen} on every machine"
                by_family.setdefault(fam, []).append(im)
        gp.wait()
    finally:
        gp.wait_quietly()
    return by_family


def build_fleet(args):
    if args.compare:
        raise ArgError("--compare takes a run folder; a fleet report compares its own machines")
    info = fleet_table.load_fleet(args.run_dir)
    ms = info["machines"]
    if not ms:
        failed = ", ".join(f"{x['label']} ({x['stage']})" for x in info["failed"]) or "none listed"
        raise TableError(f"{args.run_dir}: no host of the fleet has results (failed: {failed})")
    labels = [m["label"] for m in ms]
    tables = fleet_table.cross_rows(info, "ns_per_op_median")
    families = list(dict.fromkeys(r["family"] for m in ms for r in m["rows"]))
    with tempfile.TemporaryDirectory(prefix="syncbench-report.") as tmp:
        by_family = fleet_plots(info, tmp, args.gp_dir)
        figs = Figures()
        toc = ["<li><a href='#machines'>Machines</a></li>", "<li><a href='#plan'>Plan</a></li>",
               f"<li><a href='#failed'>Failed hosts</a> <span class=muted>"
               f"({len(info['failed'])})</span></li>"]
        body = ["<h2 id=machines>Machines</h2><p>From each host's <code>meta.json</code>; "
                "the columns of the tables below are these labels.</p>" + fleet_machines(info)]
        plan = info["plan"] if isinstance(info["plan"], dict) else {}
        body.append("<h2 id=plan>Plan</h2>"
                    + (f"<p><code>{esc(short(plan.get('command'), 500))}</code></p>"
                       if plan.get("command") else "")
                    + kv_table(dict((k, v) for k, v in plan.items() if k != "command"), [], rest=True)
                    + (f"<p>The fleet took {esc(scalar(info['wall_s']))} s.</p>"
                       if info["wall_s"] is not None else ""))
        body.append("<h2 id=failed>Failed hosts</h2>" + fleet_failed(info))
        for fam in families:
            ftabs = [(c, b) for c, b in tables if b and b[0]["family"] == fam]
            ims = by_family.get(fam, [])
            toc.append(f"<li><a href='#{anchor('fam', fam)}'>{esc(fam)}</a> <span class=muted>"
                       f"({len(ftabs)} cases, {len(ims)} figures)</span></li>")
            body.append(f"<h2 id={anchor('fam', fam)}>{esc(fam)}</h2>")
            if ims:
                body.append(f"<h3 id={anchor('plots', fam)}>Plots: a line per machine</h3>"
                            + figs.html(ims))
            body.append(f"<h3 id={anchor('table', fam)}>Across machines</h3><p>Median ns per "
                        f"operation on each machine (the fastest in bold) and the slowest over "
                        f"the fastest; <code>-</code>: not measured there, or its check failed."
                        f"</p>")
            for case, b in ftabs:
                body.append(f"<h4>{esc(case)}</h4>" + fleet_table_html(b, labels))
    generated = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    name = short(info["id"], 80)
    return (f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
            f"<meta name=viewport content='width=device-width, initial-scale=1'>"
            f"<title>syncbench fleet report: {esc(name)}</title><style>{CSS}</style></head><body>"
            f"<h1>syncbench fleet report: {esc(name)}</h1>"
            f"<p class=muted>{len(ms)} machine(s): {esc(', '.join(labels))}; "
            f"{len(info['failed'])} failed; {len(tables)} cases; {figs.n} figures; written "
            f"{generated} by scripts/report.py</p><nav><h2>Contents</h2><ol>{''.join(toc)}</ol>"
            f"</nav>" + "".join(body) + "</body></html>\n")


def run(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = Parser(prog="syncbench report", description="Write RUN_DIR/report.html.")
    ap.add_argument("run_dir", help="the run folder (summary.csv, meta.json)")
    ap.add_argument("--compare", metavar="OTHER_RUN", help="add a comparison with another run")
    ap.add_argument("--out", help="the page to write (default RUN_DIR/report.html)")
    ap.add_argument("--gp-dir", default=os.path.join(os.path.dirname(here), "plots"),
                    help="folder of the gnuplot scripts")
    args = ap.parse_args(argv)
    page = build_fleet(args) if fleet_table.is_fleet(args.run_dir) else build(args)
    out = args.out or os.path.join(args.run_dir, "report.html")
    tmp = out + ".tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(page)
        os.replace(tmp, out)
    except OSError as e:
        raise TableError(f"cannot write {out}: {e.strerror}") from e
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(cli.main(PROG, run))
