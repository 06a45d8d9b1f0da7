"""Shapes of model identifiers: what a Hugging Face repo id, an Ollama tag or a model file name looks like."""

from __future__ import annotations

import re

# A Hub repo id: namespace/name, each 1-96 of [A-Za-z0-9._-], not starting or ending with '.' or '-'.
HF_ID = re.compile(r"^(?P<org>[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?)/(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?)$")
OLLAMA_TAG = re.compile(r"^(?:(?P<ns>[a-z0-9][a-z0-9._-]*)/)?(?P<name>[a-z0-9][a-z0-9._-]*)(?::(?P<tag>[A-Za-z0-9][A-Za-z0-9._-]*))?$")
MODEL_FILE_SUFFIXES = (
    ".safetensors", ".gguf", ".ggml", ".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle", ".onnx", ".h5",
    ".keras", ".joblib", ".npy", ".npz", ".tflite", ".mlmodel", ".pb", ".llamafile",
)
_PATHY_ORGS = frozenset({"models", "model", "data", "outputs", "output", "checkpoints", "ckpt", "tmp", "src", "home", "mnt", "opt", "var", "usr", "runs", "weights", "cache", "logs", "results", "save", "saved_models", "artifacts"})


def split_revision(identifier: str) -> tuple[str, str | None]:
    """``org/name@rev`` -> (``org/name``, ``rev``)."""
    if "@" in identifier:
        base, _, rev = identifier.partition("@")
        return base, rev or None
    return identifier, None


def normalise_hf(value: str) -> str | None:
    """Return the Hub repo id in ``value`` (strips hf.co URLs and ``hf://``), or None if it is not one."""
    text = value.strip()
    for prefix in ("https://huggingface.co/", "http://huggingface.co/", "https://hf.co/", "hf://", "hf.co/", "huggingface.co/", "hf-hub:"):
        if text.startswith(prefix):
            text = text[len(prefix):]
            if text.startswith(("datasets/", "spaces/")):
                return None
            text = "/".join(text.split("/")[:2])
            break
    text, _ = split_revision(text)
    if not HF_ID.match(text):
        return None
    org, name = text.split("/")
    if org.lower() in _PATHY_ORGS or name.lower().endswith(MODEL_FILE_SUFFIXES + (".py", ".json", ".yaml", ".yml", ".txt", ".csv", ".jsonl", ".parquet", ".md")):
        return None
    if org.startswith(".") or ".." in text:
        return None
    return text


def looks_like_hf_id(value: str) -> bool:
    return normalise_hf(value) is not None


def normalise_ollama(value: str) -> str | None:
    """Return ``name:tag`` (``latest`` when no tag) for an Ollama library reference, or None."""
    text = value.strip()
    for prefix in ("ollama://", "ollama/", "ollama_chat/"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    m = OLLAMA_TAG.match(text)
    if not m:
        return None
    name = text if m.group("tag") else f"{text}:latest"
    return name


def is_model_file_name(value: str) -> bool:
    return value.lower().endswith(MODEL_FILE_SUFFIXES)
