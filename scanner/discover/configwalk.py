"""Walking a parsed config tree (YAML/JSON/TOML/INI): model and dataset keys, env blocks, embedded commands."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..models import RefKind
from .base import Hit
from .classify import classify, hub_file_url, remote_weights
from .envvars import hub_url_hits, variable_hits
from .names import is_model_name, is_model_url_name
from .providers import BASE_URL_KEYS, COLON_PREFIXES, LITELLM_PREFIXES, PROVIDER_KEYS, hint_for_name, provider_for_url, provider_hint
from .shell import command_hits

MODEL_KEYS = frozenset({"model", "model_name", "model_id", "model_name_or_path", "pretrained_model_name_or_path", "base_model",
                        "base_model_name_or_path", "repo_id", "embedding_model", "embed_model", "tokenizer", "tokenizer_name",
                        "tokenizer_name_or_path", "llm", "reranker", "checkpoint", "pretrained", "model_repo", "hf_model",
                        "draft_model", "reward_model", "teacher_model", "judge_model", "model_path", "models", "hf_id",
                        "hf_repo", "hf_repo_id", "hf_model_id", "hub_id", "hf_path", "model_repo_id", "model_source"})
PARENT_ID_KEYS = frozenset({"name", "id", "repo", "repo_id", "path", "model", "hf_repo", "source", "pull", "preload", "download",
                            "prefetch"})
ROLE_PARENTS = frozenset({"models", "llms", "model_roles"})  # models: {chat: ..., embed: ...}
ENTRY_KEYS = frozenset({"model", "provider", "name", "id", "model_id"})  # models: [{name, provider, model, roles: [chat]}]
PROVIDER_LIST_KEYS = frozenset({"providers"})  # promptfoo-style `providers: [openai:gpt-4o-mini, {id: ollama:chat:x}]`
DATASET_KEYS = frozenset({"dataset", "datasets", "dataset_name", "dataset_id", "train_dataset", "eval_dataset",
                          "dataset_repo", "hf_dataset", "dataset_name_or_path", "dataset_path"})  # lm-eval: load_dataset(path=)
STORAGE_KEYS = frozenset({"storageuri", "storage_uri", "storageuris", "model_uri", "modeluri", "artifact_uri", "model_artifact",
                          "model_location", "model_dir", "model_s3_path", "model_gcs_path"})  # keys that only ever hold a model
COMMAND_KEYS = frozenset({"command", "args", "entrypoint", "run", "script", "cmd", "before_script", "after_script", "commands"})
def _job(value: object) -> bool:
    """A CI job mapping (``steps``/``runs-on``/``script``): whatever the job's name, it is read."""
    return isinstance(value, dict) and any(k in value for k in ("steps", "runs-on", "script", "stage"))


SKIP_KEYS = frozenset({"image", "images", "uses", "container", "from", "services_image", "build", "labels", "annotations"})
TASK_KEYS = frozenset({"tasks", "scripts"})
ENV_KEYS = frozenset({"env", "environment", "variables", "vars", "data"})


def _collect_env(node: Any, key: str | None, env: dict[str, str]) -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            if key in ENV_KEYS and isinstance(v, str) and not str(v).startswith("$"):
                env[str(k)] = str(v)
            _collect_env(v, str(k).lower(), env)
    elif isinstance(node, list):
        for item in node:
            if key in ENV_KEYS and isinstance(item, dict) and isinstance(item.get("name"), str) and isinstance(item.get("value"), str):
                env[item["name"]] = item["value"]
            elif key in ENV_KEYS and isinstance(item, str) and "=" in item:
                k, _, v = item.partition("=")
                if not v.strip().startswith("$"):
                    env[k.strip()] = v.strip()
            _collect_env(item, key, env)


_PROVIDER_KEYS = PROVIDER_KEYS
_URL_KEYS = BASE_URL_KEYS + ("api_base", "base_url", "url", "host")
_HINT_KEYS = frozenset(_PROVIDER_KEYS + _URL_KEYS)
_COMMAND_SIBLINGS = ("entrypoint", "command", "cmd", "args", "run", "script", "before_script", "after_script", "commands")


def _hint(siblings: dict[str, Any], parent: str | None) -> tuple[str, str | None, bool]:
    """What kind of id the model keys of this mapping hold, from sibling keys (provider, base URL) and the parent key."""
    if siblings.keys().isdisjoint(_HINT_KEYS):  # (most mappings: no provider and no URL key, so only the parent counts)
        return ("litellm", None, False) if parent in ("litellm_params", "litellm_settings") else ("generic", None, False)
    provider = next((str(siblings[k]).lower() for k in _PROVIDER_KEYS if isinstance(siblings.get(k), str)), None)
    for key in _URL_KEYS:
        value = siblings.get(key)
        if isinstance(value, str) and "://" in value:
            from_url = provider_for_url(value)
            if from_url and from_url != "self-hosted":
                return "api", from_url, True
            if from_url == "self-hosted" and "ollama" in value.lower() or "11434" in str(value):
                return "ollama", None, False
    if provider:
        return provider_hint(provider)
    if parent in ("litellm_params", "litellm_settings"):
        return "litellm", None, False
    return "generic", None, False


Hint = tuple[str, "str | None", bool]
NO_HINT: Hint = ("generic", None, False)


def _walk(node: Any, key: str | None, parent: str | None, env: dict[str, str], inherited: Hint = NO_HINT) -> Iterator[Hit]:
    if isinstance(node, list):
        for item in node:
            if isinstance(item, str) and key is not None and _provider_id(key, parent, item):
                yield from _model_value(item, key, *inherited, {})  # a bare id in a mixed providers list
            yield from _walk(item, key, parent, env, inherited)
        return
    if not isinstance(node, dict):
        return
    normalised = [str(k).lower().replace("-", "_") for k in node]  # each key as compared below, computed once
    siblings = dict(zip(normalised, node.values(), strict=True))
    hint, provider, explicit = _hint(siblings, key)
    if hint == "generic":
        hint, provider, explicit = inherited
    if hint == "generic" and key is not None and (key in COLON_PREFIXES or key in LITELLM_PREFIXES):
        hint, provider, explicit = _hint({"provider": key}, None)  # ollama: {models: {pull: [...]}}, anthropic: {model: ...}
    if key in ENV_KEYS and isinstance(siblings.get("name"), str) and isinstance(siblings.get("value"), str):
        name, value = siblings["name"], siblings["value"]
        yield from env_hits(str(name), str(value), getattr(value, "line", 0), dict(env), f"{name}={value}")
        return
    if key not in ENV_KEYS and isinstance(siblings.get("name"), str) and isinstance(siblings.get("value"), str) \
            and (str(siblings["name"]).lower() in MODEL_KEYS or is_model_name(str(siblings["name"]))):
        # parameter lists: Seldon `parameters: [{name: pretrained_model, type: STRING, value: org/name}]`
        yield from _model_value(siblings["value"], str(siblings["name"]), hint, provider, explicit, siblings)
        return
    command = _command(siblings)
    if command is not None:
        text, line = command
        yield from command_hits(text, line, env)
    for k, (raw_key, value) in zip(normalised, node.items(), strict=True):
        if k in SKIP_KEYS and not (k == "container" and isinstance(value, dict)) and not _job(value):  # Argo/k8s `container:`
            continue  # (a CI job may be named ``build``: its steps are still read)
        if key in TASK_KEYS and isinstance(value, str):  # pixi `[tasks]`, pdm/hatch/poe `scripts`: name = "command line"
            yield from command_hits(str(value), getattr(value, "line", None), env)
            continue
        if k in COMMAND_KEYS:  # command lines were read above; a mapping under `args:` (Ray Serve, Helm) is config
            if isinstance(value, dict) or isinstance(value, list) and any(isinstance(v, dict) for v in value):
                yield from _walk(value, k, key, env, (hint, provider, explicit))
            continue
        if key in ENV_KEYS and k not in MODEL_KEYS and k not in DATASET_KEYS and isinstance(value, str) and value.strip() \
                and str(raw_key).isupper():
            yield from env_hits(str(raw_key), str(value), getattr(value, "line", 0), dict(env), f"{raw_key}: {value}")
            continue
        model_key = (k in MODEL_KEYS or is_model_name(str(raw_key)) or _provider_id(k, key, value)
                     or (k in PARENT_ID_KEYS and key is not None and (key in MODEL_KEYS or is_model_name(key)))
                     or (key in ROLE_PARENTS and is_model_name(f"{k}_model") and not ENTRY_KEYS & siblings.keys()
                         and parent != "services")  # compose `services: {models: {platform: linux/amd64}}`: a service
                     or (k == "name" and _names_its_model(siblings)))
        dataset_key = k in DATASET_KEYS or (k in ("path", "name", "repo", "id") and key in DATASET_KEYS)
        remote = isinstance(value, str) and "://" in str(value)[:16] and not dataset_key and (
            remote_weights(str(value).strip(), folder=model_key or k in STORAGE_KEYS or is_model_url_name(str(raw_key)))
            or hub_file_url(str(value).strip()))
        if remote:
            # s3://bucket/model.joblib under any key; a bucket folder under KServe's storageUri or a model key; a
            # weights file on the Hub (``checkpoint_downloads: {"x.safetensors": "https://huggingface.co/.../resolve/..."}``)
            yield Hit(kind=remote.kind, identifier=remote.identifier, line=getattr(value, "line", None), via=f"key:{raw_key}",
                      evidence=f"{raw_key}: {value}", confidence="medium")
        elif isinstance(value, str) and not model_key and not dataset_key and str(value)[:14].lower().startswith(("hf://", "huggingface://")):
            # a Hub URI is unambiguous under any key (KServe `storageUri: hf://org/name`, LocalAI `uri: huggingface://org/name/f.gguf`)
            found = classify(str(value).strip(), "hf")
            if found is not None:
                yield Hit(kind=found.kind, identifier=found.identifier, line=getattr(value, "line", None), via=f"key:{raw_key}",
                          evidence=f"{raw_key}: {value}")
        elif isinstance(value, str):
            if not model_key and not dataset_key and is_model_url_name(str(raw_key)):
                yield from hub_url_hits(str(value).strip(), getattr(value, "line", None), f"key:{raw_key}", f"{raw_key}: {value}")
            elif model_key:
                yield from _model_value(value, str(raw_key), hint, provider, explicit, siblings)
            elif dataset_key:
                found = classify(value, "dataset")
                if found is not None:
                    yield Hit(kind=found.kind, identifier=found.identifier, line=getattr(value, "line", None), via=f"key:{raw_key}",
                              evidence=f"{raw_key}: {value}")
        elif isinstance(value, list) and all(isinstance(v, str) for v in value) and (model_key or dataset_key):
            for item in value:
                if model_key:
                    yield from _model_value(item, str(raw_key), hint, provider, explicit, siblings)
                else:
                    found = classify(item, "dataset")
                    if found is not None:
                        yield Hit(kind=found.kind, identifier=found.identifier, line=getattr(item, "line", None), via=f"key:{raw_key}",
                                  evidence=f"{raw_key}: {item}")
        elif isinstance(value, list) and k in _CARD_KEYS and ("files" in siblings or not MODEL_KEYS.isdisjoint(siblings)):
            # a model entry's links (LocalAI gallery ``urls: [https://huggingface.co/org/base, ...]`` beside its
            # ``files``): the Hub repositories the weights come from; other links (papers, GitHub) are not read
            for item in value:
                if isinstance(item, str) and str(item).lower().startswith(_HUB_PAGES):
                    yield from hub_url_hits(str(item).strip(), getattr(item, "line", None), f"key:{raw_key}", f"{raw_key}: {item}")
        elif isinstance(value, list) and k in ENV_KEYS:
            for item in value:
                if isinstance(item, str) and "=" in item:
                    name, _, val = item.partition("=")
                    yield from env_hits(name.strip(), val, getattr(item, "line", 0), dict(env), str(item))
                else:
                    yield from _walk(item, k, key, env, (hint, provider, explicit))
        else:
            yield from _walk(value, k, key, env, (hint, provider, explicit))


_CARD_KEYS = frozenset({"urls", "links"})
_HUB_PAGES = ("https://huggingface.co/", "http://huggingface.co/", "https://hf.co/", "https://www.huggingface.co/")


def _names_its_model(siblings: dict[str, Any]) -> bool:
    """``- {name: gpt-4o, weak_model_name: gpt-4o-mini, edit_format: diff}`` (aider's model settings): ``name`` is the
    model when other keys describe models and none of the id keys is there (``{name: Chat, model: gpt-4o}``: a title)."""
    return MODEL_KEYS.isdisjoint(siblings) and not {"id", "model_id"} & siblings.keys() and any(
        k != "name" and is_model_name(k) for k in siblings)


def _provider_id(k: str, parent: str | None, value: Any) -> bool:
    """``providers: [openai:gpt-4o-mini]`` / ``providers: [{id: anthropic:messages:claude-...}]``: provider-prefixed ids only."""
    if not (k in PROVIDER_LIST_KEYS or k == "id" and parent in PROVIDER_LIST_KEYS):
        return False
    items = value if isinstance(value, list) else [value]
    return all(isinstance(v, str) and str(v).partition(":")[0].lower() in COLON_PREFIXES for v in items)


def _command(siblings: dict[str, Any]) -> tuple[str, int | None] | None:
    """The command line of a mapping: compose/k8s ``command`` + ``args``, CI ``run``/``script``."""
    if siblings.keys().isdisjoint(_COMMAND_SIBLINGS):
        return None
    parts: list[str] = []
    line: int | None = None
    for key in _COMMAND_SIBLINGS:
        value = siblings.get(key)
        if isinstance(value, str):
            parts.append(str(value) if key in ("run", "script", "commands") else str(value).replace("\n", " "))
            line = line or getattr(value, "line", None)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            if key in ("script", "before_script", "after_script", "commands", "run"):
                parts.append("\n".join(str(v) for v in value))
            else:
                parts.append(" ".join(shlex.quote(str(v)) for v in value))
            line = line or next((getattr(v, "line", None) for v in value), None)
    if not parts:
        return None
    return "\n".join(parts) if any("\n" in p for p in parts) else " ".join(parts), line


def _model_value(value: str, key: str, hint: str, provider: str | None, explicit: bool, siblings: dict[str, Any]) -> Iterator[Hit]:
    line = getattr(value, "line", None)
    stripped = str(value).strip()
    slot = re.fullmatch(r"\$\{?(\w+)(?::?-([^}]*))?\}?", stripped)
    if slot:
        if slot.group(2):
            stripped = slot.group(2)
        else:
            yield Hit(kind=RefKind.MODEL_SLOT, identifier=slot.group(1), line=line, via=f"key:{key}", evidence=f"{key}: {value}", confidence="medium")
            return
    if stripped.startswith("os.environ/"):
        return
    if stripped.startswith(("[", "{")):
        yield from embedded_json_hits(stripped, key, line, (hint, provider, explicit))
        return
    if hint == "generic":
        hint, provider = hint_for_name(key)
    found = classify(stripped, hint, provider, explicit=explicit)
    if found is None:
        return
    remote = siblings.get("trust_remote_code") in (True, "true", "True")
    revision = siblings.get("revision") if isinstance(siblings.get("revision"), str) else found.revision
    yield Hit(kind=found.kind, identifier=found.identifier, line=line, via=f"key:{key}", evidence=f"{key}: {value}",
              provider=found.provider, revision=revision, confidence=found.confidence, trust_remote_code=remote)


EMBEDDED_JSON_MAX = 64 * 1024  # a JSON document held in one string value (an env var, a Helm value) is read up to this size


def embedded_json_hits(text: str, key: str, line: int | None, inherited: Hint = NO_HINT) -> Iterator[Hit]:
    """A model slot whose value is a JSON document: chat-ui's ``MODELS=[{"id": "org/name", ...}]`` env var, set in a
    ``.env`` file, a Helm values ``envVars`` block or a Kubernetes ``env`` entry. The document is walked as config under
    that key (``models: [{id: ...}]``); its lines count from the value's. Bounded: at most ``EMBEDDED_JSON_MAX``
    characters, the node depth cap of ``located``, and a document nested in a string of it is strictly shorter."""
    import json

    from .configtree import located
    from .lines import text_lines

    if len(text) > EMBEDDED_JSON_MAX or text[-1:] not in "]}":
        return
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return
    if not isinstance(data, (dict, list)):
        return
    tree = located(data, text_lines(text))
    first = line or 1
    for hit in _walk(tree, key.lower().replace("-", "_"), None, {}, inherited):
        yield replace(hit, line=first + hit.line - 1 if hit.line else line)


def env_hits(name: str, value: str, line: int, env: dict[str, str], evidence: str, provider: str | None = None) -> Iterator[Hit]:
    """``variable_hits`` of one ``NAME=value``, and the models of a JSON document held by a model-named variable."""
    yield from variable_hits(name, value, line, env, evidence, provider)
    stripped = value.strip().strip("'\"`")
    if stripped[:1] in ("[", "{") and is_model_name(name):
        yield from embedded_json_hits(stripped, name, line)


def walk_tree(tree: Any) -> Iterator[Hit]:
    """Hits of an already parsed tree (used for YAML fences in Markdown)."""
    env: dict[str, str] = {}
    _collect_env(tree, None, env)
    yield from _walk(tree, None, None, env)
