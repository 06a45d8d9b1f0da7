"""Remembered Hub reachability for the pre-commit path: after an unreachable answer, later hook runs skip the Hub."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from .base import HubModelInfo
from .hub_client import Fetcher, UnreachableError

MARKER = "hub-unreachable.json"
UNREACHABLE_TTL = 300.0  # seconds a failed lookup is remembered by `scan-files` (short: the network comes back)


def remembered_failure(cache_dir: Path, endpoint: str, *, now: float | None = None, ttl: float = UNREACHABLE_TTL) -> str | None:
    """Why the Hub at ``endpoint`` was unreachable less than ``ttl`` seconds ago, or None."""
    try:
        data = json.loads((cache_dir / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("endpoint") != endpoint or not isinstance(data.get("at"), (int, float)):
        return None
    age = (time.time() if now is None else now) - float(data["at"])
    if not 0 <= age < ttl:
        return None
    return f"the Hub was unreachable {age:.0f}s ago ({str(data.get('reason', ''))[:200]}); not retried for {ttl:g}s"


class RememberingFetcher:
    """A Fetcher that writes the marker when the Hub is unreachable and removes it after any answer."""

    def __init__(self, inner: Fetcher, cache_dir: Path, endpoint: str) -> None:
        self.inner, self.cache_dir, self.endpoint = inner, cache_dir, endpoint
        self._cleared = False

    def __call__(self, repo_id: str, revision: str | None) -> HubModelInfo | None:
        try:
            answer = self.inner(repo_id, revision)
        except UnreachableError as exc:
            self._write(str(exc))
            raise
        if not self._cleared:
            self._cleared = True
            try:
                (self.cache_dir / MARKER).unlink(missing_ok=True)
            except OSError:
                pass
        return answer

    def _write(self, reason: str) -> None:
        path = self.cache_dir / MARKER
        tmp = path.with_name(f"{MARKER}.{os.getpid()}.tmp")
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"endpoint": self.endpoint, "at": time.time(), "reason": reason[:500]}), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass  # an unwritable cache only costs the next hook run one more attempt
