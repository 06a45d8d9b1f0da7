"""Compare two saved reports: new, removed and changed models, packages, files and findings (by fingerprint)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .reportfile import SEVERITY_LABELS

Row = Mapping[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One item present on both sides whose compared fields differ: ``fields`` maps name -> (base, head)."""

    key: str
    base: Row
    head: Row
    fields: tuple[tuple[str, Any, Any], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """Added, removed and changed items of one kind (models, packages, files or findings)."""

    name: str
    added: tuple[Row, ...] = ()
    removed: tuple[Row, ...] = ()
    changed: tuple[Change, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportDiff:
    """Everything that differs between a base report and a head report, plus the gate's verdict."""

    base_root: str
    head_root: str
    threshold: str
    models: Section
    packages: Section
    files: Section
    findings: Section
    blocking: tuple[Row, ...]  # head findings active at/above threshold that were not active in base

    @property
    def sections(self) -> tuple[Section, ...]:
        return (self.models, self.packages, self.files, self.findings)

    @property
    def failed(self) -> bool:
        return bool(self.blocking)


def rank(severity: str) -> int:
    return SEVERITY_LABELS.index(severity) if severity in SEVERITY_LABELS else -1


def get(row: Row, dotted: str) -> Any:
    value: Any = row
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    if isinstance(value, list):
        return tuple(value)
    return value


def model_key(m: Row) -> str:
    return f"{m.get('kind')}:{m.get('id')}"


def finding_key(f: Row) -> str:
    """The fingerprint (stable across line moves); reports without one fall back to rule, kind and subject."""
    return str(f.get("fingerprint") or f"{f.get('rule_id')}|{f.get('subject_kind', '')}|{f.get('subject')}")


MODEL_FIELDS = ("origin.developer", "origin.country", "base.developer", "base.country", "base_model", "license.spdx",
                "license.name", "license.category", "formats", "revision", "pinned", "gated", "remote_code")
PACKAGE_FIELDS = ("specifier", "version", "pinned", "developer", "country")
FILE_FIELDS = ("format", "sha256", "size", "verdict", "can_execute_code")
FINDING_FIELDS = ("severity", "suppressed_by", "message")


def compare_rows(name: str, base: Iterable[Row], head: Iterable[Row], key: Callable[[Row], str], fields: tuple[str, ...]) -> Section:
    before = {key(r): r for r in base}
    after = {key(r): r for r in head}
    changed = []
    for k in sorted(before.keys() & after.keys()):
        diffs = tuple((f, get(before[k], f), get(after[k], f)) for f in fields if get(before[k], f) != get(after[k], f))
        if diffs:
            changed.append(Change(key=k, base=before[k], head=after[k], fields=diffs))
    return Section(
        name=name,
        added=tuple(sorted((after[k] for k in after.keys() - before.keys()), key=lambda r: _order(name, key, r))),
        removed=tuple(sorted((before[k] for k in before.keys() - after.keys()), key=lambda r: _order(name, key, r))),
        changed=tuple(changed),
    )


def _order(section: str, key: Callable[[Row], str], row: Row) -> tuple[Any, ...]:
    """Findings by severity (highest first), then rule and subject; everything else by key."""
    if section == "findings":
        return (-rank(str(row.get("severity"))), str(row.get("rule_id")), str(row.get("subject")), key(row))
    return (key(row),)


def active(findings: Iterable[Row], threshold: int = -1) -> dict[str, Row]:
    """Unsuppressed findings at or above ``threshold``, by key."""
    return {finding_key(f): f for f in findings if not f.get("suppressed_by") and rank(str(f.get("severity"))) >= threshold}


def diff_reports(base: Mapping[str, Any], head: Mapping[str, Any], *, threshold: str = "high") -> ReportDiff:
    """The diff of two reports. ``blocking`` holds the head findings that are active (unsuppressed) at or above
    ``threshold`` and whose fingerprint was not active in base: new findings, and findings whose suppression was
    removed. This is exactly what a head scan with ``--baseline`` (a baseline written from base by ``aiscan
    baseline``) leaves unsuppressed; a severity raised by a policy change shows under ``findings.changed``."""
    level = rank(threshold)
    if level < 0:
        raise ValueError(f"unknown severity {threshold!r}")
    accepted = active(base.get("findings", []))
    blocking = [f for k, f in sorted(active(head.get("findings", []), level).items()) if k not in accepted]
    blocking.sort(key=lambda f: (-rank(str(f.get("severity"))), str(f.get("rule_id")), str(f.get("subject"))))
    return ReportDiff(
        base_root=str(base.get("root", "")),
        head_root=str(head.get("root", "")),
        threshold=threshold,
        models=compare_rows("models", base.get("models", []), head.get("models", []), model_key, MODEL_FIELDS),
        packages=compare_rows("packages", base.get("packages", []), head.get("packages", []), lambda p: str(p.get("name")), PACKAGE_FIELDS),
        files=compare_rows("files", base.get("files", []), head.get("files", []), lambda f: str(f.get("path")), FILE_FIELDS),
        findings=compare_rows("findings", base.get("findings", []), head.get("findings", []), finding_key, FINDING_FIELDS),
        blocking=tuple(blocking),
    )
