"""CycloneDX modelCard for a model: task, architecture family read from the model itself, license-driven considerations."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..models import Model, ModelFile

# License flags that constrain who may use a model or for what, in the modelCard field that says so. Flags that only
# describe the license text (osi-approved, attribution, share-alike, ...) stay with the license as properties.
FLAG_CONSIDERATIONS: dict[str, tuple[str, str]] = {
    "monthly-user-cap": ("users", "Licensees whose products exceed the license's monthly-active-user cap need a separate license from the developer."),
    "revenue-cap": ("users", "Organisations above the license's revenue threshold need a separate license from the developer."),
    "eu-restriction": ("users", "The license excludes some licensees domiciled in the European Union."),
    "registration-required": ("users", "Users must register with, or be approved by, the developer before use."),
    "research-only": ("useCases", "Research only: the license does not permit commercial use."),
    "use-restrictions": ("useCases", "Uses listed in the license's acceptable-use policy are prohibited."),
    "no-derivatives": ("useCases", "Derivative models may not be distributed."),
}
CATEGORY_CONSIDERATIONS: dict[str, tuple[str, str]] = {
    "non-commercial": ("useCases", "Non-commercial use only (license)."),
}
REMOTE_CODE = "Loading requires trust_remote_code=True: Python code from the model repository runs in the loading process."
_ARCH = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_ARCH_SUFFIX = re.compile(r"(For[A-Z][A-Za-z]*|Model|LMHeadModel)$")


def _word(value: object) -> str | None:
    return value if isinstance(value, str) and _ARCH.fullmatch(value) else None


def architecture_family(model: Model, files: Iterable[ModelFile]) -> str | None:
    """The architecture family as the model states it: config.json ``model_type`` (Hub or local folder) or GGUF
    ``general.architecture`` (``llama``, ``qwen2``, ``bert``). Never the registry family or the publishing org:
    those say who made the model, not what architecture it has. None when the model does not say."""
    extra: Mapping[str, Any] = model.extra or {}
    hub = extra.get("hub")
    candidates: list[object] = [hub.get("model_type") if isinstance(hub, Mapping) else None, extra.get("model_type")]
    for mf in files:
        meta = mf.metadata or {}
        candidates.append(meta.get("model_type"))
        arch = meta.get("architecture")
        if mf.format == "gguf":  # general.architecture is already the family name
            candidates.append(arch)
    for value in candidates:
        word = _word(value)
        if word:
            return word.lower()
    return None


def model_architecture(model: Model, files: Iterable[ModelFile]) -> str | None:
    """The architecture class (``Qwen2ForCausalLM``) from config.json ``architectures`` or model metadata."""
    extra: Mapping[str, Any] = model.extra or {}
    arch = extra.get("architecture") or extra.get("architectures")
    if isinstance(arch, (list, tuple)) and arch:
        arch = arch[0]
    if _word(arch):
        return str(arch)
    for mf in files:
        value = (mf.metadata or {}).get("architecture")
        if mf.format != "gguf" and _word(value) and _ARCH_SUFFIX.search(str(value)):
            return str(value)
    return None


def considerations(model: Model) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    notes = [FLAG_CONSIDERATIONS[f] for f in model.license.flags if f in FLAG_CONSIDERATIONS]
    if model.license.category in CATEGORY_CONSIDERATIONS and "research-only" not in model.license.flags:
        notes.append(CATEGORY_CONSIDERATIONS[model.license.category])
    if model.remote_code:
        notes.append(("technicalLimitations", REMOTE_CODE))
    for field, text in notes:
        if text not in out.setdefault(field, []):
            out[field].append(text)
    return out


def model_card(model: Model, files: Iterable[ModelFile]) -> dict[str, Any] | None:
    files = tuple(files)
    extra: Mapping[str, Any] = model.extra or {}
    hub = extra.get("hub")
    params: dict[str, Any] = {}
    task = extra.get("pipeline_tag") or extra.get("task") or (hub.get("pipeline_tag") if isinstance(hub, Mapping) else None)
    if isinstance(task, str) and task:
        params["task"] = task
    family = architecture_family(model, files)
    if family:
        params["architectureFamily"] = family
    arch = model_architecture(model, files)
    if arch:
        params["modelArchitecture"] = arch
    datasets = extra.get("datasets")
    if isinstance(datasets, (list, tuple)) and datasets:
        params["datasets"] = [{"type": "dataset", "name": str(d)} for d in datasets if d]
    notes = considerations(model)
    card: dict[str, Any] = {}
    if params:
        card["modelParameters"] = params
    if notes:
        card["considerations"] = notes
    return card or None
