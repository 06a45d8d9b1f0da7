"""Parse a free-form reference given to ``aiscan resolve`` into (kind, identifier, provider)."""

from __future__ import annotations

import re

from ..discover.ids import is_model_file_name, normalise_hf, normalise_ollama
from ..models import RefKind
from .registry import Registry

KIND_NAMES = {"hf": RefKind.HF_MODEL, "ollama": RefKind.OLLAMA, "api": RefKind.API_MODEL, "file": RefKind.MODEL_FILE}
_VENDOR_PREFIX = re.compile(r"^((us|eu|apac|global)\.)?[a-z0-9-]+\.[a-z]", re.I)  # Bedrock: anthropic.claude-...


def parse_query(text: str, kind: str | None, registry: Registry) -> tuple[RefKind, str, str | None]:
    """Honour an explicit kind; otherwise guess from the shape (file name, org/name, name:tag, API name)."""
    text = text.strip()
    if kind is not None:
        ref_kind = KIND_NAMES[kind]
        if ref_kind is RefKind.HF_MODEL:
            return ref_kind, normalise_hf(text) or text, None
        if ref_kind is RefKind.OLLAMA:
            return ref_kind, normalise_ollama(text) or text, None
        return ref_kind, text, None
    if text.startswith(("ollama://", "ollama/", "hf.co/")) and ":" in text or text.startswith(("ollama://", "ollama/")):
        return RefKind.OLLAMA, normalise_ollama(text) or text, None
    if is_model_file_name(text) or "/" in text and text.startswith((".", "/", "~")):
        return RefKind.MODEL_FILE, text, None
    hf = normalise_hf(text)
    if hf is not None:
        return RefKind.HF_MODEL, hf, None
    name = text.split(":", 1)[0].lower()
    if name in registry.ollama:
        return RefKind.OLLAMA, normalise_ollama(text) or text, None
    api_like = any(p.search(text) for prov in registry.providers for p in prov.model_patterns) or bool(_VENDOR_PREFIX.match(name))
    if ":" in text and not api_like:
        tag = normalise_ollama(text)
        if tag is not None:
            return RefKind.OLLAMA, tag, None
    return RefKind.API_MODEL, text, None
