"""``trust_remote_code: true`` in a YAML/JSON/TOML config, flagged on its own whatever model the config names."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..models import RefKind
from .base import Hit
from .classify import classify
from .lines import text_lines

KEYS = frozenset({"trust_remote_code", "trust-remote-code", "trustremotecode"})
TRUE = frozenset({"true", "yes", "on", "1"})
MODEL_KEYS = ("model", "model_name", "model_id", "model_name_or_path", "pretrained_model_name_or_path", "base_model",
              "pretrained", "repo_id", "tokenizer", "tokenizer_name", "hf_model", "checkpoint", "model_path")
MAX_NODES = 100_000


def remote_code_hits(tree: Any, text: str) -> Iterator[Hit]:
    """One Hit per mapping that sets trust_remote_code to true; the id is a sibling model key's, else a model slot."""
    found: list[tuple[str, Any, dict[str, Any]]] = []
    _collect(tree, [], found, [MAX_NODES])
    if not found:
        return
    marked = [i + 1 for i, line in enumerate(text_lines(text)) if "trust" in line.lower() and "remote" in line.lower()]
    for index, (path, value, siblings) in enumerate(found):
        line = getattr(value, "line", None) or (marked[index] if index < len(marked) else None)
        model = next((siblings[k] for k in MODEL_KEYS if isinstance(siblings.get(k), str)), None)
        hit = classify(str(model), "hf") if model is not None else None
        evidence = f"{path or 'trust_remote_code'}: true"
        if hit is not None and hit.kind in (RefKind.HF_MODEL, RefKind.MODELSCOPE_MODEL):
            yield Hit(kind=hit.kind, identifier=hit.identifier, line=line, via="key:trust_remote_code", evidence=evidence,
                      revision=hit.revision, confidence="medium", trust_remote_code=True)
        else:
            shown = str(model) if model is not None else (path.rsplit(".", 1)[0] if "." in path else "model in this config")
            yield Hit(kind=RefKind.MODEL_SLOT, identifier=shown[:80] or "model in this config", line=line,
                      via="key:trust_remote_code", evidence=evidence, confidence="medium", trust_remote_code=True)


def _collect(node: Any, trail: list[tuple[bool, Any]], out: list[tuple[str, Any, dict[str, Any]]], budget: list[int],
             depth: int = 0) -> None:
    """Mappings that switch remote code on, with their dotted path; ``trail``: the (is key, key or index) steps to
    ``node``, spelled as a path only for a match (most config trees have none)."""
    budget[0] -= 1
    if budget[0] < 0 or depth > 60:
        return
    if isinstance(node, dict):
        siblings: dict[str, Any] | None = None
        for key, value in node.items():
            name = str(key).lower()
            if name in KEYS and _true(value):
                if siblings is None:
                    siblings = {str(k).lower().replace("-", "_"): v for k, v in node.items()}
                out.append((_path(trail, key), value, siblings))
            else:
                trail.append((True, key))
                _collect(value, trail, out, budget, depth + 1)
                trail.pop()
    elif isinstance(node, list):
        for i, item in enumerate(node):
            trail.append((False, i))
            _collect(item, trail, out, budget, depth + 1)
            trail.pop()


def _path(trail: list[tuple[bool, Any]], key: Any) -> str:
    """The path the walk used to build step by step: ``a.b[0].c`` (a key after an empty path is written alone)."""
    path = ""
    for is_key, step in [*trail, (True, key)]:
        path = (f"{path}.{step}" if path else str(step)) if is_key else f"{path}[{step}]"
    return path


def _true(value: Any) -> bool:
    return value is True or isinstance(value, str) and value.strip().strip("'\"").lower() in TRUE
