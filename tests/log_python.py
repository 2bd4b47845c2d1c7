"""tests/log_python.py PROBE: formats the same records through Python's logging.Formatter and
through the library (PROBE is build/tests/log_fmt_probe) and fails on any byte that differs.

Run by tests/log_python.sh with /usr/bin/python3 (the standard library only).  Cases: format
strings of every attribute, conversion, flag, width and precision over ASCII, UTF-8,
non-printable, quoted and numeric values (negative, zero, large, inf, nan), asctime with and
without a datefmt (%z included) in a fixed zone, and every Unicode code point through %r and %a.
Formats Python refuses when the Formatter is built (validate=True) the library must refuse too;
formats Python refuses only when formatting (TypeError: %x of a float) are not compared, except
an unsupported conversion, whose library message must start with Python's.
"""
import logging
import os
import subprocess
import sys
import time

TZ = "CET-1CEST,M3.5.0,M10.5.0/3"  # a POSIX rule: no tzdata needed, DST included
os.environ["TZ"] = TZ
time.tzset()

BASE = {
    "name": "syncbench.result", "levelname": "INFO", "levelno": 20, "message": "hello",
    "pathname": "src/dir/file.c", "filename": "file.c", "module": "file", "lineno": 42,
    "funcName": "fn", "created": 1700000000.5, "relativeCreated": 12.25, "msecs": 500.0,
    "process": 1234, "processName": "MainProcess", "thread": 140234567890123,
    "threadName": "MainThread",
}
STR_ATTRS = ["name", "levelname", "message", "pathname", "filename", "module", "funcName",
             "processName", "threadName"]
INT_ATTRS = ["levelno", "lineno", "process", "thread"]
FLOAT_ATTRS = ["created", "relativeCreated", "msecs"]

STRINGS = ["hello", "café", "café!", "", "it's", 'say "hi"', "both ' and \"", "tab\there\nnl\r\\",
           "\x01\x1f\x7f", "\xa0nbsp", "soft\xadhyphen", "zero\u200bwidth", "line\u2028sep",
           "emoji \U0001f600!", "tag\U000e0001", "e\u0301", "日本語テキスト", "\x80\x9f\xff",
           "\ufeffbom", "\ud7ff\ue000\uffff", "x", "é", "%", "100% (sure)"]
INTS = [0, 1, -1, 7, 20, -20, 255, 4096, 2147483647, -2147483648, 9223372036854775807,
        -9223372036854775808]
UINTS = [0, 1, 18446744073709551615, 140234567890123]
FLOATS = [0.0, -0.0, 1.0, -1.5, 0.5, 2.5, 12.25, 1700000000.5, 123456.789, 1e16, 1e-5, 1.5e-7,
          1e300, -1e300, 5e-324, float("inf"), float("-inf"), float("nan"), 0.1, 99.99999]
SIZES = ["", "1", "8", "20", ".0", ".1", ".3", ".4", "10.4", "3.1", "012", "-"]
FLAGS = ["", "-", "+", " ", "0", "#", "-0", "+0", "#0", "+ ", "-#", "+#0", " 0", "-+"]
NUM_CONVS = "diuoxXeEfFgGsrac"


def case(fmt, datefmt=None, **rec):
    r = dict(BASE)
    r.update(rec)
    return (fmt, datefmt, r)


def cases():
    out = []
    # every attribute alone and in the default line
    for a in STR_ATTRS + INT_ATTRS + FLOAT_ATTRS + ["asctime"]:
        out.append(case("%%(%s)s" % a))
        out.append(case("<%%(%s)r>" % a))
    out.append(case("%(asctime)s %(levelname)-8s %(name)s [%(threadName)s] %(message)s"))
    out.append(case(""))  # Python: "%(message)s"
    # strings: width, precision, flags, s r a c
    for s in STRINGS:
        for conv in "srac":
            for fl in ["", "-", "0", "+", "#"]:
                for sz in ["", "1", "4", "8", "20", ".0", ".1", ".4", "8.3", "-20"]:
                    out.append(case("[%%(message)%s%s%s]" % (fl, sz, conv), message=s))
        for a in ["name", "threadName", "funcName"]:
            out.append(case("%%(%s)-12s|%%(%s)12.2r|" % (a, a), **{a: s}))
    # numbers: every conversion, flag and size
    for conv in NUM_CONVS:
        for fl in FLAGS:
            for sz in SIZES:
                if sz == "-" and "-" in fl:
                    continue
                f = "%%(levelno)%s%s%s|%%(created)%s%s%s|%%(thread)%s%s%s" % (
                    fl, sz, conv, fl, sz, conv, fl, sz, conv)
                out.append(case(f))
    for conv in NUM_CONVS:
        for fl in ["", "+", "#", "0", "-", " "]:
            for sz in ["", "12", ".3", "015.5", ".0"]:
                spec = fl + sz + conv
                for v in INTS:
                    out.append(case("%%(levelno)%s|%%(n)%s" % (spec, spec), levelno=max(min(v, 2**31 - 1), -2**31),
                                    **{"i:n": v}))
                for v in UINTS:
                    out.append(case("%%(u)%s" % spec, **{"u:u": v}))
                for v in FLOATS:
                    out.append(case("%%(x)%s|%%(created)%s" % (spec, spec), created=v, **{"d:x": v}))
    for p in [6, 17, 30, 100]:
        out.append(case("%%(created).%df %%(created).%de %%(created).%dg" % (p, p, p), created=1e300))
    out.append(case("%(message)s %(levelno)ld %(lineno)hd %(message)Ls"))  # length modifiers: ignored
    # asctime: default (",mmm") and datefmt, %z and %Z, DST and not, epoch, leap day
    for created in [1700000000.5, 1719000000.999, 0.0, 951782400.25, 1767225599.0005]:
        msecs = int((created - int(created)) * 1000) + 0.0
        for d in [None, "", "%Y-%m-%d %H:%M:%S %z", "%z %Z", "%Y-%m-%dT%H:%M:%S%z",
                  "%a %b %d %j %U %w %y", "%H:%M:%S.%%", "%c", "[%x %X]", "%s", "%Y " * 300]:
            out.append(case("%(asctime)s|%(msecs)03d|%(asctime)-40s|", d, created=created,
                            msecs=msecs))
    # formats both refuse
    for bad in ["hello", "%%", "%%(message)s", "no %% field", "%(message)ls", "%(message).s",
                "%(message)q", "%(message)%", "%(message)S"]:
        out.append(case(bad))
    # formats Python refuses only when formatting: the library at once, naming the character
    for bad in ["%(message)s %(levelno)q", "%(message)s %(levelno)5.2Z", "café %(message)s %(lineno)k"]:
        out.append(case(bad))
    return out


def unicode_cases():
    """Every code point but NUL and the surrogates, 4096 to a record, through r and a (and some
    through a width and a precision)."""
    out = []
    cps = [c for c in range(1, 0x110000) if not 0xD800 <= c < 0xE000]
    for k, i in enumerate(range(0, len(cps), 4096)):
        s = "".join(map(chr, cps[i:i + 4096]))
        for f in ["%(message)r", "%(message)a"] + (["%(message)5000.3000s|"] if k % 16 == 0 else []):
            out.append(case(f, message=s))
    return out


def encode(fmt, datefmt, rec):
    def hx(v):
        s = v if isinstance(v, str) else repr(v) if isinstance(v, float) else str(v)
        return s.encode("utf-8", "surrogateescape").hex()
    toks = ["fmt=" + hx(fmt)]
    if datefmt is not None:
        toks.append("datefmt=" + hx(datefmt))
    toks += ["%s=%s" % (k, hx(v)) for k, v in rec.items()]
    return " ".join(toks)


def python_side(fmt, datefmt, rec):
    """("OK", bytes) / ("REFUSED", message) when built / ("FAILS", exception) when formatting."""
    try:
        fm = logging.Formatter(fmt, datefmt, validate=True)
    except ValueError as e:
        return ("REFUSED", str(e))
    d = {k.split(":")[-1]: v for k, v in rec.items() if k != "message"}
    d["msg"] = rec["message"]
    r = logging.makeLogRecord(d)
    try:
        return ("OK", fm.format(r).encode("utf-8"))
    except (TypeError, ValueError, OverflowError) as e:
        return ("FAILS", e)


def main():
    probe = sys.argv[1]
    all_cases = cases() + unicode_cases()
    data = "".join(encode(*c) + "\n" for c in all_cases).encode()
    env = dict(os.environ, TZ=TZ)
    res = subprocess.run([probe], input=data, stdout=subprocess.PIPE, env=env, check=True)
    lines = res.stdout.decode().split("\n")
    if len(lines) < len(all_cases):
        print("probe answered %d of %d cases" % (len(lines), len(all_cases)))
        return 1
    bad = compared = skipped = 0
    for (fmt, datefmt, rec), line in zip(all_cases, lines):
        kind, py = python_side(fmt, datefmt, rec)
        ok = line.startswith("OK ")
        got = bytes.fromhex(line[3:]) if ok else line[4:]
        what = None
        if kind == "OK":
            compared += 1
            if not ok:
                what = "library refused: %s" % got
            elif got != py:
                what = "python %r\n  library %r" % (py, got)
        elif kind == "REFUSED":
            compared += 1
            if ok:
                what = "python refuses (%s), library gives %r" % (py, got)
        elif "unsupported format character" in str(py) and str(py).isascii():
            compared += 1
            if ok or not got.startswith(str(py)):
                what = "python: %s\n  library: %s" % (py, got)
        else:
            skipped += 1
        if what:
            bad += 1
            if bad <= 40:
                short = {k: v for k, v in rec.items() if BASE.get(k) != v}
                if len(repr(short)) > 300:
                    short = repr(short)[:300] + "..."
                print("DIFF fmt=%r datefmt=%r %s\n  %s" % (fmt, datefmt, short, what))
    print("log_python: %d cases compared with Python %s, %d differ; %d not compared (Python "
          "raises while formatting)" % (compared, sys.version.split()[0], bad, skipped))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
