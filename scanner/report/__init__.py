"""Report stage: renderers keyed by format name; the CLI picks one per output (or infers it from the extension)."""

from __future__ import annotations

from .base import Reporter
from .json_report import JsonReporter
from .text import TextReporter

REPORTERS: dict[str, Reporter] = {
    "text": TextReporter(),
    "json": JsonReporter(),
}


def format_for_path(path: str, default: str) -> str:
    """The format whose extensions match ``path`` (``report.sarif`` -> sarif), else ``default``."""
    lower = path.lower()
    for name, reporter in REPORTERS.items():
        if any(lower.endswith(ext) for ext in reporter.extensions):
            return name
    return default


__all__ = ["REPORTERS", "Reporter", "format_for_path"]
