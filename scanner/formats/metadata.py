"""Embedded model metadata normalised for the resolver (origin and lineage from the file itself).

Keys a ModelFile.metadata may carry (all optional; values are plain JSON types):
  name          str        model name as the file states it (GGUF general.name, modelspec.title)
  organization  str        publisher/developer (GGUF general.organization, modelspec.author)
  hf_repo       str        Hub repo id the file says it comes from ("org/name"), validated as a repo id
  base_models   list[str]  parent models: Hub ids where the file gives one, else names
  base_model_details list[dict]  per parent: {name, organization, hf_repo, version} as found
  architecture  str        e.g. "llama", "Qwen2ForCausalLM"
  license       str        raw license tag/name as written ("apache-2.0", "other", "llama3.1")
  license_name  str        card license_name when license is "other"
  metadata_sources list[str]  where these came from: gguf, safetensors, config.json, model-card
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..discover.ids import normalise_hf


def hf_repo(value: object) -> str | None:
    return normalise_hf(value) if isinstance(value, str) and value else None


def _text(value: object, cap: int = 200) -> str | None:
    return value.strip()[:cap] if isinstance(value, str) and value.strip() else None


def from_gguf(kv: Mapping[str, Any]) -> dict[str, Any]:
    """GGUF general.* keys -> normalised metadata."""
    out: dict[str, Any] = {"metadata_sources": ["gguf"]}
    for key, target in (
        ("general.name", "name"),
        ("general.organization", "organization"),
        ("general.architecture", "architecture"),
        ("general.license", "license"),
        ("general.license.name", "license_name"),
        ("general.finetune", "finetune"),
        ("general.basename", "basename"),
        ("general.size_label", "size_label"),
        ("general.version", "version"),
    ):
        text = _text(kv.get(key))
        if text:
            out[target] = text
    repo = hf_repo(kv.get("general.source.huggingface.repository")) or hf_repo(kv.get("general.source.repo_url")) or hf_repo(kv.get("general.url"))
    if repo:
        out["hf_repo"] = repo
    details: list[dict[str, str]] = []
    count = kv.get("general.base_model.count")
    for i in range(min(count if isinstance(count, int) else 0, 16)):
        item = {f: _text(kv.get(f"general.base_model.{i}.{f}")) for f in ("name", "organization", "version", "repo_url")}
        repo_i = hf_repo(item.pop("repo_url", None))
        entry = {k: v for k, v in item.items() if v}
        if repo_i:
            entry["hf_repo"] = repo_i
        if entry:
            details.append(entry)
    _bases(out, details)
    return out


def from_safetensors(meta: Mapping[str, str]) -> dict[str, Any]:
    """safetensors __metadata__ (string map): kept raw (bounded) plus modelspec / kohya keys normalised."""
    out: dict[str, Any] = {"metadata_sources": ["safetensors"], "safetensors_metadata": {k[:100]: v[:300] for k, v in list(meta.items())[:50]}}
    for key, target in (
        ("modelspec.title", "name"),
        ("modelspec.author", "organization"),
        ("modelspec.architecture", "architecture"),
        ("modelspec.license", "license"),
        ("license", "license"),
        ("architecture", "architecture"),
    ):
        text = _text(meta.get(key))
        if text and target not in out:
            out[target] = text
    for key in ("base_model", "modelspec.base_model", "ss_sd_model_name", "ss_base_model_version"):
        text = _text(meta.get(key))
        if text:
            _bases(out, [{"hf_repo": r} if (r := hf_repo(text)) else {"name": text}])
            break
    repo = hf_repo(meta.get("hf_repo")) or hf_repo(meta.get("source"))
    if repo:
        out["hf_repo"] = repo
    return out


def from_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """A model folder's config.json (transformers): architectures, model_type, _name_or_path."""
    out: dict[str, Any] = {"metadata_sources": ["config.json"]}
    archs = config.get("architectures")
    if isinstance(archs, list) and archs and isinstance(archs[0], str):
        out["architecture"] = archs[0][:100]
    elif _text(config.get("model_type")):
        out["architecture"] = _text(config.get("model_type"))
    if _text(config.get("model_type")):
        out["model_type"] = _text(config.get("model_type"))
    repo = hf_repo(config.get("_name_or_path"))
    if repo:
        out["hf_repo"] = repo
    if isinstance(config.get("auto_map"), dict):
        out["auto_map"] = True  # transformers would import code from the repo (trust_remote_code)
    return out


def from_card(front: Mapping[str, Any]) -> dict[str, Any]:
    """Model card (README.md) YAML front matter: license, license_name, base_model, model_name."""
    out: dict[str, Any] = {"metadata_sources": ["model-card"]}
    for key, target in (("license", "license"), ("license_name", "license_name"), ("model_name", "name")):
        text = _text(front.get(key))
        if text:
            out[target] = text
    base = front.get("base_model")
    names = [base] if isinstance(base, str) else [b for b in base if isinstance(b, str)] if isinstance(base, list) else []
    _bases(out, [{"hf_repo": r} if (r := hf_repo(n)) else {"name": n[:200]} for n in names[:16]])
    if _text(front.get("base_model_relation")):
        out["base_model_relation"] = _text(front.get("base_model_relation"))
    return out


def _bases(out: dict[str, Any], details: list[dict[str, str]]) -> None:
    if not details:
        return
    out["base_model_details"] = details
    out["base_models"] = [d.get("hf_repo") or d.get("name") or "" for d in details if d.get("hf_repo") or d.get("name")]


def merge(into: dict[str, Any], extra: Mapping[str, Any]) -> None:
    """File-embedded facts win over folder facts; sources are concatenated."""
    for key, value in extra.items():
        if key == "metadata_sources":
            into["metadata_sources"] = list(dict.fromkeys(list(into.get("metadata_sources", [])) + list(value)))
        else:
            into.setdefault(key, value)
