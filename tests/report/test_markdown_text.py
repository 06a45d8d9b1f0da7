"""Markdown (PR comments, step summaries) and the terminal summary: concise, escaped, coloured only when asked."""

from __future__ import annotations

import dataclasses
import io

import pytest

from scanner.models import Location, Report
from scanner.report import REPORTERS
from scanner.report.ansi import use_color
from scanner.report.markdown import MAX_ROWS, md
from scanner.report.text import TextReporter

from . import rich


def test_markdown_verdict_counts_and_blocking_table(rich_report: Report) -> None:
    text = REPORTERS["markdown"].render(rich_report)
    assert text.startswith("## ❌ aiscan: FAIL — 4 blocking finding(s)")
    blocking = text.split("### Blocking: ")[1].split("<details>")[0]
    assert blocking.startswith("4 decision(s) for 4 finding(s)")
    assert blocking.count("\n| **") == 4
    assert "app/generator.py\\:9" not in text and "app/generator.py:9" in blocking
    assert "<details><summary>All findings (11)</summary>" in text


def test_markdown_escapes_hostile_text(rich_report: Report) -> None:
    text = REPORTERS["markdown"].render(rich_report)
    assert "<script>" not in text and "<img" not in text
    assert "\u202e" not in text and "\x1b" not in text
    assert md("a|b\nc") == "a\\|b c"
    assert md("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert md("![img](https://evil.example/x.png)") == "!\\[img\\](https\\://evil.example/x.png)"
    assert md("@team https://evil.example") == "\\@team https\\://evil.example"
    assert md("&lt;b&gt;") == "&amp;lt;b&amp;gt;"


def test_markdown_caps_long_tables(rich_report: Report) -> None:
    many = tuple(dataclasses.replace(rich_report.findings[1], subject=f"m{i}", fingerprint=f"f{i}") for i in range(MAX_ROWS + 7))
    text = REPORTERS["markdown"].render(dataclasses.replace(rich_report, findings=many))
    assert "… and 7 more" in text
    assert len(text) < 65536


def test_markdown_pass() -> None:
    report = dataclasses.replace(rich.build(), findings=())
    text = REPORTERS["markdown"].render(report)
    assert text.startswith("## ✅ aiscan: PASS") and "### Blocking" not in text


def test_text_plain_has_no_escape_codes(rich_report: Report) -> None:
    text = TextReporter().render(rich_report)
    assert "\x1b" not in text
    assert "FAIL: 4 finding(s) at or above 'high'" in text
    assert "<U+202E>" in text and "<U+001B>" in text


def test_text_colour(rich_report: Report) -> None:
    text = TextReporter().render(rich_report, color=True)
    assert "\x1b[1;31mFAIL\x1b[0m" in text
    assert "\x1b[1;97;41mCRITICAL" in text
    # Escapes from scanned data are still neutralised when we add our own.
    assert "\x1b[31mred" not in text


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "tty", "expected"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": ""}, True, True),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": "0"}, True, False),
        ({"TERM": "dumb"}, True, False),
    ],
)
def test_use_color(env: dict[str, str], tty: bool, expected: bool) -> None:
    stream = Tty() if tty else io.StringIO()
    assert use_color(stream, env) is expected


def test_markdown_fits_a_comment_even_with_long_messages(rich_report: Report) -> None:
    deep = tuple(Location(path="/".join(["very-long-directory-name"] * 8) + f"/file{j}.py", line=j) for j in range(3))
    long = tuple(
        dataclasses.replace(rich_report.findings[1], subject=f"m{i}" * 30, message="word " * 200, fingerprint=f"f{i}", locations=deep) for i in range(200)
    )
    text = REPORTERS["markdown"].render(dataclasses.replace(rich_report, findings=long))
    assert len(text) < 65536
    assert text.startswith("## ❌ aiscan: FAIL — 200 blocking finding(s)")
    assert "### Blocking: " in text and "Details left out" in text
