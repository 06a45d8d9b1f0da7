"""Load policy files (extends, rules, overrides, ignore) and validate them: every problem with file, line, rule id."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..data import SHIPPED_POLICIES, rules_dir
from ..errors import PolicyError, Problem, ValidationError
from ..models import Severity
from ..parsecache import load_with_lines
from ..records import record
from ..safefile import read_text
from ..yamllines import LineList, line_of
from .base import IgnoreEntry, Policy, Rule
from .compiler import RuleCompiler
from .meta import META_RULES

TOP_KEYS = ("version", "name", "description", "extends", "rules", "overrides", "ignore")
OVERRIDE_KEYS = ("id", "severity", "enabled")
IGNORE_KEYS = ("id", "model", "package", "file", "path", "reason", "expires")
MATCHERS = ("model", "package", "file", "path")


def builtin_packs() -> dict[str, Path]:
    """Built-in packs by name: every ``rules/*.yaml`` (the registry lives in a sub-directory)."""
    return {p.stem: p for p in sorted(rules_dir().glob("*.yaml"))}


def _is_pack_name(ref: str) -> bool:
    return "/" not in ref and "\\" not in ref and not ref.endswith((".yaml", ".yml"))


def resolve_policy_ref(ref: str, *, base: Path | None = None) -> Path | None:
    """A built-in pack name or a path (relative to ``base``); None when neither exists."""
    if _is_pack_name(ref):
        return builtin_packs().get(ref)
    path = Path(ref)
    if base is not None and not path.is_absolute():
        path = base / path
    return path if os.path.lexists(path) else None  # FIFOs, devices, dangling links: refused by name when read


@record(frozen=False, slots=True)
class _State:
    variables: Mapping[str, Any]
    problems: list[Problem] = dataclasses.field(default_factory=list)
    rules: dict[str, Rule] = dataclasses.field(default_factory=dict)
    overrides: list[tuple[Any, str]] = dataclasses.field(default_factory=list)
    ignores: list[IgnoreEntry] = dataclasses.field(default_factory=list)
    seen: set[Path] = dataclasses.field(default_factory=set)
    confine: Path | None = None  # policy files from the scanned tree: read only inside this root
    applied: list[Any] = dataclasses.field(default_factory=list)  # scanner.gate.AppliedOverride


def load_policy(
    refs: tuple[str, ...],
    variables: Mapping[str, Any],
    *,
    overrides: tuple[Mapping[str, Any], ...] = (),
    ignores: tuple[Mapping[str, Any], ...] = (),
    config_source: str | None = None,
    trusted: tuple[str, tuple[Mapping[str, Any], ...], tuple[Mapping[str, Any], ...]] | None = None,
    confine: Path | None = None,
) -> Policy:
    """Load packs/files (the default pack when none), then the config's overrides and ignores; raise every problem.

    ``trusted``: (source, overrides, ignores) of --trusted-config, applied before the config's own. ``confine``: the
    policy files were named by a config in the scanned tree and must be regular files inside this root (as must
    everything they extend). Wildcard ignores (every rule, no subject, no expiry) are an error.
    """
    refs = refs or ("default",)
    state = _State(variables=variables, confine=confine)
    state.rules = {r.id: r for r in META_RULES}
    for ref in refs:
        path = resolve_policy_ref(ref)
        if path is None:
            state.problems.append(Problem(ref, None, "", f"no such policy file or built-in pack (built-in packs: {', '.join(builtin_packs())})"))
            continue
        _load_file(path, state)
    layers = [trusted] if trusted is not None else []
    layers.append((config_source or "<config>", overrides, ignores))
    for source, layer_overrides, _ in layers:
        state.overrides.extend((item, source) for item in layer_overrides)
    _apply_overrides(state)
    for source, _, layer_ignores in layers:
        for index, item in enumerate(layer_ignores):
            entry = parse_ignore(item, index, source, state.problems)
            if entry is not None:
                state.ignores.append(entry)
    _check_wildcards(state)
    if state.problems:
        files = list(dict.fromkeys(p.file for p in state.problems))
        raise PolicyError(sorted(state.problems, key=lambda p: (files.index(p.file), p.line or 0)))
    ordered = sorted(state.rules.values(), key=lambda r: r.subject == "policy")  # pack rules first, meta rules last
    return Policy(rules=tuple(ordered), ignores=tuple(state.ignores), sources=refs, variables=variables, applied_overrides=tuple(state.applied))


_EVERYTHING = ("", "*", "**", "**/*", "*/**", "*/*")


def _check_wildcards(state: _State) -> None:
    """An ignore of every rule, for every subject, forever switches the gate off: a config error (file, line)."""
    import fnmatch

    probes = [r.id for r in state.rules.values()]  # every rule of the active policy (meta rules included)
    for entry in state.ignores:
        if entry.expires is not None:
            continue
        if any(getattr(entry, k) not in (None, *_EVERYTHING) for k in ("model", "package", "file", "path")):
            continue
        if all(fnmatch.fnmatchcase(p.upper(), entry.rule.upper()) for p in probes):
            state.problems.append(Problem(entry.source, entry.line, f"ignore {entry.rule}",
                                          "wildcard ignore: it suppresses every rule for every subject with no expiry "
                                          "(name the rules and subjects, or add 'expires')"))


def _load_file(path: Path, state: _State) -> None:
    resolved = path.resolve()
    if resolved in state.seen:
        return
    state.seen.add(resolved)
    display = _display(path)
    try:
        builtin = resolved.parent == rules_dir().resolve()
        confine = None if builtin else state.confine
        if builtin:  # package data: its parsed copy (with lines) is reused while the file is unchanged
            data = load_with_lines(resolved, lambda: _parse(path, confine, display), _cache_root(), rules_dir() / SHIPPED_POLICIES)
        else:
            data = _parse(path, confine, display)
    except ValidationError as exc:
        state.problems.extend(exc.problems)
        return
    if not isinstance(data, dict):
        state.problems.append(Problem(display, line_of(data) or 1, "", "a policy must be a mapping with 'version' and 'rules'"))
        return
    for key in data:
        if key not in TOP_KEYS:
            state.problems.append(Problem(display, line_of(data, key), "", f"unknown key '{key}' (allowed: {', '.join(TOP_KEYS)})"))
    if data.get("version", 1) != 1:
        state.problems.append(Problem(display, line_of(data, "version"), "", f"unsupported version {data.get('version')!r} (supported: 1)"))
    for item, line in _items(data, "extends", display, state.problems):
        parent = resolve_policy_ref(str(item), base=path.parent) if isinstance(item, str) else None
        if parent is None:
            kind = "built-in pack" if isinstance(item, str) and _is_pack_name(item) else "policy file"
            state.problems.append(Problem(display, line, "extends", f"no such {kind} {item!r} (built-in packs: {', '.join(builtin_packs())})"))
            continue
        _load_file(parent, state)
    compiler = RuleCompiler(display, state.variables, state.problems)
    defined: dict[str, int | None] = {}
    for index, (raw, line) in enumerate(_items(data, "rules", display, state.problems)):
        rid = raw.get("id") if isinstance(raw, dict) else None
        duplicate = isinstance(rid, str) and rid in defined
        if isinstance(rid, str) and duplicate:
            state.problems.append(Problem(display, line_of(raw, "id"), f"rule {rid}", f"duplicate rule id (first defined at line {defined[rid]})"))
        elif isinstance(rid, str):
            defined[rid] = line_of(raw, "id")
        rule = compiler.compile(raw, index, line)
        if rule is not None and not duplicate:
            state.rules[rule.id] = rule  # a later file may redefine a rule of a pack it extends
    for item, _line in _items(data, "overrides", display, state.problems):
        state.overrides.append((item, display))
    for index, (item, _line) in enumerate(_items(data, "ignore", display, state.problems)):
        entry = parse_ignore(item, index, display, state.problems)
        if entry is not None:
            state.ignores.append(entry)


def _parse(path: Path, confine: Path | None, display: str) -> Any:
    from ..yamlio import load_yaml_text  # PyYAML only when a policy file is parsed

    return load_yaml_text(read_text(path, what="policy file", root=confine, display=display), source=display)


def _cache_root() -> Path | None:
    from ..filecache import default_cache_root

    return default_cache_root(None)


def _items(data: Mapping[str, Any], key: str, source: str, problems: list[Problem]) -> list[tuple[Any, int | None]]:
    value = data.get(key)
    if value is None:
        return []
    if isinstance(value, str) and key == "extends":
        return [(value, line_of(data, key))]
    if not isinstance(value, list):
        problems.append(Problem(source, line_of(data, key), key, "must be a list"))
        return []
    lines = value.item_lines if isinstance(value, LineList) else [line_of(data, key)] * len(value)
    return list(zip(value, lines, strict=True))


def _apply_overrides(state: _State) -> None:
    for item, source in state.overrides:
        line = line_of(item)
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
            state.problems.append(Problem(source, line, "overrides", "each override needs an 'id'"))
            continue
        rid = item["id"]
        where = f"override {rid}"
        if rid.upper().startswith("AIS-GATE-"):
            state.problems.append(Problem(source, line_of(item, "id"), where, "the gate rule cannot be overridden (it only fires under --trusted-config)"))
            continue
        bad = [k for k in item if k not in OVERRIDE_KEYS]
        for key in bad:
            state.problems.append(Problem(source, line_of(item, key), where, f"unknown key '{key}' (allowed: {', '.join(OVERRIDE_KEYS)})"))
        if rid not in state.rules:
            state.problems.append(Problem(source, line_of(item, "id"), where, "unknown rule id"))
            continue
        changes: dict[str, Any] = {}
        if "severity" in item:
            try:
                changes["severity"] = Severity.parse(str(item["severity"]))
            except ValueError as exc:
                state.problems.append(Problem(source, line_of(item, "severity"), where, str(exc)))
        if "enabled" in item:
            if isinstance(item["enabled"], bool):
                changes["enabled"] = item["enabled"]
            else:
                state.problems.append(Problem(source, line_of(item, "enabled"), where, "'enabled' must be true or false"))
        if not bad and "severity" not in item and "enabled" not in item:
            state.problems.append(Problem(source, line, where, "an override changes 'severity' or 'enabled'"))
        before = state.rules[rid]
        state.rules[rid] = dataclasses.replace(before, **changes)
        from ..gate import AppliedOverride

        state.applied.append(AppliedOverride(rule_id=rid, before=before, after=state.rules[rid], source=source, line=line_of(item)))


def parse_ignore(item: Any, index: int, source: str, problems: list[Problem]) -> IgnoreEntry | None:
    """Validate one ``ignore`` entry: id, an optional subject matcher, a reason (required), an optional expiry."""
    line = line_of(item)
    if not isinstance(item, Mapping):
        problems.append(Problem(source, line, f"ignore[{index}]", "an ignore entry must be a mapping"))
        return None
    rid = item.get("id")
    where = f"ignore {rid}" if isinstance(rid, str) and rid else f"ignore[{index}]"
    before = len(problems)
    for key in item:
        if key not in IGNORE_KEYS:
            problems.append(Problem(source, line_of(item, key), where, f"unknown key '{key}' (allowed: {', '.join(IGNORE_KEYS)})"))
    if not isinstance(rid, str) or not rid:
        problems.append(Problem(source, line, where, "missing 'id' (a rule id; globs such as AIS-LICENSE-* allowed)"))
    reason = item.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        problems.append(Problem(source, line_of(item, "reason") if "reason" in item else line, where, "missing 'reason': say why this is accepted"))
    for key in MATCHERS:
        if key in item and not (isinstance(item[key], str) and item[key]):
            problems.append(Problem(source, line_of(item, key), where, f"'{key}' must be a non-empty string (a glob)"))
    expires = None
    if "expires" in item:
        expires = _date(item["expires"])
        if expires is None:
            problems.append(Problem(source, line_of(item, "expires"), where, f"invalid date {item['expires']!r} for 'expires' (use YYYY-MM-DD)"))
    if len(problems) > before:
        return None
    return IgnoreEntry(
        rule=str(rid), reason=str(reason).strip(), expires=expires, source=source, line=line,
        **{k: str(item[k]) for k in MATCHERS if k in item},
    )


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _display(path: Path) -> str:
    try:
        if path.resolve().parent == rules_dir().resolve():
            return f"rules/{path.name}"
    except OSError:
        pass
    return str(path)
