"""Models already downloaded on this machine (--hf-cache): their cards and configs read from disk, never executed."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..records import record
from .base import HubModelInfo

MAX_CARD_BYTES = 256 * 1024
MAX_CONFIG_BYTES = 1024 * 1024


@record(frozen=True, slots=True)
class LocalSnapshot:
    repo_id: str
    commit: str
    refs: tuple[str, ...]
    path: Path
    files: tuple[str, ...]
    size: int


def hf_hub_cache_dir(environ: dict[str, str] | None = None) -> Path:
    """HF_HUB_CACHE, else HF_HOME/hub, else $XDG_CACHE_HOME/huggingface/hub (read now, not at import time)."""
    env = dict(os.environ) if environ is None else environ
    for key in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if env.get(key, "").strip():
            return Path(env[key]).expanduser()
    home = env.get("HF_HOME", "").strip()
    if home:
        return Path(home).expanduser() / "hub"
    xdg = env.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "huggingface" / "hub"


def _read(path: Path, limit: int) -> str | None:
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError:
        return None
    if len(data) > limit:
        data = data[:limit]
    return data.decode("utf-8", errors="replace")


def card_metadata(text: str) -> dict[str, Any]:
    """The YAML front matter of a model card (README.md), or {} when there is none or it does not parse."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        return {}
    front = "\n".join(lines[1:end])
    import yaml  # here: only --hf-cache reads cards, and PyYAML costs ~15 ms to import

    from ..yamlio import check_depth

    try:
        check_depth(front)
        data = yaml.safe_load(front)
    except (yaml.YAMLError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _strs(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    return tuple(v.strip() for v in value if isinstance(v, str) and v.strip()) if isinstance(value, list) else ()


def _str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def local_info(snapshot: LocalSnapshot) -> HubModelInfo:
    """A HubModelInfo built from the snapshot's README.md front matter and config.json (source: card)."""
    card_text = _read(snapshot.path / "README.md", MAX_CARD_BYTES) if "README.md" in snapshot.files else None
    card = card_metadata(card_text) if card_text else {}
    config: dict[str, Any] = {}
    if "config.json" in snapshot.files:
        raw = _read(snapshot.path / "config.json", MAX_CONFIG_BYTES)
        try:
            loaded = json.loads(raw) if raw else {}
        except ValueError:
            loaded = {}
        config = loaded if isinstance(loaded, dict) else {}
    license_raw = card.get("license")
    if isinstance(license_raw, list):
        license_raw = next((x for x in license_raw if isinstance(x, str)), None)
    relation = card.get("base_model_relation")
    return HubModelInfo(
        repo_id=snapshot.repo_id, author=snapshot.repo_id.split("/")[0] if "/" in snapshot.repo_id else None,
        sha=snapshot.commit, license=_str(license_raw), license_name=_str(card.get("license_name")),
        license_link=_str(card.get("license_link")), base_models=_strs(card.get("base_model")),
        base_model_relation=_str(relation), files=snapshot.files, library_name=_str(card.get("library_name")),
        pipeline_tag=_str(card.get("pipeline_tag")), tags=_strs(card.get("tags")),
        model_type=_str(config.get("model_type")), architectures=_strs(config.get("architectures")),
        auto_map=bool(config.get("auto_map")), source="card",
    )
