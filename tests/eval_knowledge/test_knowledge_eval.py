"""The knowledge base answers the labelled references offline with >= 0.95 accuracy (developer and base country)."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("knowledge_eval", REPO / "bench" / "knowledge_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["knowledge_eval"] = module
    spec.loader.exec_module(module)
    return module


BENCH = _bench()


def test_labelled_set_is_large_and_covers_every_kind() -> None:
    labels = BENCH.load_labels()
    assert len(labels) >= 200
    kinds = Counter(item["kind"] for item in labels)
    assert set(kinds) == {"hf", "ollama", "api", "file"}
    assert min(kinds.values()) >= 15
    refs = [item["ref"] for item in labels]
    assert any(r.endswith(("-GGUF", "-AWQ", "-4bit")) for r in refs)  # derivatives
    assert sum(1 for item in labels if item["provider"]) >= 10  # API names served by hosts (Groq, Bedrock, ...)
    keys = [(item["ref"], item["kind"], item["provider"]) for item in labels]
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("section", ["labelled", "heldout"])
def test_offline_accuracy_meets_target(section: str) -> None:
    result = BENCH.evaluate(BENCH.load_labels(section=section))
    misses = "\n".join(f"{m['ref']}: dev {m['got_developer']}/{m['developer']} base {m['got_base']}/{m['base']}" for m in result["misses"])
    assert result["developer_country_accuracy"] >= 0.95, misses
    assert result["base_country_accuracy"] >= 0.95, misses


def test_heldout_is_not_copied_into_the_registry() -> None:
    from scanner.resolve import load_registry

    registry = load_registry()
    heldout = [item["ref"] for item in BENCH.load_labels(section="heldout") if item["kind"] == "hf"]
    assert not [ref for ref in heldout if registry.lineage_of(ref) is not None]
    labelled = {item["ref"] for item in BENCH.load_labels()}
    assert not labelled & set(heldout)
