"""On-disk cache of Hub answers: one JSON file per (endpoint, repo, revision), TTL, atomic writes, corruption-tolerant."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .base import DEFAULT_NEGATIVE_TTL_HOURS, DEFAULT_TTL_HOURS, HubModelInfo
from .base import default_cache_dir as default_cache_dir  # moved to base: hub_settings needs it on every scan

CACHE_VERSION = 1
_MISSING = "missing"
_FOUND = "found"


def is_commit(revision: str | None) -> bool:
    """A full 40-hex commit sha: its answer never changes, so it is cached for good."""
    return revision is not None and len(revision) == 40 and all(c in "0123456789abcdef" for c in revision.lower())


def info_to_dict(info: HubModelInfo) -> dict[str, Any]:
    data = dataclasses.asdict(info)
    data["security"] = dict(info.security)
    return data


def info_from_dict(data: Mapping[str, Any]) -> HubModelInfo:
    """Rebuild a HubModelInfo; raises ValueError/TypeError on anything that does not fit (a corrupt entry)."""
    known = {f.name: f for f in dataclasses.fields(HubModelInfo)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            continue
        if isinstance(value, list):
            if not all(isinstance(v, str) for v in value):
                raise ValueError(f"cache field {key} is not a list of strings")
            value = tuple(value)
        values[key] = value
    if not isinstance(values.get("repo_id"), str):
        raise ValueError("cache entry without repo_id")
    if not isinstance(values.get("security", {}), dict):
        raise ValueError("cache field security is not a mapping")
    return HubModelInfo(**values)


class HubCache:
    """Reads and writes cached Hub answers. ``get`` returns (hit, info-or-None); misses and stale entries are (False, None)."""

    def __init__(self, directory: Path, *, endpoint: str, authenticated: bool = False,
                 ttl_hours: float = DEFAULT_TTL_HOURS, negative_ttl_hours: float = DEFAULT_NEGATIVE_TTL_HOURS,
                 clock: Callable[[], float] = time.time) -> None:
        self.directory = directory / "hub" / f"v{CACHE_VERSION}"
        self.endpoint = endpoint.rstrip("/")
        self.authenticated = authenticated
        self.ttl = ttl_hours * 3600.0
        self.negative_ttl = negative_ttl_hours * 3600.0
        self.clock = clock
        self.write_errors = 0

    def path_for(self, repo_id: str, revision: str | None) -> Path:
        # Whether a token was used is part of the key (a private repo is "missing" without one); the token is not.
        key = "\n".join((self.endpoint, repo_id, revision or "", "auth" if self.authenticated else "anon"))
        return self.directory / f"{hashlib.sha256(key.encode()).hexdigest()[:40]}.json"

    def get(self, repo_id: str, revision: str | None) -> tuple[bool, HubModelInfo | None]:
        path = self.path_for(repo_id, revision)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(entry, dict) or entry.get("v") != CACHE_VERSION:
                return False, None
            if entry.get("repo_id") != repo_id or entry.get("revision") != revision:
                return False, None  # a hash collision or a hand-edited file: not ours
            age = self.clock() - float(entry["fetched_at"])
            status = entry.get("status")
            if status == _MISSING:
                return (True, None) if 0 <= age < self.negative_ttl else (False, None)
            if status != _FOUND:
                return False, None
            info = info_from_dict(entry["info"])
            fresh = is_commit(revision) or 0 <= age < self.ttl
            return (True, info) if fresh else (False, None)
        except (OSError, ValueError, TypeError, KeyError):
            return False, None

    def put(self, repo_id: str, revision: str | None, info: HubModelInfo | None) -> None:
        entry: dict[str, Any] = {"v": CACHE_VERSION, "repo_id": repo_id, "revision": revision, "fetched_at": self.clock(),
                                 "status": _MISSING if info is None else _FOUND}
        if info is not None:
            entry["info"] = info_to_dict(info)
        path = self.path_for(repo_id, revision)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            import tempfile  # here: only a write needs it (~2 ms of imports)

            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(entry, fh, sort_keys=True)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            self.write_errors += 1  # a read-only cache costs speed, never correctness
