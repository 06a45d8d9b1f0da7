"""A scan-wide time budget (AISCAN_SCAN_TIMEOUT, trusted environment only): files reached after it is spent are not
read and are listed as not analysed, with a blocking finding (AIS-COVERAGE-002), so a tree full of slow files cannot
hold a CI job for hours or pass unread. Unset, it is 30 minutes; 0 turns it off."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner import timebudget
from scanner.cli import main

from ..discover.helpers import write

FILES = {
    "app.py": "from transformers import AutoModel\nAutoModel.from_pretrained('deepseek-ai/DeepSeek-R1')\n",
    "config.yaml": "model: Qwen/Qwen2.5-7B-Instruct\n",
}


def _scan(root: Path, budget: str | None) -> tuple[int, dict[str, object]]:
    env = {"AISCAN_NO_CACHE": "1", "AISCAN_SCAN_TIMEOUT": budget}
    result = CliRunner().invoke(main, ["scan", str(root), "--offline", "--format", "json"], env=env)
    return result.exit_code, json.loads(result.output[result.output.index("{"):])


def test_a_spent_budget_lists_every_file_and_fails_the_gate(tmp_path: Path) -> None:
    code, report = _scan(write(tmp_path, FILES), "0.000000001")
    gaps = {g["path"]: g for g in report["coverage"]["not_analysed"]}  # type: ignore[index]
    assert set(gaps) == set(FILES) and all(g["reason"] == "scan-budget" for g in gaps.values())
    assert not report["references"]
    rules = {f["rule_id"] for f in report["findings"]}  # type: ignore[index]
    assert "AIS-COVERAGE-002" in rules and "AIS-COVERAGE-001" not in rules
    assert code == 1  # fails closed under the default policy


@pytest.mark.parametrize("budget", [None, "0", "3600", "not-a-number"])
def test_an_ample_or_disabled_budget_changes_nothing(tmp_path: Path, budget: str | None) -> None:
    code, report = _scan(write(tmp_path, FILES), budget)
    assert not report["coverage"]["not_analysed"]  # type: ignore[index]
    assert {r["id"] for r in report["references"]} >= {"deepseek-ai/DeepSeek-R1", "Qwen/Qwen2.5-7B-Instruct"}  # type: ignore[index]


def test_the_budget_comes_from_the_environment_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AISCAN_SCAN_TIMEOUT", raising=False)
    assert timebudget.scan_budget_seconds() == timebudget.DEFAULT_SCAN_SECONDS == 1800
    monkeypatch.setenv("AISCAN_SCAN_TIMEOUT", "-5")
    assert timebudget.scan_budget_seconds() == 0.0
