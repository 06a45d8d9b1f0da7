"""The Hub step as the pipeline calls it: choose the client (online or cache-only), enrich, enforce --require-online."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..config import ScanConfig
from ..models import Model, RefKind, ScanError
from .base import HubClient, HubLookupError, HubModelInfo, HubRequiredError
from .hub_settings import hub_settings

if TYPE_CHECKING:  # imported where used: a scan without Hub references needs neither
    from .hub_enrich import OfflineResolver
    from .hub_local import LocalSnapshot

Key = tuple[str, str | None]


ProgressFn = Callable[[str, int, int], None]
PROGRESS_CHUNK = 16  # lookups between progress updates: 4x the largest worker pool, so the pool stays busy


class ProgressHub:
    """A HubClient that reports ``progress("checking models on the Hub", done, asked)`` as batches come back."""

    def __init__(self, inner: HubClient, progress: ProgressFn) -> None:
        self.inner = inner
        self.progress = progress
        self.online = bool(getattr(inner, "online", True))
        self.done = self.asked = 0

    def model_info(self, repo_id: str, revision: str | None = None) -> HubModelInfo | None:
        return self.inner.model_info(repo_id, revision)

    def model_infos(self, repo_ids: Sequence[Key]) -> Mapping[Key, HubModelInfo | None | HubLookupError]:
        keys = list(dict.fromkeys(repo_ids))
        self.asked += len(keys)
        out: dict[Key, HubModelInfo | None | HubLookupError] = {}
        for start in range(0, len(keys), PROGRESS_CHUNK):
            self.progress("checking models on the Hub", self.done, self.asked)
            chunk = keys[start:start + PROGRESS_CHUNK]
            out.update(self.inner.model_infos(chunk))
            self.done += len(chunk)
        self.progress("checking models on the Hub", self.done, self.asked)
        return out


def apply_hub(models: Sequence[Model], hub: HubClient | None, resolver: OfflineResolver,
              config: ScanConfig, progress: ProgressFn | None = None) -> tuple[tuple[Model, ...], list[ScanError]]:
    """Enrich Hub models. Offline, only the cache answers (no network, no huggingface_hub import). ``progress``
    hears (phase, lookups done, lookups asked) while the Hub answers (ancestors add to "asked" level by level)."""
    settings = hub_settings(config)  # validated on every scan, Hub references or not
    errors: list[ScanError] = []
    snapshots: dict[str, LocalSnapshot] = {}
    if getattr(config, "hf_cache", False):
        models, snapshots, errors = _with_local_models(models, resolver)
    wanted = [m for m in models if m.kind is RefKind.HF_MODEL]
    if not wanted:
        return tuple(models), errors
    client: HubClient | None = hub
    if config.offline:
        from .hub import create_client

        client = create_client(config)
    if snapshots:
        from .hub_local import local_info

        client = LocalFallback(client, {rid: local_info(s) for rid, s in snapshots.items()})
    if client is None:
        if config.require_online:
            raise HubRequiredError(f"{len(wanted)} Hub reference(s) could not be checked: no Hub client available")
        return tuple(models), errors
    online = not config.offline and bool(getattr(client, "online", True))
    if progress is not None and online:
        client = ProgressHub(client, progress)
    from .hub_enrich import enrich_models

    out, hub_errors, unchecked = enrich_models(models, client, resolver, max_depth=settings.max_depth, online=online,
                                               max_parents=settings.max_parents)
    if config.require_online and unchecked:
        names = ", ".join(sorted(set(unchecked))[:3]) + (", ..." if len(set(unchecked)) > 3 else "")
        why = "offline and not in the cache" if not online else "the Hub could not be reached"
        raise HubRequiredError(f"--require-online: {len(set(unchecked))} Hub reference(s) not checked ({names}): {why}")
    return out, errors + hub_errors


def _with_local_models(models: Sequence[Model], resolver: OfflineResolver) -> tuple[list[Model], dict[str, LocalSnapshot], list[ScanError]]:
    """--hf-cache: add the models downloaded on this machine (and mark referenced ones as downloaded)."""
    from .hub import local_snapshots
    from .hub_local import hf_hub_cache_dir

    cache_dir = hf_hub_cache_dir()
    found, warnings = local_snapshots(cache_dir)
    errors = [ScanError(stage="resolve", message=w) for w in warnings]
    snapshots = {s.repo_id: s for s in found}
    out: list[Model] = []
    seen: set[str] = set()
    for model in models:
        snap = snapshots.get(model.id) if model.kind is RefKind.HF_MODEL else None
        if snap is not None:
            seen.add(model.id)
            model = replace(model, extra={**model.extra, "local_cache": _local_extra(snap)})
        out.append(model)
    for rid, snap in snapshots.items():
        if rid not in seen:
            model = resolver.resolve_one(RefKind.HF_MODEL, rid)
            out.append(replace(model, extra={**model.extra, "local_cache": _local_extra(snap)}))
    out.sort(key=lambda m: (m.kind.value, m.id.lower()))
    return out, snapshots, errors


def _local_extra(snap: LocalSnapshot) -> dict[str, object]:
    return {"commit": snap.commit, "refs": list(snap.refs), "size": snap.size, "files": len(snap.files)}


class LocalFallback:
    """Answers from cards on disk where the wrapped client cannot (offline, Hub down); marked source=card."""

    def __init__(self, inner: HubClient | None, local: Mapping[str, HubModelInfo]) -> None:
        self.inner = inner
        self.local = local
        self.online = inner is not None and bool(getattr(inner, "online", True))

    def model_info(self, repo_id: str, revision: str | None = None) -> HubModelInfo | None:
        answer = self.model_infos([(repo_id, revision)])[(repo_id, revision)]
        if isinstance(answer, HubLookupError):
            raise answer
        return answer

    def model_infos(self, repo_ids: Sequence[Key]) -> Mapping[Key, HubModelInfo | None | HubLookupError]:
        keys = list(dict.fromkeys(repo_ids))
        if self.inner is not None:
            out = dict(self.inner.model_infos(keys))
        else:
            out = {k: HubLookupError("not checked: offline") for k in keys}
        for key in keys:
            local = self.local.get(key[0])
            if isinstance(out.get(key), HubLookupError) and local is not None and key[1] in (None, local.sha):
                out[key] = local
        return out
