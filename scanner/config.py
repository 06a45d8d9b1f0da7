"""ScanConfig: command-line flags merged with .aiscan.yaml or [tool.aiscan] in pyproject.toml."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import Any

from .errors import ConfigError, Problem, UsageError
from .models import GateChange, Severity
from .records import record
from .safefile import check_confined, read_text

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
    "registry_files": "registry overlay files (same schema as rules/registry/*.yaml); a config inside the scanned tree may only name files inside it",
    "ignore": "suppressions: [{id, model|package|file|path, reason, expires}]",
    "overrides": "rule overrides: [{id, severity|enabled}]",
    "baseline": "baseline file of accepted findings",
    "max_file_size": "skip source files larger than this many bytes",
    "file_cache": "reuse per-file results of unchanged files between scans (default true)",
    "hub": ("Hub settings: {ttl_hours, negative_ttl_hours, timeout, workers, retries, backoff, max_wait, budget, max_depth, "
            "max_requests, max_parents, endpoint}; from the scanned tree only lower values count and endpoint is ignored"),
    "hf_cache": "also list the models downloaded in the local Hugging Face cache, with their card metadata",
    "inline_ignores": "honour 'aiscan: ignore[RULE]' comments in scanned files (default true; false: they suppress nothing)",
}


@record(frozen=True, slots=True, kw_only=True)
class ScanConfig:
    """Everything a scan needs to know, from flags, config file and environment."""

    root: Path
    home: str = "US"
    fail_on: Severity = Severity.HIGH
    exit_zero: bool = False
    inline_ignores: bool = True  # false (--no-inline-ignores): comments in the tree suppress nothing
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
    registry_files: tuple[Path, ...] = ()  # registry overlays (--registry, config registry_files)
    ignore: tuple[Mapping[str, Any], ...] = ()
    overrides: tuple[Mapping[str, Any], ...] = ()
    baseline: Path | None = None
    max_file_size: int = 5 * 1024 * 1024
    hub: Mapping[str, Any] = field(default_factory=dict)
    config_file: str | None = None
    files: tuple[str, ...] = ()  # when set (pre-commit), only these paths are scanned for references
    cache_dir: Path | None = None
    file_cache: bool = True  # reuse per-file results of unchanged files (AISCAN_NO_CACHE=1 turns it off)
    # Trust (docs/threat-model.md): "tree" = the config was found in the scanned tree; "command-line" = named by --config.
    config_origin: str | None = None
    trusted_config: str | None = None  # --trusted-config FILE (display); the tree's weakening against it blocks
    trusted_ignore: tuple[Mapping[str, Any], ...] = ()  # ignores and overrides of the trusted config (source: trusted_config)
    trusted_overrides: tuple[Mapping[str, Any], ...] = ()
    confined: frozenset[str] = frozenset()  # settings whose files came from the tree: read only inside root
    gate_changes: tuple[GateChange, ...] = ()  # config-level weakening (policy-level ones are added by the pipeline)
    config_warnings: tuple[str, ...] = ()  # settings from the tree that were ignored (endpoints, raised budgets)

    def with_changes(self, **changes: Any) -> ScanConfig:
        return dataclasses.replace(self, **changes)


CONFIG_NAMES = (".aiscan.yaml", ".aiscan.yml")
LIST_KEYS = ("policy", "trusted_countries", "countries_of_concern", "exclude", "ignore", "overrides")


def find_config_file(root: Path) -> Path | None:
    """The project's own config: .aiscan.yaml (or .yml), else pyproject.toml if it has [tool.aiscan].

    Any entry with a config's name counts, whatever its type: a FIFO or a link to /dev/zero named .aiscan.yaml is
    then refused when read (exit 2) instead of being passed over silently.
    """
    for name in CONFIG_NAMES:
        candidate = root / name
        if os.path.lexists(candidate):
            return candidate
    pyproject = root / "pyproject.toml"
    if os.path.lexists(pyproject):
        text = read_text(pyproject, what="pyproject.toml", root=root)
        if "[tool.aiscan" in text:
            return pyproject
    return None


def read_config_file(path: Path, *, root: Path | None = None) -> tuple[dict[str, Any], str]:
    """Load a config file into a plain mapping; invalid content raises ConfigError naming file and line.

    ``root``: the file was found in the scanned tree (it must be a regular file inside it). Every read is capped.
    """
    display = str(path)
    text = read_text(path, what="config file", root=root, display=display)
    if path.name == "pyproject.toml":
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError([Problem(display, None, "", f"cannot read: {exc}")]) from None
        section = data.get("tool", {}).get("aiscan", {})
        if not isinstance(section, dict):
            raise ConfigError([Problem(display, None, "tool.aiscan", "must be a table")])
        from .yamlio import LineDict

        out = LineDict({k.replace("-", "_"): v for k, v in section.items()})
        out.key_lines = _toml_lines(text)
        for key in ("ignore", "overrides"):  # give each entry a line (error messages, gate changes)
            if isinstance(out.get(key), list):
                out[key] = _toml_items(out[key], text, key, out.key_lines.get(key))
        return out, display
    from .yamlio import LineDict, load_yaml_text

    try:
        loaded = load_yaml_text(text, source=display)
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
    out = LineDict({k.replace("-", "_"): v for k, v in loaded.items()})
    if isinstance(loaded, LineDict):
        out.line = loaded.line
        out.key_lines = {k.replace("-", "_"): v for k, v in loaded.key_lines.items()}
    return out, display


def _toml_lines(text: str) -> dict[str, int]:
    """Line of each key of [tool.aiscan] (best effort: tomllib keeps no positions)."""
    lines: dict[str, int] = {}
    inside = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("["):
            inside = line.replace(" ", "").startswith(("[tool.aiscan]", "[tool.aiscan.", "[[tool.aiscan."))
            if inside and line.strip("[] ").startswith("tool.aiscan."):
                lines.setdefault(line.strip("[] ")[len("tool.aiscan."):].split(".")[0].replace("-", "_"), number)
            continue
        if inside and "=" in line and not line.startswith("#"):
            key = line.split("=", 1)[0].strip().strip("\"'").replace("-", "_")
            lines.setdefault(key, number)
    return lines


def _toml_items(items: list[Any], text: str, key: str, fallback: int | None) -> list[Any]:
    """Entries of ``[[tool.aiscan.KEY]]`` get their header's line; entries of an inline array the key's line."""
    from .yamlio import LineDict

    headers = [n for n, raw in enumerate(text.splitlines(), start=1) if raw.strip().replace(" ", "") == f"[[tool.aiscan.{key}]]"]
    out: list[Any] = []
    for index, item in enumerate(items):
        if isinstance(item, dict):
            entry = LineDict(item)
            entry.line = headers[index] if index < len(headers) else fallback
            out.append(entry)
        else:
            out.append(item)
    return out


def _as_tuple(value: Any, key: str, source: str) -> tuple[Any, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(value)
    raise ConfigError([Problem(source, None, key, "must be a list")])


def _normalise(raw: Mapping[str, Any], path: Path, src: str, *, root: Path | None) -> dict[str, Any]:
    """Lists as tuples, fail_on as a Severity, policy and baseline paths resolved against the config's folder.

    ``root``: the config came from the scanned tree, so the files it names must resolve inside it (exit 2 if not).
    """
    values: dict[str, Any] = {}
    for key, value in raw.items():
        values[key] = _as_tuple(value, key, src) if key in LIST_KEYS else value
    if "policy" in values:
        values["policies"] = tuple(_policy_ref(str(p), path.parent) for p in values.pop("policy"))
        if root is not None:
            for ref in values["policies"]:
                if not _is_pack(ref):
                    check_confined(Path(ref), root, what="policy file", display=ref)
    if "fail_on" in values:
        try:
            values["fail_on"] = Severity.parse(str(values["fail_on"]))
        except ValueError as exc:
            raise ConfigError([Problem(src, _line(raw, "fail_on"), "fail_on", str(exc))]) from None
    if values.get("registry_files"):
        values["registry_files"] = tuple(Path(os.path.abspath(path.parent / str(v))) for v in _as_tuple(values["registry_files"], "registry_files", src))
        if root is not None:  # a config read from the scanned tree may only name files inside it
            for file in values["registry_files"]:
                check_confined(file, root, what="registry overlay")
    if "baseline" in values:
        if values["baseline"]:
            values["baseline"] = Path(os.path.abspath(path.parent / str(values["baseline"])))
            if root is not None:
                check_confined(values["baseline"], root, what="baseline file")
        else:
            values.pop("baseline")
    if "home" in values:
        values["home"] = str(values["home"]).upper()
    for key in ("trusted_countries", "countries_of_concern"):
        if values.get(key) is not None:
            values[key] = tuple(str(c).upper() for c in values[key])
    if "inline_ignores" in values and not isinstance(values["inline_ignores"], bool):
        raise ConfigError([Problem(src, _line(raw, "inline_ignores"), "inline_ignores", "must be true or false")])
    return values


def _line(raw: Mapping[str, Any], key: str) -> int | None:
    line_of = getattr(raw, "line_of", None)
    return line_of(key) if callable(line_of) else None


def build_config(root: Path, *, config_path: Path | None, cli: Mapping[str, Any], trusted_config: Path | None = None) -> ScanConfig:
    """Merge, in increasing precedence: defaults, --trusted-config, the config file, environment, command-line flags.

    A config found in the scanned tree is untrusted (docs/threat-model.md): it cannot choose where the Hub token
    goes, cannot raise budgets, can only name files inside the tree, and every setting of it that weakens the gate
    is recorded as a gate change. Under --trusted-config its exit_zero, a higher fail_on and inline_ignores: true
    (against a trusted false) are not applied.
    """
    from .gate import config_changes, sanitise_tree_config

    if config_path is not None and trusted_config is not None:
        raise UsageError("--config and --trusted-config cannot be combined (--trusted-config is the reference the tree's own config is compared with)")
    trusted: dict[str, Any] = {}
    trusted_src = None
    if trusted_config is not None:
        raw_trusted, trusted_src = read_config_file(trusted_config)
        trusted = _normalise(raw_trusted, trusted_config, trusted_src, root=None)
    origin = "command-line" if config_path is not None else "tree"
    path = config_path if config_path is not None else find_config_file(root)
    file_values: dict[str, Any] = {}
    source = None
    warnings: list[str] = []
    changes: list[GateChange] = []
    if path is not None:
        raw, source = read_config_file(path, root=root if origin == "tree" else None)
        if origin == "tree":
            raw, warnings = sanitise_tree_config(raw, _shown(path, root), reference=trusted)
        file_values = _normalise(raw, path, source, root=root if origin == "tree" else None)
        changes = config_changes(file_values, trusted, raw=raw, source=_shown(path, root), origin=origin,
                                 root=root, blocking=trusted_config is not None and origin == "tree")
    values: dict[str, Any] = {k: v for k, v in trusted.items() if k not in ("ignore", "overrides")}
    origin_of: dict[str, str] = {k: "command-line" for k in values}
    for key, value in file_values.items():
        if key in ("ignore", "overrides"):
            values[key] = value
        elif key == "exclude":
            values[key] = tuple(dict.fromkeys((*values.get(key, ()), *value)))
        elif key == "hub" and isinstance(value, Mapping) and isinstance(values.get("hub"), Mapping):
            values[key] = {**values["hub"], **value}  # the tree's (sanitised: lower-only) numbers over the trusted ones
        elif trusted_config is not None and key == "exit_zero" and value and not trusted.get("exit_zero"):
            continue  # reported as a blocking gate change, not applied
        elif trusted_config is not None and key == "fail_on" and value > trusted.get("fail_on", Severity.HIGH):
            continue
        elif trusted_config is not None and key == "inline_ignores" and value and trusted.get("inline_ignores") is False:
            continue  # the trusted config switched inline ignores off: the tree cannot switch them back on
        else:
            values[key] = value
        origin_of[key] = origin
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on"):
        values["offline"] = True
    for key, value in cli.items():
        if value is None or (isinstance(value, tuple) and not value and key != "files"):
            continue
        if value is False and key in ("offline", "exit_zero", "require_online", "refresh", "include_docs", "hf_cache"):
            continue
        values[key] = value
        origin_of[key] = "command-line"
    if "home" in values:
        values["home"] = str(values["home"]).upper()
    for key in ("trusted_countries", "countries_of_concern"):
        if values.get(key) is not None:
            values[key] = tuple(str(c).upper() for c in values[key])
    confined = frozenset(k for k in ("policies", "baseline") if origin_of.get(k) == "tree")
    changes = [c if origin_of.get(_field_of(c.setting)) == origin else _replace(c, applied=False) for c in changes]
    known = {f.name for f in dataclasses.fields(ScanConfig)}
    extra: dict[str, Any] = {
        "config_origin": origin if source else None, "trusted_config": trusted_src, "confined": confined,
        "trusted_ignore": tuple(trusted.get("ignore", ())), "trusted_overrides": tuple(trusted.get("overrides", ())),
        "gate_changes": tuple(changes), "config_warnings": tuple(warnings),
    }
    return ScanConfig(root=root, config_file=source, **{k: v for k, v in values.items() if k in known}, **extra)


def _field_of(setting: str) -> str:
    return {"policy": "policies"}.get(setting, setting.split(".")[0])


def _replace(change: GateChange, **kw: Any) -> GateChange:
    return dataclasses.replace(change, **kw)


def _shown(path: Path, root: Path) -> str:
    """A config's name in reports: relative to the scanned root when inside it (stable across checkouts)."""
    try:
        return Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return str(path)


def _is_pack(value: str) -> bool:
    return "/" not in value and "\\" not in value and not value.endswith((".yaml", ".yml"))


def _policy_ref(value: str, base: Path) -> str:
    """A policy entry is a built-in pack name or a path relative to the config file."""
    if not _is_pack(value):
        return os.path.abspath(base / value)
    return value
