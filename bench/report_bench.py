"""Report rendering benchmark: time and size of every format for the example projects and a synthetic large report.

    python bench/report_bench.py [--findings 5000] [--repeat 3]

The synthetic report is the constructed rich Report of tests/report/rich.py with its findings multiplied (each with
three locations and a 200-character message), so the numbers measure the reporters, not the scan.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scanner.config import build_config  # noqa: E402
from scanner.models import Location, Report  # noqa: E402
from scanner.pipeline import run_scan  # noqa: E402
from scanner.report import REPORTERS  # noqa: E402
from tests.report import rich  # noqa: E402

CLOCK = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def synthetic(n: int) -> Report:
    base = rich.build()
    template = base.findings[1]
    findings = tuple(
        dataclasses.replace(
            template,
            subject=f"org/model-{i}",
            fingerprint=f"fp{i}",
            message=f"model {i} " + "x" * 200,
            locations=tuple(Location(path=f"src/mod{i % 50}.py", line=j) for j in range(1, 4)),
        )
        for i in range(n)
    )
    return dataclasses.replace(base, findings=findings)


def measure(label: str, report: Report, repeat: int) -> None:
    cells = []
    for name, reporter in REPORTERS.items():
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            out = reporter.render(report)
            best = min(best, time.perf_counter() - start)
        cells.append(f"{name} {best * 1000:.0f} ms / {len(out.encode()) / 1024:.0f} KiB")
    print(f"{label:28} " + " | ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for project in sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir()):
        report = run_scan(build_config(project, config_path=None, cli={"offline": True}), clock=lambda: CLOCK)
        measure(f"{project.name} ({len(report.findings)} findings)", report, args.repeat)
    measure("rich fixture", rich.build(), args.repeat)
    measure(f"synthetic ({args.findings} findings)", synthetic(args.findings), max(1, args.repeat // 3))


if __name__ == "__main__":
    main()
