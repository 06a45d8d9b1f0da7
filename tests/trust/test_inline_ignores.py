"""Inline ignores are comments in the scanned tree: a pull request can add one next to the model it brings in.
``--no-inline-ignores`` (or ``inline_ignores: false`` in a trusted config) makes them suppress nothing; the tree can
switch them off for itself, never back on against a trusted config."""

from __future__ import annotations

import json
from pathlib import Path

from .helpers import project, run, scan_json

IGNORED = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("Qwen/Qwen2.5-7B-Instruct")  # aiscan: ignore[AIS-ORIGIN-001] fine\n'


def _ignored_project(tmp_path: Path, config: str | None = None) -> Path:
    root = project(tmp_path, config)
    (root / "app" / "main.py").write_text(IGNORED, encoding="utf-8")
    return root


def _origin(data: dict) -> list[str | None]:  # type: ignore[type-arg]
    return [f["suppressed_by"] for f in data["findings"] if f["rule_id"] == "AIS-ORIGIN-001"]


def test_by_default_an_inline_ignore_suppresses(tmp_path: Path) -> None:
    code, data = scan_json(_ignored_project(tmp_path))
    assert code == 0 and _origin(data) == ["inline: fine"]


def test_no_inline_ignores_makes_the_comment_suppress_nothing(tmp_path: Path) -> None:
    code, data = scan_json(_ignored_project(tmp_path), "--no-inline-ignores")
    assert code == 1 and _origin(data) == [None]


def test_the_tree_may_switch_them_off_for_itself(tmp_path: Path) -> None:
    code, data = scan_json(_ignored_project(tmp_path, "inline_ignores: false\n"))
    assert code == 1 and _origin(data) == [None] and data["config"]["gate_changes"] == []


def test_the_tree_cannot_switch_them_back_on_against_a_trusted_config(tmp_path: Path) -> None:
    root = _ignored_project(tmp_path, "inline_ignores: true\n")
    trusted = tmp_path / "trusted.yaml"
    trusted.write_text("inline_ignores: false\n")
    result = run(str(root), "--offline", "--format", "json", "--trusted-config", str(trusted))
    data = json.loads(result.stdout)
    assert result.exit_code == 1 and _origin(data) == [None]
    gates = [(f["subject"], f["severity"], f["locations"][0]["line"]) for f in data["findings"] if f["rule_id"] == "AIS-GATE-001"]
    assert gates == [("inline_ignores=true", "high", 1)]
    assert [(g["setting"], g["applied"]) for g in data["config"]["gate_changes"]] == [("inline_ignores", False)]


def test_the_command_line_wins_over_the_trees_config(tmp_path: Path) -> None:
    code, data = scan_json(_ignored_project(tmp_path, "inline_ignores: true\n"), "--no-inline-ignores")
    assert code == 1 and _origin(data) == [None]


def test_a_non_boolean_value_is_a_config_error_with_its_line(tmp_path: Path) -> None:
    result = run(str(_ignored_project(tmp_path, "fail_on: high\ninline_ignores: 'no'\n")), "--offline")
    assert result.exit_code == 2 and ".aiscan.yaml:2" in result.stderr and "inline_ignores" in result.stderr
