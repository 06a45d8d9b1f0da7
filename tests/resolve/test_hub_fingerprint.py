"""Online fingerprints: the repo's config and tokenizer (API answer, loopback Hub, real huggingface_hub client)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scanner.models import RefKind
from scanner.resolve import Resolver, load_registry
from scanner.resolve.hub import create_client
from scanner.resolve.hub_enrich import enrich_models
from scanner.resolve.hub_settings import hub_settings
from tests.hubserver import HubStub, hub_config, model_payload

REGISTRY = load_registry()
QWEN3_TOKENIZER = {"bos_token": None, "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>",
                   "chat_template": "{%- for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{%- endfor %}<think>\n\n</think>"}


@pytest.fixture
def stub() -> Iterator[HubStub]:
    with HubStub() as hub:
        yield hub


def _enrich(stub: HubStub, tmp_path: Path, repo: str):
    config = hub_config(tmp_path, stub, tmp_path / "cache")
    resolver = Resolver(REGISTRY)
    models = [resolver.resolve_one(RefKind.HF_MODEL, repo)]
    out, errors, _ = enrich_models(models, create_client(config), resolver, max_depth=hub_settings(config).max_depth)
    return out[0], errors


def test_card_says_llama_tokenizer_is_qwen(stub: HubStub, tmp_path: Path) -> None:
    stub.add("quiet-lab/helper-8b", model_payload("quiet-lab/helper-8b", base_model="meta-llama/Llama-3.1-8B", relation="finetune",
                                                  config={"architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3",
                                                          "tokenizer_config": QWEN3_TOKENIZER}))
    stub.add("meta-llama/Llama-3.1-8B", model_payload("meta-llama/Llama-3.1-8B", license="llama3.1"))
    model, errors = _enrich(stub, tmp_path, "quiet-lab/helper-8b")
    assert errors == []
    assert (model.base.country, model.base.source, model.family) == ("CN", "fingerprint", "qwen")
    assert model.origin.developer == "quiet-lab"  # the publisher stays the origin; its base is what the files are
    conflict = model.extra["lineage_conflict"]
    assert (conflict["claimed_developer"], conflict["fingerprint_country"]) == ("Meta", "CN")
    assert "<|im_start|>" in conflict["evidence"] and "special tokens" in conflict["evidence"]
    # the answer is cached like every Hub answer: a second scan asks nothing
    before = len(stub.requests)
    again, _ = _enrich(stub, tmp_path, "quiet-lab/helper-8b")
    assert len(stub.requests) == before and again.extra["lineage_conflict"] == conflict


def test_unknown_org_without_card_base_is_fingerprinted(stub: HubStub, tmp_path: Path) -> None:
    stub.add("quiet-lab/assistant", model_payload("quiet-lab/assistant", config={"architectures": ["LlamaForCausalLM"], "model_type": "llama",
                                                                                 "tokenizer_config": {"bos_token": "<｜begin▁of▁sentence｜>",
                                                                                                      "eos_token": "<｜end▁of▁sentence｜>"}}))
    model, _ = _enrich(stub, tmp_path, "quiet-lab/assistant")
    assert (model.base.country, model.family) == ("CN", "deepseek")
    assert "lineage_conflict" not in model.extra


def test_agreeing_card_is_confirmed_not_contradicted(stub: HubStub, tmp_path: Path) -> None:
    stub.add("quiet-lab/qwen-helper", model_payload("quiet-lab/qwen-helper", base_model="Qwen/Qwen3-8B", relation="finetune",
                                                    config={"architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3",
                                                            "tokenizer_config": QWEN3_TOKENIZER}))
    stub.add("Qwen/Qwen3-8B", model_payload("Qwen/Qwen3-8B", license="apache-2.0"))
    model, _ = _enrich(stub, tmp_path, "quiet-lab/qwen-helper")
    assert model.base.country == "CN" and model.base_model == "Qwen/Qwen3-8B" and "lineage_conflict" not in model.extra
    assert model.extra["fingerprint"]["family"] == "qwen"
