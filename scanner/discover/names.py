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
                             "stars", "forks", "watchers", "likes",
                             # training hyperparameters and switches named after what they tune (axolotl-style
                             # ``lora_alpha: ${LORA_ALPHA}``, ``weight_decay``, ``is_llama_derived_model``): a number
                             # or a flag, never a model (``fast``, ``legacy``, ``use`` stay: FAST_MODEL, MODEL_TO_USE)
                             "alpha", "dropout", "decay", "lr", "r", "derived", "is", "has", "enable", "enabled",
                             "disable", "resize", "ignore", "pattern", "patterns", "log", "resume", "cpu", "gpu", "device",
                             "environment", "description",  # github-deployment-environment: preview (a CI deploy target)
                             "display"})  # MODEL_DISPLAY_NAME / LLM_ROUTER_DISPLAY_NAME: a label shown to users, not an id


@functools.lru_cache(maxsize=65536)  # pure; asked for every bound name of every file (tens of thousands per repository)
def is_model_name(name: str) -> bool:
    """True for identifiers that name a model slot (``EMBEDDING_MODEL``, ``model_id``, ``llmModel``)."""
    words = [w.lower() for w in _WORDS.findall(name)]
    if not words or not any(w in MODEL_WORDS for w in words):
        return False
    if "name" in words and all(w in _WEIGHT_WORDS for w in words if w in MODEL_WORDS):
        return False  # WEIGHTS_NAME = "pytorch_model.bin": the file-name convention a library saves under
    return not any(w in NOT_MODEL_WORDS for w in words)


_WEIGHT_WORDS = frozenset({"weight", "weights"})  # --weights yolov5s.pt, dit_weight = "ckpts/x.pt", weights_path


_URL_WORDS = frozenset({"url", "urls"})


@functools.lru_cache(maxsize=4096)
def is_model_url_name(name: str) -> bool:
    """``modelURL``, ``MODEL_URL``, ``model_url``: model words and "url" only. vLLM's production-stack Helm values
    (``modelSpec: [{modelURL: org/name}]``) and many deployment files put a Hub id or Hub URL there; "url" keeps the
    name out of ``is_model_name`` (``LLM_BASE_URL`` is an endpoint), so a caller accepts only a Hub id under it."""
    words = [w.lower() for w in _WORDS.findall(name)]
    return any(w in _URL_WORDS for w in words) and any(w in MODEL_WORDS for w in words) \
        and all(w in MODEL_WORDS or w in _URL_WORDS for w in words)
