"""Hub resolution inside whole scans: one request per model, warm cache, offline, --require-online, token hygiene."""

from __future__ import annotations

import functools
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import main
from scanner.config import ScanConfig, build_config
from scanner.errors import ConfigError
from scanner.pipeline import run_scan
from scanner.resolve import Registry, load_registry
from scanner.resolve.base import HubRequiredError
from scanner.resolve.hub import create_client
from scanner.serialize import report_dict
from tests.conftest import FIXED_TIME
from tests.hubserver import HubStub, hub_config, model_payload


@functools.cache
def registry() -> Registry:
    """Loaded once per test session (the pure-Python YAML load costs seconds on a busy machine)."""
    return load_registry()


SECRET = "hf_SeCrEtToKeN0123456789abcdefXYZ"


@pytest.fixture
def stub() -> Iterator[HubStub]:
    with HubStub() as hub:
        yield hub


def project(root: Path, ids: list[str], config: str | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    lines = ["from transformers import AutoModelForCausalLM", ""]
    lines += [f'm{i} = AutoModelForCausalLM.from_pretrained("{rid}")' for i, rid in enumerate(ids)]
    (root / "app.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if config is not None:
        (root / ".aiscan.yaml").write_text(config, encoding="utf-8")
    return root


def scan(config: ScanConfig) -> dict:
    report = run_scan(config, hub=create_client(config), clock=lambda: FIXED_TIME, registry=registry())
    return report_dict(report)


def test_startup_finetune_of_qwen_resolves_to_china_and_second_scan_is_free(stub: HubStub, tmp_path: Path) -> None:
    stub.add("some-startup/helpdesk-7b", model_payload("some-startup/helpdesk-7b", license="other", license_name="qwen",
                                                       base_model="Qwen/Qwen2.5-7B-Instruct", relation="finetune"))
    stub.add("Qwen/Qwen2.5-7B-Instruct", model_payload("Qwen/Qwen2.5-7B-Instruct", license="apache-2.0", base_model="Qwen/Qwen2.5-7B"))
    stub.add("Qwen/Qwen2.5-7B", model_payload("Qwen/Qwen2.5-7B", license="apache-2.0"))
    root = project(tmp_path / "p", ["some-startup/helpdesk-7b", "Qwen/Qwen2.5-7B-Instruct"])
    config = hub_config(root, stub, tmp_path / "cache")
    first = scan(config)
    model = next(m for m in first["models"] if m["id"] == "some-startup/helpdesk-7b")
    assert model["base"]["country"] == "CN" and model["base_model"] == "Qwen/Qwen2.5-7B"
    assert [h["source"] for h in model["lineage"]] == ["hub", "hub"]
    assert first["errors"] == []
    assert sorted(s.repo_id for s in stub.requests) == ["Qwen/Qwen2.5-7B", "Qwen/Qwen2.5-7B-Instruct", "some-startup/helpdesk-7b"]
    before = stub.count()
    second = scan(config)
    assert stub.count() == before  # warm cache: not a single request
    assert second["models"] == first["models"]
    scan(config.with_changes(refresh=True))
    assert stub.count() == 2 * before  # --refresh asks again, still once per repo


def test_offline_never_touches_the_network_but_reads_the_cache(stub: HubStub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stub.add("northwind-ai/support-7b", model_payload("northwind-ai/support-7b", license="mit", files=["pytorch_model.bin"]))
    root = project(tmp_path / "p", ["northwind-ai/support-7b"])
    config = hub_config(root, stub, tmp_path / "cache")
    offline_cold = report_dict(run_scan(config.with_changes(offline=True), hub=None, clock=lambda: FIXED_TIME, registry=registry()))
    assert stub.count() == 0 and offline_cold["errors"] == []
    assert "hub" not in offline_cold["models"][0]["extra"]  # offline by choice: the report stays as it was
    scan(config)
    assert stub.count() == 1
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    offline_config = build_config(root, config_path=None, cli={"cache_dir": tmp_path / "cache"})
    assert offline_config.offline
    warm = report_dict(run_scan(offline_config.with_changes(hub=config.hub), hub=None, clock=lambda: FIXED_TIME, registry=registry()))
    assert stub.count() == 1
    assert warm["models"][0]["formats"] == ["pickle"] and warm["models"][0]["license"]["spdx"] == "MIT"


def test_require_online_raises_when_the_hub_is_down(tmp_path: Path) -> None:
    dead = HubStub().start()
    config = hub_config(project(tmp_path / "p", ["northwind-ai/a", "northwind-ai/b"]), dead, tmp_path / "cache")
    dead.stop()
    report = run_scan(config, hub=create_client(config), clock=lambda: FIXED_TIME, registry=registry())
    assert {e.subject for e in report.errors if e.stage == "resolve"} == {"northwind-ai/a", "northwind-ai/b"}
    with pytest.raises(HubRequiredError, match="2 Hub reference"):
        run_scan(config.with_changes(require_online=True), hub=create_client(config), clock=lambda: FIXED_TIME, registry=registry())
    with pytest.raises(HubRequiredError, match="offline"):
        run_scan(config.with_changes(require_online=True, offline=True), hub=None, clock=lambda: FIXED_TIME, registry=registry())


def test_cli_require_online_exits_2_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dead = HubStub().start()
    monkeypatch.setenv("HF_ENDPOINT", dead.url)
    dead.stop()
    root = project(tmp_path / "p", ["northwind-ai/a"], config="hub:\n  timeout: 1\n")
    result = CliRunner().invoke(main, [str(root), "--require-online", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "could not be checked" not in result.stdout
    assert "--require-online: 1 Hub reference(s) not checked (northwind-ai/a)" in result.stderr
    # a config key works the same way
    (root / ".aiscan.yaml").write_text("require_online: true\nhub:\n  timeout: 1\n", encoding="utf-8")
    assert CliRunner().invoke(main, [str(root)], catch_exceptions=False).exit_code == 2


def test_cli_online_scan_uses_hf_endpoint(stub: HubStub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stub.add("tiny-startup/m", model_payload("tiny-startup/m", base_model="deepseek-ai/DeepSeek-V3", files=["model.bin"]))
    stub.add("deepseek-ai/DeepSeek-V3", model_payload("deepseek-ai/DeepSeek-V3", license="mit"))
    monkeypatch.setenv("HF_ENDPOINT", stub.url)
    root = project(tmp_path / "p", ["tiny-startup/m"])
    result = CliRunner().invoke(main, [str(root), "--format", "json", "--exit-zero"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    model = json.loads(result.stdout)["models"][0]
    assert model["base"]["country"] == "CN" and model["formats"] == ["pickle"] and stub.count() == 2
    assert stub.requests[0].user_agent and "aiscan" in stub.requests[0].user_agent


def test_bad_hub_settings_are_config_errors(tmp_path: Path) -> None:
    root = project(tmp_path / "p", ["northwind-ai/a"])
    config = ScanConfig(root=root, hub={"timeout": "fast", "workers": 0, "colour": 1, "endpoint": "ftp://x"})
    with pytest.raises(ConfigError) as info:
        run_scan(config, hub=None)
    text = str(info.value)
    assert all(k in text for k in ("hub.timeout", "hub.workers", "hub.colour", "hub.endpoint"))


def test_token_is_sent_but_never_leaks(stub: HubStub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("HF_TOKEN", SECRET)
    monkeypatch.setenv("HF_ENDPOINT", stub.url)
    stub.add("ok-lab/chat-7b", model_payload("ok-lab/chat-7b", license="mit"))
    stub.add("err/500", model_payload("err/500"), fail_first=[500] * 9)
    stub.add("err/json", body=b"{oops")
    stub.add("err/403", model_payload("err/403"), status=403, body=b'{"error": "forbidden"}')
    stub.add("gated/m", model_payload("gated/m"), gated_token="hf_someone_else")
    root = project(tmp_path / "p", ["ok-lab/chat-7b", "err/500", "err/json", "err/403", "gated/m", "missing/m"],
                   config="hub:\n  backoff: 0.01\n  retries: 1\n")
    caplog.set_level(logging.DEBUG)
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, [str(root), "-o", str(out), "--exit-zero"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert {s.repo_id for s in stub.requests} >= {"ok-lab/chat-7b", "err/500", "err/json", "err/403", "gated/m", "missing/m"}
    assert all(s.authorization == f"Bearer {SECRET}" for s in stub.requests)
    report = out.read_text()
    assert {e["subject"] for e in json.loads(report)["errors"]} >= {"err/500", "err/json", "err/403", "missing/m"}
    cache_root = Path(os.environ["XDG_CACHE_HOME"]) / "aiscan"
    cache_text = "".join(p.read_text(errors="replace") for p in cache_root.rglob("*.json"))
    assert cache_text  # answers were cached
    for text in (report, result.stdout, result.stderr, caplog.text, cache_text):
        assert SECRET not in text


def test_offline_scan_does_not_import_huggingface_hub(tmp_path: Path) -> None:
    root = project(tmp_path / "p", ["Qwen/Qwen2.5-7B-Instruct"])
    code = ("import sys; from scanner.cli import main; from click.testing import CliRunner; "
            f"r = CliRunner().invoke(main, [{str(root)!r}, '--offline', '--exit-zero', '-q']); "
            "print(r.exit_code, 'huggingface_hub' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert proc.stdout.split() == ["0", "False"], proc.stderr


def test_resolve_command_walks_the_hub_lineage(stub: HubStub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stub.add("nobody-knows/ft", model_payload("nobody-knows/ft", base_model="THUDM/glm-4-9b", relation="finetune",
                                              license="other", license_name="glm-4"))
    stub.add("THUDM/glm-4-9b", model_payload("THUDM/glm-4-9b"))
    monkeypatch.setenv("HF_ENDPOINT", stub.url)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["resolve", "nobody-knows/ft", "--explain"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "(CN)" in result.stdout.splitlines()[2]  # base line
    assert "nobody-knows/ft -[finetune]-> THUDM/glm-4-9b (hub)" in result.stdout
    offline = CliRunner().invoke(main, ["resolve", "nobody-knows/ft", "--offline", "--format", "json"], catch_exceptions=False)
    assert json.loads(offline.stdout)["models"][0]["base_model"] == "THUDM/glm-4-9b"  # answered from the cache
    assert stub.count() == 2


def test_warm_cache_scan_makes_no_request_and_does_not_import_huggingface_hub(stub: HubStub, tmp_path: Path) -> None:
    stub.add("northwind-ai/support-7b", model_payload("northwind-ai/support-7b", license="mit"))
    root = project(tmp_path / "p", ["northwind-ai/support-7b"])
    config = hub_config(root, stub, tmp_path / "cache")
    scan(config)
    assert stub.count() == 1
    code = ("import sys; from pathlib import Path; from scanner.config import ScanConfig; from scanner.pipeline import run_scan; "
            "from scanner.resolve.hub import create_client; "
            f"c = ScanConfig(root=Path({str(root)!r}), hub={{'endpoint': {stub.url!r}}}, cache_dir=Path({str(tmp_path / 'cache')!r})); "
            "r = run_scan(c, hub=create_client(c)); "
            "print(r.models[0].license.spdx, 'huggingface_hub' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert proc.stdout.split() == ["MIT", "False"], proc.stderr
    assert stub.count() == 1


def test_saved_login_token_is_used(stub: HubStub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "hf-home").mkdir()
    (tmp_path / "hf-home" / "token").write_text("hf_saved_login\n", encoding="utf-8")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    stub.add("corp/private", model_payload("corp/private", license="mit"), private_token="hf_saved_login")
    report = scan(hub_config(project(tmp_path / "p", ["corp/private"]), stub, tmp_path / "cache"))
    assert report["models"][0]["license"]["spdx"] == "MIT" and stub.requests[0].authorization == "Bearer hf_saved_login"


def test_fifty_references_one_request_each_then_none(stub: HubStub, tmp_path: Path) -> None:
    bases = ["Qwen/Qwen2.5-7B", "meta-llama/Llama-3.1-8B", "deepseek-ai/DeepSeek-V3"]
    for b in bases:
        stub.add(b, model_payload(b, license="apache-2.0"))
    ids = [f"startup-{i}/ft-{i}" for i in range(50)]
    for i, rid in enumerate(ids):
        stub.add(rid, model_payload(rid, base_model=bases[i % 3], relation="finetune"))
    root = project(tmp_path / "p", ids + ids[:25])  # some referenced twice
    config = hub_config(root, stub, tmp_path / "cache")
    report = scan(config)
    per_repo = {s.repo_id for s in stub.requests}
    assert stub.count() == len(per_repo) == 53  # 50 referenced + 3 ancestors, each exactly once
    assert sum(1 for m in report["models"] if m["base"]["country"] == "CN") == 17 + 16  # Qwen and DeepSeek fine-tunes
    scan(config)
    assert stub.count() == 53
