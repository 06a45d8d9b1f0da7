"""Gate changes: settings from the scanned tree that weaken the gate, found, located and compared to a trusted config."""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .models import Finding, GateChange, Location, Severity
from .records import record

if TYPE_CHECKING:
    from .policy.base import IgnoreEntry, Policy, Rule

DEFAULT_FAIL_ON = Severity.HIGH
DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024
_LOWERED_HUB = ("budget", "timeout", "max_depth", "max_requests", "max_parents")  # lower values leave references unchecked


def _line(raw: Any, key: str) -> int | None:
    line_of = getattr(raw, "line_of", None)
    return line_of(key) if callable(line_of) else None


def _item_line(raw: Any, key: str, index: int) -> int | None:
    value = raw.get(key) if isinstance(raw, Mapping) else None
    lines = getattr(value, "item_lines", None)
    if isinstance(lines, list) and index < len(lines):
        return int(lines[index])
    return _line(raw, key)


def _hub_defaults() -> dict[str, float]:
    from .resolve.hub_settings import _NUMBERS

    return {k: float(d) for k, (_, _, d) in _NUMBERS.items()}


def sanitise_tree_config(raw: Mapping[str, Any], source: str, *, reference: Mapping[str, Any]) -> tuple[Any, list[str]]:
    """The tree's config without what it may not decide; one warning (file:line) per setting dropped.

    Dropped: ``hub.endpoint`` (where the token goes: only HF_ENDPOINT or a config named on the command line choose
    it), and any budget raised above the trusted value or the default (hub numbers, max_file_size): the tree may
    tighten bounds, never loosen them.
    """
    out: Any = copy.copy(raw)
    warnings: list[str] = []
    hub = raw.get("hub")
    if isinstance(hub, Mapping):
        ref_hub = reference.get("hub") if isinstance(reference.get("hub"), Mapping) else {}
        defaults = _hub_defaults()
        kept: Any = copy.copy(hub)
        for key in list(hub):
            name = str(key).replace("-", "_")
            where = f"{source}:{_line(hub, str(key)) or _line(raw, 'hub') or '?'}"
            if name in ("endpoint", "proxy", "proxies", "token", "cache_dir", "cache"):
                kept.pop(key)
                warnings.append(f"{where}: hub.{key} ignored: a config in the scanned tree cannot choose where requests and "
                                "the Hub token go (use HF_ENDPOINT or a config named with --config/--trusted-config)")
                continue
            limit = ref_hub.get(name, defaults.get(name)) if isinstance(ref_hub, Mapping) else defaults.get(name)
            value = hub[key]
            if limit is not None and isinstance(value, (int, float)) and not isinstance(value, bool) and value > limit:
                kept.pop(key)
                warnings.append(f"{where}: hub.{key}: {value} ignored: a config in the scanned tree may lower Hub budgets, not raise them (limit {limit:g})")
        out["hub"] = kept
    size = raw.get("max_file_size")
    limit_size = reference.get("max_file_size", DEFAULT_MAX_FILE_SIZE)
    if isinstance(size, int) and not isinstance(size, bool) and size > limit_size:
        out.pop("max_file_size")
        warnings.append(f"{source}:{_line(raw, 'max_file_size') or '?'}: max_file_size: {size} ignored: a config in the scanned "
                        f"tree may lower the size cap, not raise it (limit {limit_size})")
    return out, warnings


def _rel(path: Any, root: Path) -> str:
    text = str(path)
    try:
        return Path(os.path.abspath(text)).relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return text


def config_changes(values: Mapping[str, Any], reference: Mapping[str, Any], *, raw: Mapping[str, Any], source: str,
                   origin: str, root: Path, blocking: bool) -> list[GateChange]:
    """Config-level settings of ``values`` that weaken the gate relative to ``reference`` (a trusted config, else defaults)."""
    out: list[GateChange] = []

    def add(setting: str, value: str, key: str, index: int | None = None) -> None:
        line = _item_line(raw, key, index) if index is not None else _line(raw, key)
        out.append(GateChange(setting=setting, value=value, source=source, line=line, origin=origin, blocking=blocking))

    if values.get("exit_zero") is True and not reference.get("exit_zero"):
        add("exit_zero", "true", "exit_zero")
    if values.get("inline_ignores") is True and reference.get("inline_ignores") is False:
        add("inline_ignores", "true", "inline_ignores")
    fail_on = values.get("fail_on")
    if isinstance(fail_on, Severity) and fail_on > reference.get("fail_on", DEFAULT_FAIL_ON):
        add("fail_on", fail_on.label, "fail_on")
    ref_exclude = set(reference.get("exclude", ()))
    for index, pattern in enumerate(values.get("exclude", ())):
        if str(pattern) not in ref_exclude:
            add("exclude", str(pattern), "exclude", index)
    if "policies" in values and tuple(values["policies"]) != tuple(reference.get("policies", ("default",))):
        add("policy", ", ".join(_rel(p, root) if not _is_pack(str(p)) else str(p) for p in values["policies"]) or "(none)", "policy")
    if values.get("baseline") and values.get("baseline") != reference.get("baseline"):
        add("baseline", _rel(values["baseline"], root), "baseline")
    if "home" in values and values["home"] != str(reference.get("home", "US")).upper():
        add("home", str(values["home"]), "home")
    ref_trusted = set(reference.get("trusted_countries", ()))
    for index, country in enumerate(values.get("trusted_countries", ())):
        if country not in ref_trusted:
            add("trusted_countries", str(country), "trusted_countries", index)
    concern = values.get("countries_of_concern")
    if concern is not None and ("countries_of_concern" not in reference or set(concern) != set(reference["countries_of_concern"] or ())):
        add("countries_of_concern", ", ".join(sorted(concern)) or "(none)", "countries_of_concern")
    registry = values.get("registry")
    if registry and registry != reference.get("registry"):
        keys = sorted(str(k) for k in registry) if isinstance(registry, Mapping) else []
        add("registry", "overlay of " + (", ".join(keys) or "(invalid)"), "registry")
    if values.get("offline") is True and not reference.get("offline"):
        add("offline", "true", "offline")
    if values.get("require_online") is False and reference.get("require_online") is True:
        add("require_online", "false", "require_online")
    size = values.get("max_file_size")
    if isinstance(size, int) and not isinstance(size, bool) and size < reference.get("max_file_size", DEFAULT_MAX_FILE_SIZE):
        add("max_file_size", str(size), "max_file_size")
    hub = values.get("hub")
    if isinstance(hub, Mapping):
        defaults = _hub_defaults()
        ref_hub = reference.get("hub") if isinstance(reference.get("hub"), Mapping) else {}
        for key, value in hub.items():
            name = str(key).replace("-", "_")
            limit = ref_hub.get(name, defaults.get(name)) if isinstance(ref_hub, Mapping) else defaults.get(name)
            if name in _LOWERED_HUB and isinstance(value, (int, float)) and limit is not None and value < limit:
                out.append(GateChange(setting=f"hub.{name}", value=f"{value:g}", source=source, line=_line(hub, str(key)) or _line(raw, "hub"),
                                      origin=origin, blocking=blocking))
    return out


def _is_pack(value: str) -> bool:
    return "/" not in value and "\\" not in value and not value.endswith((".yaml", ".yml"))


def ignore_value(entry: IgnoreEntry) -> str:
    """An ignore entry as one stable line: rule, matchers, expiry (no reason: rewording it is no new exception)."""
    parts = [entry.rule]
    parts += [f"{k}={getattr(entry, k)}" for k in ("model", "package", "file", "path") if getattr(entry, k) is not None]
    if entry.expires is not None:
        parts.append(f"until {entry.expires.isoformat()}")
    return " ".join(parts)


def _ignore_identity(entry: IgnoreEntry) -> tuple[Any, ...]:
    return (entry.rule.upper(), entry.model, entry.package, entry.file, entry.path, entry.expires)


@record(frozen=True, slots=True)
class AppliedOverride:
    """One override the policy loader applied: the rule before and after, and where the override was written."""

    rule_id: str
    before: Rule
    after: Rule
    source: str
    line: int | None


def policy_changes(policy: Policy, overrides: Sequence[AppliedOverride], *, root: Path, trusted_sources: Iterable[str],
                   trusted_config: bool) -> list[GateChange]:
    """Ignores (config or policy files) and weakening overrides; with a trusted config, the tree's new ones block."""
    trusted = set(trusted_sources)
    trusted_ignores = {_ignore_identity(e) for e in policy.ignores if e.source in trusted}
    out: list[GateChange] = []
    for entry in policy.ignores:
        if entry.source.startswith("rules/"):
            continue  # a built-in pack's own exception
        origin = "command-line" if entry.source in trusted else "tree"
        blocking = trusted_config and origin == "tree" and _ignore_identity(entry) not in trusted_ignores
        out.append(GateChange(setting="ignore", value=ignore_value(entry), source=_rel(entry.source, root), line=entry.line,
                              origin=origin, blocking=blocking))
    for item in overrides:
        before, after = item.before, item.after
        if before.enabled and not after.enabled:
            value = f"{item.rule_id} disabled"
        elif after.enabled and after.severity < before.severity:
            value = f"{item.rule_id} severity {before.severity.label} -> {after.severity.label}"
        else:
            continue
        origin = "command-line" if item.source in trusted else "tree"
        out.append(GateChange(setting="override", value=value, source=_rel(item.source, root), line=item.line, origin=origin,
                              blocking=trusted_config and origin == "tree"))
    return out


def gate_findings(changes: Iterable[GateChange], rule: Rule) -> list[Finding]:
    """One AIS-GATE-001 finding per blocking gate change; never suppressible (the tree wrote the suppressions)."""
    from .policy.evaluate import fingerprint, render_message

    out = []
    for change in changes:
        if not change.blocking:
            continue
        data = {"setting": change.setting, "value": change.value, "where": f"{change.source}:{change.line}" if change.line else change.source}
        out.append(Finding(
            rule_id=rule.id, severity=rule.severity, title=rule.title, message=render_message(rule.message, data),
            subject=change.key, subject_kind="policy", locations=(Location(path=change.source, line=change.line),),
            fingerprint=fingerprint(rule.id, "policy", change.key), remediation=rule.remediation, context="config",
        ))
    return out


def sort_changes(changes: Iterable[GateChange]) -> tuple[GateChange, ...]:
    return tuple(sorted(changes, key=lambda c: (c.source, c.line or 0, c.setting, c.value)))
