"""Micro-benchmark of the policy stage: `python -m tests.policy.bench_policy [N]` (pack load, evaluate, suppress)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from scanner.policy import apply_suppressions, evaluate, load_policy

from .helpers import CN, FR, US, model, model_file, ref, variables


def main(n: int = 5000) -> None:
    start = time.perf_counter()
    for _ in range(20):
        policy = load_policy(("strict",), variables())
    load_ms = (time.perf_counter() - start) / 20 * 1000
    models = tuple(
        model(f"org{i}/m{i}", origin=(CN, US, FR)[i % 3], refs=(ref(f"org{i}/m{i}", path=f"app/f{i % 200}.py", line=i % 90 + 1),))
        for i in range(n)
    )
    files = tuple(model_file(f"w/{i}.bin") for i in range(n // 10))
    refs = tuple(r for m in models for r in m.references)
    start = time.perf_counter()
    found = evaluate(policy, models=models, packages=(), files=files, references=refs)
    evaluated = time.perf_counter() - start
    start = time.perf_counter()
    found = apply_suppressions(found, policy, root=Path("/nonexistent"), today=dt.date(2026, 6, 1))
    suppressed = time.perf_counter() - start
    print(f"strict pack load {load_ms:.1f} ms; evaluate {n} models + {len(refs)} references + {len(files)} files: "
          f"{evaluated * 1000:.0f} ms ({len(found)} findings); suppressions {suppressed * 1000:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
