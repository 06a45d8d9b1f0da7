"""Parse a free-form reference given to ``aiscan resolve`` into (kind, identifier, provider)."""

from __future__ import annotations

from ..discover.ids import is_model_file_name, normalise_hf, normalise_ollama
from ..models import RefKind
from .registry import Registry

KIND_NAMES = {"hf": RefKind.HF_MODEL, "ollama": RefKind.OLLAMA, "api": RefKind.API_MODEL, "file": RefKind.MODEL_FILE}


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
    if text.startswith(("ollama://", "ollama/")):
        return RefKind.OLLAMA, normalise_ollama(text) or text, None
    if is_model_file_name(text):
        return RefKind.MODEL_FILE, text, None
    hf = normalise_hf(text)
    if hf is not None:
        return RefKind.HF_MODEL, hf, None
    name = text.split(":", 1)[0].lower()
    if ":" in text or name in registry.ollama:
        tag = normalise_ollama(text)
        if tag is not None:
            return RefKind.OLLAMA, tag, None
    return RefKind.API_MODEL, text, None
