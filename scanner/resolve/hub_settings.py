"""Hub settings from ScanConfig (the ``hub:`` config mapping) and the environment (HF_ENDPOINT, HF_TOKEN)."""

from __future__ import annotations

import os
from dataclasses import field
from pathlib import Path
from typing import Any

from ..config import ScanConfig
from ..errors import ConfigError, Problem
from ..records import record
from .base import DEFAULT_NEGATIVE_TTL_HOURS, DEFAULT_TTL_HOURS, RetryPolicy, default_cache_dir

DEFAULT_ENDPOINT = "https://huggingface.co"
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_DEPTH = 8
DEFAULT_MAX_PARENTS = 16

# key -> (type, minimum, default)
_NUMBERS: dict[str, tuple[type, float, float]] = {
    "ttl_hours": (float, 0, DEFAULT_TTL_HOURS),
    "negative_ttl_hours": (float, 0, DEFAULT_NEGATIVE_TTL_HOURS),
    "timeout": (float, 0.01, DEFAULT_TIMEOUT),
    "workers": (int, 1, 4),
    "retries": (int, 0, 2),
    "backoff": (float, 0, 0.5),
    "max_wait": (float, 0, 8.0),
    "budget": (float, 0.01, 120.0),
    "max_depth": (int, 1, DEFAULT_MAX_DEPTH),
    "max_requests": (int, 1, 400),  # per scan: a Hub answer listing thousands of base models cannot fan out further
    "max_parents": (int, 1, DEFAULT_MAX_PARENTS),  # base models followed per card; the rest are listed as not checked
}
HUB_KEYS = (*_NUMBERS, "endpoint")


@record(frozen=True, slots=True)
class HubSettings:
    endpoint: str
    cache_dir: Path
    timeout: float = DEFAULT_TIMEOUT
    ttl_hours: float = DEFAULT_TTL_HOURS
    negative_ttl_hours: float = DEFAULT_NEGATIVE_TTL_HOURS
    max_depth: int = DEFAULT_MAX_DEPTH
    max_parents: int = DEFAULT_MAX_PARENTS
    policy: RetryPolicy = RetryPolicy()
    token: str | None = field(default=None, repr=False)  # never printed, logged or cached


def hub_settings(config: ScanConfig, *, environ: dict[str, str] | None = None) -> HubSettings:
    """Validate ``config.hub``; every bad key is reported (ConfigError, exit 2), not just the first."""
    env = dict(os.environ) if environ is None else environ
    raw: Any = config.hub or {}
    src = config.config_file or "<config>"
    if not isinstance(raw, dict):
        raise ConfigError([Problem(src, None, "hub", "must be a mapping")])
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = str(key).replace("-", "_")
        if name == "endpoint":
            if not isinstance(value, str) or not value.startswith(("http://", "https://")):
                problems.append(Problem(src, None, "hub.endpoint", "must be an http(s) URL"))
            else:
                values["endpoint"] = value
            continue
        if name not in _NUMBERS:
            problems.append(Problem(src, None, f"hub.{key}", f"unknown key (known: {', '.join(HUB_KEYS)})"))
            continue
        kind, minimum, _ = _NUMBERS[name]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
            problems.append(Problem(src, None, f"hub.{key}", f"must be {'an integer' if kind is int else 'a number'}"))
        elif value < minimum:
            problems.append(Problem(src, None, f"hub.{key}", f"must be at least {minimum:g}"))
        else:
            values[name] = kind(value)
    if problems:
        raise ConfigError(problems)
    num = {k: values.get(k, d) for k, (_, _, d) in _NUMBERS.items()}
    endpoint = values.get("endpoint") or env.get("HF_ENDPOINT", "").strip() or DEFAULT_ENDPOINT
    token = env.get("HF_TOKEN", "").strip() or _saved_token(env)
    policy = RetryPolicy(retries=int(num["retries"]), backoff=num["backoff"], max_wait=num["max_wait"],
                         workers=int(num["workers"]), budget=num["budget"], max_requests=int(num["max_requests"]))
    return HubSettings(endpoint=endpoint.rstrip("/"), cache_dir=default_cache_dir(config.cache_dir), timeout=num["timeout"],
                       ttl_hours=num["ttl_hours"], negative_ttl_hours=num["negative_ttl_hours"],
                       max_depth=int(num["max_depth"]), max_parents=int(num["max_parents"]), policy=policy, token=token)


def _saved_token(env: dict[str, str]) -> str | None:
    """The token ``hf auth login`` saved (same lookup as huggingface_hub, without importing it)."""
    path = env.get("HF_TOKEN_PATH", "").strip()
    if not path:
        home = env.get("HF_HOME", "").strip()
        if not home:
            xdg = env.get("XDG_CACHE_HOME", "").strip()
            home = str(Path(xdg) / "huggingface") if xdg else str(Path.home() / ".cache" / "huggingface")
        path = str(Path(home) / "token")
    try:
        text = Path(path).expanduser().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text or None
