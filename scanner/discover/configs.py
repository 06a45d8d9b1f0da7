"""Config files (YAML, JSON, TOML, INI, .env), including compose, Kubernetes, Helm and CI files, and model folders."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from posixpath import dirname
from typing import Any

from ..models import Context, Reference, RefKind
from .base import Hit, SourceFile, hit_reference
from .classify import classify
from .configtree import LStr, load_tree
from .configtrust import remote_code_hits
from .configwalk import env_hits, walk_tree
from .lines import text_lines
from .providers import provider_for_url

SKIP_NAMES = frozenset({"package.json", "package-lock.json", "tsconfig.json", "tokenizer.json", "tokenizer_config.json",
                        "vocab.json", "special_tokens_map.json", "composer.json", "renovate.json", "generation_config.json",
                        "preprocessor_config.json", "pyproject.toml", "setup.cfg", "pipfile.lock", "environment.yml",
                        "environment.yaml", "uv.lock", "poetry.lock", "pdm.lock", ".pre-commit-config.yaml",
                        "mypy.ini", ".flake8", "pytest.ini", "model.safetensors.index.json", "added_tokens.json",
                        "merges.txt", "deepspeed.json", "ds_config.json", "cargo.toml", "pylock.toml", "labels.yaml",
                        "pnpm-lock.yaml", "libs.versions.toml", "npm-shrinkwrap.json", "deno.lock", "composer.lock"})
SUFFIXES = (".yaml", ".yml", ".json", ".jsonc", ".toml", ".ini", ".cfg", ".conf", ".env", ".properties")
PREFILTER = re.compile(rb"model|dataset|command|args|entrypoint|run|ollama|llm|embed|checkpoint|repo|script|env|hf_|hub_id|"
                       rb"lora|vae|adapter|ckpt|deployment|\.safetensors|\.gguf|trust.remote.code")


def is_env_file(name: str) -> bool:
    return name == ".env" or name.startswith(".env.") or name.endswith(".env")


class ConfigDetector:
    """Keys that name models or datasets, env-var forms, and commands embedded in YAML/JSON/TOML/INI/.env."""

    name = "config"

    def wants(self, src: SourceFile) -> bool:
        name = src.name.lower()
        return (src.suffix in SUFFIXES or is_env_file(name)) and name not in SKIP_NAMES

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        if not PREFILTER.search(src.lowered):  # lower-case pattern over lowered bytes = (?i) over the bytes
            return ()
        problems: list[str] = []
        hits = list(config_hits(src.name, src.text, src.relpath, problems))
        if problems:
            kind = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".jsonc": "json", ".toml": "toml"}.get(src.suffix, "config")
            src.gaps.append((f"invalid-{kind}", problems[0]))
        if src.context is Context.CONFIG and not is_env_file(src.name.lower()):
            hits = catalog_file(hits)
        return [hit_reference(src, h, self.name) for h in hits]


CATALOG_MIN_IDS = 8  # a YAML/JSON/TOML document naming this many models is a catalogue (what can be loaded on request)
_CATALOG_KINDS = frozenset({RefKind.HF_MODEL, RefKind.MODELSCOPE_MODEL, RefKind.OLLAMA, RefKind.API_MODEL})


def catalog_file(hits: list[Hit]) -> list[Hit]:
    """A config document listing at least ``CATALOG_MIN_IDS`` distinct models (Xinference's llm_family.json, RAGFlow's
    llm_factories.json, a model zoo YAML) is a catalogue: its model references take context ``catalog``."""
    distinct = {(h.kind, h.identifier) for h in hits if h.kind in _CATALOG_KINDS}
    if len(distinct) < CATALOG_MIN_IDS:
        return hits
    return [replace(h, context=Context.CATALOG) if h.kind in _CATALOG_KINDS else h for h in hits]


def config_hits(name: str, text: str, relpath: str = "", problems: list[str] | None = None) -> Iterator[Hit]:
    """Hits of one config document (``name`` picks the format)."""
    lowered = name.lower()
    if is_env_file(lowered) or lowered.endswith(".properties"):
        yield from _env_file(text, dotenv=is_env_file(lowered))
        return
    tree = load_tree(lowered, text, problems)
    if tree is None:
        return
    if lowered.endswith(".json") and isinstance(tree, dict) and ("architectures" in tree or "model_type" in tree):
        yield from _model_folder(tree, relpath)
        return
    walked = list(walk_tree(tree))
    if lowered.endswith((".yaml", ".yml")):
        walked.extend(_configmap_files(tree))
    yield from walked
    flagged = {h.identifier for h in walked if h.trust_remote_code}
    yield from (h for h in remote_code_hits(tree, text) if h.identifier not in flagged)


_EMBEDDED_FILE = (".yaml", ".yml", ".json")


def _configmap_files(tree: Any) -> Iterator[Hit]:
    """The config files a Kubernetes ConfigMap carries (``data: {config.yaml: |...}``): a LiteLLM proxy's
    ``model_list``, a vLLM LoRA manager's ``defaultBaseModel``, a router's models. The walk sees one string there; each
    value under a key named like a YAML/JSON file is parsed and walked as the document it is, its lines counted from
    the value's. One level only: a ConfigMap inside a carried file is not opened again (no recursion on the tree's
    say), and each parse has load_tree's node and depth caps."""
    for doc in tree if isinstance(tree, list) else [tree]:
        if not isinstance(doc, dict) or doc.get("kind") != "ConfigMap" or not isinstance(doc.get("data"), dict):
            continue
        for key, value in doc["data"].items():
            if not isinstance(value, str) or not key.lower().endswith(_EMBEDDED_FILE) or not PREFILTER.search(value.lower().encode()):
                continue
            inner = load_tree(key.lower(), str(value))
            if inner is None:
                continue
            first = getattr(value, "line", None) or 1
            for hit in walk_tree(inner):
                yield replace(hit, line=first + hit.line - 1 if hit.line else first)


DOTENV_MAX = 64 * 1024  # python-dotenv's parser costs ~2.5 s/MB; a larger ".env" is read one ``name=value`` a line


def _env_file(text: str, *, dotenv: bool = True) -> Iterator[Hit]:
    env: dict[str, str] = {}
    pairs = _dotenv_pairs(text) if dotenv and len(text) <= DOTENV_MAX else None
    if pairs is None:  # .properties (or a parser failure): one ``name=value`` a line
        pairs = []
        for number, raw in enumerate(text_lines(text), start=1):
            line = raw.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            name, _, value = line.removeprefix("export ").partition("=")
            pairs.append((number, line, name.strip(), value))
    providers = _base_url_providers((name, value) for _, _, name, value in pairs)
    for number, line, name, value in pairs:
        yield from env_hits(name, value, number, env, line, providers.get(name.split("_", 1)[0].upper()))


def _dotenv_pairs(text: str) -> list[tuple[int, str, str, str]] | None:
    """(line, evidence, name, value) of a ``.env`` file through python-dotenv's parser (the one ``dotenv_values`` uses):
    quotes, ``export``, multi-line values and a ``# comment`` after a value as dotenv reads them; no interpolation."""
    import io

    from dotenv.parser import parse_stream  # imported only when a .env file is read

    pairs: list[tuple[int, str, str, str]] = []
    starts: list[int] | None = None
    try:
        for binding in parse_stream(io.StringIO(text)):
            if binding.key is None or binding.value is None or binding.error:
                continue
            evidence = binding.original.string.strip().splitlines()[0] if binding.original.string.strip() else binding.key
            value = binding.value
            if value.startswith("`"):
                if starts is None:
                    starts = _line_starts(text)
                value = _backtick_value(text, starts, binding.original.line, value)
            pairs.append((binding.original.line, evidence, binding.key, value))
    except Exception:  # noqa: BLE001 - a third-party parser on untrusted text: fall back to the line reader
        return None
    return pairs


def _line_starts(text: str) -> list[int]:
    starts, at = [0], text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def _backtick_value(text: str, starts: list[int], line: int, value: str) -> str:
    """A value quoted with backticks, as Node's dotenv reads them (chat-ui documents ``MODELS=`[ ... ]``` over many
    lines): python-dotenv keeps the opening backtick and drops the lines up to the closing one, which hid every model
    of the list. The text between the backtick after ``=`` and the next backtick is the value (one ``find`` each); with
    no closing backtick the value stays as python-dotenv read it. Linear over a file: a search for the closing backtick
    stops at the latest at the next value that starts with one."""
    if len(value) > 1 and value.endswith("`"):
        return value[1:-1]
    if not 0 < line <= len(starts):
        return value
    begin = starts[line - 1]
    equals = text.find("=", begin)
    opening = text.find("`", equals) if equals >= 0 else -1
    closing = text.find("`", opening + 1) if opening >= 0 else -1
    return text[opening + 1:closing] if closing > opening >= 0 else value


_BASE_VAR = re.compile(r"(?i)(BASE_URL|API_BASE|BASE|ENDPOINT|API_URL)$")


def _base_url_providers(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Variable-name prefix -> provider of a base URL set in the same file (``OPENAI_API_BASE=https://api.groq.com/...``
    makes ``OPENAI_MODEL_NAME`` a Groq model); a prefix with two different providers gets none."""
    out: dict[str, str] = {}
    clashes: set[str] = set()
    for name, value in pairs:
        raw = value.strip().strip("'\"")
        if not _BASE_VAR.search(name) or "://" not in raw:
            continue
        found = provider_for_url(raw)
        if found is None or found == "self-hosted":
            continue
        prefix = name.split("_", 1)[0].upper()
        if out.get(prefix, found) != found:
            clashes.add(prefix)
        out[prefix] = found
    return {k: v for k, v in out.items() if k not in clashes}


def _model_folder(tree: dict[str, Any], relpath: str) -> Iterator[Hit]:
    """A Transformers ``config.json``: the folder is a local model; ``_name_or_path`` names where it came from."""
    folder = dirname(relpath) or "."
    yield Hit(kind=RefKind.MODEL_FILE, identifier=folder, line=1, via="model-folder", evidence=f"{folder}/config.json",
              context=Context.CONFIG)
    origin = tree.get("_name_or_path")
    if isinstance(origin, str):
        found = classify(origin, "generic")
        if found is not None and found.kind is RefKind.HF_MODEL:
            yield Hit(kind=found.kind, identifier=found.identifier, line=getattr(origin, "line", None), via="model-folder:_name_or_path",
                      evidence=f'"_name_or_path": "{origin}"', confidence="medium")



_ = LStr  # re-exported for callers that build trees themselves
