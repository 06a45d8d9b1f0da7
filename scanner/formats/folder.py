"""Model-folder context for a weight file: config.json architectures and model card (README.md) front matter."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

from .metadata import from_card, from_config, merge

MAX_SIDE_FILE = 1 << 20


def folder_metadata(folder: str | Path) -> dict[str, Any]:
    """Normalised metadata from the folder's config.json and README.md (bounded reads; {} when neither exists).

    Runs for every model file: strings, not pathlib, and ``os.access`` first (a missing file costs no exception)."""
    out: dict[str, Any] = {}
    base = os.fspath(folder)
    for name in ("config.json", "README.md"):
        path = os.path.join(base, name)
        if not os.access(path, os.F_OK):
            continue
        try:
            stat = os.stat(path)
        except OSError:
            continue
        if stat.st_size <= MAX_SIDE_FILE:
            merge(out, _read(path, stat.st_mtime_ns, stat.st_size))
    return out


@functools.lru_cache(maxsize=256)
def _read(path: str, mtime: int, size: int) -> dict[str, Any]:  # mtime/size key the cache: edits are seen
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    if path.endswith(".json"):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return {}
        return from_config(data) if isinstance(data, dict) and ("architectures" in data or "model_type" in data) else {}
    return _card(text)


def _card(text: str) -> dict[str, Any]:
    if not text.startswith("---"):
        return {}
    end = text.find("\n---", 3)
    if end < 0:
        return {}
    import yaml

    try:
        front = yaml.safe_load(text[3:end])
    except yaml.YAMLError:
        return {}
    return from_card(front) if isinstance(front, dict) else {}
