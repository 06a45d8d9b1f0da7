"""Report stage: renderers keyed by format name; the CLI picks one per output (or infers it from the extension)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from .base import Reporter

# format -> (module, class): a reporter's module is imported the first time its format is asked for
_CLASSES = {
    "text": ("scanner.report.text", "TextReporter"),
    "json": ("scanner.report.json_report", "JsonReporter"),
    "html": ("scanner.report.html", "HtmlReporter"),
    "sarif": ("scanner.report.sarif", "SarifReporter"),
    "cyclonedx": ("scanner.report.cyclonedx", "CycloneDxReporter"),
    "markdown": ("scanner.report.markdown", "MarkdownReporter"),
}


class _Reporters(Mapping[str, Reporter]):
    """The reporters by format name, each created on first use (a JSON scan never imports the HTML or SARIF code)."""

    def __init__(self) -> None:
        self._made: dict[str, Reporter] = {}

    def __getitem__(self, name: str) -> Reporter:
        made = self._made.get(name)
        if made is None:
            module, cls = _CLASSES[name]
            made = self._made[name] = getattr(importlib.import_module(module), cls)()
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(_CLASSES)

    def __len__(self) -> int:
        return len(_CLASSES)


REPORTERS: Mapping[str, Reporter] = _Reporters()


def format_for_path(path: str, default: str) -> str:
    """The format whose extension is the longest match for ``path`` (``x.sarif.json`` -> sarif), else ``default``."""
    lower = path.lower()
    matches = [(len(ext), name) for name, reporter in REPORTERS.items() for ext in reporter.extensions if lower.endswith(ext)]
    return max(matches)[1] if matches else default


__all__ = ["REPORTERS", "Reporter", "format_for_path"]
