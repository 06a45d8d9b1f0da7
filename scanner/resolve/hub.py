"""The Hugging Face Hub behind our protocol: the ONLY module importing huggingface_hub (lazily, 1.x and 2.x)."""

from __future__ import annotations

import datetime as _dt
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..config import ScanConfig
from .base import HubLookupError, HubModelInfo
from .cache import HubCache
from .hub_client import CachedHubClient, ResilientHubClient, RetryableError, UnreachableError
from .hub_settings import HubSettings, hub_settings

if TYPE_CHECKING:
    from .hub_local import LocalSnapshot

RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})


def create_client(config: ScanConfig) -> CachedHubClient:
    """The client a scan uses: cache first, then the Hub (unless offline: then the cache alone, no network)."""
    settings = hub_settings(config)
    cache = HubCache(settings.cache_dir, endpoint=settings.endpoint, authenticated=settings.token is not None,
                     ttl_hours=settings.ttl_hours, negative_ttl_hours=settings.negative_ttl_hours)
    if config.offline:
        return CachedHubClient(None, cache)
    if not config.files:
        return CachedHubClient(ResilientHubClient(HfFetcher(settings), settings.policy), cache, refresh=config.refresh)
    # scan-files (the pre-commit hook) never waits on an unreachable Hub: a failure is remembered for a few minutes,
    # and within them the hook answers from the cache alone, as if offline (issue 19).
    from .hub_reach import RememberingFetcher, remembered_failure

    client = ResilientHubClient(RememberingFetcher(HfFetcher(settings), settings.cache_dir, settings.endpoint), settings.policy)
    failure = remembered_failure(settings.cache_dir, settings.endpoint)
    if failure is not None:
        client.trip(failure)
    return CachedHubClient(client, cache, refresh=config.refresh)


# The HTTP timeout bounds each read, not the whole answer: a drip-fed body never times out. A request gets at most
# this many timeouts of wall time, after which it counts as unreachable (and the breaker opens).
REQUEST_DEADLINE_FACTOR = 2.0


def within_deadline(call: Callable[[], Any], seconds: float) -> Any:
    """Run ``call`` in a daemon thread; raise UnreachableError if it has not returned within ``seconds``."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=run, name="aiscan-hub-request", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise UnreachableError(f"no complete answer from the Hub within {seconds:g}s")
    if "error" in box:
        raise box["error"]
    return box["value"]


class HfFetcher:
    """One model_info request through huggingface_hub, its answer translated into HubModelInfo or our errors."""

    def __init__(self, settings: HubSettings) -> None:
        self.timeout = settings.timeout
        self._settings = settings
        self._api: Any = None
        self._lock = threading.Lock()

    def api(self) -> Any:
        """HfApi, built on the first real request: a scan answered from the cache never imports huggingface_hub."""
        with self._lock:
            if self._api is None:
                from huggingface_hub import HfApi

                self._api = HfApi(endpoint=self._settings.endpoint, token=self._settings.token or False,
                                  library_name="aiscan", library_version=__version__)
            return self._api

    def __call__(self, repo_id: str, revision: str | None) -> HubModelInfo | None:
        api = self.api()
        from huggingface_hub import errors as hf

        try:
            info = within_deadline(
                lambda: api.model_info(repo_id, revision=revision, timeout=self.timeout, securityStatus=True),
                REQUEST_DEADLINE_FACTOR * self.timeout,
            )
        except hf.GatedRepoError:
            return HubModelInfo(repo_id=repo_id, gated=True, access="gated-denied")
        except (hf.RepositoryNotFoundError, hf.RevisionNotFoundError):
            return None
        except hf.HfHubHTTPError as exc:
            return _from_status(repo_id, exc)
        except hf.OfflineModeIsEnabled:
            raise UnreachableError("HF_HUB_OFFLINE is set") from None
        except hf.HFValidationError:
            return None  # not a valid repo id: the Hub cannot have it (no request was made)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise HubLookupError(f"malformed answer from the Hub ({exc.__class__.__name__})") from None
        except Exception as exc:  # the HTTP layer's own errors (httpx, httpx2, requests) are not huggingface_hub's
            raise _transport_error(exc, self.timeout) from None
        try:
            return to_info(repo_id, info)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise HubLookupError(f"malformed answer from the Hub ({exc.__class__.__name__})") from None


def _from_status(repo_id: str, exc: Any) -> HubModelInfo | None:
    """Classify an HTTP error by status and X-Error-Code (loopback and mirror URLs defeat the library's own mapping)."""
    response = getattr(exc, "response", None)
    status = int(getattr(response, "status_code", 0) or 0)
    headers: Mapping[str, str] = getattr(response, "headers", None) or {}
    code = headers.get("X-Error-Code", "")
    message = headers.get("X-Error-Message", "")
    if code == "GatedRepo":
        return HubModelInfo(repo_id=repo_id, gated=True, access="gated-denied")
    if code in ("RepoNotFound", "RevisionNotFound") or status == 404:
        return None
    if status == 401:
        if "credentials" in message.lower() or "token" in message.lower():
            raise UnreachableError("the Hub rejected the token (HTTP 401)")
        return None  # the Hub answers 401 for missing and for private repos alike
    if status == 403:
        raise HubLookupError("access denied by the Hub (HTTP 403)")
    if status in RETRY_STATUS:
        raise RetryableError(f"HTTP {status} from the Hub", _retry_after(headers))
    raise HubLookupError(f"HTTP {status or 'error'} from the Hub")


def _retry_after(headers: Mapping[str, str]) -> float | None:
    value = (headers.get("Retry-After") or "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - _dt.datetime.now(_dt.UTC)).total_seconds())


def _transport_error(exc: Exception, timeout: float) -> HubLookupError:
    names = {cls.__name__ for cls in type(exc).__mro__}
    if names & {"TimeoutException", "Timeout", "TimeoutError"}:
        return UnreachableError(f"no answer from the Hub within {timeout:g}s")
    if names & {"ConnectError", "ConnectionError", "NetworkError", "ConnectTimeout", "ProxyError", "OSError"}:
        return UnreachableError(f"cannot connect to the Hub ({exc.__class__.__name__})")
    if names & {"TransportError", "RequestError", "RequestException", "HTTPError"}:
        return RetryableError(f"transport error talking to the Hub ({exc.__class__.__name__})")
    return HubLookupError(f"unexpected error talking to the Hub ({exc.__class__.__name__})")


def to_info(repo_id: str, info: Any) -> HubModelInfo:
    """huggingface_hub's ModelInfo -> our HubModelInfo (only plain values cross the seam)."""
    card = _card(getattr(info, "card_data", None))
    config = info.config if isinstance(getattr(info, "config", None), dict) else {}
    license_raw = card.get("license")
    if isinstance(license_raw, list):
        license_raw = next((x for x in license_raw if isinstance(x, str)), None)
    bases = _strs(card.get("base_model")) + _strs(getattr(info, "base_models", None))
    relation = card.get("base_model_relation")
    security = getattr(info, "security_repo_status", None)
    return HubModelInfo(
        repo_id=str(getattr(info, "id", None) or repo_id),
        author=_str(getattr(info, "author", None)),
        sha=_str(getattr(info, "sha", None)),
        license=_str(license_raw),
        license_name=_str(card.get("license_name")),
        license_link=_str(card.get("license_link")),
        base_models=tuple(dict.fromkeys(bases)),
        base_model_relation=_str(relation[0] if isinstance(relation, list) and relation else relation),
        files=tuple(s.rfilename for s in (getattr(info, "siblings", None) or ()) if isinstance(s.rfilename, str)),
        gated=info.gated if isinstance(getattr(info, "gated", None), (bool, str)) else None,
        private=info.private if isinstance(getattr(info, "private", None), bool) else None,
        pipeline_tag=_str(getattr(info, "pipeline_tag", None)),
        library_name=_str(getattr(info, "library_name", None)),
        tags=_strs(getattr(info, "tags", None)),
        model_type=_str(config.get("model_type")),
        architectures=_strs(config.get("architectures")),
        auto_map=bool(config.get("auto_map")),
        chat_markers=chat_markers(config.get("tokenizer_config")),
        downloads=info.downloads if isinstance(getattr(info, "downloads", None), int) else None,
        created_at=_date(getattr(info, "created_at", None)),
        last_modified=_date(getattr(info, "last_modified", None)),
        security=dict(security) if isinstance(security, dict) else {},
    )


MAX_TEMPLATE = 64 << 10
MAX_MARKERS = 64


def chat_markers(value: Any) -> tuple[str, ...]:
    """Special tokens and chat-template markers of the API's config.tokenizer_config (bounded), for fingerprints."""
    from .fingerprint import TEMPLATE_MARK

    if not isinstance(value, dict):
        return ()
    out: list[str] = []
    for key in ("bos_token", "eos_token", "pad_token", "unk_token"):
        item = value.get(key)
        text = item.get("content") if isinstance(item, dict) else item
        if isinstance(text, str) and text:
            out.append(text[:80])
    template = value.get("chat_template")
    if isinstance(template, list):
        template = next((t.get("template") for t in template if isinstance(t, dict) and isinstance(t.get("template"), str)), None)
    if isinstance(template, str):
        out.extend(m.group(0) for m in TEMPLATE_MARK.finditer(template[:MAX_TEMPLATE]))
    return tuple(dict.fromkeys(out))[:MAX_MARKERS]


def _card(card: Any) -> dict[str, Any]:
    if card is None:
        return {}
    if isinstance(card, dict):
        return card
    data = card.to_dict()
    return data if isinstance(data, dict) else {}


def _str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _strs(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return ()
    return tuple(v.strip() for v in value if isinstance(v, str) and v.strip())


def _date(value: Any) -> str | None:
    if isinstance(value, _dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    return _str(value)


def local_snapshots(cache_dir: Path) -> tuple[list[LocalSnapshot], list[str]]:
    """Model repos downloaded on this machine (huggingface_hub's scan_cache_dir); one snapshot each (main, else newest)."""
    from huggingface_hub import scan_cache_dir
    from huggingface_hub.errors import CacheNotFound, CorruptedCacheException

    from .hub_local import LocalSnapshot

    try:
        info = scan_cache_dir(cache_dir)
    except CacheNotFound:
        return [], []
    except (OSError, ValueError, CorruptedCacheException) as exc:
        return [], [f"cannot read the Hugging Face cache {cache_dir}: {exc.__class__.__name__}"]
    out: list[LocalSnapshot] = []
    for repo in info.repos:
        if repo.repo_type != "model" or not repo.revisions:
            continue
        revs = sorted(repo.revisions, key=lambda r: ("main" in r.refs, r.last_modified), reverse=True)
        rev = revs[0]
        files = tuple(sorted(f.file_path.relative_to(rev.snapshot_path).as_posix() for f in rev.files))
        out.append(LocalSnapshot(repo_id=repo.repo_id, commit=rev.commit_hash, refs=tuple(sorted(rev.refs)),
                                 path=rev.snapshot_path, files=files, size=repo.size_on_disk))
    warnings = [f"Hugging Face cache: {w.__class__.__name__}: {w}" for w in info.warnings]
    return sorted(out, key=lambda s: s.repo_id.lower()), warnings
