"""Apply suppressions in order (inline comments, ignore entries, baseline); suppressed findings stay, marked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
from collections.abc import Iterable
from pathlib import Path

from ..models import Finding, Location
from .base import IgnoreEntry, Policy, Rule
from .evaluate import fingerprint, render_message, sort_findings
from .globs import path_matches
from .inline import InlineIgnore, SourceLines
from .meta import BARE_IGNORE, EXPIRED_IGNORE


def apply_suppressions(
    findings: Iterable[Finding],
    policy: Policy,
    *,
    root: Path,
    today: dt.date,
    baseline: frozenset[str] | None = None,
    inline: bool = True,
) -> tuple[Finding, ...]:
    """Mark findings suppressed by inline ignores (unless ``inline`` is off), by (unexpired) ignore entries, or by
    the baseline. Also adds the engine's meta findings: bare inline ignores (AIS-META-001), expired entries (AIS-META-002).
    """
    source = SourceLines(root)
    out: list[Finding] = []
    bare: dict[tuple[str, int], InlineIgnore] = {}
    for finding in findings:
        reason = _inline(finding, source, bare) if inline else None
        out.append(dataclasses.replace(finding, suppressed_by=f"inline: {reason}" if reason else "inline") if reason is not None else finding)
    bare_items = [(Location(path=i.path, line=i.line), {"path": i.path, "line": i.line}, f"{i.path}\x1f{i.reason}") for i in bare.values()]
    out.extend(_meta(policy.rule(BARE_IGNORE), bare_items))
    active = [e for e in policy.ignores if not e.expired(today)]
    expired = [e for e in policy.ignores if e.expired(today)]
    expired_items = [(loc, _entry_data(e, loc), f"{loc.path}\x1f{e.rule}\x1f{e.reason}") for e in expired for loc in [_entry_location(e, root)]]
    out.extend(_meta(policy.rule(EXPIRED_IGNORE), expired_items))
    result: list[Finding] = []
    for finding in out:
        if finding.suppressed_by is None:
            entry = next((e for e in active if matches(e, finding)), None)
            if entry is not None:
                finding = dataclasses.replace(finding, suppressed_by=f"config: {entry.reason}")
            elif baseline is not None and finding.fingerprint in baseline:
                finding = dataclasses.replace(finding, suppressed_by="baseline")
        result.append(finding)
    return sort_findings(result)


def _inline(finding: Finding, source: SourceLines, bare: dict[tuple[str, int], InlineIgnore]) -> str | None:
    """The reason when every location of the finding carries an ignore naming its rule; else None."""
    located = [loc for loc in finding.locations if loc.line is not None]
    if not located:
        return None
    reasons: list[str] = []
    for loc in located:
        comments = source.ignores_at(loc)
        for comment in comments:
            if not comment.rules:
                bare.setdefault((comment.path, comment.line), comment)
        named = [c for c in comments if any(r.upper() == finding.rule_id.upper() for r in c.rules)]
        if not named:
            return None
        reasons.append(named[0].reason)
    if len(located) != len(finding.locations):
        return None  # a location without a line (a whole file) cannot carry a comment
    return "; ".join(dict.fromkeys(r for r in reasons if r))


def matches(entry: IgnoreEntry, finding: Finding) -> bool:
    """Whether an ignore entry covers a finding: rule glob, then every given matcher (all must hold)."""
    if not fnmatch.fnmatchcase(finding.rule_id.upper(), entry.rule.upper()):
        return False
    if entry.model is not None and not (
        finding.subject_kind in ("model", "reference") and fnmatch.fnmatchcase(finding.subject.lower(), entry.model.lower())
    ):
        return False
    if entry.package is not None and not (
        finding.subject_kind == "package" and _same_package(finding.subject, entry.package)
    ):
        return False
    if entry.file is not None and not (finding.subject_kind == "file" and path_matches(finding.subject, entry.file)):
        return False
    if entry.path is not None:
        paths = {loc.path for loc in finding.locations}
        if not paths or not all(path_matches(p, entry.path) for p in paths):
            return False
    return True


def _meta(rule: Rule | None, items: list[tuple[Location, dict[str, object], str]]) -> list[Finding]:
    if rule is None or not rule.enabled:
        return []
    out = []
    for location, data, identity in items:
        subject = f"{location.path}:{location.line}" if location.line else location.path
        out.append(Finding(
            rule_id=rule.id, severity=rule.severity, title=rule.title, message=render_message(rule.message, data),
            subject=subject, subject_kind="policy", locations=(location,),
            fingerprint=fingerprint(rule.id, "policy", identity), remediation=rule.remediation, context="config",
        ))
    return out


def _entry_data(entry: IgnoreEntry, location: Location) -> dict[str, object]:
    return {"where": str(location), "rule": entry.rule, "expires": entry.expires.isoformat() if entry.expires else None, "reason": entry.reason}


def _entry_location(entry: IgnoreEntry, root: Path) -> Location:
    path = entry.source
    try:
        path = Path(entry.source).resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        pass
    return Location(path=path, line=entry.line)


def _same_package(name: str, pattern: str) -> bool:
    """``name`` matches the glob ``pattern``, both PEP 503-normalised (packaging imported only when an ignore names a package)."""
    from packaging.utils import canonicalize_name

    return fnmatch.fnmatchcase(canonicalize_name(name), canonicalize_name(pattern))
