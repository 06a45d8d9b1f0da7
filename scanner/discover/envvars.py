"""``NAME=value`` assignments (shell, Makefile, Dockerfile ENV, .env, config env blocks): values remembered, model slots reported."""

from __future__ import annotations

from collections.abc import Iterator

from ..models import RefKind
from .base import Hit
from .classify import classify, remote_weights
from .names import is_model_name, is_model_url_name
from .providers import HOSTING_PROVIDERS, hint_for_name
from .shell import expand


def variable_hits(name: str, value: str, line: int, env: dict[str, str], evidence: str, provider: str | None = None) -> Iterator[Hit]:
    """``NAME=value``: remember the value; report it when the name is a model slot (``MODEL_ID``, ``EMBEDDING_MODEL``)."""
    expanded, unknown = expand(_unquote(value), env)
    if not unknown:
        env[name] = expanded
    if not is_model_name(name):
        if is_model_url_name(name) and not unknown:
            yield from hub_url_hits(expanded, line, f"var:{name}", evidence)
        return
    if unknown:
        if expanded.strip() == f"${{{unknown[0]}}}" and is_model_name(unknown[0]):
            yield Hit(kind=RefKind.MODEL_SLOT, identifier=unknown[0], line=line, via=f"var:{name}", evidence=evidence, confidence="medium")
        return
    hint, named = hint_for_name(name)
    found = classify(expanded, hint, named)
    if provider is not None and hint in ("generic", "api") and (provider in HOSTING_PROVIDERS or found is None or found.kind is not RefKind.HF_MODEL):
        # OPENAI_API_BASE=https://api.groq.com/... next to OPENAI_MODEL_NAME: the base URL of the same prefix decides;
        # a Hub id next to a provider that does not host Hub models stays a Hub id (SUPPORT_EMBED_MODEL_NAME)
        found = classify(expanded, "ollama" if provider == "ollama" else "api", provider, explicit=True) or found
    if found is not None:
        yield Hit(kind=found.kind, identifier=found.identifier, line=line, via=f"var:{name}", evidence=evidence,
                  provider=found.provider, revision=found.revision, confidence="medium")


def hub_url_hits(value: str, line: int | None, via: str, evidence: str) -> Iterator[Hit]:
    """The value of a model-URL slot (``modelURL``, ``MODEL_URL``): a Hub id or Hub URL, or the URL of a weights file
    (``https://.../yolov8n.onnx``, ``s3://bucket/model.pkl``); an endpoint, another download or a local path is not
    read as a model there."""
    found = classify(value, "hf")
    if found is None or found.kind is not RefKind.HF_MODEL:
        found = remote_weights(value.strip())
    if found is not None and found.kind in (RefKind.HF_MODEL, RefKind.MODEL_FILE):
        yield Hit(kind=found.kind, identifier=found.identifier, line=line, via=via, evidence=evidence, revision=found.revision,
                  confidence="medium")


def _unquote(value: str) -> str:
    value = value.strip()
    if " #" in value and not value.startswith(("'", '"')):
        value = value.split(" #", 1)[0].strip()
    if len(value) >= 2 and value[0] in "'\"":
        end = value.find(value[0], 1)  # the closing quote; what follows it (``  # comment``) is not the value
        if end > 0 and (end == len(value) - 1 or value[end + 1:].lstrip().startswith("#")):
            value = value[1:end]
    return value
