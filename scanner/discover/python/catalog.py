"""Model catalogues in Python (registry calls, menus, support tables), told apart from code by their shape.

A catalogue lists what a project *can* load on request; code names what it *does* load. The shapes:
- a registry call: ``register_model_group(models={...})``, ``register_model_info([...], ...)``, ``add_model(...)``;
- a collection literal holding at least ``MIN_IDS`` model ids (``{"Qwen2-7B": {DownloadSource.DEFAULT: "Qwen/Qwen2-7B"}}``);
- a collection literal of at least ``MIN_NAMED`` ids bound to a catalogue-like name (``SUPPORTED_MODELS``,
  ``model_path_map``, ``OPENAI_MODELS``, ``MODEL_CHOICES``), or anywhere in a module whose name says it is a model
  registry (``model_registry.py``, ``mapper.py``, ``supported_models.py``).
Every model id inside such a span is reported with context ``catalog``; ids the analyser already reported there
change context. Values under a ModelScope/OpenMind key of a download-source table are read as those hubs' ids.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ...models import Context, RefKind
from ...records import record
from ..base import Hit, line_at
from ..classify import Found, classify, family_name, names_a_location, route_like
from ..names import is_model_name
from ..orgs import known_org
from ..providers import provider_hint
from .astwalk import Nodes, bfs, node_types_outside
from .textgate import folded, search_from

MIN_IDS = 8  # a literal naming this many models is a table, whatever it is called
MIN_NAMED = 3  # ... or this many, bound to a name that says it lists models
MAX_NODES = 200_000  # AST nodes visited per file
MAX_TEXT = 2_000_000  # characters of source given to the text check
REGISTRY_CALL = re.compile(r"^(register|add)_(\w+_)?(models?|llms?|model_group|model_info|model_family|model_spec|family)(_\w+)?$", re.I)
_CATALOG_NAME = re.compile(
    r"(?i)(models|llms|checkpoints|model_ids|model_names)$|(models?|llms?|checkpoints?)_?(list|map|mapping|names|registry|catalog|"
    r"table|menu|choices|path_map|archive_map|info|infos|dict|ids|zoo|options|aliases)$|^(supported|available|known|all|registered)_"
)
_MODEL_KINDS = frozenset({RefKind.HF_MODEL, RefKind.MODELSCOPE_MODEL, RefKind.OLLAMA, RefKind.API_MODEL})


@record(frozen=True, slots=True)
class Span:
    """Lines ``first``..``last`` of a catalogue, and what made it one."""

    first: int
    last: int
    why: str


def catalog_name(name: str) -> bool:
    """``SUPPORTED_MODELS``, ``model_path_map``, ``OPENAI_MODELS``, ``MODEL_CHOICES``: a name for a list of models."""
    base = name.rsplit(".", 1)[-1].strip("_")
    return bool(_CATALOG_NAME.search(base)) and ("model" in base.lower() or "llm" in base.lower() or "checkpoint" in base.lower())


# A module whose name says it holds the model list (``model_registry.py``, ``supported_models.py``, ``mapper.py``):
# an anonymous table in it needs only ``MIN_NAMED`` ids.
CATALOG_MODULE = re.compile(r"(?i)^(\w*_)?(registry|registries|catalog|catalogue|zoo|mapper|model_list|models_list|"
                            r"supported_models|model_info|model_infos|model_map|model_names)\.py$")


# Quoted strings shaped like a model id (org/name, or a name starting like a model family): a file with fewer
# than MIN_NAMED of them, and no registry call, holds no catalogue and is not walked.
_CANDIDATE = re.compile(r"""(?i)['"](?:[a-z0-9][\w.-]{0,95}/[\w.-]{1,96}|(?:gpt|chatgpt|o[134]|claude|gemini|gemma|qwen|qwq|"""
                        r"""deepseek|glm|llama|mistral|mixtral|codestral|command|grok|kimi|moonshot|ernie|doubao|hunyuan|yi-|"""
                        r"""phi|text-embedding|whisper|bge|e5-|gte-|bert|t5-|baichuan|internlm|minicpm|falcon|starcoder)"""
                        r"""[\w.:-]{0,80})['"]""")
_CANDIDATE_FOLDED = re.compile(_CANDIDATE.pattern.replace("(?i)", "", 1))
_REGISTRY_TEXT = re.compile(r"\b(?:register|add)_\w*(?:model|llm|family)\w*\s*\(", re.I)


def worth_walking(text: str) -> bool:
    """Cheap text check before the AST walk: a registry call, or at least ``MIN_NAMED`` id-shaped strings."""
    if len(text) > MAX_TEXT:
        return False  # a multi-megabyte module is generated code; its regex pass would eat the per-file time budget
    lowered = folded(text)
    if search_from(_REGISTRY_TEXT, text, lowered, ("register_", "add_")):
        return True
    count = 0
    # On the folded text the pattern without IGNORECASE matches at the same places (textgate; \w, '.', '-', ':' and
    # quotes are kept by lowering), and a case-sensitive scan is faster.
    for _ in _CANDIDATE.finditer(text) if lowered is None else _CANDIDATE_FOLDED.finditer(lowered):
        count += 1
        if count >= MIN_NAMED:
            return True
    return False


def find_catalogs(tree: ast.Module, *, module_role: bool = False, nodes: Nodes | None = None) -> tuple[list[Span], list[Hit]]:
    """Catalogue spans of a module and the model ids inside them (``module_role``: the file is a model registry;
    ``nodes``: the module's shared walk)."""
    anonymous = MIN_NAMED if module_role else MIN_IDS
    spans: list[Span] = []
    hits: list[Hit] = []
    budget = [MAX_NODES]
    taken: set[int] = set()
    skip = _NOT_CATALOG
    for node in nodes.all() if nodes is not None and nodes.tree is tree else bfs(tree):  # = _walk(tree, budget), inline
        budget[0] -= 1
        if budget[0] < 0:
            break
        if type(node) in skip:
            continue  # (exact: such a node is none of the shapes below)
        span: Span | None = None
        if isinstance(node, ast.Call):
            callee = _last_name(node.func)
            if callee and REGISTRY_CALL.match(callee):
                found = _ids(node, budget, taken)
                if found:
                    span = Span(node.lineno, node.end_lineno or node.lineno, f"call:{callee}")
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, (ast.Dict, ast.List, ast.Tuple, ast.Set)) \
                and id(node.value) not in taken:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [n for n in (_last_name(t) for t in targets) if n]
            if any("dataset" in n.lower() and not catalog_name(n) for n in names):  # dataset_collection = {"vtab": [...]}
                for inner in bfs(node.value):  # datasets, not models: no part of it is a model table either
                    budget[0] -= 1
                    if budget[0] < 0:
                        break
                    taken.add(id(inner))
                continue
            named = any(catalog_name(n) for n in names)
            found = _ids(node.value, budget, taken, MIN_NAMED if named else anonymous)
            if _distinct(found, named) >= (MIN_NAMED if named else anonymous):
                span = Span(node.value.lineno, node.value.end_lineno or node.value.lineno, f"name:{names[0] if names else 'table'}")
        elif isinstance(node, (ast.Dict, ast.List, ast.Tuple, ast.Set)) and id(node) not in taken:
            found = _ids(node, budget, taken, anonymous)
            if _distinct(found, False) >= anonymous:
                span = Span(node.lineno, node.end_lineno or node.lineno, "table")
        if span is None or any(s.first <= span.first and span.last <= s.last for s in spans):
            continue
        spans.append(span)
        for line, item in found:
            hits.append(Hit(kind=item.kind, identifier=item.identifier, line=line, via=f"catalog:{span.why}", provider=item.provider,
                            revision=item.revision, confidence="medium", context=Context.CATALOG))
    return spans, hits


def _distinct(found: list[tuple[int, Found]], named: bool) -> int:
    """How many distinct ids make the table a catalogue: under a name that says it lists models, every id; in an
    anonymous table, not the route- and metric-shaped ones (``{"train/rl_loss": ..., "train/ce_loss": ...}``: a
    metrics dict logged by a trainer, Hub-shaped but no evidence of a model table)."""
    if named:
        return len({f.identifier for _, f in found})
    return len({f.identifier for _, f in found if f.kind is not RefKind.HF_MODEL or not route_like(f.identifier)})


_NOT_CATALOG = node_types_outside(ast.Call, ast.Assign, ast.AnnAssign, ast.Dict, ast.List, ast.Tuple, ast.Set)


def in_span(spans: list[Span], line: int | None) -> bool:
    return line is not None and any(s.first <= line <= s.last for s in spans)


def with_evidence(hits: list[Hit], text: str) -> Iterator[Hit]:
    from dataclasses import replace

    for hit in hits:
        yield replace(hit, evidence=line_at(text, hit.line))


def _last_name(node: ast.expr) -> str:
    """``f`` / ``obj.f`` -> ``f`` (a callee or an assignment target); anything else -> ""."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _ids(node: ast.AST, budget: list[int], taken: set[int], need: int = 1) -> list[tuple[int, Found]]:
    """Model ids among the string constants under ``node`` (dict values under a ModelScope key as ModelScope ids).
    Everything under ``node`` is marked ``taken``: a part of a collection never holds more ids than the whole. Fewer
    than ``need`` strings: nothing is classified (most literals of a file are small keyword dicts)."""
    hints: dict[int, str] = {}
    strings: list[ast.Constant] = []
    for inner in bfs(node):  # = _walk(node, budget), inline
        budget[0] -= 1
        if budget[0] < 0:
            break
        taken.add(id(inner))
        inherited = hints.get(id(inner), "")
        if isinstance(inner, (ast.List, ast.Tuple, ast.Set)):
            _labels(inner, hints)
            if inherited.startswith(_PROVIDER):
                for elt in inner.elts:
                    hints.setdefault(id(elt), inherited)
        if isinstance(inner, ast.Dict):
            for key, value in zip(inner.keys, inner.values, strict=True):
                hub = _hub_key(key) or (_provider_key(key) if isinstance(value, (ast.List, ast.Tuple, ast.Set, ast.Dict)) else None)
                if inherited.startswith(_PROVIDER) and value is not None:
                    hints.setdefault(id(value), inherited)
                if hub and value is not None:
                    hints[id(value)] = hub
                if key is not None and isinstance(value, ast.Dict) and not (
                        isinstance(key, ast.Constant) and isinstance(key.value, str) and "/" in key.value):
                    # "Qwen2-7B-Chat": {source: "Qwen/..."}: a display name over the ids; a Hub id over its files
                    # ("org/name": {"unet": "unet/x.safetensors"}) is the id
                    hints[id(key)] = "skip"
                elif file_label(key, value):
                    hints[id(key)] = "skip"
        elif isinstance(inner, ast.Call):
            for kw in inner.keywords:  # register_model_group(..., template="hunyuan"): options, not ids
                if isinstance(kw.value, ast.Constant) and not (kw.arg and is_model_name(kw.arg)):
                    hints[id(kw.value)] = "skip"
            for arg in inner.args:  # register_model_info([...ids], "GPT-4o", link, text): a display name; a link is kept
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and "://" not in arg.value:
                    hints[id(arg)] = "skip"
        elif isinstance(inner, ast.Constant) and isinstance(inner.value, str) and 2 < len(inner.value) <= 200:
            strings.append(inner)
    if len(strings) < need:
        return []
    out: list[tuple[int, Found]] = []
    for const in strings:
        hint = hints.get(id(const), "generic")
        if hint == "skip":
            continue
        if hint.startswith(_PROVIDER):
            shape, provider, _ = provider_hint(hint[len(_PROVIDER):])
            text = str(const.value)
            if text.lower() == hint[len(_PROVIDER):] or shape == "api" and provider_hint(text)[0] != "generic":
                continue  # {"groq": ["groq", "openai"]}: providers' names, no model (under ollama, "mistral" is a tag)
            if classify(text, "generic") is None and not family_name(text):
                continue  # {"mistral": ["q_proj", "v_proj"]}: a model type's LoRA target modules, not Mistral's models
            found = classify(text, shape, provider)
        else:
            found = classify(str(const.value), hint)
        if found is not None and found.kind in _MODEL_KINDS:
            out.append((const.lineno, found))
    return out


_PROVIDER = "provider:"


def file_label(key: ast.expr | None, value: ast.expr | None) -> bool:
    """``"ViT-B/32": "https://.../ViT-B-32.pt"``, ``"COCO-Detection/faster_rcnn_R_50_C4_1x": "137257644/model_final.pkl"``:
    a key over where a file is (a URL, a deeper path, a weights file) labels that file; it is a Hub id only under a
    namespace the registry knows (``{"org/name": "model.safetensors"}``: a repository and its file)."""
    return isinstance(key, ast.Constant) and isinstance(key.value, str) and "/" in key.value \
        and isinstance(value, ast.Constant) and isinstance(value.value, str) and names_a_location(value.value) \
        and not known_org(key.value)


def _provider_key(key: ast.expr | None) -> str | None:
    """``{"groq": [...], "ollama": [...]}``: a table by provider; the ids under a key are asked of that provider
    (``meta-llama/llama-4-scout-17b`` listed under groq is Groq's API model, ``llama3.3`` under ollama a tag)."""
    if not (isinstance(key, ast.Constant) and isinstance(key.value, str)) or len(key.value) > 40:
        return None
    hint, provider, _ = provider_hint(key.value)
    if hint == "ollama" or hint == "api" and provider:
        return _PROVIDER + key.value.lower()
    return None


def _labels(node: ast.List | ast.Tuple | ast.Set, hints: dict[int, str]) -> None:
    """``("gpt-4.1", "GPT-4.1")``: the id and its display label in one entry; the label (the same name in other
    letter case) is not a second id."""
    if not isinstance(node, ast.Tuple) or len(node.elts) > 4:
        return
    texts = [(e, e.value) for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    lowered = {text for _, text in texts if text == text.lower()}
    for e, text in texts:
        if text != text.lower() and text.lower() in lowered:
            hints[id(e)] = "skip"


def _hub_key(key: ast.expr | None) -> str | None:
    """``DownloadSource.DEFAULT``/``MODELSCOPE`` (or ``"hf"``/``"modelscope"``) keys name the hub of the value;
    OpenMind/Modelers ids are skipped."""
    text = ""
    if isinstance(key, ast.Attribute):
        text = key.attr
    elif isinstance(key, ast.Constant) and isinstance(key.value, str):
        text = key.value
    lowered = text.lower()
    if lowered in ("default", "hf", "huggingface", "hugging_face", "hub"):
        return "hf"  # DownloadSource.DEFAULT: "openai/gpt-oss-20b" is a Hub repo, not litellm's spelling of an API model
    if lowered in ("modelscope", "ms") or "modelscope" in lowered:
        return "modelscope"
    if lowered in ("openmind", "om", "modelers") or "openmind" in lowered:
        return "skip"
    return None
