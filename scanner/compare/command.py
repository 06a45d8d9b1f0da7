"""`aiscan diff` glue: load both reports, diff, render, and decide the exit code."""

from __future__ import annotations

from pathlib import Path

from .diff import diff_reports
from .render import DIFF_RENDERERS
from .reportfile import load_report

EXIT_OK, EXIT_NEW_FINDINGS = 0, 1


def execute_diff(base: Path, head: Path, *, fmt: str, fail_on_new: str | None, output: Path | None) -> tuple[str, int]:
    """(rendered diff, exit code). Without ``fail_on_new`` the gate uses the head report's own fail_on (else high)."""
    base_data = load_report(base)
    head_data = load_report(head)
    threshold = fail_on_new or str((head_data.get("config") or {}).get("fail_on") or "high")
    result = diff_reports(base_data, head_data, threshold=threshold)
    text = DIFF_RENDERERS[fmt](result)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    return text, EXIT_NEW_FINDINGS if result.failed else EXIT_OK
