"""Golden files for every format, rendered from the constructed rich Report (AISCAN_REGEN_GOLDEN=1 regenerates)."""

from __future__ import annotations

import pytest

from scanner.models import Report
from scanner.report import REPORTERS
from scanner.report.text import TextReporter

from .conftest import check_golden

FILES = {"text": "rich.txt", "json": "rich.json", "html": "rich.html", "sarif": "rich.sarif", "cyclonedx": "rich.cdx.json", "markdown": "rich.md"}


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_golden(fmt: str, rich_report: Report) -> None:
    text = REPORTERS[fmt].render(rich_report)
    assert text == REPORTERS[fmt].render(rich_report), "rendering must be deterministic"
    check_golden(FILES[fmt], text)


def test_golden_colour_text(rich_report: Report) -> None:
    check_golden("rich.color.txt", TextReporter().render(rich_report, color=True))


def test_every_reporter_has_a_golden_file() -> None:
    assert set(FILES) == set(REPORTERS)
