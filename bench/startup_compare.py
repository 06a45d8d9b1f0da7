"""Fixed cost of a scan for several code snapshots: an empty folder, offline, JSON, warm parse caches.

    git archive 3eb5f18 | tar -x -C /tmp/before && python -m compileall -q /tmp/before/scanner
    python bench/startup_compare.py /tmp/before /tmp/after

Each snapshot runs as `python -m scanner.cli scan EMPTY --offline --format json` with PYTHONPATH=SNAPSHOT,
HF_HUB_OFFLINE=1 and a fresh XDG_CACHE_HOME warmed by one run; then 5 runs: wall and CPU (user+sys of the child,
RUSAGE_CHILDREN), medians. A script, never a timed test.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 5


def measure(code: str) -> str:
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONPATH=code, XDG_CACHE_HOME=cache)
        cmd = [sys.executable, "-m", "scanner.cli", "scan", empty, "--offline", "--format", "json"]
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True, cwd=empty)  # warms the parse caches
        walls: list[float] = []
        cpus: list[float] = []
        for _ in range(RUNS):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True, cwd=empty)
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return (f"{code}: wall {statistics.median(walls):.3f} s, CPU {statistics.median(cpus):.3f} s "
            f"(medians of {RUNS}; CPU runs {sorted(round(c, 3) for c in cpus)})")


def main() -> None:
    for code in sys.argv[1:]:
        print(measure(code), flush=True)


if __name__ == "__main__":
    main()
