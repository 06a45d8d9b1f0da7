"""The scan CLI writes several reports in one run (format from the extension) and colours only when it should."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import OUTPUT_FORMATS, main
from scanner.report import REPORTERS, format_for_path

from ..conftest import EXAMPLES


def test_cli_formats_are_the_registry() -> None:
    assert set(OUTPUT_FORMATS) == set(REPORTERS)


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("r.html", "html"),
        ("R.HTM", "html"),
        ("r.sarif", "sarif"),
        ("r.sarif.json", "sarif"),
        ("bom.cdx.json", "cyclonedx"),
        ("bom.cyclonedx.json", "cyclonedx"),
        ("r.json", "json"),
        ("summary.md", "markdown"),
        ("out/r.txt", "text"),
        ("no-extension", "DEFAULT"),
    ],
)
def test_format_for_path(path: str, fmt: str) -> None:
    assert format_for_path(path, "DEFAULT") == fmt


def test_extension_table_is_each_reporters_own() -> None:
    """format_for_path reads a static table (choosing a format imports no reporter); it must say what they say."""
    from scanner.report import _CLASSES

    assert {name: spec[2] for name, spec in _CLASSES.items()} == {name: r.extensions for name, r in REPORTERS.items()}


def test_choosing_a_format_imports_no_reporter() -> None:
    import subprocess
    import sys

    code = ("import sys; from scanner.report import format_for_path; format_for_path('r.html', 'json'); "
            "print(sorted(m for m in sys.modules if m.startswith('scanner.report.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['scanner.report.base']"


def test_several_outputs_in_one_run(tmp_path: Path) -> None:
    outs = {name: tmp_path / "out" / name for name in ("r.html", "r.sarif", "bom.cdx.json", "r.md", "r.json", "plain")}
    args = [str(EXAMPLES / "rag-service"), "--offline", "--format", "markdown"]
    for path in outs.values():
        args += ["-o", str(path)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "Report written to" in result.stdout and "\x1b" not in result.stdout
    assert outs["r.html"].read_text().startswith("<!DOCTYPE html>")
    assert json.loads(outs["r.sarif"].read_text())["version"] == "2.1.0"
    assert json.loads(outs["bom.cdx.json"].read_text())["bomFormat"] == "CycloneDX"
    assert outs["r.md"].read_text().startswith("## ")
    assert "schema_version" in json.loads(outs["r.json"].read_text())
    assert outs["plain"].read_text().startswith("## "), "no known extension: --format decides"


@pytest.mark.parametrize("fmt", ["html", "sarif", "cyclonedx", "markdown"])
def test_format_to_stdout(fmt: str) -> None:
    result = CliRunner().invoke(main, [str(EXAMPLES / "rag-service"), "--offline", "--format", fmt], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stdout.strip()
    assert "\x1b" not in result.stdout


def test_force_color_and_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    args = [str(EXAMPLES / "rag-service"), "--offline"]
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in CliRunner().invoke(main, args, catch_exceptions=False).stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in CliRunner().invoke(main, args, catch_exceptions=False).stdout


def test_unwritable_output_is_a_usage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(main, [str(EXAMPLES / "rag-service"), "--offline", "-o", str(blocker / "r.html")], catch_exceptions=False)
    assert result.exit_code == 2
    assert "cannot write report" in result.stderr and "Traceback" not in result.stderr
