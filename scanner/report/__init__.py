"""Report stage: renderers keyed by format name; the CLI picks one per output (or infers it from the extension)."""

from __future__ import annotations

from .base import Reporter
from .cyclonedx import CycloneDxReporter
from .html import HtmlReporter
from .json_report import JsonReporter
from .markdown import MarkdownReporter
from .sarif import SarifReporter
from .text import TextReporter

REPORTERS: dict[str, Reporter] = {
    "text": TextReporter(),
    "json": JsonReporter(),
    "html": HtmlReporter(),
    "sarif": SarifReporter(),
    "cyclonedx": CycloneDxReporter(),
    "markdown": MarkdownReporter(),
}


def format_for_path(path: str, default: str) -> str:
    """The format whose extension is the longest match for ``path`` (``x.sarif.json`` -> sarif), else ``default``."""
    lower = path.lower()
    matches = [(len(ext), name) for name, reporter in REPORTERS.items() for ext in reporter.extensions if lower.endswith(ext)]
    return max(matches)[1] if matches else default


__all__ = ["REPORTERS", "Reporter", "format_for_path"]
