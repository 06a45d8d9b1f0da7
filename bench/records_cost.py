"""Cost of building the record classes at import, and of building one record, for several code snapshots.

    git archive d7c1dd5 | tar -x -C /tmp/rec-before
    python bench/records_cost.py /tmp/rec-before /work/wt-rec

For each snapshot, RUNS child processes (PYTHONPATH=SNAPSHOT) each run an empty-folder scan in-process
(`scanner.cli scan EMPTY --offline --format json`) with the class decorators wrapped by a timer: the real
`dataclasses.dataclass` and, when the snapshot has it, `scanner.records.record` (only the outermost call is timed,
so a record built on `dataclasses.dataclass` counts once). Printed: classes built, CPU seconds spent in the decorators
(median of the runs), how many classes had their ``__init__`` and comparison methods compiled by the end of
the scan (all of them with dataclasses; record compiles them on first use, inside the scan's time), the five dearest
classes; then the per-instance cost of building a `scanner.models.Reference`
and of hashing and comparing it (best of timeit repeats). A script, never a timed test.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile

RUNS = 7

_CHILD = r"""
import dataclasses, json, sys, time

times = []
built = []
depth = 0


def timed(decorator):
    def wrapper(cls=None, /, **kw):
        if cls is None:
            return lambda c: wrapper(c, **kw)
        global depth
        if depth:
            return decorator(cls, **kw)
        depth += 1
        start = time.process_time()
        try:
            out = decorator(cls, **kw)
        finally:
            depth -= 1
        times.append((out.__module__ + "." + out.__qualname__, time.process_time() - start))
        built.append(out)
        return out
    return wrapper


dataclasses.dataclass = timed(dataclasses.dataclass)
try:
    import scanner.records as records
except ImportError:
    pass
else:
    records.record = timed(records.record)

from scanner.cli import main
try:
    main(["scan", sys.argv[1], "--offline", "--format", "json", "-o", sys.argv[2]])
except SystemExit:
    pass
scanner_times = [(name, t) for name, t in times if name.startswith("scanner.")]
scanner_built = [c for c in built if c.__module__.startswith("scanner.")]
# record compiles __init__ and the comparison methods on first use: how many classes did use them in this scan
inits = sum(type(vars(c).get("__init__")).__name__ != "_DeferredInit" for c in scanner_built)
compares = sum("compiled" not in getattr(getattr(vars(c).get("__eq__"), "__code__", None), "co_freevars", ())
               for c in scanner_built if "__eq__" in vars(c))
print(json.dumps([scanner_times, inits, compares]))
"""

_INSTANCE = r"""
import timeit
from scanner.models import Context, Location, RefKind, Reference

loc = Location(path="src/app.py", line=12, column=4)
make = lambda: Reference(kind=RefKind.HF_MODEL, identifier="org/model", location=loc, detector="python",
                         evidence="from_pretrained", context=Context.CODE)
a, b = make(), make()
for label, stmt in (("Reference(...)", make), ("hash(ref)", lambda: hash(a)), ("ref == ref2", lambda: a == b),
                    ("Location <", lambda: loc < loc)):
    best = min(timeit.repeat(stmt, number=20000, repeat=7)) / 20000
    print(f"  {label}: {best * 1e9:.0f} ns")
"""


def decorators(code: str) -> str:
    totals: list[float] = []
    per_class: dict[str, list[float]] = {}
    count = 0
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONPATH=code, XDG_CACHE_HOME=cache)
        out = os.path.join(cache, "out.json")
        for run in range(RUNS + 1):  # the first run warms the parse caches and the bytecode
            text = subprocess.run([sys.executable, "-c", _CHILD, empty, out], env=env, check=True,
                                  capture_output=True, text=True, cwd=empty).stdout
            times, inits, compares = json.loads(text.strip().splitlines()[-1])
            if run == 0:
                continue
            count = len(times)
            totals.append(sum(t for _, t in times))
            for name, t in times:
                per_class.setdefault(name, []).append(t)
    dearest = sorted(per_class.items(), key=lambda item: -statistics.median(item[1]))[:5]
    return (f"{code}: {count} classes, {statistics.median(totals) * 1000:.1f} ms CPU in the decorators "
            f"(median of {RUNS}; runs {sorted(round(t * 1000, 1) for t in totals)}); classes with a compiled "
            f"__init__ after the scan: {inits}, with compiled comparison methods: {compares}\n  dearest: "
            + ", ".join(f"{name.removeprefix('scanner.')} {statistics.median(ts) * 1000:.2f}" for name, ts in dearest))


def instances(code: str) -> str:
    env = dict(os.environ, PYTHONPATH=code)
    return subprocess.run([sys.executable, "-c", _INSTANCE], env=env, check=True, capture_output=True,
                          text=True).stdout.rstrip()


def main() -> None:
    for code in sys.argv[1:]:
        print(decorators(code), flush=True)
        print(instances(code), flush=True)


if __name__ == "__main__":
    main()
