"""Reading a run's CSV files by column name, and the small helpers every driver needs.

read_table() checks what it reads: a file that is not UTF-8 text, a row with more or fewer fields
than the header, a number column holding something else (text, nan, inf) all raise TableError
with a message naming the file and line, so that a program prints one line instead of a
traceback. An empty numeric field is not an error: it means "not measured" (a percentile below
the clock's resolution, a parameter that does not apply).
"""

import csv
import hashlib
import math

# Columns of summary.csv that hold numbers whenever they are not empty.
NUMBER_COLS = ["threads", "cpus", "cs_ns", "think_ns", "read_pct", "depth", "permits", "waiters",
               "reps"]
# (only the columns the figures and tables use: a nan in, say, a CV of one repetition is not
# read, so it is no reason to refuse the file)
NUMBER_SUFFIXES = ("_median", "_min", "_max", "_ci_lo", "_ci_hi")
# Parameters in the params column that describe how a case ran, not what it measured: they are
# not conditions to group by (oversubscribed=1 marks threads > CPUs, which follows threads).
IGNORED_PARAMS = {"oversubscribed"}


class TableError(Exception):
    """A problem with the input: the message is the one line a program prints."""


def num(s):
    """The float in a CSV field, or None when empty or not a finite number."""
    if s is None:
        return None
    if isinstance(s, (int, float)):
        return float(s) if math.isfinite(s) else None
    s = s.strip()
    if not s:
        return None
    try:
        v = float(s)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def fmt_num(v):
    """A number as short text: 4.0 -> "4", 2.5 -> "2.5"."""
    v = float(v)
    return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)


def is_number_col(col):
    return col in NUMBER_COLS or col.endswith(NUMBER_SUFFIXES)


def read_table(path, required=(), what="summary"):
    """The rows of a CSV file as dicts (values stripped), checked as described above."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise TableError(f"cannot read {path}: {e.strerror}") from e
    if b"\0" in data:
        raise TableError(f"{path}: binary data, not a CSV file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise TableError(f"{path}: not UTF-8 text (byte {e.start})") from e
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 24))
    try:
        reader = csv.reader(text.splitlines())
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise TableError(f"{path}: empty file, no header")
        header = [h.strip() for h in header]
        missing = [c for c in required if c not in header]
        if missing:
            raise TableError(f"{path}: missing column(s): {', '.join(missing)}")
        numeric = [i for i, h in enumerate(header) if is_number_col(h)]
        rows = []
        for fields in reader:
            line = reader.line_num
            if not any(x.strip() for x in fields):
                continue  # a blank line
            if len(fields) != len(header):
                raise TableError(f"{path}:{line}: {len(fields)} fields, the header has "
                                 f"{len(header)} (a truncated or damaged row)")
            for i in numeric:
                v = fields[i].strip()
                if v and num(v) is None:
                    shown = v if len(v) <= 20 else v[:20] + "..."
                    raise TableError(f"{path}:{line}: column {header[i]}: {shown!r} is not a "
                                     f"finite number")
            rows.append({h: x.strip() for h, x in zip(header, fields)})
    except csv.Error as e:
        raise TableError(f"{path}: bad CSV: {e}") from e
    return rows


def params_dict(s):
    """The params column ("k=v;k=v") as a dict, in order."""
    out = {}
    for kv in (s or "").split(";"):
        k, eq, v = kv.partition("=")
        if k.strip():
            out[k.strip()] = v.strip() if eq else ""
    return out


def param(row, key):
    """The value of key in the params column, as a number, or None."""
    return num(params_dict(row.get("params")).get(key))


def cond_value(row, col):
    """A canonical form of a condition column (so that "4" and "4.0" are the same value). A
    column named "p:KEY" is the parameter KEY of the params column."""
    if col.startswith("p:"):
        v = params_dict(row.get("params")).get(col[2:], "")
    else:
        v = row.get(col, "")
    n = num(v)
    return fmt_num(n) if n is not None else v


def param_cols(rows):
    """The pseudo-columns "p:KEY" of every parameter that rows use (except IGNORED_PARAMS)."""
    keys = {}
    for r in rows:
        for k in params_dict(r.get("params")):
            if k not in IGNORED_PARAMS:
                keys.setdefault(k, None)
    return ["p:" + k for k in keys]


def group_by(rows, key):
    """{key(row): [rows]} in the order the keys first appear."""
    out = {}
    for r in rows:
        out.setdefault(key(r), []).append(r)
    return out


def safe_name(s, limit=60):
    """s reduced to characters safe in a file name (a=1;b=2 -> a1-b2), at most limit characters:
    a longer name keeps its start and ends with a hash of the whole."""
    t = s.replace("=", "").replace(";", "-").replace(",", "-").replace("%", "pct")
    t = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in t)
    t = t.strip("-_.") or "x"
    if len(t) > limit:
        h = hashlib.sha1(s.encode("utf-8", "replace")).hexdigest()[:8]
        t = t[:limit - 9].rstrip("-_.") + "-" + h
    return t


def short(s, limit=80):
    """Text cut to limit characters for a title or a table cell."""
    s = str(s)
    return s if len(s) <= limit else s[:limit - 3] + "..."
