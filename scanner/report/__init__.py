"""Report stage: renderers keyed by format name; the CLI picks one per output (or infers it from the extension)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from .base import Reporter

# format -> (module, class, file extensions): a reporter's module is imported the first time its format is asked
# for; the extensions repeat each reporter's own ``extensions`` (a test holds them equal) so that choosing a format
# for ``-o report.json`` imports nothing
_CLASSES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "text": ("scanner.report.text", "TextReporter", (".txt",)),
    "json": ("scanner.report.json_report", "JsonReporter", (".json",)),
    "html": ("scanner.report.html", "HtmlReporter", (".html", ".htm")),
    "sarif": ("scanner.report.sarif", "SarifReporter", (".sarif", ".sarif.json")),
    "cyclonedx": ("scanner.report.cyclonedx", "CycloneDxReporter", (".cdx.json", ".cyclonedx.json", ".bom.json")),
    "markdown": ("scanner.report.markdown", "MarkdownReporter", (".md", ".markdown")),
}


class _Reporters(Mapping[str, Reporter]):
    """The reporters by format name, each created on first use (a JSON scan never imports the HTML or SARIF code)."""

    def __init__(self) -> None:
        self._made: dict[str, Reporter] = {}

    def __getitem__(self, name: str) -> Reporter:
        made = self._made.get(name)
        if made is None:
            module, cls, _ = _CLASSES[name]
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
    matches = [(len(ext), name) for name, (_, _, extensions) in _CLASSES.items() for ext in extensions if lower.endswith(ext)]
    return max(matches)[1] if matches else default


__all__ = ["REPORTERS", "Reporter", "format_for_path"]
