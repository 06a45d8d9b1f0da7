"""Identifier names that name a model slot: ``EMBEDDING_MODEL``, ``model_id``, ``llmModel`` (not ``model_type``)."""

from __future__ import annotations

import functools
import re

_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
MODEL_WORDS = frozenset({"model", "models", "llm", "embedder", "reranker", "checkpoint", "ckpt", "repo", "tokenizer",
                         "encoder", "pretrained", "embedding", "embeddings", "generator", "classifier", "summarizer", "summariser",
                         "lora", "adapter", "vae", "unet", "controlnet", "deployment", "weight", "weights"})
NOT_MODEL_WORDS = frozenset({"type", "types", "dir", "dirs", "url", "urls", "key", "keys", "kwargs", "args", "class", "cls",
                             "config", "cfg", "revision", "version", "family", "provider", "len", "size", "dim", "dims",
                             "prefix", "suffix", "format", "max", "min", "dtype", "cache", "output", "out", "save", "saved",
                             "push", "hub", "upload", "target", "dest", "kind", "mode", "temperature", "tokens", "params",
                             "served", "alias", "aliases", "list", "dict", "map", "mapping", "names", "ids", "choices",
                             "base_url", "endpoint", "host", "port", "timeout", "batch", "name_field", "field", "fields",
                             "sha", "hash", "index", "count", "new", "local", "trained", "finetuned", "result", "results",
                             "stars", "forks", "watchers", "likes"})


@functools.lru_cache(maxsize=65536)  # pure; asked for every bound name of every file (tens of thousands per repository)
def is_model_name(name: str) -> bool:
    """True for identifiers that name a model slot (``EMBEDDING_MODEL``, ``model_id``, ``llmModel``)."""
    words = [w.lower() for w in _WORDS.findall(name)]
    if not words or not any(w in MODEL_WORDS for w in words):
        return False
    if "name" in words and all(w in _WEIGHT_WORDS for w in words if w in MODEL_WORDS):
        return False  # WEIGHTS_NAME = "pytorch_model.bin": the file-name convention a library saves under
    return not any(w in NOT_MODEL_WORDS for w in words)


@functools.lru_cache(maxsize=65536)
def is_model_url_name(name: str) -> bool:
    """True for ``MODEL_URL`` / ``model_urls``: a model word and ``url``, nothing else ``is_model_name`` refuses. Such a
    name holds a server address as often as a download link, so its values count only as Hub file URLs
    (``https://huggingface.co/org/name/resolve/main/x.gguf``), which name a repository whoever holds them."""
    words = [w.lower() for w in _WORDS.findall(name)]
    if not any(w in MODEL_WORDS for w in words) or not any(w in ("url", "urls") for w in words):
        return False
    return not any(w in NOT_MODEL_WORDS and w not in ("url", "urls") for w in words)


_WEIGHT_WORDS = frozenset({"weight", "weights"})  # --weights yolov5s.pt, dit_weight = "ckpts/x.pt", weights_path
