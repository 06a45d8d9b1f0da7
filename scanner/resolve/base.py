"""The resolution seams: what the Hub client returns, and the protocol every Hub client implements."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any, Protocol

from ..errors import AiscanError
from ..records import record


@record(frozen=True, slots=True, kw_only=True)
class HubModelInfo:
    """What the Hub says about one model repo, in our own vocabulary (no huggingface_hub types leak out)."""

    repo_id: str
    author: str | None = None
    sha: str | None = None
    license: str | None = None
    license_name: str | None = None
    license_link: str | None = None
    base_models: tuple[str, ...] = ()
    base_model_relation: str | None = None
    files: tuple[str, ...] = ()
    gated: bool | str | None = None
    private: bool | None = None
    pipeline_tag: str | None = None
    library_name: str | None = None
    tags: tuple[str, ...] = ()
    model_type: str | None = None
    architectures: tuple[str, ...] = ()
    auto_map: bool = False
    chat_markers: tuple[str, ...] = ()  # special tokens and chat-template markers from the API's config.tokenizer_config
    downloads: int | None = None
    created_at: str | None = None
    last_modified: str | None = None
    security: Mapping[str, Any] = field(default_factory=dict)
    access: str = "ok"  # ok, gated-denied (the repo exists but its details need an approved token)
    source: str = "hub"  # hub (an API answer) or card (a model card read from the local Hugging Face cache)


class HubLookupError(Exception):
    """The Hub could not answer (network, rate limit, server error); the caller falls back to offline data."""


class HubRequiredError(AiscanError):
    """--require-online (or config require_online) and some Hub references could not be checked: exit 2."""


class HubClient(Protocol):
    """Looks models up on a Hub. ``None`` means "no such repo"; HubLookupError means "could not check"."""

    def model_info(self, repo_id: str, revision: str | None = None) -> HubModelInfo | None:
        ...

    def model_infos(self, repo_ids: Sequence[tuple[str, str | None]]) -> Mapping[tuple[str, str | None], HubModelInfo | None | HubLookupError]:
        """Batch lookup (may run in parallel); default implementations loop over model_info."""
        ...


DEFAULT_TTL_HOURS = 24.0  # Hub cache lifetimes (here, not in cache.py: hub_settings needs them on every scan)
DEFAULT_NEGATIVE_TTL_HOURS = 1.0


def default_cache_dir(override: Path | None = None) -> Path:
    """ScanConfig.cache_dir, else $XDG_CACHE_HOME/aiscan, else ~/.cache/aiscan."""
    if override is not None:
        return Path(override)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "aiscan"


@record(frozen=True, slots=True)
class RetryPolicy:
    retries: int = 2
    backoff: float = 0.5  # first wait; doubles each time
    max_wait: float = 8.0  # cap on any single wait, Retry-After included
    workers: int = 4
    budget: float = 120.0  # seconds the whole Hub phase of one scan may take before the breaker opens
    max_requests: int = 400  # requests (retries included) one scan may send; the rest are listed as not checked
