"""Attack cases on the network side: the tree picks a Hub endpoint (token theft), raises budgets, and a Hub answer
lists thousands of base models (fan-out). Loopback servers only; the token must reach only the trusted endpoint."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from scanner.config import build_config
from scanner.pipeline import run_scan
from scanner.resolve.hub_settings import hub_settings
from scanner.runner import make_hub
from tests.hubserver import HubStub, hub_config, model_payload

TOKEN = "hf_secretTOKEN1234567890"
CODE = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("acme/chat-7b")\n'


@pytest.fixture
def stubs() -> tuple[HubStub, HubStub]:
    legit, evil = HubStub().start(), HubStub().start()
    for stub in (legit, evil):
        stub.add("acme/chat-7b", model_payload("acme/chat-7b", license="apache-2.0"))
    yield legit, evil
    legit.stop()
    evil.stop()


def _project(tmp_path: Path, config_name: str, text: str) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "app.py").write_text(CODE, encoding="utf-8")
    (root / config_name).write_text(text, encoding="utf-8")
    return root


def _scan(root: Path, tmp_path: Path, **kw: object) -> object:
    config = build_config(root, config_path=kw.pop("config_path", None), cli={"cache_dir": tmp_path / "cache"}, **kw)  # type: ignore[arg-type]
    return config, run_scan(config, hub=make_hub(config))


@pytest.mark.parametrize(("name", "text"), [
    (".aiscan.yaml", "hub:\n  endpoint: {evil}\n"),
    (".aiscan.yml", "hub: {{endpoint: '{evil}', timeout: 5}}\n"),
    ("pyproject.toml", '[tool.aiscan.hub]\nendpoint = "{evil}"\n'),
    ("pyproject.toml", '[tool.aiscan]\nhub = {{ endpoint = "{evil}" }}\n'),
])
def test_token_never_reaches_an_endpoint_the_tree_chose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       stubs: tuple[HubStub, HubStub], name: str, text: str) -> None:
    legit, evil = stubs
    monkeypatch.setenv("HF_ENDPOINT", legit.url)
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    root = _project(tmp_path, name, text.format(evil=evil.url))
    config, report = _scan(root, tmp_path)
    assert evil.count() == 0
    assert legit.count("acme/chat-7b") == 1
    assert {s.authorization for s in legit.requests} == {f"Bearer {TOKEN}"}
    assert any("hub.endpoint ignored" in e.message for e in report.errors)  # type: ignore[attr-defined]
    assert hub_settings(config).endpoint == legit.url  # type: ignore[arg-type]


def test_token_file_is_not_sent_to_the_tree_endpoint_either(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           stubs: tuple[HubStub, HubStub]) -> None:
    legit, evil = stubs
    home = tmp_path / "hf"
    home.mkdir()
    (home / "token").write_text(TOKEN)
    monkeypatch.setenv("HF_HOME", str(home))
    monkeypatch.setenv("HF_ENDPOINT", legit.url)
    root = _project(tmp_path, ".aiscan.yaml", f"hub:\n  endpoint: {evil.url}\n")
    _scan(root, tmp_path)
    assert evil.count() == 0 and {s.authorization for s in legit.requests} == {f"Bearer {TOKEN}"}


def test_a_config_named_on_the_command_line_may_choose_the_endpoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   stubs: tuple[HubStub, HubStub]) -> None:
    legit, other = stubs
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    root = _project(tmp_path, "notes.txt", "")
    cfg = tmp_path / "ci.yaml"
    cfg.write_text(f"hub:\n  endpoint: {other.url}\n")
    _scan(root, tmp_path, config_path=cfg)
    assert other.count() == 1 and legit.count() == 0
    assert {s.authorization for s in other.requests} == {f"Bearer {TOKEN}"}


def test_trusted_config_endpoint_wins_and_the_tree_cannot_override_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     stubs: tuple[HubStub, HubStub]) -> None:
    legit, evil = stubs
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    trusted = tmp_path / "trusted.yaml"
    trusted.write_text(f"hub:\n  endpoint: {legit.url}\n")
    root = _project(tmp_path, ".aiscan.yaml", f"hub:\n  endpoint: {evil.url}\n")
    _scan(root, tmp_path, trusted_config=trusted)
    assert evil.count() == 0 and legit.count() == 1


def test_the_tree_may_lower_budgets_but_not_raise_them(tmp_path: Path) -> None:
    root = _project(tmp_path, ".aiscan.yaml",
                    "hub:\n  budget: 100000\n  timeout: 3600\n  max_requests: 1000000\n  max_depth: 2\nmax_file_size: 999999999\n")
    config = build_config(root, config_path=None, cli={})
    settings = hub_settings(config)
    assert settings.policy.budget == 120.0 and settings.timeout == 10.0 and settings.policy.max_requests == 400
    assert settings.max_depth == 2  # lowered: allowed (and listed as a gate change)
    assert config.max_file_size == 5 * 1024 * 1024
    assert len(config.config_warnings) == 4
    assert [(g.setting, g.value) for g in config.gate_changes] == [("hub.max_depth", "2")]


def test_hub_token_or_proxy_keys_in_the_tree_are_dropped(tmp_path: Path) -> None:
    root = _project(tmp_path, ".aiscan.yaml", "hub:\n  token: hf_x\n  proxy: http://127.0.0.1:1\n")
    config = build_config(root, config_path=None, cli={})
    assert dict(config.hub) == {} and len(config.config_warnings) == 2


# --- fan-out -------------------------------------------------------------------------------------------------------

def test_a_card_with_thousands_of_base_models_is_bounded(tmp_path: Path) -> None:
    bases = [f"mirror{i}/base-{i}" for i in range(5000)]
    with HubStub() as stub:
        stub.add("acme/chat-7b", model_payload("acme/chat-7b", base_model=bases, relation="merge", license="mit"))
        root = tmp_path / "proj"
        root.mkdir()
        (root / "app.py").write_text(CODE)
        config = hub_config(root, stub, tmp_path / "cache", max_parents=8, workers=4)
        from scanner.resolve.hub import create_client

        tracemalloc.start()
        start = time.perf_counter()
        report = run_scan(config, hub=create_client(config))
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert stub.count() == 1 + 8  # the card, then only the first 8 parents
    model = next(m for m in report.models if m.id == "acme/chat-7b")
    assert len({h.parent for h in model.lineage}) == 8
    capped = [e.message for e in report.errors if "lineage capped" in e.message]
    assert capped and "lists 5000 base models" in capped[0] and "4992 not checked" in capped[0]
    assert peak < 64 * 1024 * 1024 and elapsed < 20


def test_requests_per_scan_are_capped_and_the_rest_listed_as_unchecked(tmp_path: Path) -> None:
    with HubStub() as stub:
        ids = [f"org{i}/m{i}" for i in range(30)]
        for rid in ids:
            stub.add(rid, model_payload(rid, license="mit"))
        root = tmp_path / "proj"
        root.mkdir()
        (root / "app.py").write_text("from transformers import AutoModel\n" + "".join(f'AutoModel.from_pretrained("{r}")\n' for r in ids))
        config = hub_config(root, stub, tmp_path / "cache", max_requests=10, workers=1)
        from scanner.resolve.hub import create_client

        report = run_scan(config, hub=create_client(config))
        assert stub.count() == 10
    unchecked = [e for e in report.errors if "cap of 10 Hub requests" in e.message]
    assert len(unchecked) == 20
