"""`aiscan diff`: new/removed/changed models, packages, files and findings; exit 1 only on new findings at/above."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import main
from scanner.compare import diff_reports, load_report
from scanner.compare.diff import rank
from scanner.compare.reportfile import ReportFileError

from .reports import hf, scan_to_json, write_tree

QWEN, DEEPSEEK, LLAMA = "Qwen/Qwen2.5-7B-Instruct", "deepseek-ai/DeepSeek-V3", "meta-llama/Llama-3.2-1B-Instruct"


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """base: Qwen + Llama + torch pinned; head: Qwen moved to another line, Llama removed, DeepSeek added, torch bumped."""
    base = write_tree(tmp_path / "proj", {"app/gen.py": hf(QWEN), "app/chat.py": hf(LLAMA), "requirements.txt": "torch==2.3.0\n"})
    base_json = tmp_path / "base.json"
    scan_to_json(base, base_json)
    write_tree(base, {"app/gen.py": "import os\n\n\n" + hf(QWEN), "app/new.py": hf(DEEPSEEK), "requirements.txt": "torch==2.4.1\nopenai>=1\n"})
    (base / "app/chat.py").unlink()
    head_json = tmp_path / "head.json"
    scan_to_json(base, head_json)
    return base_json, head_json


def test_diff_sections_and_gate(pair: tuple[Path, Path]) -> None:
    base, head = (load_report(p) for p in pair)
    d = diff_reports(base, head, threshold="high")
    assert [m["id"] for m in d.models.added] == [DEEPSEEK]
    assert [m["id"] for m in d.models.removed] == [LLAMA]
    assert [p["name"] for p in d.packages.added] == ["openai"]
    assert [(c.key, c.fields[0][0]) for c in d.packages.changed] == [("torch", "specifier")]
    # Qwen's finding moved three lines down: same fingerprint, so it is neither new nor removed.
    assert [f["subject"] for f in d.findings.added if f["severity"] == "high"] == [DEEPSEEK]
    assert all(f["subject"] != QWEN for f in d.findings.added + d.findings.removed)
    assert [f["subject"] for f in d.blocking] == [DEEPSEEK]
    assert d.failed


def test_cli_exit_codes_and_formats(pair: tuple[Path, Path], tmp_path: Path) -> None:
    base, head = map(str, pair)
    text = run("diff", base, head)
    assert text.exit_code == 1 and f"+ {DEEPSEEK}" in text.stdout and f"- {LLAMA}" in text.stdout and "FAIL: 1 new finding" in text.stdout
    assert run("diff", base, head, "--fail-on-new", "critical").exit_code == 0  # nothing new is critical
    assert run("diff", head, base).exit_code == 0  # going back only removes findings
    assert run("diff", base, base).stdout.count("No differences.") == 1
    md = run("diff", base, head, "--format", "markdown")
    assert md.exit_code == 1 and "#### New findings that block" in md.stdout and "deepseek-ai/DeepSeek-V3" in md.stdout
    js = run("diff", base, head, "--format", "json", "-o", str(tmp_path / "d.json"))
    data = json.loads(js.stdout)
    assert data == json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert data["verdict"] == "fail" and data["models"]["counts"] == {"added": 1, "removed": 1, "changed": 0}
    assert [f["subject"] for f in data["blocking"]] == [DEEPSEEK]
    assert set(data["findings"]["fingerprints"]["added"]) == {f["fingerprint"] for f in data["findings"]["added"]}


def test_suppression_removed_or_severity_raised_counts_as_new(pair: tuple[Path, Path]) -> None:
    base, head = (load_report(p) for p in pair)
    qwen = next(f for f in base["findings"] if f["subject"] == QWEN)
    suppressed = dict(base, findings=[dict(f, suppressed_by="ignore: legal approved") if f is qwen else f for f in base["findings"]])
    d = diff_reports(suppressed, head, threshold="high")
    assert {f["subject"] for f in d.blocking} == {DEEPSEEK, QWEN}
    assert any(c.key == qwen["fingerprint"] and c.fields[0][0] == "suppressed_by" for c in d.findings.changed)
    # A severity raised by a policy change is listed as changed but, like with --baseline, is not new.
    lowered = dict(base, findings=[dict(f, severity="medium") if f is qwen else f for f in base["findings"]])
    d = diff_reports(lowered, head, threshold="high")
    assert {f["subject"] for f in d.blocking} == {DEEPSEEK}
    assert any(c.key == qwen["fingerprint"] and c.fields[0] == ("severity", "medium", "high") for c in d.findings.changed)


def test_diff_gate_matches_baseline_from_base(tmp_path: Path) -> None:
    """Gating with `aiscan diff BASE.json HEAD.json` and with `scan --baseline` (written from base) agree."""
    root = write_tree(tmp_path / "p", {"a.py": hf(QWEN), "b.py": hf(LLAMA), "requirements.txt": "torch\n"})
    base_json = tmp_path / "base.json"
    scan_to_json(root, base_json)
    assert run("baseline", str(root), "--offline", "-o", str(tmp_path / "baseline.json")).exit_code == 0
    write_tree(root, {"c.py": hf(DEEPSEEK), "a.py": "# moved\n" + hf(QWEN), "requirements.txt": "torch\nvllm\n"})
    head_json = tmp_path / "head.json"
    head = scan_to_json(root, head_json)
    gated = scan_to_json(root, tmp_path / "gated.json", "--baseline", str(tmp_path / "baseline.json"))
    for threshold in ("info", "low", "medium", "high"):
        d = diff_reports(load_report(base_json), head, threshold=threshold)
        from_baseline = {f["fingerprint"] for f in gated["findings"] if not f["suppressed_by"] and rank(f["severity"]) >= rank(threshold)}
        assert {f["fingerprint"] for f in d.blocking} == from_baseline, threshold
    assert any(f["subject"] == DEEPSEEK for f in d.blocking)


def test_bad_reports_exit_2_with_one_line(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    cases = {
        "missing.json": None,
        "notjson.json": "{not json",
        "list.json": "[]",
        "other.json": json.dumps({"version": "2.1.0", "runs": []}),  # a SARIF file, not a report
        "future.json": json.dumps({"schema_version": "9.0", "root": "x"}),
        "badfinding.json": json.dumps({"schema_version": "1.0", "root": "x", "findings": [{"rule_id": "R", "severity": "urgent", "subject": "s"}]}),
    }
    for name, content in cases.items():
        path = tmp_path / name
        if content is not None:
            path.write_text(content, encoding="utf-8")
        result = run("diff", str(pair[0]), str(path))
        assert result.exit_code == 2, name
        assert result.stdout == "" and result.stderr.count("\n") == 1 and result.stderr.startswith(f"aiscan: error: {path}"), result.stderr


def test_schema_validation_when_jsonschema_is_installed(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    data = json.loads(pair[0].read_text(encoding="utf-8"))
    del data["summary"]
    broken = tmp_path / "nosummary.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ReportFileError, match="summary"):
        load_report(broken)
    load_report(broken, strict_schema=False)  # the runtime structural check alone accepts it


def test_markdown_escapes_report_strings(pair: tuple[Path, Path], tmp_path: Path) -> None:
    head = json.loads(pair[1].read_text(encoding="utf-8"))
    finding = next(f for f in head["findings"] if f["subject"] == DEEPSEEK)
    finding["message"] = "evil | <img src=x onerror=alert(1)> [link](http://x) **bold**\nnew row"
    evil = tmp_path / "evil.json"
    evil.write_text(json.dumps(head), encoding="utf-8")
    md = run("diff", str(pair[0]), str(evil), "--format", "markdown").stdout
    row = next(line for line in md.splitlines() if "evil" in line and line.startswith("| high"))
    assert "<img" not in md and "&lt;img" in row and "\\[link\\]" in row and "\\*\\*bold\\*\\*" in row
    assert row.count(" | ") == 4 and "new row" in row  # the pipe and the newline cannot break the table
