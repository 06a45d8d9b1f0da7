"""Discovery meets the issue's targets on the labelled evaluation set (tests/eval_discovery)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("discovery_eval", REPO / "bench" / "discovery_eval.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_recall_and_precision_targets() -> None:
    result = _bench().evaluate(REPO / "tests" / "eval_discovery")
    table = result["table"]
    labelled = sum(row["tp"] + row["fn"] for name, row in table.items() if name.startswith("kind:"))
    assert labelled >= 250, "the evaluation set must stay large"
    assert table["models"]["recall"] >= 0.95, result["misses"]
    assert table["models"]["precision"] >= 0.95, result["extras"]
    assert table["kind:package"]["recall"] >= 0.9, result["misses"]
    assert table["kind:hf-dataset"]["precision"] >= 0.9, result["extras"]
    provider = result["provider"]
    assert provider["right"] >= 0.95 * (provider["right"] + provider["wrong"]), result["wrong_providers"]
