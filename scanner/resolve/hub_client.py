"""Polite Hub access around any single-request fetcher: retries with backoff, a circuit breaker, a pool, a cache."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from .base import HubLookupError, HubModelInfo, RetryPolicy
from .cache import HubCache

Key = tuple[str, str | None]
Answer = HubModelInfo | None | HubLookupError


class RetryableError(HubLookupError):
    """429 or 5xx: worth another try after ``retry_after`` seconds (from Retry-After) or the backoff."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class UnreachableError(HubLookupError):
    """Connection refused, DNS failure, timeout, rejected token: no point asking again during this scan."""


class Fetcher(Protocol):
    def __call__(self, repo_id: str, revision: str | None) -> HubModelInfo | None:
        """One request. Raises RetryableError, UnreachableError or HubLookupError."""
        ...


DEFAULT_POLICY = RetryPolicy()


class ResilientHubClient:
    """HubClient over a Fetcher. After one unreachable answer every later lookup fails fast (circuit breaker)."""

    def __init__(self, fetch: Fetcher, policy: RetryPolicy = DEFAULT_POLICY, *,
                 sleep: Callable[[float], None] = time.sleep, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._fetch = fetch
        self.policy = policy
        self._sleep = sleep
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._open_reason: str | None = None
        self._started: float | None = None
        self.requests = 0

    @property
    def broken(self) -> str | None:
        """Why the breaker is open, or None while the Hub is considered reachable."""
        return self._open_reason

    def _trip(self, reason: str) -> None:
        with self._lock:
            if self._open_reason is None:
                self._open_reason = reason

    def trip(self, reason: str) -> None:
        """Open the breaker before any lookup (a remembered failure): every lookup then fails fast, no request."""
        self._trip(reason)

    def _check(self) -> None:
        with self._lock:
            now = self._monotonic()
            if self._started is None:
                self._started = now
            elif now - self._started > self.policy.budget and self._open_reason is None:
                self._open_reason = f"Hub lookups exceeded the {self.policy.budget:g}s budget"
            if self._open_reason is None and self.requests >= self.policy.max_requests:
                self._open_reason = f"the cap of {self.policy.max_requests} Hub requests per scan was reached"
            if self._open_reason is not None:
                raise HubLookupError(f"not checked: {self._open_reason}")
            self.requests += 1

    def model_info(self, repo_id: str, revision: str | None = None) -> HubModelInfo | None:
        attempt = 0
        while True:
            self._check()
            try:
                return self._fetch(repo_id, revision)
            except UnreachableError as exc:
                self._trip(str(exc))
                raise
            except RetryableError as exc:
                wait = exc.retry_after if exc.retry_after is not None else self.policy.backoff * (2 ** attempt)
                if attempt >= self.policy.retries:
                    raise HubLookupError(f"{exc} (gave up after {attempt + 1} attempts)") from None
                if wait > self.policy.max_wait:
                    # Told to come back much later: every other lookup would hit the same limit.
                    self._trip(f"rate limited by the Hub (retry after {wait:g}s)")
                    raise HubLookupError(f"{exc} (asked to wait {wait:g}s; limit {self.policy.max_wait:g}s)") from None
                attempt += 1
                self._sleep(max(0.0, wait))

    def model_infos(self, repo_ids: Sequence[Key]) -> Mapping[Key, Answer]:
        keys = list(dict.fromkeys(repo_ids))
        return _parallel(self.model_info, keys, self.policy.workers)


class CachedHubClient:
    """HubClient answering from the disk cache (and a per-scan memo) first; ``inner=None`` means offline."""

    def __init__(self, inner: ResilientHubClient | None, cache: HubCache | None, *, refresh: bool = False) -> None:
        self.inner = inner
        self.cache = cache
        self.refresh = refresh
        self._memo: dict[Key, HubModelInfo | None] = {}
        self._lock = threading.Lock()

    @property
    def online(self) -> bool:
        return self.inner is not None

    def _cached(self, key: Key) -> tuple[bool, HubModelInfo | None]:
        with self._lock:
            if key in self._memo:
                return True, self._memo[key]
        if self.cache is None or (self.refresh and self.inner is not None):
            return False, None
        hit, info = self.cache.get(*key)
        if hit:
            with self._lock:
                self._memo[key] = info
        return hit, info

    def _store(self, key: Key, info: HubModelInfo | None) -> None:
        with self._lock:
            self._memo[key] = info
        if self.cache is not None:
            self.cache.put(key[0], key[1], info)

    def model_info(self, repo_id: str, revision: str | None = None) -> HubModelInfo | None:
        answer = self.model_infos([(repo_id, revision)])[(repo_id, revision)]
        if isinstance(answer, HubLookupError):
            raise answer
        return answer

    def model_infos(self, repo_ids: Sequence[Key]) -> Mapping[Key, Answer]:
        out: dict[Key, Answer] = {}
        missing: list[Key] = []
        for key in dict.fromkeys(repo_ids):
            hit, info = self._cached(key)
            if hit:
                out[key] = info
            else:
                missing.append(key)
        if not missing:
            return out
        if self.inner is None:
            for key in missing:
                out[key] = HubLookupError("not checked: offline and not in the cache")
            return out
        fetched = self.inner.model_infos(missing)
        for key in missing:
            answer = fetched[key]
            if not isinstance(answer, HubLookupError):
                self._store(key, answer)
            out[key] = answer
        return out


def _parallel(func: Callable[[str, str | None], HubModelInfo | None], keys: list[Key], workers: int) -> dict[Key, Answer]:
    def one(key: Key) -> Answer:
        try:
            return func(*key)
        except HubLookupError as exc:
            return exc

    if len(keys) <= 1 or workers <= 1:
        return {key: one(key) for key in keys}
    from concurrent.futures import ThreadPoolExecutor  # here: it imports logging (~8 ms) that offline scans never need

    with ThreadPoolExecutor(max_workers=min(workers, len(keys)), thread_name_prefix="aiscan-hub") as pool:
        return dict(zip(keys, pool.map(one, keys), strict=True))
