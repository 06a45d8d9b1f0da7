"""The coverage section in every report: JSON (schema 1.1, validated), and a short block in text, Markdown and HTML."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from scanner.report import REPORTERS
from tests.conftest import REPO

from .coverage_helpers import as_json, evil_pickle, fake_venv, hf, scan, write

SCHEMA = json.loads((REPO / "scanner" / "schemas" / "report.schema.json").read_text())


def _project(tmp_path: Path) -> Path:
    root = write(tmp_path / "repo", {"app.py": hf(), "new.py": "type T = int\n" + hf(), "notes.py": "x = 1\n"})
    fake_venv(root, ".venv", real=True)
    write(root, {".venv/lib/python3.11/site-packages/w.pkl": evil_pickle()})
    return root


def test_json_coverage_section_validates_and_counts(tmp_path: Path) -> None:
    report = as_json(scan(_project(tmp_path), tmp_path))
    jsonschema.validate(report, SCHEMA)
    assert report["schema_version"] == "1.1"
    coverage = report["coverage"]
    assert coverage["files_seen"] == 3 and coverage["files_analysed"] == 2 and coverage["analysed_by_language"] == {"python": 2}
    assert [(f["path"], f["files"], f["inspected"]) for f in coverage["skipped_folders"]] == [(".venv", 4, 4)]
    assert [(g["path"], g["reason"], g["fallback"]) for g in coverage["not_analysed"]] == [("new.py", "newer-syntax", True)]
    assert coverage["fallback_scanned"] == ["new.py"]


def test_human_formats_summarise_coverage_and_escape_names(tmp_path: Path) -> None:
    report = scan(_project(tmp_path), tmp_path)
    text = REPORTERS["text"].render(report)
    assert "Coverage: 3 files seen, 2 analysed (python 2)" in text
    assert "Not fully analysed: 1: new.py (newer-syntax, fallback-scanned)" in text
    assert "Skipped folders: 1: .venv/ (Python virtual environment" in text
    markdown = REPORTERS["markdown"].render(report)
    assert "<summary>Coverage</summary>" in markdown and "new.py (newer-syntax, fallback-scanned)" in markdown
    html = REPORTERS["html"].render(report)
    assert '<section id="coverage">' in html and "Skipped folders: 1: .venv/" in html


def test_a_report_without_coverage_shows_no_block(tmp_path: Path) -> None:
    from tests.report.rich import build

    assert "Coverage:" not in REPORTERS["text"].render(build())
    assert as_json(build())["coverage"]["files_seen"] == 0


def test_hostile_names_in_the_coverage_block_are_shown_escaped(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"evil\u202eyp.py": 'type T = int\nx = "a/b"\n'})
    report = scan(root, tmp_path)
    assert "evil<U+202E>yp.py (newer-syntax" in REPORTERS["text"].render(report)
    assert "\u202e" not in REPORTERS["markdown"].render(report) and "\u202e" not in REPORTERS["html"].render(report)
