"""Compare two saved reports: new, removed and changed models, packages, files and findings (by fingerprint)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..records import record
from .reportfile import SEVERITY_LABELS

Row = Mapping[str, Any]


@record(frozen=True, slots=True, kw_only=True)
class Change:
    """One item present on both sides whose compared fields differ: ``fields`` maps name -> (base, head)."""

    key: str
    base: Row
    head: Row
    fields: tuple[tuple[str, Any, Any], ...]


@record(frozen=True, slots=True, kw_only=True)
class Section:
    """Added, removed and changed items of one kind (models, packages, files or findings)."""

    name: str
    added: tuple[Row, ...] = ()
    removed: tuple[Row, ...] = ()
    changed: tuple[Change, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@record(frozen=True, slots=True, kw_only=True)
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
    gate: tuple[Row, ...] = ()  # gate weakening in head: new gate changes, findings newly suppressed (both block)

    @property
    def sections(self) -> tuple[Section, ...]:
        return (self.models, self.packages, self.files, self.findings)

    @property
    def failed(self) -> bool:
        return bool(self.blocking or self.gate)


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
    gate = gate_weakening(base, head, level)
    return ReportDiff(
        base_root=str(base.get("root", "")),
        head_root=str(head.get("root", "")),
        threshold=threshold,
        models=compare_rows("models", base.get("models", []), head.get("models", []), model_key, MODEL_FIELDS),
        packages=compare_rows("packages", base.get("packages", []), head.get("packages", []), lambda p: str(p.get("name")), PACKAGE_FIELDS),
        files=compare_rows("files", base.get("files", []), head.get("files", []), lambda f: str(f.get("path")), FILE_FIELDS),
        findings=compare_rows("findings", base.get("findings", []), head.get("findings", []), finding_key, FINDING_FIELDS),
        blocking=tuple(blocking),
        gate=gate,
    )


def _gate_changes(report: Mapping[str, Any]) -> list[Row]:
    config = report.get("config")
    rows = config.get("gate_changes") if isinstance(config, Mapping) else None
    return [r for r in rows if isinstance(r, Mapping)] if isinstance(rows, list) else []


def _gate_key(row: Row) -> str:
    return str(row.get("key") or f"{row.get('setting')}={row.get('value')}")


def gate_weakening(base: Mapping[str, Any], head: Mapping[str, Any], level: int) -> tuple[Row, ...]:
    """What head does to relax its own gate relative to base: every gate change (config.gate_changes) head has and
    base has not, and every finding active at or above the threshold in base that head suppresses (an inline
    comment, an ignore entry or a baseline written by the pull request)."""
    known = {_gate_key(r) for r in _gate_changes(base)}
    out: list[Row] = [dict(r) for r in _gate_changes(head) if _gate_key(r) not in known]
    was_active = active(base.get("findings", []), level)
    for f in head.get("findings", []):
        if not isinstance(f, Mapping) or not f.get("suppressed_by") or finding_key(f) not in was_active:
            continue
        locs = f.get("locations") or [{}]
        first = locs[0] if isinstance(locs[0], Mapping) else {}
        out.append({"setting": "suppression", "value": f"{f.get('rule_id')} {f.get('subject')} ({f.get('suppressed_by')})",
                    "source": first.get("path") or "", "line": first.get("line"), "origin": "tree", "key": f"suppression={finding_key(f)}"})
    out.sort(key=lambda r: (str(r.get("setting")), str(r.get("value"))))
    return tuple(out)
