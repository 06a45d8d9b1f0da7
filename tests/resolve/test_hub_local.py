"""--hf-cache: models downloaded on this machine are listed, with card metadata read from disk (never executed)."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from scanner.config import build_config
from scanner.pipeline import run_scan
from scanner.resolve import Registry, load_registry
from scanner.resolve.hub import create_client
from scanner.resolve.hub_local import card_metadata, hf_hub_cache_dir
from scanner.serialize import report_dict
from tests.conftest import FIXED_TIME
from tests.hubserver import HubStub


@functools.cache
def registry() -> Registry:
    """Loaded once per test session (the pure-Python YAML load costs seconds on a busy machine)."""
    return load_registry()


SHA = "a" * 40


def fake_download(cache: Path, repo_id: str, files: dict[str, str], sha: str = SHA) -> None:
    """The layout huggingface_hub writes: models--org--name/{refs/main, snapshots/<sha>/...}."""
    repo = cache / ("models--" + repo_id.replace("/", "--"))
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(sha)
    snap = repo / "snapshots" / sha
    (repo / "blobs").mkdir()
    for name, text in files.items():
        blob = repo / "blobs" / f"{abs(hash(name)):x}"
        blob.write_text(text, encoding="utf-8")
        (snap / name).parent.mkdir(parents=True, exist_ok=True)
        (snap / name).symlink_to(blob)


@pytest.fixture
def hf_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "hf-hub"
    cache.mkdir()
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    card = "---\nlicense: other\nlicense_name: qwen\nbase_model: Qwen/Qwen2.5-7B-Instruct\nbase_model_relation: finetune\n---\n# Model\n"
    fake_download(cache, "some-startup/helper", {"README.md": card, "config.json": '{"model_type": "qwen2"}', "pytorch_model.bin": "x"})
    fake_download(cache, "meta-llama/Llama-3.2-1B", {"README.md": "---\nlicense: llama3.2\n---\n", "model.safetensors": "x"})
    return cache


def project(root: Path) -> Path:
    root.mkdir()
    (root / "app.py").write_text('from transformers import AutoModel\nAutoModel.from_pretrained("some-startup/helper")\n')
    return root


def test_offline_hf_cache_lists_downloaded_models_with_card_metadata(hf_cache: Path, tmp_path: Path) -> None:
    config = build_config(project(tmp_path / "p"), config_path=None, cli={"offline": True, "hf_cache": True})
    report = report_dict(run_scan(config, hub=None, clock=lambda: FIXED_TIME, registry=registry()))
    models = {m["id"]: m for m in report["models"]}
    helper = models["some-startup/helper"]
    assert helper["base"]["country"] == "CN" and helper["base_model"] == "Qwen/Qwen2.5-7B-Instruct"
    assert helper["lineage"][0]["source"] == "card" and helper["formats"] == ["pickle"]
    assert helper["license"]["raw"] == "other" and helper["extra"]["local_cache"]["commit"] == SHA
    llama = models["meta-llama/Llama-3.2-1B"]
    assert llama["references"] == [] and llama["origin"]["country"] == "US" and llama["license"]["raw"] == "llama3.2"
    assert report["errors"] == []


def test_hub_down_falls_back_to_the_local_card(hf_cache: Path, tmp_path: Path) -> None:
    dead = HubStub().start()
    url = dead.url
    dead.stop()
    config = build_config(project(tmp_path / "p"), config_path=None, cli={"hf_cache": True}).with_changes(hub={"endpoint": url})
    report = report_dict(run_scan(config, hub=create_client(config), clock=lambda: FIXED_TIME, registry=registry()))
    helper = next(m for m in report["models"] if m["id"] == "some-startup/helper")
    assert helper["base"]["country"] == "CN" and helper["extra"]["hub"]["status"] == "from-card"
    assert any("local Hugging Face cache" in e["message"] for e in report["errors"])


def test_without_the_flag_the_local_cache_is_not_read(hf_cache: Path, tmp_path: Path) -> None:
    config = build_config(project(tmp_path / "p"), config_path=None, cli={"offline": True})
    ids = [m.id for m in run_scan(config, hub=None, clock=lambda: FIXED_TIME, registry=registry()).models]
    assert ids == ["some-startup/helper"]


def test_card_front_matter_parsing() -> None:
    assert card_metadata("---\nlicense: mit\n---\ntext") == {"license": "mit"}
    assert card_metadata("# no front matter\n---\nlicense: mit\n---") == {}
    assert card_metadata("---\nlicense: [unclosed\n---\n") == {}
    assert card_metadata("---\n- a list\n---\n") == {}
    assert card_metadata("---\nlicense: mit\n") == {}


def test_hub_cache_dir_env() -> None:
    assert hf_hub_cache_dir({"HF_HUB_CACHE": "/x"}) == Path("/x")
    assert hf_hub_cache_dir({"HF_HOME": "/h"}) == Path("/h/hub")
    assert hf_hub_cache_dir({"XDG_CACHE_HOME": "/c"}) == Path("/c/huggingface/hub")
