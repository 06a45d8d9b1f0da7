"""Remediation: comparable open models (task, size, license) developed in trusted countries."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..lazyre import LazyPattern
from ..models import Model, RefKind

if TYPE_CHECKING:
    from .resolver import Resolver

MAX_SUGGESTIONS = 3
_SIZE = LazyPattern(r"(?<![a-z0-9.])(?:(\d+)x)?(\d+(?:\.\d+)?)([bm])(?![a-z])", re.I)
_TASK_HINTS = (
    ("embedding", LazyPattern(r"embed|(?<![a-z])(bge|gte|e5|m3e|minilm|mpnet|rerank)", re.I)),
    ("speech", LazyPattern(r"whisper|(?<![a-z])(asr|tts)(?![a-z])|speech|paraformer|sensevoice|cosyvoice", re.I)),
    ("vision", LazyPattern(r"(?<![a-z])(vl|vlm|vision|llava|minicpm-v|internvl|cogvlm|qvq|ocr)(?![a-z])", re.I)),
    ("code", LazyPattern(r"cod(er|e|estral)|starcoder|sqlcoder", re.I)),
    ("reasoning", LazyPattern(r"(?<![a-z])(r1|qwq|reason|think|thinking|o1|o3)(?![a-z])", re.I)),
)


# Size classes (parameters in billions, total for MoE), documented in rules/registry/alternatives.yaml. An
# alternative is offered only in the model's size class or the next one (a 1T MoE is not replaced by a 3B model).
SIZE_CLASSES: tuple[tuple[str, float], ...] = (("tiny", 1.0), ("small", 4.0), ("medium", 20.0), ("large", 100.0), ("frontier", math.inf))


HOSTED_DEFAULT_B = 100.0  # an API model of unknown size: frontier class (offered large and frontier alternatives)
HOSTED_LIGHT_B = 20.0  # ... unless its name marks a light tier: large class (medium to frontier offered)
_LIGHT = LazyPattern(r"(?<![a-z])(mini|small|lite|light|turbo|flash|nano|tiny|haiku|air)(?![a-z])", re.I)


def size_class(params_b: float) -> str:
    return next(name for name, upper in SIZE_CLASSES if params_b < upper)


def _class_index(params_b: float) -> int:
    """Position of ``size_class(params_b)`` in SIZE_CLASSES."""
    return next(i for i, (_, upper) in enumerate(SIZE_CLASSES) if params_b < upper)


def model_size(resolver: Resolver, model: Model) -> float | None:
    """Parameters of ``model``: from its name (``7B``, ``8x22B``), else the registry's ``model_sizes`` (names that
    do not say, such as ``deepseek-chat`` or ``Kimi-K2-Instruct``); None when neither knows."""
    size = size_of(model.id.rsplit("/", 1)[-1])
    if size is not None:
        return size
    for entry in resolver.registry.model_sizes:
        if any(p.search(model.id) for p in entry.patterns):
            return entry.params_b
    if model.kind is RefKind.API_MODEL:  # hosted APIs serve their providers' large models; "lite" names, mid-size ones
        return HOSTED_LIGHT_B if _LIGHT.search(model.id) else HOSTED_DEFAULT_B
    return None


_LLM_KINDS = frozenset({RefKind.HF_MODEL, RefKind.MODELSCOPE_MODEL, RefKind.OLLAMA, RefKind.API_MODEL})


def task_of(model: Model, default: str) -> str:
    for task, pattern in _TASK_HINTS:
        if pattern.search(model.id):
            return task
    return default


def size_of(text: str) -> float | None:
    """Parameters in billions read from a name (``7B``, ``1.5b``, ``8x7B``, ``335M``); the first size wins."""
    m = _SIZE.search(text)
    if not m:
        return None
    experts = int(m.group(1)) if m.group(1) else 1
    value = float(m.group(2)) * experts
    return value / 1000 if m.group(3).lower() == "m" else value


def suggest(resolver: Resolver, model: Model, trusted: Sequence[str], concern: Sequence[str]) -> list[dict[str, object]]:
    """Up to three alternatives: same task, closest size, developer and base both trusted (or at least not of concern)."""
    reg = resolver.registry
    fam = reg.family(model.family) if model.family else None
    # An unknown family is an LLM's only where LLMs are what the reference names (a Hub repo, an Ollama tag, an API
    # model); a weights file or a torch.hub repository of unknown family could be anything (a VAD, a detector)
    default = fam.task if fam else "chat" if model.kind in _LLM_KINDS else None
    task = task_of(model, default) if default else task_of(model, "")
    if not task:
        return []
    size = model_size(resolver, model)
    tasks = (task, "chat") if task == "reasoning" else (task,)
    key = (tasks, size, tuple(trusted), tuple(concern))
    cache = resolver.suggest_cache
    if key not in cache:  # the ranking depends on nothing else; the model itself is left out below
        cache[key] = _ranked(resolver, tasks, size, trusted, concern)
    own = model.id.lower()
    return [dict(item) for model_id, item in cache[key] if model_id.lower() != own][:MAX_SUGGESTIONS]


def _ranked(resolver: Resolver, tasks: tuple[str, ...], size: float | None, trusted: Sequence[str],
            concern: Sequence[str]) -> list[tuple[str, dict[str, object]]]:
    """Every acceptable alternative for a task and size, best first (one per model id: the first listed that passes).

    Leaving the model being replaced out afterwards gives what leaving it out during the walk gave: all its entries
    share its id, so they only ever took their own place in ``seen``."""
    from .schema import TASK_MODALITY

    reg = resolver.registry
    modality = TASK_MODALITY.get(tasks[0], "text")
    scored: list[tuple[float, int, str, dict[str, object]]] = []
    seen: set[str] = set()
    concern_set, trusted_set = set(concern), set(trusted)
    size_index = _class_index(size) if size is not None else None
    for alt in reg.alternatives:
        if alt.task not in tasks or alt.modality != modality or alt.model in seen:
            continue
        if size_index is not None and abs(_class_index(alt.params_b) - size_index) > 1:
            continue
        candidate = _offline(resolver, alt.model)
        countries = {candidate.origin.country, candidate.base.country}
        if None in countries or countries & concern_set or (trusted and not countries <= trusted_set):
            continue
        seen.add(alt.model)
        lic = resolver.license(alt.license)
        distance = abs(math.log(alt.params_b / size)) if size else 0.0  # unknown size: no size preference
        rank = (distance, 0 if lic.category == "permissive" else 1, alt.model)
        scored.append((*rank, {"model": alt.model, "developer": candidate.origin.developer, "country": candidate.origin.country,
                               "base_country": candidate.base.country, "task": alt.task, "modality": alt.modality, "params_b": alt.params_b,
                               "size_class": size_class(alt.params_b),
                               "license": lic.spdx or lic.name or alt.license, "license_category": lic.category}))
    scored.sort(key=lambda t: t[:3])
    return [(str(item["model"]), item) for *_, item in scored]


def _offline(resolver: Resolver, model_id: str) -> Model:
    """Offline answer for a candidate, cached on the resolver (the catalogue is resolved once per scan)."""
    from .kinds import resolve_hf

    cache = resolver.candidate_cache
    if model_id not in cache:
        cache[model_id] = resolve_hf(resolver.registry, Model(id=model_id, kind=RefKind.HF_MODEL), [])
    return cache[model_id]


def alternatives_for(resolver: Resolver, model: Model, trusted_countries: Sequence[str]) -> list[dict[str, object]]:
    """Public entry point for policy/report code: suggestions for ``model`` restricted to ``trusted_countries``."""
    return resolver.alternatives_for(model, trusted_countries)
