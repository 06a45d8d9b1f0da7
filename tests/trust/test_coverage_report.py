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
    root = write(tmp_path / "repo", {"app.py": hf(), "new.py": "type T[\n    X,\n] = int\n" + hf(), "notes.py": "x = 1\n"})
    fake_venv(root, ".venv", real=True)
    write(root, {".venv/lib/python3.11/site-packages/w.pkl": evil_pickle()})
    return root


def test_json_coverage_section_validates_and_counts(tmp_path: Path) -> None:
    report = as_json(scan(_project(tmp_path), tmp_path))
    jsonschema.validate(report, SCHEMA)
    assert report["schema_version"] == "1.2"
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
    assert '<section id="coverage" class="coverage">' in html
    assert '<a href="#coverage">Coverage (1 not fully read)</a>' in html
    card = html[html.index("<h2>Coverage</h2>"):].split("</div>", 1)[0]
    assert '<p class="num">2<span class="of"> / 3</span></p>' in card  # 2 fully analysed of the 3 files aiscan reads
    assert "1 not fully read · 1 folder skipped" in card
    section = html[html.index('<section id="coverage"'):].split("</section>", 1)[0]
    assert "3 files seen, <strong>2 fully analysed</strong> (python 2), <strong>1 not fully read</strong>." in section
    assert '<td class="loc">new.py</td><td>python</td><td><code>newer-syntax</code>' in section
    assert "read line by line" in section
    assert "Skipped folders: 1 (4 files; 4 still inspected for model files and remote code)" in section
    assert '<td class="loc">.venv/</td>' in section


def test_html_coverage_tables_are_capped_and_say_how_many_more(tmp_path: Path) -> None:
    from scanner.report.html_view import COVERAGE_ROWS

    root = write(tmp_path / "repo", {f"m{i:03}.py": "type T[\n    X,\n] = int\n" + hf() for i in range(COVERAGE_ROWS + 7)})
    html = REPORTERS["html"].render(scan(root, tmp_path))
    section = html[html.index('<section id="coverage"'):].split("</section>", 1)[0]
    assert section.count("<code>newer-syntax</code>") == COVERAGE_ROWS and "+7 more in the JSON report" in section
    assert f"Not fully analysed: {COVERAGE_ROWS + 7} files ({COVERAGE_ROWS + 7} read by the line fallback)" in section


def test_a_clean_scan_says_nothing_was_left_out(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"app.py": hf()})
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    html = REPORTERS["html"].render(scan(root, tmp_path))
    assert "2 files seen, <strong>1 fully analysed</strong> (python 1); 1 of another type" in html
    assert '<p class="num">1<span class="of"> / 1</span></p>' in html
    assert "No folder was skipped and every file of a type aiscan reads was fully analysed." in html
    assert "not fully read)" not in html


def test_a_report_without_coverage_shows_no_block(tmp_path: Path) -> None:
    from tests.report.rich import build

    assert "Coverage:" not in REPORTERS["text"].render(build())
    assert as_json(build())["coverage"]["files_seen"] == 0


def test_hostile_names_in_the_coverage_block_are_shown_escaped(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"evil\u202eyp.py": 'type T[\n    X,\n] = int\nx = "a/b"\n'})
    report = scan(root, tmp_path)
    assert "evil<U+202E>yp.py (newer-syntax" in REPORTERS["text"].render(report)
    assert "\u202e" not in REPORTERS["markdown"].render(report) and "\u202e" not in REPORTERS["html"].render(report)
