"""The CLI contract: commands, options and exit codes 0/1/2, stdout and stderr apart."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from scanner import __version__
from scanner.cli import main

from .conftest import EXAMPLES


def run(*args: str) -> CliRunner.invoke:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"aiscan {__version__}"


def test_scan_example_fails_on_chinese_models() -> None:
    result = run(str(EXAMPLES / "rag-service"), "--offline")
    assert result.exit_code == 1
    assert "AIS-ORIGIN-001" in result.stdout
    assert "FAIL" in result.stdout
    assert result.stderr == ""


def test_scan_subcommand_is_the_same_as_default() -> None:
    a = run(str(EXAMPLES / "rag-service"), "--offline", "--format", "json")
    b = run("scan", str(EXAMPLES / "rag-service"), "--offline", "--format", "json")
    assert a.exit_code == b.exit_code == 1
    da, db = json.loads(a.stdout), json.loads(b.stdout)
    da.pop("generated_at"), db.pop("generated_at")
    assert da == db


def test_exit_zero_and_fail_on() -> None:
    assert run(str(EXAMPLES / "rag-service"), "--offline", "--exit-zero").exit_code == 0
    assert run(str(EXAMPLES / "rag-service"), "--offline", "--fail-on", "critical").exit_code == 0
    assert run(str(EXAMPLES / "rag-service"), "--offline", "--fail-on", "info").exit_code == 1


def test_home_changes_countries_of_concern(tmp_path: Path) -> None:
    # With a home that has no default countries of concern, Chinese models are merely foreign (info).
    result = run(str(EXAMPLES / "rag-service"), "--offline", "--home", "FR", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    origin_rules = {f["rule_id"] for f in report["findings"] if f["rule_id"].startswith("AIS-ORIGIN")}
    assert origin_rules <= {"AIS-ORIGIN-002", "AIS-ORIGIN-003"}


def test_missing_path_is_usage_error() -> None:
    result = run("/definitely/not/here", "--offline")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "path does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_option_is_usage_error() -> None:
    result = run(str(EXAMPLES / "rag-service"), "--fail-on", "severe")
    assert result.exit_code == 2


def test_broken_policy_is_exit_2_with_file_and_line(tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text("version: 1\nrules:\n  - id: X-1\n    title: t\n    subject: model\n    severity: severe\n    when: {field: id, op: eq, value: a}\n    message: m\n")  # noqa: E501
    result = run(str(EXAMPLES / "rag-service"), "--offline", "--policy", str(policy))
    assert result.exit_code == 2
    assert f"{policy}:6" in result.stderr
    assert "X-1" in result.stderr


def test_output_file_and_summary(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = run(str(EXAMPLES / "rag-service"), "--offline", "-o", str(out))
    assert result.exit_code == 1
    assert "Report written to" in result.stdout
    assert json.loads(out.read_text())["schema_version"] == "1.2"


def test_quiet_prints_nothing(tmp_path: Path) -> None:
    result = run(str(EXAMPLES / "rag-service"), "--offline", "-q", "-o", str(tmp_path / "r.json"))
    assert result.exit_code == 1
    assert result.stdout == ""


def test_rules_lists_default_rules() -> None:
    result = run("rules")
    assert result.exit_code == 0
    assert "AIS-ORIGIN-001" in result.stdout and "high" in result.stdout


def test_resolve_json_has_query() -> None:
    result = run("resolve", "--offline", "--format", "json", "Qwen/Qwen2.5-7B-Instruct", "llama3.1:8b", "deepseek-chat")
    assert result.exit_code == 0
    models = json.loads(result.stdout)["models"]
    assert [m["query"] for m in models] == ["Qwen/Qwen2.5-7B-Instruct", "llama3.1:8b", "deepseek-chat"]
    assert [m["origin"]["country"] for m in models] == ["CN", "US", "CN"]
    assert [m["kind"] for m in models] == ["hf-model", "ollama", "api-model"]


def test_version_starts_fast() -> None:
    # Not a timed benchmark: a generous bound that catches an eager import of huggingface_hub or jinja2.
    code = "import sys, scanner.cli; sys.exit(int(any(m in sys.modules for m in ('huggingface_hub', 'jinja2', 'safetensors'))))"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_include_docs_reads_markdown_code_but_does_not_gate(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text('# Demo\n\n```python\nfrom transformers import AutoModel\nAutoModel.from_pretrained("Qwen/Qwen2.5-0.5B")\n```\n')
    without = json.loads(run(str(tmp_path), "--offline", "--format", "json").stdout)
    assert without["references"] == []
    result = run(str(tmp_path), "--offline", "--include-docs", "--format", "json")
    report = json.loads(result.stdout)
    assert [(r["id"], r["context"]) for r in report["references"]] == [("Qwen/Qwen2.5-0.5B", "docs")]
    assert result.exit_code == 0  # docs context is lower trust: listed, not gated by the default pack
