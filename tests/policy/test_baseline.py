"""Baselines (write, read, gate only on new findings, survive line moves) and the CI gate's exit codes from CLI and config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import main
from scanner.errors import ConfigError
from scanner.models import Finding, Severity
from scanner.policy import read_baseline, write_baseline

APP = '''\
"""App."""
from transformers import AutoModelForCausalLM

model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-7B-Instruct")
'''


def finding(rule: str, subject: str, print_: str, suppressed_by: str | None = None) -> Finding:
    return Finding(rule_id=rule, severity=Severity.HIGH, title="t", message="m", subject=subject, subject_kind="model",
                   fingerprint=print_, suppressed_by=suppressed_by)


def test_write_and_read_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "baseline.json"
    findings = [finding("B", "y", "f2"), finding("A", "x", "f1"), finding("A", "x", "f1"), finding("C", "z", "f3", suppressed_by="inline: ok")]
    assert write_baseline(path, findings, tool_version="9.9") == 2
    data = json.loads(path.read_text())
    assert data == {"version": 1, "tool": "aiscan 9.9", "findings": [
        {"fingerprint": "f1", "rule_id": "A", "subject": "x"}, {"fingerprint": "f2", "rule_id": "B", "subject": "y"}]}
    assert read_baseline(path) == frozenset({"f1", "f2"})


@pytest.mark.parametrize(("content", "message"), [
    (None, "{p}: baseline file not found (create it with: aiscan baseline PATH -o FILE)"),
    ("{\n  nope", "{p}:2: invalid baseline JSON: Expecting property name enclosed in double quotes"),
    ('{"version": 2, "findings": []}', "{p}: not an aiscan baseline (expected version 1 and a 'findings' list)"),
    ('{"version": 1, "findings": [{"rule_id": "A"}]}', "{p}: findings: every entry needs a 'fingerprint' string"),
])
def test_bad_baseline_files(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "b.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(ConfigError) as exc:
        read_baseline(path)
    assert str(exc.value) == message.format(p=path)


def invoke(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def make_project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    (root / "app").mkdir(parents=True)
    (root / "app" / "main.py").write_text(APP, encoding="utf-8")
    return root


def test_baseline_gates_only_on_new_findings_and_survives_line_moves(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    baseline = tmp_path / ".aiscan-baseline.json"
    assert invoke(str(root), "--offline").exit_code == 1  # type: ignore[attr-defined]
    result = invoke("baseline", str(root), "--offline", "-o", str(baseline))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert result.stdout.startswith("Baseline of ") and str(baseline) in result.stdout  # type: ignore[attr-defined]
    assert "AIS-ORIGIN-001" in {row["rule_id"] for row in json.loads(baseline.read_text())["findings"]}
    assert invoke(str(root), "--offline", "--baseline", str(baseline)).exit_code == 0  # type: ignore[attr-defined]
    # Move the reference down and into another function: same fingerprint, still accepted.
    (root / "app" / "main.py").write_text(APP.replace("\nmodel =", "\n\nimport os\n\n\ndef load():\n    return 1\n\n\nmodel ="), encoding="utf-8")
    result = invoke(str(root), "--offline", "--baseline", str(baseline), "--format", "json")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    report = json.loads(result.stdout)  # type: ignore[attr-defined]
    origin = [f for f in report["findings"] if f["rule_id"] == "AIS-ORIGIN-001"]
    assert [f["suppressed_by"] for f in origin] == ["baseline"]
    assert origin[0]["locations"][0]["line"] == 12
    # A new dependency of concern is not in the baseline: the gate fails on it alone.
    (root / "app" / "other.py").write_text('from transformers import AutoModel\nm = AutoModel.from_pretrained("BAAI/bge-large-en-v1.5")\n')
    result = invoke(str(root), "--offline", "--baseline", str(baseline), "--format", "json")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    blocking = [f for f in json.loads(result.stdout)["findings"] if f["suppressed_by"] is None and f["severity"] == "high"]  # type: ignore[attr-defined]
    assert [f["subject"] for f in blocking] == ["BAAI/bge-large-en-v1.5"]


def test_missing_baseline_is_exit_2(tmp_path: Path) -> None:
    result = invoke(str(make_project(tmp_path)), "--offline", "--baseline", str(tmp_path / "nope.json"))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "baseline file not found" in result.stderr  # type: ignore[attr-defined]


def test_config_file_equivalents(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    config = root / ".aiscan.yaml"
    config.write_text("fail_on: critical\n")
    assert invoke(str(root), "--offline").exit_code == 0  # type: ignore[attr-defined]
    assert invoke(str(root), "--offline", "--fail-on", "high").exit_code == 1  # type: ignore[attr-defined]  # the flag wins
    config.write_text("exit_zero: true\n")
    assert invoke(str(root), "--offline").exit_code == 0  # type: ignore[attr-defined]
    config.write_text("ignore:\n  - {id: AIS-ORIGIN-001, model: Qwen/*, reason: approved by legal, expires: 2999-01-01}\n")
    result = invoke(str(root), "--offline", "--format", "json")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    suppressed = {f["rule_id"]: f["suppressed_by"] for f in json.loads(result.stdout)["findings"]}  # type: ignore[attr-defined]
    assert suppressed["AIS-ORIGIN-001"] == "config: approved by legal"
    config.write_text("ignore:\n  - {id: AIS-ORIGIN-001, model: Qwen/*, reason: approved by legal, expires: 2000-01-01}\n")
    result = invoke(str(root), "--offline", "--format", "json")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    rules = {f["rule_id"]: f for f in json.loads(result.stdout)["findings"]}  # type: ignore[attr-defined]
    assert rules["AIS-ORIGIN-001"]["suppressed_by"] is None
    assert rules["AIS-META-002"]["locations"][0] == {"path": ".aiscan.yaml", "line": 2, "column": None, "cell": None}
    config.write_text("ignore:\n  - {id: AIS-ORIGIN-001}\n")
    result = invoke(str(root), "--offline")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.stderr == f"aiscan: error: {config}:2: ignore AIS-ORIGIN-001: missing 'reason': say why this is accepted\n"  # type: ignore[attr-defined]
    config.write_text("baseline: .aiscan-baseline.json\n")
    assert invoke("baseline", str(root), "--offline", "-o", str(root / ".aiscan-baseline.json")).exit_code == 0  # type: ignore[attr-defined]
    assert invoke(str(root), "--offline").exit_code == 0  # type: ignore[attr-defined]


def test_inline_suppression_end_to_end(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    main_py = root / "app" / "main.py"
    main_py.write_text(APP.replace('Instruct")', 'Instruct")  # aiscan: ignore[AIS-ORIGIN-001] evaluated in a sandbox, ticket SEC-12'))
    result = invoke(str(root), "--offline", "--format", "json")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    report = json.loads(result.stdout)  # type: ignore[attr-defined]
    (origin,) = [f for f in report["findings"] if f["rule_id"] == "AIS-ORIGIN-001"]
    assert origin["suppressed_by"] == "inline: evaluated in a sandbox, ticket SEC-12"
    assert report["summary"]["suppressed"] >= 1
    main_py.write_text(APP.replace('Instruct")', 'Instruct")  # aiscan: ignore'))
    result = invoke(str(root), "--offline", "--format", "json")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    rules = {f["rule_id"] for f in json.loads(result.stdout)["findings"] if f["suppressed_by"] is None}  # type: ignore[attr-defined]
    assert {"AIS-ORIGIN-001", "AIS-META-001"} <= rules


def test_inline_suppression_in_a_notebook_cell_end_to_end(tmp_path: Path) -> None:
    root = tmp_path / "nb"
    root.mkdir()
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Demo\n"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": [
            "from transformers import AutoModel\n",
            "# aiscan: ignore[AIS-ORIGIN-001] notebook demo only\n",
            "m = AutoModel.from_pretrained(\"Qwen/Qwen2.5-7B-Instruct\")\n",
        ]},
    ]
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (root / "demo.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    result = invoke(str(root), "--offline", "--format", "json")
    report = json.loads(result.stdout)  # type: ignore[attr-defined]
    (origin,) = [f for f in report["findings"] if f["rule_id"] == "AIS-ORIGIN-001"]
    assert origin["locations"][0]["cell"] == 2 and origin["locations"][0]["line"] == 3
    assert origin["suppressed_by"] == "inline: notebook demo only"
    assert result.exit_code == 0  # type: ignore[attr-defined]


def test_pyproject_ignore_entries(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "pyproject.toml").write_text(
        '[tool.aiscan]\nfail_on = "high"\n\n[[tool.aiscan.ignore]]\nid = "AIS-ORIGIN-001"\nmodel = "Qwen/*"\nreason = "pilot"\nexpires = 2020-01-01\n'
    )
    result = invoke(str(root), "--offline", "--format", "json")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    rules = {f["rule_id"]: f for f in json.loads(result.stdout)["findings"]}  # type: ignore[attr-defined]
    assert rules["AIS-ORIGIN-001"]["suppressed_by"] is None
    assert rules["AIS-META-002"]["message"] == "pyproject.toml:4: ignore entry for AIS-ORIGIN-001 expired on 2020-01-01 and no longer suppresses (pilot)"


def test_config_overrides_and_policy_files(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / ".aiscan.yaml").write_text("overrides:\n  - {id: AIS-ORIGIN-001, severity: low}\n")
    assert invoke(str(root), "--offline").exit_code == 0  # type: ignore[attr-defined]
    (root / "policy").mkdir()
    (root / "policy" / "org.yaml").write_text(
        "version: 1\nextends: [strict]\nrules:\n  - id: ORG-001\n    title: No Qwen\n    subject: model\n    severity: critical\n"
        "    when: {field: id, op: matches, value: '(?i)^qwen/'}\n    message: '{id} is banned here'\n"
        "overrides:\n  - {id: AIS-REV-001, enabled: false}\n"
    )
    (root / ".aiscan.yaml").write_text("policy: [policy/org.yaml]\nfail_on: critical\n")
    result = invoke(str(root), "--offline", "--format", "json")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    findings = json.loads(result.stdout)["findings"]  # type: ignore[attr-defined]
    assert [f["rule_id"] for f in findings if f["severity"] == "critical"] == ["ORG-001"]
    assert "AIS-REV-001" not in {f["rule_id"] for f in findings}
    assert "AIS-ORIGIN-001" in {f["rule_id"] for f in findings}  # from strict, via extends
