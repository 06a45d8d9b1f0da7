"""The report seam: a Reporter renders a Report into text (JSON, HTML, SARIF, ...)."""

from __future__ import annotations

from typing import Protocol

from ..models import Report


class Reporter(Protocol):
    """Renders a whole report. Output must be deterministic for a given Report."""

    name: str
    extensions: tuple[str, ...]

    def render(self, report: Report) -> str:
        ...
