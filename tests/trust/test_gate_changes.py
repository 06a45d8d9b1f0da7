"""Attack cases: the scanned tree's config tries to switch the gate off; every weakening is listed, located, gated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.compare.reportfile import load_report

from .helpers import gate, project, run, scan_json


@pytest.mark.parametrize(("config", "expected"), [
    ("exit_zero: true\n", [("exit_zero", "true", 1)]),
    ("fail_on: critical\n", [("fail_on", "critical", 1)]),
    ("home: CN\n", [("home", "CN", 1)]),
    ("exclude:\n  - app/**\n  - '**/*.py'\n", [("exclude", "app/**", 2), ("exclude", "**/*.py", 3)]),
    ("ignore:\n  - {id: AIS-ORIGIN-001, model: 'Qwen/*', reason: fine}\n", [("ignore", "AIS-ORIGIN-001 model=Qwen/*", 2)]),
    ("overrides:\n  - {id: AIS-ORIGIN-001, enabled: false}\n", [("override", "AIS-ORIGIN-001 disabled", 2)]),
    ("overrides:\n  - {id: AIS-ORIGIN-001, severity: low}\n", [("override", "AIS-ORIGIN-001 severity high -> low", 2)]),
    ("trusted_countries: [CN]\n", [("trusted_countries", "CN", 1)]),
    ("countries_of_concern: []\n", [("countries_of_concern", "(none)", 1)]),
    ("offline: true\n", [("offline", "true", 1)]),
    ("max_file_size: 10\n", [("max_file_size", "10", 1)]),
    ("registry:\n  organizations:\n    - {namespace: Qwen, developer: Friendly, country: US, kind: company}\n", [("registry", "overlay of organizations", 1)]),
    ("hub:\n  budget: 0.5\n", [("hub.budget", "0.5", 2)]),
])
def test_each_weakening_setting_is_listed_with_its_line(tmp_path: Path, config: str, expected: list[tuple[str, str, int]]) -> None:
    _, data = scan_json(project(tmp_path, config))
    assert gate(data) == expected
    assert all(g["origin"] == "tree" and g["source"] == ".aiscan.yaml" and not g["blocking"] for g in data["config"]["gate_changes"])


def test_tightening_is_not_a_gate_change(tmp_path: Path) -> None:
    config = "fail_on: low\noverrides:\n  - {id: AIS-LICENSE-002, severity: high}\nhub:\n  budget: 1000\n"
    _, data = scan_json(project(tmp_path, config))
    assert gate(data) == []


def test_policy_replacement_and_baseline_from_the_tree(tmp_path: Path) -> None:
    root = project(tmp_path, "policy: [policy/mine.yaml]\nbaseline: accepted.json\n")
    (root / "policy").mkdir()
    (root / "policy" / "mine.yaml").write_text("version: 1\nrules: []\nignore:\n  - {id: AIS-CODE-001, path: 'app/**', reason: ours}\n")
    (root / "accepted.json").write_text('{"version": 1, "findings": []}')
    code, data = scan_json(root)
    assert code == 0  # the replacement pack has no rules: the Qwen model passes
    assert gate(data) == [("policy", "policy/mine.yaml", 1), ("baseline", "accepted.json", 2), ("ignore", "AIS-CODE-001 path=app/**", 4)]
    assert [g["source"] for g in data["config"]["gate_changes"]] == [".aiscan.yaml", ".aiscan.yaml", "policy/mine.yaml"]


def test_pyproject_tool_aiscan_is_the_tree_too(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.aiscan]\nexit-zero = true\nexclude = ["app/**"]\n')
    code, data = scan_json(root)
    assert code == 0
    assert gate(data) == [("exit_zero", "true", 5), ("exclude", "app/**", 6)]
    assert {g["source"] for g in data["config"]["gate_changes"]} == {"pyproject.toml"}


def test_config_named_on_the_command_line_is_listed_as_such(tmp_path: Path) -> None:
    root = project(tmp_path)
    cfg = tmp_path / "ci.yaml"
    cfg.write_text("exit_zero: true\n")
    _, data = scan_json(root, "--config", str(cfg))
    assert [(g["setting"], g["origin"]) for g in data["config"]["gate_changes"]] == [("exit_zero", "command-line")]


def test_every_format_shows_the_gate_changes(tmp_path: Path) -> None:
    root = project(tmp_path, "exit_zero: true\nignore:\n  - {id: AIS-ORIGIN-001, reason: trust me}\n")
    out = tmp_path / "out"
    result = run(str(root), "--offline", "-o", str(out / "r.json"), "-o", str(out / "r.html"), "-o", str(out / "r.md"), "-o", str(out / "r.sarif"))
    assert result.exit_code == 0
    assert "Gate changes: 2 setting(s) weaken the gate (2 from the scanned tree)" in result.stdout
    assert ".aiscan.yaml:1" in result.stdout and "exit_zero: true" in result.stdout
    load_report(out / "r.json", strict_schema=True)
    html = (out / "r.html").read_text()
    assert 'id="gate-changes"' in html and "AIS-ORIGIN-001" in html
    md = (out / "r.md").read_text()
    assert "Gate changes: 2 setting(s)" in md and "| exit\\_zero | true | .aiscan.yaml:1 | tree | applied |" in md
    sarif = json.loads((out / "r.sarif").read_text())
    props = sarif["runs"][0]["properties"]["gateChanges"]
    assert [(p["setting"], p["line"]) for p in props] == [("exit_zero", 1), ("ignore", 3)]


@pytest.mark.parametrize(("entry", "line"), [
    ("- {id: '*', reason: all}", 2),
    ("- {id: 'AIS-*', reason: all}", 2),
    ("- {id: '*-*', reason: all, path: '**'}", 2),
    ("- id: '[A-Z]*'\n    reason: all", 2),
])
def test_wildcard_ignore_is_a_config_error_with_file_and_line(tmp_path: Path, entry: str, line: int) -> None:
    root = project(tmp_path, f"ignore:\n  {entry}\n")
    result = run(str(root), "--offline")
    assert result.exit_code == 2
    assert f"{root / '.aiscan.yaml'}:{line}: ignore" in result.stderr and "wildcard ignore" in result.stderr


@pytest.mark.parametrize("entry", [
    "- {id: '*', reason: migration, expires: 2999-01-01}",
    "- {id: '*', model: 'Qwen/*', reason: reviewed}",
    "- {id: 'AIS-LICENSE-*', reason: legal said so}",
])
def test_bounded_ignores_are_allowed(tmp_path: Path, entry: str) -> None:
    code, data = scan_json(project(tmp_path, f"ignore:\n  {entry}\n"))
    assert [g["setting"] for g in data["config"]["gate_changes"]] == ["ignore"]


def test_wildcard_ignore_in_a_tree_policy_file(tmp_path: Path) -> None:
    root = project(tmp_path, "policy: [default, p.yaml]\n")
    (root / "p.yaml").write_text("version: 1\nrules: []\nignore:\n  - {id: '*', reason: x}\n")
    result = run(str(root), "--offline")
    assert result.exit_code == 2 and "p.yaml:4" in result.stderr and "wildcard" in result.stderr


# --- --trusted-config: a pull request cannot relax its own gate ------------------------------------------------------

ATTACK = """\
exit_zero: true
fail_on: critical
exclude: ['app/**']
ignore:
  - {id: AIS-ORIGIN-001, reason: trust me}
overrides:
  - {id: AIS-ORIGIN-001, enabled: false}
"""


def test_trusted_config_turns_the_trees_weakening_into_blocking_findings(tmp_path: Path) -> None:
    root = project(tmp_path, ATTACK)
    trusted = tmp_path / "trusted.yaml"
    trusted.write_text("fail_on: high\n")
    result = run(str(root), "--offline", "--format", "json", "--trusted-config", str(trusted))
    assert result.exit_code == 1  # exit_zero and fail_on: critical from the tree are not applied
    data = json.loads(result.stdout)
    gates = [f for f in data["findings"] if f["rule_id"] == "AIS-GATE-001"]
    assert sorted(f["subject"] for f in gates) == [
        "exclude=app/**", "exit_zero=true", "fail_on=critical", "ignore=AIS-ORIGIN-001", "override=AIS-ORIGIN-001 disabled"]
    assert all(f["severity"] == "high" and f["suppressed_by"] is None for f in gates)
    assert {f["locations"][0]["line"] for f in gates} == {1, 2, 3, 5, 7}
    assert data["config"]["fail_on"] == "high"
    applied = {g["setting"]: g["applied"] for g in data["config"]["gate_changes"]}
    assert applied["exit_zero"] is False and applied["fail_on"] is False and applied["exclude"] is True


def test_trusted_config_accepts_what_it_already_allows(tmp_path: Path) -> None:
    root = project(tmp_path, "exclude: ['app/**']\nignore:\n  - {id: AIS-ORIGIN-001, reason: ok}\n")
    trusted = tmp_path / "trusted.yaml"
    trusted.write_text("exclude: ['app/**']\nignore:\n  - {id: AIS-ORIGIN-001, reason: approved by legal}\n")
    result = run(str(root), "--offline", "--format", "json", "--trusted-config", str(trusted))
    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert not [f for f in data["findings"] if f["rule_id"] == "AIS-GATE-001"]


def test_the_tree_cannot_ignore_or_override_the_gate_rule(tmp_path: Path) -> None:
    trusted = tmp_path / "trusted.yaml"
    trusted.write_text("{}\n")
    root = project(tmp_path, "exit_zero: true\nignore:\n  - {id: AIS-GATE-001, reason: nope}\n")
    result = run(str(root), "--offline", "--format", "json", "--trusted-config", str(trusted))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert {f["subject"] for f in data["findings"] if f["rule_id"] == "AIS-GATE-001"} == {"exit_zero=true", "ignore=AIS-GATE-001"}
    (root / ".aiscan.yaml").write_text("overrides:\n  - {id: AIS-GATE-001, enabled: false}\n")
    result = run(str(root), "--offline", "--trusted-config", str(trusted))
    assert result.exit_code == 2 and "cannot be overridden" in result.stderr


def test_trusted_config_require_online_cannot_be_switched_off(tmp_path: Path) -> None:
    root = project(tmp_path, "require_online: false\n")
    trusted = tmp_path / "trusted.yaml"
    trusted.write_text("require_online: true\n")
    from scanner.config import build_config

    config = build_config(root, config_path=None, cli={}, trusted_config=trusted)
    assert [(g.setting, g.blocking) for g in config.gate_changes] == [("require_online", True)]


def test_trusted_config_and_config_are_exclusive(tmp_path: Path) -> None:
    cfg = tmp_path / "a.yaml"
    cfg.write_text("{}\n")
    result = run(str(project(tmp_path)), "--offline", "--config", str(cfg), "--trusted-config", str(cfg))
    assert result.exit_code == 2 and "cannot be combined" in result.stderr


# --- aiscan diff BASE HEAD: weakening in head blocks ---------------------------------------------------------------

def _report(root: Path, path: Path, *args: str) -> Path:
    result = run(str(root), "--offline", "-q", "-o", str(path), *args)
    assert result.exit_code in (0, 1), result.stderr
    return path


def test_diff_blocks_gate_weakening_in_head(tmp_path: Path) -> None:
    base = _report(project(tmp_path, "exclude: ['docs/**']\n", name="base"), tmp_path / "base.json")
    head_root = project(tmp_path, "exclude: ['docs/**']\nexit_zero: true\nignore:\n  - {id: AIS-ORIGIN-001, reason: x}\n", name="head")
    head = _report(head_root, tmp_path / "head.json")
    result = run("diff", str(base), str(head))
    assert result.exit_code == 1
    assert "Gate weakened by head (blocking): 3" in result.stdout
    assert "exit_zero: true  [.aiscan.yaml:2]" in result.stdout
    assert "suppression: AIS-ORIGIN-001 Qwen/Qwen2.5-7B-Instruct" in result.stdout  # a base finding head suppresses
    assert "docs/**" not in result.stdout.split("Gate weakened")[1]  # already in base: not new
    data = json.loads(run("diff", str(base), str(head), "--format", "json").stdout)
    assert data["verdict"] == "fail" and len(data["gate_weakening"]) == 3
    assert "Gate weakened by head" in run("diff", str(base), str(head), "--format", "markdown").stdout


def test_diff_passes_when_head_keeps_the_gate(tmp_path: Path) -> None:
    base = _report(project(tmp_path, "exit_zero: true\n", name="base"), tmp_path / "base.json")
    head = _report(project(tmp_path, "exit_zero: true\n", name="head"), tmp_path / "head.json")
    result = run("diff", str(base), str(head))
    assert result.exit_code == 0, result.stdout


def test_github_annotations_carry_the_diff_gate_weakening() -> None:
    from scanner.ci.github import annotation, blocking_rows

    diff = {"blocking": [], "gate_weakening": [{"setting": "exit_zero", "value": "true", "source": ".aiscan.yaml", "line": 1}]}
    rows = blocking_rows({"findings": []}, diff)
    assert [annotation(r, "") for r in rows] == [
        "::error file=.aiscan.yaml,line=1,title=AIS-GATE-001 Gate weakened by head::exit_zero: true weakens the gate relative to the base branch"]


def test_pyproject_ignore_entries_have_lines(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "pyproject.toml").write_text(
        '[tool.aiscan]\nfail_on = "high"\n\n[[tool.aiscan.ignore]]\nid = "AIS-ORIGIN-001"\nreason = "ok"\n\n'
        '[[tool.aiscan.ignore]]\nid = "AIS-LICENSE-002"\nreason = "ok"\n')
    _, data = scan_json(root)
    assert gate(data) == [("ignore", "AIS-ORIGIN-001", 4), ("ignore", "AIS-LICENSE-002", 8)]
    (root / "pyproject.toml").write_text('[tool.aiscan]\nignore = [{id = "*", reason = "all"}]\n')
    result = run(str(root), "--offline")
    assert result.exit_code == 2 and "pyproject.toml:2: ignore *: wildcard ignore" in result.stderr
