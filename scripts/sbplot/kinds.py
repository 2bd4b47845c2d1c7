"""The tables the plots are drawn from: what kinds of implementation a family has, what one
operation of a scenario is, and which charts a scenario gets.

A family listed in KINDS draws its sweeps as one figure per kind (sleeping locks, spinlocks, queue
locks...) instead of a dozen lines on one axis; an implementation is in the first kind with a
pattern (fnmatch) that matches its name (only when a figure would have more than FACET_OVER lines); BASELINES appear in every kind of their family, and an
implementation no pattern matches goes to "other". Adding an implementation to a family is adding
its name to a list here, if the pattern does not already catch it.
"""

import fnmatch

KINDS = {
    "mutex": [
        ("sleeping", "sleeping locks", ["pthread", "pthread_adaptive", "pthread_errorcheck",
                                        "futex*"]),
        ("spin", "spinlocks", ["tas", "ttas", "ticket", "pthread_spin", "*spin*"]),
        ("queue", "queue locks", ["mcs", "clh", "anderson", "*queue*"]),
    ],
    "atomic": [
        ("false_shared", "counters on one line, each thread its own word (false sharing)",
         ["*_false_shared"]),
        ("shared", "one shared counter", ["*_shared"]),
        ("padded", "one counter per thread, padded to its own line", ["*_padded"]),
        ("tls", "one thread-local counter per thread", ["*_tls"]),
    ],
    "rcu": [
        ("urcu", "liburcu flavours, synchronize_rcu", ["memb", "qsbr", "mb", "bp", "signal"]),
        ("call_rcu", "liburcu, reclaiming in call_rcu", ["*_call"]),
        ("locks", "locks", ["pthread_rwlock", "rwlock_futex", "mutex", "*lock*"]),
    ],
}
# drawn in every kind of their family: the harness's own cost, or the lock RCU is read against
BASELINES = {"mutex": ["null"], "rcu": ["pthread_rwlock"]}
FACET_OVER = 6  # a figure with more series than this is split by kind

# What one operation of a scenario is, for axis labels: "ns per <op>", "latency of <op>".
OPERATIONS = {
    ("mutex", "uncontended"): "lock + unlock",
    ("mutex", "contended"): "lock + critical section + unlock",
    ("rlock", "nesting"): "nesting level (lock + unlock)",
    ("rlock", "contended"): "nest (2 locks, critical section, 2 unlocks)",
    ("rwlock", "uncontended"): "read or write lock + unlock",
    ("rwlock", "mixed"): "read or write lock + critical section + unlock",
    ("semaphore", "uncontended"): "wait + post",
    ("semaphore", "pool"): "wait + critical section + post",
    ("semaphore", "pingpong"): "round trip",
    ("condvar", "uncontended"): "lock + signal + unlock",
    ("condvar", "pingpong"): "round trip",
    ("condvar", "prodcons"): "item through the buffer",
    ("event", "uncontended"): "set + is_set + wait + clear + is_set",
    ("event", "fanout"): "wake-up (set() to a waiter's return)",
    ("event", "pingpong"): "round trip",
    ("timer", "overshoot"): "timed wait",
    ("atomic", "counter"): "increment",
    ("queue", "pairs"): "push or pop",
    ("queue", "prodcons"): "push or pop",
    ("map", "mixed"): "lookup, insert or delete",
    ("rcu", "readmostly"): "read or record replacement",
    ("rcu", "grace"): "synchronize_rcu (one grace period)",
}

# Which charts a scenario gets from scripts/plot.py (default: all that have data), and what it
# is drawn against when that is not the first parameter that varies.
#   rcu/grace: ops counts grace periods of worker 0 alone, so ns_per_op is threads x the grace
#       period and fairness is 1/n by construction; the figure is the latency against readers.
#   event/fanout: one setter and N waiters; fairness over them is 1 by construction.
#   timer/overshoot: throughput is set by the requested timeout, not a merit; the overshoot is
#       drawn against the timeout by scripts/plot_latency_events.py.
SCENARIO_CHARTS = {
    ("rcu", "grace"): ["latency"],
    ("event", "fanout"): ["ns_per_op", "ops_per_s", "latency"],
    ("timer", "overshoot"): [],
}
# What a reader of a scenario's table must know (scripts/report.py shows it with the family).
SCENARIO_NOTES = {
    ("rcu", "grace"): "the figure is the latency of synchronize_rcu (p50, p99) against the readers; "
                      "ns/op and ops/s count worker 0's grace periods over all threads "
                      "(threads x the grace period) and fairness is 1/threads by construction",
    ("event", "fanout"): "the figure is the wake-up latency; fairness over one setter and its "
                         "waiters is 1 by construction",
    ("timer", "overshoot"): "the figure is the overshoot (p50, p99); ns/op and ops/s follow from "
                            "the requested timeout and are no merit",
}
DERIVED_X = {
    # (family, scenario): (column, label, function of a row)
    ("rcu", "grace"): ("readers", "readers beside the updater (threads - 1)",
                       lambda threads: threads - 1),
}


def operation(family, scenario):
    return OPERATIONS.get((family, scenario), "operation")


def base_impl(impl):
    """The implementation name without an overlay's run mark ("tas @B" -> "tas")."""
    return impl.rsplit(" @", 1)[0] if " @" in impl else impl


def kind_of(family, impl):
    """(slug, title) of impl's kind in family, or None when the family is not split."""
    kinds = KINDS.get(family)
    if not kinds:
        return None
    name = base_impl(impl)
    for slug, title, patterns in kinds:
        if any(fnmatch.fnmatchcase(name, p) for p in patterns):
            return slug, title
    return "other", "other implementations"


def split_by_kind(family, impls):
    """[(slug, title, impls)] for a family in KINDS with more than FACET_OVER implementations
    and more than one kind present, each with the family's baselines; else [(None, None,
    impls)]."""
    if family not in KINDS or len(impls) <= FACET_OVER:
        return [(None, None, impls)]
    base = set(BASELINES.get(family, []))
    groups = {}
    for i in impls:
        if base_impl(i) in base:
            continue
        groups.setdefault(kind_of(family, i), []).append(i)
    if len(groups) <= 1:
        return [(None, None, impls)]
    order = [k[0] for k in KINDS[family]] + ["other"]
    out = []
    for (slug, title), members in sorted(groups.items(), key=lambda kv: order.index(kv[0][0])):
        keep = [i for i in impls if i in members or base_impl(i) in base]
        out.append((slug, title, keep))
    return out
