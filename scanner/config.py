"""ScanConfig: command-line flags merged with .aiscan.yaml or [tool.aiscan] in pyproject.toml."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, Problem
from .models import Severity

CONFIG_KEYS = {
    "home": "the user's jurisdiction (ISO country code or region group)",
    "fail_on": "lowest severity that fails the run",
    "exit_zero": "always exit 0 unless aiscan itself fails",
    "offline": "never touch the network",
    "require_online": "fail (exit 2) when the Hub could not be reached to check references",
    "policy": "policy files or built-in pack names (list)",
    "trusted_countries": "countries whose models are not 'foreign' for reporting (list)",
    "countries_of_concern": "replaces the default countries of concern for the home jurisdiction (list)",
    "exclude": "glob patterns of paths to skip (list)",
    "include_docs": "also read fenced code blocks in Markdown (docs context)",
    "registry": "extra organisations, models, ollama, api providers (mapping, same schema as rules/registry)",
    "ignore": "suppressions: [{id, model|package|file|path, reason, expires}]",
    "overrides": "rule overrides: [{id, severity|enabled}]",
    "baseline": "baseline file of accepted findings",
    "max_file_size": "skip source files larger than this many bytes",
    "file_cache": "reuse per-file results of unchanged files between scans (default true)",
    "hub": "Hub settings: {ttl_hours, negative_ttl_hours, timeout, workers, retries, backoff, max_wait, budget, max_depth, endpoint}",
    "hf_cache": "also list the models downloaded in the local Hugging Face cache, with their card metadata",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ScanConfig:
    """Everything a scan needs to know, from flags, config file and environment."""

    root: Path
    home: str = "US"
    fail_on: Severity = Severity.HIGH
    exit_zero: bool = False
    offline: bool = False
    require_online: bool = False
    refresh: bool = False
    hf_cache: bool = False
    policies: tuple[str, ...] = ()
    trusted_countries: tuple[str, ...] = ()
    countries_of_concern: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    include_docs: bool = False
    registry: Mapping[str, Any] = field(default_factory=dict)
    ignore: tuple[Mapping[str, Any], ...] = ()
    overrides: tuple[Mapping[str, Any], ...] = ()
    baseline: Path | None = None
    max_file_size: int = 5 * 1024 * 1024
    hub: Mapping[str, Any] = field(default_factory=dict)
    config_file: str | None = None
    files: tuple[str, ...] = ()  # when set (pre-commit), only these paths are scanned for references
    cache_dir: Path | None = None
    file_cache: bool = True  # reuse per-file results of unchanged files (AISCAN_NO_CACHE=1 turns it off)

    def with_changes(self, **changes: Any) -> ScanConfig:
        return dataclasses.replace(self, **changes)


def find_config_file(root: Path) -> Path | None:
    """The project's own config: .aiscan.yaml (or .yml), else pyproject.toml if it has [tool.aiscan]."""
    for name in (".aiscan.yaml", ".aiscan.yml"):
        candidate = root / name
        if candidate.is_file():
            return candidate
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and "[tool.aiscan" in pyproject.read_text(encoding="utf-8", errors="replace"):
        return pyproject
    return None


def read_config_file(path: Path) -> tuple[dict[str, Any], str]:
    """Load a config file into a plain mapping; invalid content raises ConfigError naming file and line."""
    display = str(path)
    if path.name == "pyproject.toml":
        import tomllib

        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError([Problem(display, None, "", f"cannot read: {exc}")]) from None
        section = data.get("tool", {}).get("aiscan", {})
        if not isinstance(section, dict):
            raise ConfigError([Problem(display, None, "tool.aiscan", "must be a table")])
        return {k.replace("-", "_"): v for k, v in section.items()}, display
    from .yamlio import LineDict, load_yaml_file

    try:
        loaded = load_yaml_file(path, display=display)
    except Exception as exc:  # ValidationError from the YAML layer
        raise ConfigError(getattr(exc, "problems", [Problem(display, None, "", str(exc))])) from None
    if loaded is None:
        return {}, display
    if not isinstance(loaded, dict):
        raise ConfigError([Problem(display, 1, "", "top level must be a mapping")])
    problems = []
    for key in loaded:
        if key.replace("-", "_") not in CONFIG_KEYS:
            line = loaded.line_of(key) if isinstance(loaded, LineDict) else None
            problems.append(Problem(display, line, key, f"unknown config key (known: {', '.join(sorted(CONFIG_KEYS))})"))
    if problems:
        raise ConfigError(problems)
    return {k.replace("-", "_"): v for k, v in loaded.items()}, display


def _as_tuple(value: Any, key: str, source: str) -> tuple[Any, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(value)
    raise ConfigError([Problem(source, None, key, "must be a list")])


def build_config(root: Path, *, config_path: Path | None, cli: Mapping[str, Any]) -> ScanConfig:
    """Merge, in increasing precedence: defaults, config file, environment, explicit command-line flags."""
    file_values: dict[str, Any] = {}
    source = None
    path = config_path if config_path is not None else find_config_file(root)
    if path is not None:
        file_values, source = read_config_file(path)
    src = source or "<config>"
    values: dict[str, Any] = {}
    for key, value in file_values.items():
        if key in ("policy", "trusted_countries", "countries_of_concern", "exclude", "ignore", "overrides"):
            value = _as_tuple(value, key, src)
        values[key] = value
    if "policy" in values:
        policy_values = values.pop("policy")
        base = path.parent if path is not None else root
        values["policies"] = tuple(_policy_ref(str(p), base) for p in policy_values)
    if "fail_on" in values:
        try:
            values["fail_on"] = Severity.parse(str(values["fail_on"]))
        except ValueError as exc:
            raise ConfigError([Problem(src, None, "fail_on", str(exc))]) from None
    if "baseline" in values and values["baseline"]:
        base = path.parent if path is not None else root
        values["baseline"] = (base / str(values["baseline"])).resolve()
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on"):
        values["offline"] = True
    for key, value in cli.items():
        if value is None or (isinstance(value, tuple) and not value and key != "files"):
            continue
        if value is False and key in ("offline", "exit_zero", "require_online", "refresh", "include_docs", "hf_cache"):
            continue
        values[key] = value
    if "home" in values:
        values["home"] = str(values["home"]).upper()
    for key in ("trusted_countries", "countries_of_concern"):
        if values.get(key) is not None:
            values[key] = tuple(str(c).upper() for c in values[key])
    known = {f.name for f in dataclasses.fields(ScanConfig)}
    return ScanConfig(root=root, config_file=source, **{k: v for k, v in values.items() if k in known})


def _policy_ref(value: str, base: Path) -> str:
    """A policy entry is a built-in pack name or a path relative to the config file."""
    if "/" in value or value.endswith((".yaml", ".yml")):
        return str((base / value).resolve())
    return value
