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


def test_home_must_be_a_country_or_documented_group(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from scanner.cli import main

    (tmp_path / "app.py").write_text("x = 1\n")
    for home, code in (("DE", 0), ("EU", 0), ("jp", 0), ("EUROPE", 2), ("XX", 2), ("U", 2)):
        result = CliRunner().invoke(main, ["scan", str(tmp_path), "--offline", "--home", home, "--format", "json", "--exit-zero"])
        assert result.exit_code == code, (home, result.stderr)


@pytest.mark.parametrize(("home", "concern", "vendor_note"), [("US", True, False), ("BR", False, False), ("GB", False, False),
                                                              ("AU", False, True), ("TW", True, False)])
def test_presets_and_the_no_default_note(tmp_path: Path, clock, home: str, concern: bool, vendor_note: bool) -> None:
    from scanner.pipeline import policy_variables, scan_notes

    registry = load_registry()
    config = build_config(tmp_path, config_path=None, cli={"offline": True, "home": home})
    variables = policy_variables(config, registry)
    assert bool(variables["countries_of_concern"]) is concern
    notes = scan_notes(config, registry, clock().date())
    assert any("no default list of countries of concern" in n for n in notes) is (not concern)
    assert any("names vendors: DeepSeek" in n for n in notes) is vendor_note


def test_deepseek_is_of_concern_for_australia_by_name(tmp_path: Path, clock) -> None:
    (tmp_path / "app.py").write_text('from transformers import pipeline\np = pipeline("text-generation", model="deepseek-ai/DeepSeek-R1")\n')
    config = build_config(tmp_path, config_path=None, cli={"offline": True, "home": "AU"})
    report = run_scan(config, clock=clock)
    assert [f.rule_id for f in report.findings if f.rule_id == "AIS-ORIGIN-001"] == ["AIS-ORIGIN-001"]
    assert any("no default list" in n for n in report.notes)


def test_stale_knowledge_warns(tmp_path: Path) -> None:
    import datetime as dt

    from scanner.pipeline import scan_notes

    registry = load_registry()
    config = build_config(tmp_path, config_path=None, cli={"offline": True})
    day = dt.date.fromisoformat(registry.knowledge_date or "2026-12-01")
    assert not scan_notes(config, registry, day + dt.timedelta(days=90))
    assert "days old" in scan_notes(config, registry, day + dt.timedelta(days=91))[0]


@pytest.mark.parametrize(("ref", "origin", "base"), [
    ("bartowski/stepfun-ai_Step-3.5-Flash-GGUF", "CN", "CN"),        # org_Model re-upload: follows the upstream
    ("DevQuasar/deepseek-ai.DeepSeek-V3.1-GGUF", "CN", "CN"),        # Org.Model
    ("bartowski/NousResearch_Hermes-4-14B-GGUF", "US", "CN"),        # Hermes 4 14B is a Qwen3 post-training
    ("NousResearch/Hermes-4-70B", "US", "US"),
    ("NousResearch/Hermes-4.3-36B", "US", "CN"),                      # on ByteDance Seed-OSS
    ("mradermacher/Qwen3-8B-abliterated-GGUF", None, "CN"),          # modified weights: not the quantiser, not Qwen
    ("bartowski/huihui-ai_Qwen3-8B-abliterated-GGUF", None, "CN"),   # the abliterator (location not stated) is the origin
    ("bartowski/gemma_2b-GGUF", "US", "US"),                          # gemma_2b is no org_Model name
])
def test_reupload_names_and_convention(registry: Registry, ref: str, origin: str | None, base: str) -> None:
    model = Resolver(registry).resolve_one(RefKind.HF_MODEL, ref)
    assert (model.origin.country, model.base.country) == (origin, base)


OVERLAY = """knowledge_date: 2026-12-02
organizations:
  - {namespace: acme-ai, developer: ACME GmbH, country: DE, kind: company, role: finetuner}
lineage:
  - {model: acme-ai/assistant-7b, base: Qwen/Qwen2.5-7B-Instruct, relation: finetune}
"""


def test_registry_overlay_and_check(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from scanner.cli import main

    good = tmp_path / "good.yaml"
    good.write_text(OVERLAY)
    bad = tmp_path / "bad.yaml"
    bad.write_text("organizations:\n  - {namespace: acme-ai, developer: ACME, country: DX, kind: company}\n")
    result = CliRunner().invoke(main, ["registry", "check", str(good)])
    assert result.exit_code == 0 and "valid (2 entries)" in result.stdout
    result = CliRunner().invoke(main, ["registry", "check", str(bad)])
    assert result.exit_code == 2 and f"{bad}:2: organizations[0].country: unknown country code 'DX'" in result.stderr
    model = Resolver(load_registry(overlays=[good])).resolve_one(RefKind.HF_MODEL, "acme-ai/assistant-7b")
    assert (model.origin.developer, model.origin.country, model.base.country) == ("ACME GmbH", "DE", "CN")


def test_config_in_the_tree_may_only_name_overlays_inside_it(tmp_path: Path) -> None:
    from scanner.errors import ConfigError

    root = tmp_path / "project"
    root.mkdir()
    (tmp_path / "outside.yaml").write_text(OVERLAY)
    (root / ".aiscan.yaml").write_text("registry_files: [../outside.yaml]\n")
    with pytest.raises(ConfigError, match="inside the scanned root"):
        build_config(root, config_path=None, cli={})
    (root / "knowledge.yaml").write_text(OVERLAY)
    (root / ".aiscan.yaml").write_text("registry_files: [knowledge.yaml]\n")
    assert build_config(root, config_path=None, cli={}).registry_files == ((root / "knowledge.yaml").resolve(),)


def test_resolve_explain_shows_the_fingerprint_evidence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from scanner.cli import main

    build(tmp_path, [_case("hermes-card-says-llama-on-qwen3")])
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["resolve", "--offline", "--explain", "--kind", "file", "models/m001"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "files:     Qwen 3 (dense, MoE, Next) (high" in out
    assert "evidence:  models/m001/config.json: model_type qwen3" in out
    assert "conflict:  metadata (meta-llama/Llama-3.1-8B) says Meta" in out
