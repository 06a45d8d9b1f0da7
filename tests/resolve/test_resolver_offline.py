"""Offline resolution: lineage, quantisers, distills, Ollama tags, API hosts, file metadata, licenses, alternatives."""

from __future__ import annotations

import pytest

from scanner.models import ModelFile, RefKind
from scanner.resolve import Resolver, alternatives_for, load_registry
from scanner.resolve.families import strip_quant_suffix
from scanner.resolve.registry import Registry


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


@pytest.fixture()
def resolver(registry: Registry) -> Resolver:
    return Resolver(registry, trusted_countries=["US", "EU"], countries_of_concern=["FOREIGN_ADVERSARIES_US"])


def test_distill_records_base_and_teacher(resolver: Resolver) -> None:
    m = resolver.resolve_one(RefKind.HF_MODEL, "deepseek-ai/DeepSeek-R1-Distill-Llama-8B")
    assert (m.origin.country, m.base.country, m.base_model) == ("CN", "US", "meta-llama/Llama-3.1-8B")
    assert m.lineage[0].relation == "distillation"
    assert m.extra["teacher"]["model"] == "deepseek-ai/DeepSeek-R1"
    assert m.license.raw == "llama3.1" and "monthly-user-cap" in m.license.flags


def test_unlisted_distill_name_is_read(resolver: Resolver) -> None:
    m = resolver.resolve_one(RefKind.HF_MODEL, "somelab/DeepSeek-R1-Distill-Mistral-12B")
    assert m.base.country == "FR" and m.lineage[0].relation == "distillation"
    assert m.extra["teacher"] == {"family": "deepseek", "developer": "DeepSeek", "country": "CN"}
    assert m.origin.country is None  # an unknown organisation is not guessed


def test_quantiser_origin_follows_upstream(resolver: Resolver) -> None:
    m = resolver.resolve_one(RefKind.HF_MODEL, "bartowski/Qwen2.5-7B-Instruct-GGUF")
    assert (m.origin.developer, m.origin.country, m.base.country) == ("Alibaba Cloud (Qwen team)", "CN", "CN")
    assert m.lineage[0].parent == "Qwen/Qwen2.5-7B-Instruct" and m.lineage[0].relation == "quantized"
    hermes = resolver.resolve_one(RefKind.HF_MODEL, "TheBloke/Nous-Hermes-2-Mixtral-8x7B-DPO-GPTQ")
    assert (hermes.origin.country, hermes.base.country) == ("US", "FR")


def test_us_post_training_of_chinese_base(resolver: Resolver) -> None:
    m = resolver.resolve_one(RefKind.HF_MODEL, "perplexity-ai/r1-1776")
    assert (m.origin.country, m.base.country) == ("US", "CN")
    assert [h.parent for h in m.lineage] == ["deepseek-ai/DeepSeek-R1", "deepseek-ai/DeepSeek-V3-Base"]
    assert m.extra["alternatives"]  # a Chinese base under a US home gets suggestions


def test_finetuner_without_lineage_has_unknown_base(resolver: Resolver) -> None:
    m = resolver.resolve_one(RefKind.HF_MODEL, "FreedomIntelligence/SomethingNew-7B")
    assert m.origin.country == "CN" and m.base.country is None and m.unresolved_reason == "base model unknown"


def test_own_models_and_generic_architecture_names(resolver: Resolver) -> None:
    assert not resolver.resolve_one(RefKind.HF_MODEL, "google-bert/bert-base-uncased").lineage
    laion = resolver.resolve_one(RefKind.HF_MODEL, "laion/CLIP-ViT-H-14-laion2B-s32B-b79K")
    assert (laion.origin.country, laion.base.country) == ("DE", "DE")  # CLIP is an architecture: not a derivative
    kimi = resolver.resolve_one(RefKind.HF_MODEL, "moonshotai/Kimi-K2-Instruct")
    assert kimi.base.country == "CN" and kimi.family == "kimi"


def test_ollama_tags_change_the_base(resolver: Resolver) -> None:
    r8 = resolver.resolve_one(RefKind.OLLAMA, "deepseek-r1:8b")
    r70 = resolver.resolve_one(RefKind.OLLAMA, "deepseek-r1:70b")
    old8 = resolver.resolve_one(RefKind.OLLAMA, "deepseek-r1:8b-llama-distill-q4_K_M")
    assert (r8.origin.country, r8.base.country) == ("CN", "CN")
    assert (r70.origin.country, r70.base.country, old8.base.country) == ("CN", "US", "US")
    assert r70.lineage[0].parent == "deepseek-ai/DeepSeek-R1-Distill-Llama-70B"
    hermes = resolver.resolve_one(RefKind.OLLAMA, "hermes3:8b")
    assert (hermes.origin.developer, hermes.base.developer) == ("Nous Research", "Meta")


def test_api_names_and_hosts(resolver: Resolver) -> None:
    assert resolver.resolve_one(RefKind.API_MODEL, "deepseek-chat").origin.country == "CN"
    groq = resolver.resolve_one(RefKind.API_MODEL, "deepseek-r1-distill-llama-70b", provider="groq")
    assert (groq.provider, groq.origin.country, groq.base.country) == ("groq", "CN", "US")
    bedrock = resolver.resolve_one(RefKind.API_MODEL, "us.anthropic.claude-3-5-sonnet-20241022-v2:0", provider="bedrock")
    assert (bedrock.provider, bedrock.origin.developer) == ("bedrock", "Anthropic")
    # DashScope serving a DeepSeek model: the name, not the host, names the developer
    hosted = resolver.resolve_one(RefKind.API_MODEL, "deepseek-v3", provider="dashscope")
    assert hosted.origin.developer == "DeepSeek" and hosted.provider == "dashscope"
    assert resolver.resolve_one(RefKind.API_MODEL, "my-internal-model").unresolved_reason


def test_file_metadata_beats_the_name(registry: Registry) -> None:
    gguf = ModelFile(path="models/model.gguf", format="gguf", size=10,
                     metadata={"hf_repo": "meta-llama/Llama-3.1-8B-Instruct", "license": "llama3.1", "metadata_sources": ["gguf"]})
    res = Resolver(registry, files=[gguf])
    m = res.resolve_one(RefKind.MODEL_FILE, "models/model.gguf")
    assert (m.origin.country, m.base.country, m.lineage[0].source) == ("US", "US", "file-metadata")
    chained = Resolver(registry, files=[ModelFile(path="m/a.gguf", format="gguf", size=1, metadata={
        "hf_repo": "example-corp/assistant-gguf", "base_models": ["Qwen/Qwen2.5-0.5B-Instruct"], "organization": "Example Corp"})])
    cm = chained.resolve_one(RefKind.MODEL_FILE, "m/a.gguf")
    assert (cm.origin.developer, cm.origin.country, cm.base.country) == ("Example Corp", None, "CN")
    assert [h.parent for h in cm.lineage] == ["example-corp/assistant-gguf", "Qwen/Qwen2.5-0.5B-Instruct"]
    bare = res.resolve_one(RefKind.MODEL_FILE, "weights/model.safetensors")
    assert bare.origin.country is None and bare.unresolved_reason
    arch = Resolver(registry, files=[ModelFile(path="x.gguf", format="gguf", size=1, metadata={"architecture": "qwen2"})])
    qm = arch.resolve_one(RefKind.MODEL_FILE, "x.gguf")
    assert qm.base.country == "CN" and qm.base.confidence == "medium"


def test_licenses(resolver: Resolver) -> None:
    qwen = resolver.license("other", "qwen")
    assert qwen.category == "restricted" and "monthly-user-cap" in qwen.flags and qwen.spdx is None
    assert resolver.license("Apache-2.0").spdx == "Apache-2.0"
    assert resolver.license("MIT OR Apache-2.0").spdx == "MIT OR Apache-2.0"
    assert "eu-restriction" in resolver.license("llama3.2").flags
    assert resolver.license("made-up-license").category == "unknown"
    assert resolver.license("cc-by-nc-4.0").category == "non-commercial"


def test_alternatives_respect_trusted_countries(resolver: Resolver, registry: Registry) -> None:
    qwen = resolver.resolve_one(RefKind.HF_MODEL, "Qwen/Qwen2.5-7B-Instruct")
    eu_only = alternatives_for(resolver, qwen, ["EU"])
    assert eu_only and all(a["country"] in registry.expand(["EU"]) for a in eu_only)
    assert all(abs(float(str(a["params_b"])) - 7) <= 5 for a in eu_only)
    embed = resolver.resolve_one(RefKind.HF_MODEL, "BAAI/bge-m3")
    assert {a["task"] for a in embed.extra["alternatives"]} == {"embedding"}
    assert "alternatives" not in resolver.resolve_one(RefKind.HF_MODEL, "mistralai/Mistral-7B-Instruct-v0.3").extra


def test_resolution_trace_is_recorded(resolver: Resolver) -> None:
    m = resolver.resolve_one(RefKind.HF_MODEL, "THUDM/glm-4-9b-chat")
    assert any("organisation 'THUDM'" in step for step in m.extra["resolution"])


def test_strip_quant_suffix() -> None:
    assert strip_quant_suffix("Qwen2.5-7B-Instruct-Q4_K_M-GGUF") == "Qwen2.5-7B-Instruct"
    assert strip_quant_suffix("Llama-3.2-1B-Instruct-bnb-4bit") == "Llama-3.2-1B-Instruct"
    assert strip_quant_suffix("mistral-7b-instruct-v0.2.Q4_K_M.gguf") == "mistral-7b-instruct-v0.2"
    assert strip_quant_suffix("Qwen3-8B") == "Qwen3-8B"


def test_never_raises_on_arbitrary_text(registry: Registry) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    resolver = Resolver(registry, trusted_countries=["US"], countries_of_concern=["CN"])
    kinds = st.sampled_from([RefKind.HF_MODEL, RefKind.OLLAMA, RefKind.API_MODEL, RefKind.MODEL_FILE])
    text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80) | st.from_regex(
        r"[A-Za-z0-9._-]{0,20}(/|:|\.)[A-Za-z0-9._-]{0,30}(-distill-[a-z0-9-]{0,10})?", fullmatch=True)

    @settings(max_examples=150, deadline=None)
    @given(kind=kinds, ident=text, provider=st.sampled_from([None, "groq", "bedrock", "dashscope", "nope"]))
    def check(kind: RefKind, ident: str, provider: str | None) -> None:
        model = resolver.resolve_one(kind, ident, provider=provider)
        assert model.id == ident
        assert model.origin.country is None or model.origin.country in registry.countries

    check()


@pytest.mark.parametrize("name, whisper", [
    ("models/ggml-base.en.bin", True), ("ggml-large-v3-turbo-q5_0.bin", True), ("ggml-tiny.bin", True),
    ("ggml-medium-q8_0.bin", True), ("ggml-large-v2.bin", True), ("../models/ggml-small.en.bin", True),
    ("ggml-model-q4_0.bin", False), ("ggml-basemodel.bin", False), ("my-ggml-base.bin", False),
])
def test_whisper_cpp_model_files_are_whisper(resolver: Resolver, name: str, whisper: bool) -> None:
    """whisper.cpp's converted Whisper checkpoints are named ggml-<size>[-v<n>][-turbo][.en][-<quant>].bin."""
    m = resolver.resolve_one(RefKind.MODEL_FILE, name)
    assert (m.origin.developer == "OpenAI" and m.base.country == "US") is whisper, (m.origin, m.family)
    assert (m.license.spdx == "MIT") is whisper  # Whisper's weights are MIT


@pytest.mark.parametrize("name", ["sam_vit_h_4b8939.pth", "checkpoints/sam_vit_b_01ec64.pth", "sam2.1_hiera_large.pt"])
def test_segment_anything_checkpoints_are_meta(resolver: Resolver, name: str) -> None:
    assert resolver.resolve_one(RefKind.MODEL_FILE, name).origin.developer == "Meta"


@pytest.mark.parametrize("name", ["pretrained/intern_vit_6b_448px_v2_5.pth", "OpenGVLab/InternViT-300M-448px"])
def test_internvit_is_shanghai_ai_lab(resolver: Resolver, name: str) -> None:
    kind = RefKind.MODEL_FILE if name.endswith(".pth") else RefKind.HF_MODEL
    assert resolver.resolve_one(kind, name).base.country == "CN"
