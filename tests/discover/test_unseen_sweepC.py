"""Shapes found by sweeping repositories the scanner had never seen (issue 19, sweep C: LocalAI, axolotl, crewAI,
mlx-examples, continue): each file here is a small one written for the test."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.discover.classify import classify, route_like
from scanner.discover.python.detector import lower_pep701
from scanner.models import Reference, RefKind

from .helpers import scan_with_gaps

_scan = scan_with_gaps


def _where(refs: list[Reference]) -> set[tuple[str, str, int | None]]:
    return {(r.kind.value, r.identifier, r.location.line) for r in refs if r.kind.value != "package"}


def _ids(refs: list[Reference]) -> set[tuple[str, str]]:
    return {(r.kind.value, r.identifier) for r in refs if r.kind.value != "package"}


# ---- message types, routes and metric keys are Hub-shaped but list no models ----------------------------------------

def test_a_list_of_message_types_is_not_a_model_list(tmp_path: Path) -> None:
    """continue's webview pass-through list (``"history/list"``, ``"config/addModel"``, ...) was 64 Hub models: an
    array most of whose strings are Hub-shaped was a model list. A bare-word name under an unknown namespace is no
    evidence; a list of family names under publishers still is one."""
    code = ('export const PASS_THROUGH: (keyof Protocol)[] = [\n  "ping",\n  "history/list",\n  "history/delete",\n'
            '  "config/addModel",\n  "config/deleteRule",\n  "tools/call",\n  "llm/streamChat",\n];\n'
            'export const SUPPORTED = [\n  "acme/chat-7b",\n  "microsoft/phi-3",\n  "qwen/qwen3",\n  "mistralai/mistral",\n];\n')
    refs, gaps = _scan(tmp_path, {"protocol.ts": code})
    assert gaps["protocol.ts"] == []
    assert _ids(refs) == {("hf-model", "acme/chat-7b"), ("hf-model", "microsoft/phi-3"), ("hf-model", "qwen/qwen3"),
                          ("hf-model", "mistralai/mistral")}


def test_a_trainer_metrics_dict_is_not_a_model_table(tmp_path: Path) -> None:
    """axolotl logs ``{"ebft/rl_loss": ..., "ebft/ce_loss": ...}``: eight Hub-shaped keys made an anonymous model table
    (8 Hub models); the same count of real ids still makes one."""
    metrics = "\n".join(f'        "train/{name}": {i},' for i, name in enumerate(
        ("rl_loss", "ce_loss", "cfm_loss", "mean_reward", "alignment", "diversity", "num_blocks", "advantages_std")))
    models = "\n".join(f'    "acme/chat-{size}b": {size},' for size in range(1, 9))
    code = f"def step(self):\n    log_dict = {{\n{metrics}\n    }}\n    self.log(log_dict)\n\n\nSIZES = {{\n{models}\n}}\n"
    refs, _ = _scan(tmp_path, {"trainer.py": code})
    assert _ids(refs) == {("hf-model", f"acme/chat-{size}b") for size in range(1, 9)}


def test_slug_parser_fixtures_are_stand_ins(tmp_path: Path) -> None:
    """continue's slug-parser test table ``["owner-name/package-name", "owner123/package456", ...]`` was four Hub
    models: halves made only of stand-in words (owner, package, name) name no repository."""
    code = ('const slugs = [\n  "owner-name/package-name",\n  "owner.name/package.name",\n  "owner123/package456",\n'
            '  "owner_name/package_name",\n];\nconst model = "acme/package-7b";\n')
    refs, _ = _scan(tmp_path, {"slugs.test.ts": code})
    assert _ids(refs) == {("hf-model", "acme/package-7b")}


def test_route_like_keeps_family_names_and_known_publishers() -> None:
    assert route_like("history/list") and route_like("config/addModel") and route_like("train/rl_loss")
    assert not route_like("anthropic/claude")  # a family word
    assert not route_like("google/flan")  # a publisher the registry knows
    assert not route_like("acme/chat-7b") and not route_like("acme/model.v2")  # digits, hyphens, dots


# ---- a model table keyed by Hub id, values its files ----------------------------------------------------------------

def test_hub_ids_keying_a_model_table_are_read(tmp_path: Path) -> None:
    """mlx-examples' ``_MODELS = {"org/sdxl": {"unet": "unet/...safetensors", ...}}``: the keys were taken for
    display names over the ids and the second model of the table was missed; a label key is still not read."""
    code = ('from huggingface_hub import hf_hub_download\n_MODELS = {\n'
            '    "acme/sd-turbo": {"unet": "unet/diffusion.safetensors", "vae_config": "vae/config.json"},\n'
            '    "acme/sd-base": {"unet": "unet/diffusion.safetensors"},\n}\n'
            'CHAT_MODELS = {"fast": "acme/chat-1b", "llama3": {"ctx": 8192}}\n')
    refs, _ = _scan(tmp_path, {"model_io.py": code})
    found = _where(refs)
    assert ("hf-model", "acme/sd-turbo", 3) in found and ("hf-model", "acme/sd-base", 4) in found
    assert ("hf-model", "acme/chat-1b", 6) in found
    assert not any(i == "llama3" or i.startswith("llama3:") for _, i, _ in found)


# ---- training configs written as Python dicts ------------------------------------------------------------------------

def test_dataset_entries_of_a_python_training_config_are_datasets(tmp_path: Path) -> None:
    """axolotl's tests build ``DictDefault({"base_model": ..., "datasets": [{"path": "org/name", "type": ...}]})``:
    the dataset under a publisher the registry knows was a Hub model (about 60 references), as the YAML form is not."""
    code = ('from acme.utils.dict import DictDefault\n\n\ndef test_dpo():\n    cfg = DictDefault({\n'
            '        "base_model": "acme/tiny-llama",\n        "lora_alpha": 32,\n'
            '        "datasets": [\n            {"path": "Intel/orca-pairs", "type": "chatml.intel"},\n        ],\n'
            '        "test_datasets": [{"path": "acme/eval-set", "split": "test"}],\n    })\n'
            '    extra = {"path": "google/some-set", "split": "train"}\n    return cfg, extra\n')
    refs, _ = _scan(tmp_path, {"test_dpo.py": code})
    assert _where(refs) == {("hf-model", "acme/tiny-llama", 6), ("hf-dataset", "Intel/orca-pairs", 9),
                            ("hf-dataset", "acme/eval-set", 11), ("hf-dataset", "google/some-set", 13)}


def test_an_open_weights_model_under_its_developers_prefix_is_its_hub_repo(tmp_path: Path) -> None:
    """``base_model: openai/gpt-oss-20b`` (an axolotl training config) was litellm's OpenAI API model ``gpt-oss-20b``."""
    refs, _ = _scan(tmp_path, {"train.yml": "base_model: openai/gpt-oss-20b\n", "chat.yml": "model: openai/gpt-4o\n"})
    assert _ids(refs) == {("hf-model", "openai/gpt-oss-20b"), ("api-model", "gpt-4o")}
    routed = classify("openai/gpt-oss-20b", "litellm")  # a litellm slot keeps the route
    assert routed is not None and routed.kind is RefKind.API_MODEL


def test_hyperparameter_placeholders_are_no_model_slots(tmp_path: Path) -> None:
    """axolotl's RunPod config template sets every key from the environment: ``lora_alpha: ${LORA_ALPHA}``,
    ``weight_decay``, ``is_llama_derived_model``, ``wandb_log_model`` were 15 model slots."""
    config = ("base_model: ${BASE_MODEL}\nlora_alpha: ${LORA_ALPHA}\nlora_r: ${LORA_R}\nlora_dropout: ${LORA_DROPOUT}\n"
              "weight_decay: ${WEIGHT_DECAY}\nis_llama_derived_model: ${IS_LLAMA_DERIVED_MODEL}\n"
              "wandb_log_model: ${WANDB_LOG_MODEL}\nbase_model_ignore_patterns: ${BASE_MODEL_IGNORE_PATTERNS}\n"
              "resume_from_checkpoint: ${RESUME_FROM_CHECKPOINT}\nlora_on_cpu: ${LORA_ON_CPU}\n")
    refs, _ = _scan(tmp_path, {"config.yaml": config})
    assert _ids(refs) == {("model-slot", "BASE_MODEL")}


def test_a_deployment_environment_is_no_model(tmp_path: Path) -> None:
    """``github-deployment-environment: preview`` in an Actions step was GitHub Models' API model "preview"."""
    workflow = ("jobs:\n  docs:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/deploy@v1\n        with:\n"
                "          github-deployment-environment: 'preview'\n          github-deployment-description: 'Docs'\n")
    refs, _ = _scan(tmp_path, {".github/workflows/docs.yml": workflow})
    assert _ids(refs) == set()


# ---- catalogues by provider, with display labels --------------------------------------------------------------------

def test_a_table_by_provider_asks_each_provider_and_skips_display_labels(tmp_path: Path) -> None:
    """crewAI's ``{"openai": [("gpt-4.1", "GPT-4.1")], "groq": [...], "ollama": [...]}``: the label ``GPT-4.1`` was a
    second API model, Groq's ids were Hub models and Ollama's names were lost; a provider-to-provider mapping
    (``{"openai": "openai", "gemini": "gemini"}``) names no model."""
    code = ('_PROVIDER_MODELS: dict[str, list[tuple[str, str]]] = {\n'
            '    "openai": [("gpt-4.1", "GPT-4.1"), ("gpt-4o-mini", "GPT-4o mini"), ("gpt-oss", "GPT-OSS")],\n'
            '    "groq": [("meta-llama/llama-4-scout-17b-16e-instruct", "Llama 4 Scout"), ("qwen/qwen3-32b", "Qwen3 32B")],\n'
            '    "ollama": [("llama3.3", "Llama 3.3"), ("mistral", "Mistral")],\n}\n\n\n'
            'def provider_of(model):\n    mapping = {"openai": "openai", "anthropic": "anthropic", "gemini": "gemini",\n'
            '               "groq": "groq", "ollama": "ollama", "bedrock": "bedrock", "azure": "azure", "xai": "xai"}\n'
            '    return mapping.get(model.partition("/")[0])\n')
    refs, _ = _scan(tmp_path, {"menu.py": code})
    found = {(r.kind.value, r.identifier, r.provider) for r in refs}
    assert found == {("api-model", "gpt-4.1", "openai"), ("api-model", "gpt-4o-mini", "openai"),
                     ("api-model", "gpt-oss", "openai"),
                     ("api-model", "meta-llama/llama-4-scout-17b-16e-instruct", "groq"), ("api-model", "qwen/qwen3-32b", "groq"),
                     ("ollama", "llama3.3:latest", None), ("ollama", "mistral:latest", None)}


def test_a_table_by_model_type_of_module_names_is_no_provider_table(tmp_path: Path) -> None:
    """peft's ``{"mistral": ["q_proj", "k_proj", ...], "gpt2": ["c_attn"]}`` (LoRA target modules by model type): under
    a key that is also a provider's name, ``q_proj`` is no Mistral API model."""
    rows = "\n".join(f'    "{t}": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "down_proj", "up_proj"],'
                     for t in ("llama", "mistral", "mixtral", "gemma", "qwen2", "phi"))
    code = f'TARGET_MODULES_MAPPING = {{\n{rows}\n    "gpt2": ["c_attn", "c_proj"],\n}}\n'
    refs, _ = _scan(tmp_path, {"constants.py": code})
    assert not any(r.kind is RefKind.API_MODEL for r in refs)


def test_a_quantised_name_is_a_local_servers_model_not_the_providers_api() -> None:
    """LocalAI's gallery ``variants: [{model: minimax-m2.7-ud-q4-k-m}, ...]`` were MiniMax, Mistral, StepFun and Zhipu
    API models: a GGUF quantisation suffix names local weights of that family (an OpenAI-compatible server's model)."""
    for name in ("minimax-m2.7-ud-q4-k-m", "glm-4.7-flash-q8-0", "mistral-small-4-119b-2603-q6-k"):
        found = classify(name)
        assert found is not None and (found.kind, found.provider) == (RefKind.API_MODEL, "openai-compatible"), name
    for name in ("glm-4-plus", "mistral-small-latest", "qwen-max"):
        found = classify(name)
        assert found is not None and found.provider != "openai-compatible", name


# ---- scripts: a repository of a code host, a local folder ------------------------------------------------------------

def test_a_script_variable_used_as_a_github_repository_is_no_hub_id(tmp_path: Path) -> None:
    """LocalAI's ``REPO="${REPO:-owner/project}"`` read by ``gh api "repos/${REPO}"`` and ``quay_repo`` in a quay.io
    URL were Hub models; a ``REPO_ID`` handed to ``huggingface-cli download`` still is one."""
    stats = '#!/usr/bin/env bash\nREPO="${REPO:-acme/project}"\ngh api "repos/${REPO}" --jq .stargazers_count\n'
    install = '#!/bin/sh\nREPO="acme/tool"\nDL="https://github.com/${REPO}/releases/download"\n'
    cache = '#!/bin/bash\nquay_repo="${QUAY_REPO:-acme/ci-cache}"\ncurl -sS "https://quay.io/api/v1/repository/${quay_repo}/tag/x"\n'
    fetch = '#!/bin/bash\nREPO_ID="acme/tts-gguf"\nhuggingface-cli download "$REPO_ID" --local-dir models\n'
    refs, _ = _scan(tmp_path, {"stats.sh": stats, "install.sh": install, "cache.sh": cache, "fetch.sh": fetch})
    assert _ids(refs) == {("hf-model", "acme/tts-gguf")}


def test_a_snake_case_models_folder_is_no_hub_namespace(tmp_path: Path) -> None:
    """mlx-examples' whisper test: ``MLX_FP16_MODEL_PATH = "mlx_models/tiny_fp16"`` was a Hub model."""
    code = ('MLX_FP16_MODEL_PATH = "mlx_models/tiny_fp16"\nRUN_MODEL_PATH = "my_checkpoints/run1"\n'
            'DEFAULT_MODEL_PATH = "mlx-community/whisper-tiny"\n')
    refs, _ = _scan(tmp_path, {"test.py": code})
    assert _ids(refs) == {("hf-model", "mlx-community/whisper-tiny")}


# ---- Python 3.12 f-strings (PEP 701) on the 3.11 parser --------------------------------------------------------------

def test_pep701_quotes_are_lowered_line_for_line() -> None:
    assert lower_pep701('print(f"{size("./adapters")*1024:2.2f} MB")') == "print(f\"{size('./adapters')*1024:2.2f} MB\")"
    assert lower_pep701("x = f'{d['a']}'") == 'x = f\'{d["a"]}\''
    assert lower_pep701('y = f"{x!r:>{width}}" + f"{{literal}}"') is None  # nothing to lower
    assert lower_pep701('s = "f" + "g"') is None
    assert lower_pep701('z = f"{d["it\'s"]}"') is None  # the other quote inside: left alone


def test_a_pep701_module_and_notebook_cell_are_analysed(tmp_path: Path) -> None:
    """A wwdc25 notebook cell ``print(f"{get_directory_size_mb("./adapters")*1024:2.2f} MB")`` (valid on 3.12) left
    the whole notebook to the fallback scan."""
    module = ('from transformers import AutoModel\nm = AutoModel.from_pretrained("acme/chat-7b")\n'
              'print(f"{m.size("./x")} MB")\n')
    notebook = json.dumps({"cells": [
        {"cell_type": "code", "source": ["from transformers import AutoModel\n", "m = AutoModel.from_pretrained('acme/chat-8b')\n"]},
        {"cell_type": "code", "source": ["import os\n", "print(f\"{os.path.getsize(\"./adapters\")} B\")\n"]},
        {"cell_type": "code", "source": ["n = AutoModel.from_pretrained('acme/chat-9b')\n"]}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    refs, gaps = _scan(tmp_path, {"size.py": module, "demo.ipynb": notebook})
    assert gaps == {"size.py": [], "demo.ipynb": []}
    assert {("hf-model", "acme/chat-7b"), ("hf-model", "acme/chat-8b"), ("hf-model", "acme/chat-9b")} <= _ids(refs)


# ---- a model entry's model-card links --------------------------------------------------------------------------------

def test_the_hub_links_of_a_gallery_entry_name_its_models(tmp_path: Path) -> None:
    """LocalAI's gallery entries list ``urls:`` (the base model's card and the GGUF repository) beside ``files:``; 919
    base repositories named only there were missed. A link of another host, or ``urls`` of no model entry, is not read."""
    gallery = ("- name: chat-1b-q4\n  urls:\n    - https://huggingface.co/acme/Chat-1B\n    - https://github.com/acme/chat\n"
               "  overrides:\n    parameters:\n      model: llama-cpp/models/chat-1b-Q4_K_M.gguf\n"
               "  files:\n    - filename: llama-cpp/models/chat-1b-Q4_K_M.gguf\n"
               "      uri: huggingface://acme/Chat-1B-GGUF/chat-1b-Q4_K_M.gguf\n"
               "- name: docs\n  urls:\n    - https://huggingface.co/acme/Other-1B\n")
    refs, _ = _scan(tmp_path, {"gallery/index.yaml": gallery})
    assert _ids(refs) == {("hf-model", "acme/Chat-1B"), ("hf-model", "acme/Chat-1B-GGUF"),
                          ("model-file", "llama-cpp/models/chat-1b-Q4_K_M.gguf")}
