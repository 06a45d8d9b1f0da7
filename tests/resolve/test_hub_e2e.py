"""End to end against a loopback Hub: the real huggingface_hub client, lineage, licenses, files, gating, failures."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scanner.config import ScanConfig
from scanner.models import Model, RefKind
from scanner.resolve import Resolver, load_registry
from scanner.resolve.base import HubLookupError
from scanner.resolve.hub import create_client
from scanner.resolve.hub_enrich import enrich_models
from scanner.resolve.hub_settings import hub_settings
from tests.hubserver import HubStub, hub_config, model_payload

REGISTRY = load_registry()


@pytest.fixture
def stub() -> Iterator[HubStub]:
    with HubStub() as hub:
        yield hub


def enrich(stub: HubStub, tmp_path: Path, *ids: str, revision: str | None = None, **hub: object) -> tuple[dict[str, Model], list, list]:
    config = hub_config(tmp_path, stub, tmp_path / "cache", **hub)
    resolver = Resolver(REGISTRY)
    models = [Model(id=i, kind=RefKind.HF_MODEL, revision=revision) if revision else resolver.resolve_one(RefKind.HF_MODEL, i) for i in ids]
    models = [resolver.resolve_one(RefKind.HF_MODEL, m.id) if m.revision is None else m for m in models]
    out, errors, unchecked = enrich_models(models, create_client(config), resolver, max_depth=hub_settings(config).max_depth)
    return {m.id: m for m in out}, errors, unchecked


def test_lineage_across_unknown_orgs_reaches_the_chinese_root(stub: HubStub, tmp_path: Path) -> None:
    stub.add("some-startup/support-bot", model_payload("some-startup/support-bot", base_model="other-lab/chat-7b",
                                                       relation="adapter", files=["adapter_config.json", "adapter_model.safetensors"]))
    stub.add("other-lab/chat-7b", model_payload("other-lab/chat-7b", base_model="Qwen/Qwen2.5-7B", relation_tag=False,
                                                files=["model-00001-of-00002.safetensors", "config.json"]))
    stub.add("Qwen/Qwen2.5-7B", model_payload("Qwen/Qwen2.5-7B", license="apache-2.0"))
    models, errors, unchecked = enrich(stub, tmp_path, "some-startup/support-bot")
    m = models["some-startup/support-bot"]
    assert errors == [] and unchecked == []
    assert m.base.country == "CN" and m.base.source == "registry"
    assert m.base_model == "Qwen/Qwen2.5-7B"
    assert m.origin.developer == "some-startup" and m.origin.source == "hub" and m.origin.country is None
    assert [(h.child, h.parent, h.relation, h.source) for h in m.lineage] == [
        ("some-startup/support-bot", "other-lab/chat-7b", "adapter", "hub"),
        ("other-lab/chat-7b", "Qwen/Qwen2.5-7B", "finetune", "hub"),  # no relation given: inferred
    ]
    assert m.lineage[0].origin.developer == "other-lab" and m.lineage[1].origin.country == "CN"
    assert m.extra["hub"]["roots"] == ["Qwen/Qwen2.5-7B"]
    assert {s.repo_id for s in stub.requests} == {"some-startup/support-bot", "other-lab/chat-7b", "Qwen/Qwen2.5-7B"}
    assert all(s.query.get("securityStatus") == ["true"] for s in stub.requests)


def test_quantized_and_merge_relations(stub: HubStub, tmp_path: Path) -> None:
    stub.add("quant-guy/Model-GGUF", model_payload("quant-guy/Model-GGUF", base_model="tiny-co/model", relation_tag=False,
                                                   files=["model.Q4_K_M.gguf"]))
    stub.add("tiny-co/model", model_payload("tiny-co/model", base_model=["meta-llama/Llama-3.1-8B", "Qwen/Qwen2.5-7B"]))
    stub.add("meta-llama/Llama-3.1-8B", model_payload("meta-llama/Llama-3.1-8B"))
    stub.add("Qwen/Qwen2.5-7B", model_payload("Qwen/Qwen2.5-7B"))
    models, errors, _ = enrich(stub, tmp_path, "quant-guy/Model-GGUF")
    m = models["quant-guy/Model-GGUF"]
    rel = {(h.child, h.parent): h.relation for h in m.lineage}
    assert rel[("quant-guy/Model-GGUF", "tiny-co/model")] == "quantized"
    assert rel[("tiny-co/model", "meta-llama/Llama-3.1-8B")] == "merge"
    assert rel[("tiny-co/model", "Qwen/Qwen2.5-7B")] == "merge"
    assert m.base.country == "US" and sorted(m.extra["hub"]["roots"]) == ["Qwen/Qwen2.5-7B", "meta-llama/Llama-3.1-8B"]
    assert m.formats == ("gguf",)


def test_cycle_and_depth_limit(stub: HubStub, tmp_path: Path) -> None:
    stub.add("a-org/a", model_payload("a-org/a", base_model="b-org/b"))
    stub.add("b-org/b", model_payload("b-org/b", base_model="a-org/a"))
    for i in range(12):
        stub.add(f"chain/m{i}", model_payload(f"chain/m{i}", base_model=f"chain/m{i + 1}"))
    models, errors, _ = enrich(stub, tmp_path, "a-org/a", "chain/m0", max_depth=3)
    assert [(h.child, h.parent) for h in models["a-org/a"].lineage] == [("a-org/a", "b-org/b"), ("b-org/b", "a-org/a")]
    assert any("cycle" in e.message for e in errors)
    chain = models["chain/m0"]
    assert len(chain.lineage) == 3 and chain.extra["hub"]["lineage_truncated"] is True
    assert stub.count() == 2 + 4  # the depth limit also bounds the requests


def test_license_names_and_links(stub: HubStub, tmp_path: Path) -> None:
    stub.add("acme/llama-ft", model_payload("acme/llama-ft", license="other", license_name="llama3.1",
                                            license_link="https://example.org/LICENSE"))
    stub.add("acme/research", model_payload("acme/research", license="other", license_name="acme-research-license"))
    stub.add("acme/plain", model_payload("acme/plain", license="mit"))
    models, _, _ = enrich(stub, tmp_path, "acme/llama-ft", "acme/research", "acme/plain")
    lic = models["acme/llama-ft"].license
    assert (lic.raw, lic.name, lic.category, lic.url) == ("other", "Llama 3.1 Community License", "restricted", "https://example.org/LICENSE")
    lic = models["acme/research"].license
    assert (lic.raw, lic.name, lic.category) == ("other", "acme-research-license", "unknown")
    lic = models["acme/plain"].license
    assert (lic.raw, lic.spdx, lic.category) == ("mit", "MIT", "permissive")


def test_license_inherited_from_root_when_card_has_none(stub: HubStub, tmp_path: Path) -> None:
    stub.add("nolicense/ft", model_payload("nolicense/ft", base_model="acme/base"))
    stub.add("acme/base", model_payload("acme/base", license="cc-by-nc-4.0"))
    models, _, _ = enrich(stub, tmp_path, "nolicense/ft")
    lic = models["nolicense/ft"].license
    assert lic.category == "non-commercial" and "inherited-from-base" in lic.flags


def test_files_formats_pickle_only_and_custom_code(stub: HubStub, tmp_path: Path) -> None:
    stub.add("old/pickled", model_payload("old/pickled", files=["config.json", "pytorch_model.bin", "training_args.bin"]))
    stub.add("new/mixed", model_payload("new/mixed", files=["model.safetensors", "pytorch_model.bin", "model.onnx",
                                                             "modeling_custom.py"], config={"model_type": "custom"}))
    stub.add("code/automap", model_payload("code/automap", files=["model.safetensors"],
                                           config={"auto_map": {"AutoModel": "other/repo--modeling.Model"}}))
    models, _, _ = enrich(stub, tmp_path, "old/pickled", "new/mixed", "code/automap")
    old = models["old/pickled"]
    assert old.formats == ("pickle",) and old.extra["hub"]["pickle_only"] is True
    assert old.files == ("pytorch_model.bin", "training_args.bin")
    new = models["new/mixed"]
    assert new.formats == ("onnx", "pickle", "safetensors") and new.extra["hub"]["pickle_only"] is False
    assert new.extra["hub"]["custom_code"] is True and new.extra["hub"]["code_files"] == ["modeling_custom.py"]
    assert models["code/automap"].extra["hub"]["custom_code"] is True
    assert old.extra["hub"]["custom_code"] is False


def test_security_status_dates_sha_downloads(stub: HubStub, tmp_path: Path) -> None:
    scan = {"scansDone": True, "filesWithIssues": [{"path": "pytorch_model.bin", "level": "unsafe"}]}
    stub.add("sec/model", model_payload("sec/model", security=scan, downloads=42))
    models, _, _ = enrich(stub, tmp_path, "sec/model")
    hub = models["sec/model"].extra["hub"]
    assert hub["security"] == scan and hub["downloads"] == 42
    assert hub["created_at"] == "2024-05-06T07:08:09Z" and len(hub["sha"]) == 40


def test_revision_endpoint(stub: HubStub, tmp_path: Path) -> None:
    sha = "0123456789abcdef0123456789abcdef01234567"
    stub.add("pin/model", model_payload("pin/model", license="mit"), revision=sha)
    models, errors, _ = enrich(stub, tmp_path, "pin/model", revision=sha)
    assert errors == [] and models["pin/model"].extra["hub"]["sha"] == sha
    assert stub.requests[0].path == f"/api/models/pin/model/revision/{sha}"
    models, errors, _ = enrich(stub, tmp_path, "pin/model", revision="no-such-branch")
    assert models["pin/model"].extra["hub"]["status"] == "not-found" and "revision no-such-branch" in errors[0].message


def test_gated_repo(stub: HubStub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stub.add("meta-llama/Llama-3.1-8B", model_payload("meta-llama/Llama-3.1-8B", gated="manual", license="llama3.1"))
    stub.add("locked/model", model_payload("locked/model", license="mit"), gated_token="hf_approved")
    models, errors, unchecked = enrich(stub, tmp_path, "meta-llama/Llama-3.1-8B", "locked/model")
    assert models["meta-llama/Llama-3.1-8B"].gated is True and models["meta-llama/Llama-3.1-8B"].license.category == "restricted"
    locked = models["locked/model"]
    assert locked.gated is True and locked.extra["hub"]["status"] == "gated-denied" and errors == [] and unchecked == []
    monkeypatch.setenv("HF_TOKEN", "hf_approved")
    models, _, _ = enrich(stub, tmp_path / "with-token", "locked/model")
    assert models["locked/model"].extra["hub"]["status"] == "found" and models["locked/model"].license.spdx == "MIT"
    assert stub.requests[-1].authorization == "Bearer hf_approved"


def test_private_repo_needs_the_token(stub: HubStub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stub.add("corp/private", model_payload("corp/private", license="apache-2.0", private=True), private_token="hf_corp")
    models, errors, _ = enrich(stub, tmp_path, "corp/private")
    assert models["corp/private"].extra["hub"]["status"] == "not-found" and stub.requests[-1].authorization is None
    monkeypatch.setenv("HF_TOKEN", "hf_corp")
    models, errors, _ = enrich(stub, tmp_path / "2", "corp/private")
    assert models["corp/private"].extra["hub"]["status"] == "found" and errors == []


def test_not_found_falls_back_to_the_registry(stub: HubStub, tmp_path: Path) -> None:
    models, errors, unchecked = enrich(stub, tmp_path, "Qwen/does-not-exist")
    m = models["Qwen/does-not-exist"]
    assert m.origin.country == "CN" and m.extra["hub"]["status"] == "not-found"
    assert unchecked == [] and errors[0].stage == "resolve" and "not found on the Hub" in errors[0].message


def test_429_and_500_are_retried(stub: HubStub, tmp_path: Path) -> None:
    stub.add("busy/a", model_payload("busy/a", license="mit"), fail_first=[429], retry_after="0")
    stub.add("busy/b", model_payload("busy/b", license="mit"), fail_first=[500, 503])
    models, errors, _ = enrich(stub, tmp_path, "busy/a", "busy/b")
    assert errors == [] and stub.count("busy/a") == 2 and stub.count("busy/b") == 3
    assert models["busy/b"].license.spdx == "MIT"


def test_persistent_500_gives_up_and_falls_back(stub: HubStub, tmp_path: Path) -> None:
    stub.add("broken/a", model_payload("broken/a"), fail_first=[500] * 10)
    stub.add("fine/b", model_payload("fine/b", license="mit"))
    models, errors, unchecked = enrich(stub, tmp_path, "broken/a", "fine/b", retries=2)
    assert stub.count("broken/a") == 3 and unchecked == ["broken/a"]
    assert models["broken/a"].extra["hub"]["status"] == "unchecked" and "HTTP 500" in errors[0].message
    assert models["fine/b"].license.spdx == "MIT"


def test_long_retry_after_opens_the_breaker(stub: HubStub, tmp_path: Path) -> None:
    stub.add("limited/a", model_payload("limited/a"), fail_first=[429] * 5, retry_after="3600")
    ids = ["limited/a"] + [f"other/m{i}" for i in range(8)]
    for i in ids[1:]:
        stub.add(i, model_payload(i))
    start = time.monotonic()
    _, errors, unchecked = enrich(stub, tmp_path, *ids, workers=1)
    assert time.monotonic() - start < 5
    assert stub.count() == 1 and len(unchecked) == 9  # one answer said "come back in an hour": nobody else asks


def test_slow_hub_costs_one_timeout_not_one_per_model(stub: HubStub, tmp_path: Path) -> None:
    ids = [f"slow/m{i}" for i in range(20)]
    for i in ids:
        stub.add(i, model_payload(i), delay=1.5)
    start = time.monotonic()
    models, errors, unchecked = enrich(stub, tmp_path, *ids, timeout=0.3, workers=4)
    elapsed = time.monotonic() - start
    assert len(unchecked) == 20 and all(m.extra["hub"]["status"] == "unchecked" for m in models.values())
    assert stub.count() <= 4  # the in-flight requests of the pool, nothing after the breaker opened
    assert elapsed < 1.5
    assert any("within 0.3s" in e.message for e in errors)


def test_unreachable_hub(tmp_path: Path) -> None:
    dead = HubStub().start()
    url = dead.url
    dead.stop()  # nothing listens on that port any more: connection refused
    config = ScanConfig(root=tmp_path, hub={"endpoint": url, "timeout": 1.0}, cache_dir=tmp_path / "cache")
    resolver = Resolver(REGISTRY)
    models = [resolver.resolve_one(RefKind.HF_MODEL, f"Qwen/m{i}") for i in range(30)]
    client = create_client(config)
    start = time.monotonic()
    out, errors, unchecked = enrich_models(models, client, resolver, max_depth=8)
    assert time.monotonic() - start < 3
    assert len(unchecked) == 30 and len(errors) == 30 and all(m.origin.country == "CN" for m in out)
    assert client.inner is not None and client.inner.requests <= 4
    assert "cannot connect" in errors[0].message


@pytest.mark.parametrize("body", [b"{not json", b"[]", b'{"id": "bad/json", "siblings": "oops"}', b'{"no_id": 1}'])
def test_malformed_answers_are_errors_not_tracebacks(stub: HubStub, tmp_path: Path, body: bytes) -> None:
    stub.add("bad/json", body=body)
    stub.add("good/one", model_payload("good/one", license="mit"))
    models, errors, unchecked = enrich(stub, tmp_path, "bad/json", "good/one")
    assert unchecked == ["bad/json"] and "malformed" in errors[0].message
    assert models["good/one"].license.spdx == "MIT"


def test_minimal_answer_is_enough(stub: HubStub, tmp_path: Path) -> None:
    stub.add("min/model", {"id": "min/model"})
    models, errors, _ = enrich(stub, tmp_path, "min/model")
    assert errors == [] and models["min/model"].extra["hub"]["status"] == "found"


def test_client_reports_lookup_error_for_single_call(stub: HubStub, tmp_path: Path) -> None:
    stub.add("bad/json", body=b"nope")
    client = create_client(hub_config(tmp_path, stub, tmp_path / "cache"))
    with pytest.raises(HubLookupError):
        client.model_info("bad/json")
    assert client.model_info("missing/repo") is None


def test_renamed_repo_redirect_gives_the_new_owner(stub: HubStub, tmp_path: Path) -> None:
    stub.add("old-lab-name/chat", body=b"", status=307, headers={"Location": "/api/models/Qwen/chat"})
    stub.add("Qwen/chat", model_payload("Qwen/chat", license="apache-2.0"))
    models, errors, _ = enrich(stub, tmp_path, "old-lab-name/chat")
    m = models["old-lab-name/chat"]
    assert errors == [] and m.extra["hub"]["renamed_to"] == "Qwen/chat"
    assert m.origin.country == "CN" and m.origin.source == "registry" and m.license.spdx == "Apache-2.0"
