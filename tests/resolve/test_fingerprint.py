"""Family fingerprints: local folders, GGUF and safetensors headers attributed by what the files say, one record per model."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from scanner.config import build_config
from scanner.models import RefKind
from scanner.pipeline import run_scan
from scanner.report import REPORTERS
from scanner.resolve import Resolver, load_registry
from scanner.resolve.fingerprint import Evidence, add_config, match
from scanner.resolve.registry import Registry
from tests.bench.fingerprint_set import build, gguf_bytes, load_cases, safetensors_bytes

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "scanner" / "schemas" / "report.schema.json").read_text())


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def _case(name: str) -> dict:
    return next(c for c in load_cases() if c["id"] == name)


def _resolve(registry: Registry, root: Path, ident: str):
    return Resolver(registry, root=root).resolve_one(RefKind.MODEL_FILE, ident)


def _support_bot(root: Path) -> None:
    folder = root / "models" / "support-bot"
    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps({"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "vocab_size": 152064}))
    (folder / "tokenizer_config.json").write_text(json.dumps({"added_tokens_decoder": {
        "151643": {"content": "<|endoftext|>"}, "151644": {"content": "<|im_start|>"}, "151645": {"content": "<|im_end|>"}}}))
    (folder / "model.safetensors").write_bytes(safetensors_bytes(152064, ["qkv_bias"]))
    (root / "app.py").write_text('from transformers import AutoModelForCausalLM\nm = AutoModelForCausalLM.from_pretrained("./models/support-bot")\n')


def test_local_folder_is_one_record_attributed_by_fingerprint(tmp_path: Path, clock) -> None:
    _support_bot(tmp_path)
    config = build_config(tmp_path, config_path=None, cli={"offline": True})
    report = json.loads(REPORTERS["json"].render(run_scan(config, clock=clock)))
    jsonschema.validate(report, SCHEMA)
    models = report["models"]
    assert [m["id"] for m in models] == ["models/support-bot"]  # the weights file links to the folder's record
    model = models[0]
    assert model["files"] == ["models/support-bot/model.safetensors"]
    assert (model["origin"]["country"], model["base"]["country"], model["base"]["source"]) == ("CN", "CN", "fingerprint")
    fp = model["extra"]["fingerprint"]
    assert fp["family"] == "qwen" and fp["confidence"] == "high"
    assert any("152064 rows" in line for line in fp["evidence"])


def test_gguf_pre_tokenizer_tells_deepseek_on_llama_architecture(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "assistant-q4.gguf").write_bytes(gguf_bytes(_case("deepseek-llm-7b")))
    model = _resolve(registry, tmp_path, "assistant-q4.gguf")
    assert (model.base.country, model.family, model.base.source) == ("CN", "deepseek", "fingerprint")
    assert any("tokenizer.ggml.pre deepseek-llm" in e for e in model.extra["fingerprint"]["evidence"])


@pytest.mark.parametrize(("case", "family"), [("yi15-9b", "yi"), ("deepseek-llm-7b", "deepseek"), ("llama2-7b-chat", "llama"),
                                              ("llama31-8b-instruct", "llama"), ("llamafied-qwen", "qwen")])
def test_shared_llama_architecture_told_apart_by_vocabulary(tmp_path: Path, registry: Registry, case: str, family: str) -> None:
    build(tmp_path, [{**_case(case), "forms": ["folder"]}])
    assert _resolve(registry, tmp_path, "models/m001").family == family


def test_architecture_alone_is_weak(registry: Registry) -> None:
    ev = Evidence()
    add_config(ev, {"architectures": ["LlamaForCausalLM"], "model_type": "llama"})
    assert match(ev, registry.signatures) is None  # a shared architecture name proves nothing on its own
    add_config(ev, {"vocab_size": 64000})
    found = match(ev, registry.signatures)
    assert found is not None and found.signature.family == "yi" and found.confidence != "high"


def test_card_contradicted_by_files_gives_conflict_and_files_win(tmp_path: Path, registry: Registry, clock) -> None:
    build(tmp_path, [_case("hermes-card-says-llama-on-qwen3")])
    model = _resolve(registry, tmp_path, "models/m001")
    assert (model.base.country, model.family) == ("CN", "qwen")
    conflict = model.extra["lineage_conflict"]
    assert conflict["claimed_developer"] == "Meta" and conflict["fingerprint_developer"].startswith("Alibaba")
    config = build_config(tmp_path, config_path=None, cli={"offline": True})
    findings = [f for f in run_scan(config, clock=clock).findings if f.rule_id == "AIS-LINEAGE-001"]
    assert len(findings) == 1 and "Meta" in findings[0].message and "Qwen" in findings[0].message


def test_bare_safetensors_header_uses_rows_and_layout(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "blob.safetensors").write_bytes(safetensors_bytes(129280, ["mla", "shared_expert"]))
    model = _resolve(registry, tmp_path, "blob.safetensors")
    assert (model.family, model.base.country) == ("deepseek", "CN")


def test_paths_outside_the_root_are_not_read(tmp_path: Path, registry: Registry) -> None:
    outside = tmp_path / "outside"
    _support_bot(outside)
    root = tmp_path / "root"
    root.mkdir()
    (root / "link").symlink_to(outside / "models" / "support-bot")
    for ident in ("../outside/models/support-bot", "link", "/etc"):
        model = _resolve(registry, root, ident)
        assert "fingerprint" not in model.extra and not model.base.known
