"""Attack cases: line numbers as each language counts them, so an inline ignore lands on the line a reader sees.

A few U+2028 (or U+2029, U+0085, form feed, \\x1c-\\x1e) in a comment used to shift aiscan's line count: an
``aiscan: ignore[...]`` written on one line then suppressed a HIGH finding on another."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.discover.lines import python_lines, text_lines

from .coverage_helpers import QWEN, hf, scan, write

SEPARATORS = ["\u2028", "\u2029", "\x85", "\x0c", "\x1c", "\x1d", "\x1e", "\x0b"]
IGNORE_ORIGIN = "# aiscan: ignore[AIS-ORIGIN-001] approved by legal"


def _origin(report: object) -> list[tuple[int | None, str | None]]:
    return [(loc.line, f.suppressed_by) for f in report.findings if f.rule_id == "AIS-ORIGIN-001" for loc in f.locations]  # type: ignore[attr-defined]


@pytest.mark.parametrize("sep", SEPARATORS, ids=lambda s: f"U+{ord(s):04X}")
def test_a_separator_in_a_python_comment_cannot_move_an_ignore_onto_another_line(tmp_path: Path, sep: str) -> None:
    lines = [
        "from transformers import AutoModel",
        f"# note{sep}{sep}{sep}{sep}",  # four invisible "line breaks" that Python does not count
        f'ok = AutoModel.from_pretrained("org/approved")  {IGNORE_ORIGIN}',
        "",
        "",
        "",
        f'bad = AutoModel.from_pretrained("{QWEN}")',
    ]
    root = write(tmp_path / "repo", {"app.py": "\n".join(lines) + "\n"})
    report = scan(root, tmp_path)
    assert _origin(report) == [(7, None)]  # reported on the line an editor shows, and not suppressed


def test_the_same_ignore_on_the_right_line_still_works(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"app.py": "from transformers import AutoModel\n# note\u2028\u2028\n"
                                               f'bad = AutoModel.from_pretrained("{QWEN}")  {IGNORE_ORIGIN}\n'})
    (origin,) = _origin(scan(root, tmp_path))
    assert origin[0] == 3 and origin[1] is not None


@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_python_counts_crlf_and_lone_cr_like_its_tokenizer(tmp_path: Path, ending: str) -> None:
    text = ending.join(["from transformers import AutoModel", "x = 1", f'm = AutoModel.from_pretrained("{QWEN}")', ""])
    root = write(tmp_path / "repo", {"app.py": text.encode()})
    assert [loc for loc, _ in _origin(scan(root, tmp_path))] == [3]


def test_yaml_lines_are_counted_by_newline_and_an_ignore_lands_where_written(tmp_path: Path) -> None:
    text = f"# header\u2028\u2028\u2028\napproved: org/approved  {IGNORE_ORIGIN}\n\nmodel: {QWEN}\n"
    root = write(tmp_path / "repo", {"config.yaml": text})
    assert _origin(scan(root, tmp_path)) == [(4, None)]


def test_notebook_cell_lines_count_as_python_does(tmp_path: Path) -> None:
    source = ["from transformers import AutoModel\n", "# x\u2028\u2028\u2028\n", f"ok = 1  {IGNORE_ORIGIN}\n", "\n",
              f'bad = AutoModel.from_pretrained("{QWEN}")\n']
    root = write(tmp_path / "repo", {"nb.ipynb": json.dumps({"cells": [{"cell_type": "code", "source": source}]})})
    report = scan(root, tmp_path)
    locations = [loc for f in report.findings if f.rule_id == "AIS-ORIGIN-001" for loc in f.locations]
    assert [(loc.cell, loc.line) for loc in locations] == [(1, 5)]
    assert all(f.suppressed_by is None for f in report.findings if f.rule_id == "AIS-ORIGIN-001")


def test_line_splitters_match_the_languages() -> None:
    text = "a\u2028b\x0cc\r\nd\re\nf"
    assert python_lines(text) == ["a\u2028b\x0cc", "d", "e", "f"]
    assert text_lines(text) == ["a\u2028b\x0cc", "d\re", "f"]
    assert python_lines(hf()) == hf().splitlines()  # ordinary text: the same as before
