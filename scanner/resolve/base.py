"""The resolution seams: what the Hub client returns, and the protocol every Hub client implements."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..errors import AiscanError


@dataclass(frozen=True, slots=True, kw_only=True)
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
