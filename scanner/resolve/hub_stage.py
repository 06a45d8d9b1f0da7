"""The Hub step as the pipeline calls it: choose the client (online or cache-only), enrich, enforce --require-online."""

from __future__ import annotations

from collections.abc import Sequence

from ..config import ScanConfig
from ..models import Model, RefKind, ScanError
from .base import HubClient, HubRequiredError
from .hub_enrich import OfflineResolver, enrich_models
from .hub_settings import hub_settings


def apply_hub(models: Sequence[Model], hub: HubClient | None, resolver: OfflineResolver,
              config: ScanConfig) -> tuple[tuple[Model, ...], list[ScanError]]:
    """Enrich Hub models. Offline, only the cache answers (no network, no huggingface_hub import)."""
    wanted = [m for m in models if m.kind is RefKind.HF_MODEL]
    if not wanted:
        return tuple(models), []
    settings = hub_settings(config)
    client: HubClient | None = hub
    if config.offline:
        from .hub import create_client

        client = create_client(config)
    if client is None:
        if config.require_online:
            raise HubRequiredError(f"{len(wanted)} Hub reference(s) could not be checked: no Hub client available")
        return tuple(models), []
    online = not config.offline and bool(getattr(client, "online", True))
    out, errors, unchecked = enrich_models(models, client, resolver, max_depth=settings.max_depth, online=online)
    if config.require_online and unchecked:
        names = ", ".join(sorted(set(unchecked))[:3]) + (", ..." if len(set(unchecked)) > 3 else "")
        why = "offline and not in the cache" if not online else "the Hub could not be reached"
        raise HubRequiredError(f"--require-online: {len(set(unchecked))} Hub reference(s) not checked ({names}): {why}")
    return out, errors
