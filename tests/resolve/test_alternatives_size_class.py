"""Alternatives match task, modality and size class (a 1T MoE is not offered a 3B model); sizes from names or model_sizes."""

from __future__ import annotations

import pytest

from scanner.models import RefKind
from scanner.resolve import Resolver, load_registry
from scanner.resolve.alternatives import SIZE_CLASSES, size_class


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(load_registry(), hub=None, trusted_countries=["US"], countries_of_concern=["CN"])


def alts(resolver: Resolver, kind: RefKind, ident: str, provider: str | None = None) -> list[dict[str, object]]:
    return list(resolver.resolve_one(kind, ident, (), provider=provider).extra.get("alternatives", []))


def test_size_classes() -> None:
    assert [size_class(x) for x in (0.3, 1, 3.9, 7, 20, 99, 100, 1000)] == ["tiny", "small", "small", "medium", "large", "large", "frontier", "frontier"]
    assert [name for name, _ in SIZE_CLASSES] == ["tiny", "small", "medium", "large", "frontier"]


@pytest.mark.parametrize(
    ("kind", "ident", "provider"),
    [(RefKind.HF_MODEL, "moonshotai/Kimi-K2-Instruct", None), (RefKind.API_MODEL, "deepseek-chat", "deepseek"), (RefKind.HF_MODEL, "zai-org/GLM-4.5", None)],
)
def test_sizeless_frontier_models_get_large_alternatives(resolver: Resolver, kind: RefKind, ident: str, provider: str | None) -> None:
    found = alts(resolver, kind, ident, provider)
    assert found, ident
    assert all(a["size_class"] in ("large", "frontier") for a in found), found
    assert all(float(str(a["params_b"])) >= 20 for a in found)


def test_small_models_get_small_alternatives_of_the_same_modality(resolver: Resolver) -> None:
    found = alts(resolver, RefKind.HF_MODEL, "Qwen/Qwen2.5-7B-Instruct")
    assert found and all(a["size_class"] in ("small", "medium", "large") and a["modality"] == "text" for a in found)
    assert found[0]["size_class"] == "medium"
    vision = alts(resolver, RefKind.HF_MODEL, "Qwen/Qwen2.5-VL-7B-Instruct")
    assert vision and all(a["modality"] == "text+image" for a in vision)
    embed = alts(resolver, RefKind.HF_MODEL, "BAAI/bge-large-en-v1.5")
    assert embed and all(a["task"] == "embedding" for a in embed)


def test_every_alternative_declares_its_modality() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "rules" / "registry" / "alternatives.yaml").read_text(encoding="utf-8")
    entries = [line for line in text.splitlines() if line.startswith("  - {model:")]
    assert entries and all("modality:" in line for line in entries)
