"""The ``catalog`` context: registries, menus and support tables are reported apart, counted, not gated by default."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from scanner.cli import main
from scanner.discover.python.catalog import catalog_name

from .helpers import scan

REGISTRY = '''
from enum import Enum


class DownloadSource(str, Enum):
    DEFAULT = "hf"
    MODELSCOPE = "ms"
    OPENMIND = "om"


def register_model_group(models, template=None):
    pass


register_model_group(
    models={
        "Qwen2-7B-Chat": {
            DownloadSource.DEFAULT: "Qwen/Qwen2-7B-Instruct",
            DownloadSource.MODELSCOPE: "qwen/Qwen2-7B-Instruct",
            DownloadSource.OPENMIND: "LlamaFactory/Qwen2-7B-Instruct",
        },
        "gpt-oss-20b": {DownloadSource.DEFAULT: "openai/gpt-oss-20b"},
    },
    template="hunyuan",
)
'''


def _by(refs: list, path: str) -> set[tuple[str, str, str, int | None]]:
    return {(r.kind.value, r.identifier, r.context.value, r.location.line) for r in refs
            if r.location.path == path and r.kind.value != "package"}


def test_registry_call_columns_and_options(tmp_path: Path) -> None:
    got = _by(scan(tmp_path, {"pkg/constants.py": REGISTRY}), "pkg/constants.py")
    assert ("hf-model", "Qwen/Qwen2-7B-Instruct", "catalog", 18) in got
    assert ("modelscope-model", "qwen/Qwen2-7B-Instruct", "catalog", 19) in got  # the ModelScope column
    assert ("hf-model", "openai/gpt-oss-20b", "catalog", 22) in got  # the Hub column: a repo, not an OpenAI API model
    ids = {i for _, i, _, _ in got}
    assert "LlamaFactory/Qwen2-7B-Instruct" not in ids  # OpenMind ids are not Hub ids
    assert not ids & {"hunyuan", "Qwen2-7B-Chat", "gpt-oss-20b"}  # options and display-name keys are not ids


def test_register_model_info_menu_with_links(tmp_path: Path) -> None:
    code = '''
def register_model_info(full_names, simple_name, link, description):
    pass


register_model_info(
    ["gpt-4o-2024-08-06", "claude-3-5-sonnet-20240620"],
    "GPT-4o",
    "https://huggingface.co/HuggingFaceH4/zephyr-7b-beta",
    "a menu entry",
)
'''
    got = _by(scan(tmp_path, {"app/model_registry.py": code}), "app/model_registry.py")
    assert ("api-model", "gpt-4o-2024-08-06", "catalog", 7) in got
    assert ("api-model", "claude-3-5-sonnet-20240620", "catalog", 7) in got
    assert ("hf-model", "HuggingFaceH4/zephyr-7b-beta", "catalog", 9) in got
    assert not any(i == "GPT-4o" for _, i, _, _ in got)  # the entry's display name, not an id


def test_shape_decides_catalog_or_code(tmp_path: Path) -> None:
    code = '''
from transformers import AutoModel

SUPPORTED_MODELS = ["Qwen/Qwen2-7B", "meta-llama/Llama-3.1-8B", "mistralai/Mistral-7B-v0.3"]
PAIR = {"model": "BAAI/bge-m3", "fallback_model": "BAAI/bge-small-en-v1.5"}
table = {
    "a": "org1/m1", "b": "org2/m2", "c": "org3/m3", "d": "org4/m4",
    "e": "org5/m5", "f": "org6/m6", "g": "org7/m7", "h": "org8/m8",
}
model = AutoModel.from_pretrained("google-bert/bert-base-uncased")
'''
    got = _by(scan(tmp_path, {"svc/models.py": code}), "svc/models.py")
    contexts = {i: c for _, i, c, _ in got}
    assert contexts["Qwen/Qwen2-7B"] == "catalog"  # three ids under a name that says it lists models
    assert contexts["BAAI/bge-m3"] == "code"  # two ids in an ordinary dict: configuration, not a menu
    assert contexts["org8/m8"] == "catalog"  # eight ids in one literal: a table, whatever its name
    assert contexts["google-bert/bert-base-uncased"] == "code"  # a loader call stays code


def test_tests_keep_their_context(tmp_path: Path) -> None:
    code = "MODELS = [" + ", ".join(f'"Qwen/Qwen2.5-{i}B"' for i in range(10)) + "]\n"
    got = _by(scan(tmp_path, {"tests/test_models.py": code}), "tests/test_models.py")
    assert got and {c for _, _, c, _ in got} == {"test"}


def test_config_catalogue_by_size(tmp_path: Path) -> None:
    family = {"models": [{"model_name": f"m{i}", "model_id": f"Qwen/Qwen2.5-{i}B-Instruct"} for i in range(1, 11)]}
    small = {"model": "Qwen/Qwen2.5-7B-Instruct", "embedding_model": "BAAI/bge-m3"}
    refs = scan(tmp_path, {"llm_family.json": json.dumps(family, indent=2), "settings.json": json.dumps(small)})
    assert {c for _, _, c, _ in _by(refs, "llm_family.json")} == {"catalog"}
    assert {c for _, _, c, _ in _by(refs, "settings.json")} == {"config"}


def test_catalog_names() -> None:
    assert all(catalog_name(n) for n in ("SUPPORTED_MODELS", "model_path_map", "OPENAI_MODEL_LIST", "MODEL_CHOICES", "llms"))
    assert not any(catalog_name(n) for n in ("model", "PAIR", "config", "tokenizer_map"))


def test_default_pack_does_not_gate_catalogues_strict_does(tmp_path: Path) -> None:
    (tmp_path / "catalog.py").write_text('SUPPORTED_MODELS = ["Qwen/Qwen2-7B", "deepseek-ai/DeepSeek-V3", "THUDM/glm-4-9b"]\n',
                                         encoding="utf-8")
    out = tmp_path / "r.json"
    default = CliRunner().invoke(main, [str(tmp_path), "--offline", "-q", "-o", str(out)], catch_exceptions=False)
    report = json.loads(out.read_text(encoding="utf-8"))
    assert {r["context"] for r in report["references"]} == {"catalog"}
    assert report["summary"]["models"] == 3  # counted in the inventory
    assert default.exit_code == 0 and not [f for f in report["findings"] if f["rule_id"].startswith("AIS-ORIGIN")]
    strict = CliRunner().invoke(main, [str(tmp_path), "--offline", "-q", "--policy", "strict", "-o", str(out)], catch_exceptions=False)
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    assert strict.exit_code == 1 and {f["subject"] for f in findings if f["rule_id"] == "AIS-CATALOG-001"} == {
        "Qwen/Qwen2-7B", "deepseek-ai/DeepSeek-V3", "THUDM/glm-4-9b"}


def test_html_groups_catalogue_models_apart(tmp_path: Path) -> None:
    (tmp_path / "catalog.py").write_text('SUPPORTED_MODELS = ["Qwen/Qwen2-7B", "deepseek-ai/DeepSeek-V3", "meta-llama/Llama-3.1-8B"]\n'
                                         'from transformers import AutoModel\nAutoModel.from_pretrained("google-bert/bert-base-uncased")\n',
                                         encoding="utf-8")
    out = tmp_path / "r.html"
    CliRunner().invoke(main, [str(tmp_path), "--offline", "-q", "--exit-zero", "-o", str(out)], catch_exceptions=False)
    html = out.read_text(encoding="utf-8")
    assert "Can load on request: 3 models, 2 from countries of concern" in html


def test_module_role_lowers_the_table_size(tmp_path: Path) -> None:
    table = 'PAIRS = {"a": "Qwen/Qwen2-7B", "b": "meta-llama/Llama-3.1-8B", "c": "mistralai/Mistral-7B-v0.3"}\n'
    refs = scan(tmp_path, {"pkg/model_registry.py": table, "pkg/service.py": table})
    assert {c for _, _, c, _ in _by(refs, "pkg/model_registry.py")} == {"catalog"}  # the module says it lists models
    assert {c for _, _, c, _ in _by(refs, "pkg/service.py")} == {"code"}
