"""Evaluate compiled rules against the resolved records: one Finding per (rule, subject), or per file for references."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..discover.base import classify_context
from ..models import FileGap, Finding, Location, Model, ModelFile, Package, Reference
from ..records import record
from ..serialize import file_dict, gap_dict, model_dict, package_dict, reference_dict
from ..sha import sha256
from .base import DEFAULT_CONTEXTS, Policy, Rule
from .conditions import get_field
from .globs import any_match

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)(?:\|([^{}]*))?\}")


@record(frozen=True, slots=True)
class _Occurrence:
    """Where a subject sits: a path and the context of that path."""

    location: Location
    context: str


@record(frozen=True, slots=True)
class _Subject:
    name: str
    data: Mapping[str, Any]
    occurrences: tuple[_Occurrence, ...]
    group: str = ""  # reference subjects: findings are grouped per (identifier, path)


def _refs(refs: Iterable[Reference]) -> tuple[_Occurrence, ...]:
    return tuple(_Occurrence(r.location, r.context.value) for r in refs)


def subjects(models: Iterable[Model], packages: Iterable[Package], files: Iterable[ModelFile], references: Iterable[Reference],
             coverage: Iterable[FileGap] = ()) -> dict[str, list[_Subject]]:
    """Each record as the dict the JSON report shows, with the places it occurs."""
    return {
        "model": [_Subject(m.id, model_dict(m), _refs(m.references)) for m in models],
        "package": [
            _Subject(p.name, package_dict(p), _refs(p.references) or (_Occurrence(p.location, classify_context(p.location.path).value),))
            for p in packages
        ],
        "file": [_Subject(f.path, file_dict(f), (_Occurrence(Location(path=f.path), classify_context(f.path).value),)) for f in files],
        "reference": [
            _Subject(r.identifier, reference_dict(r), _refs([r]), group=f"{r.kind.value}\x1f{r.identifier}\x1f{r.location.path}")
            for r in references
        ],
        "coverage": [_Subject(g.path, gap_dict(g), (_Occurrence(Location(path=g.path), classify_context(g.path).value),)) for g in coverage],
    }


def evaluate(
    policy: Policy,
    *,
    models: Iterable[Model],
    packages: Iterable[Package],
    files: Iterable[ModelFile],
    references: Iterable[Reference],
    coverage: Iterable[FileGap] = (),
) -> tuple[Finding, ...]:
    table = subjects(models, packages, files, references, coverage)
    findings: list[Finding] = []
    for rule in policy.rules:
        if not rule.enabled or rule.subject not in table:
            continue
        grouped: dict[str, list[tuple[_Subject, tuple[_Occurrence, ...]]]] = {}
        for subject in table[rule.subject]:
            kept = applicable(rule, subject.occurrences)
            if kept and rule.when(subject.data):
                grouped.setdefault(subject.group or subject.name, []).append((subject, kept))
        findings.extend(_finding(rule, hits) for hits in grouped.values())
    return sort_findings(findings)


def _loc_key(loc: Location) -> tuple[str, int, int, int]:
    """Sort key of a location that never compares None with a number."""
    return (loc.path, loc.cell or 0, loc.line or 0, loc.column or 0)


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: (-f.severity, f.rule_id, f.subject.lower(), f.subject, [_loc_key(x) for x in f.locations])))


def applicable(rule: Rule, occurrences: Sequence[_Occurrence]) -> tuple[_Occurrence, ...]:
    """The occurrences in the rule's contexts and paths; a subject with none left is not evaluated."""
    contexts = rule.contexts or DEFAULT_CONTEXTS
    return tuple(
        o for o in occurrences
        if o.context in contexts
        and (not rule.include or any_match(o.location.path, rule.include))
        and not any_match(o.location.path, rule.exclude)
    )


def _finding(rule: Rule, hits: list[tuple[_Subject, tuple[_Occurrence, ...]]]) -> Finding:
    subject = hits[0][0]
    occurrences = [o for _, kept in hits for o in kept]
    locations = tuple(sorted({o.location for o in occurrences}, key=_loc_key))
    contexts = sorted({o.context for o in occurrences})
    paths = sorted({loc.path for loc in locations}) if rule.subject == "reference" else []
    return Finding(
        rule_id=rule.id,
        severity=rule.severity,
        title=rule.title,
        message=render_message(rule.message, subject.data),
        subject=subject.name,
        subject_kind=rule.subject,
        locations=locations,
        fingerprint=fingerprint(rule.id, rule.subject, subject.name, paths),
        remediation=rule.remediation,
        context=contexts[0] if len(contexts) == 1 else "mixed",
    )


def render_message(template: str, data: Mapping[str, Any]) -> str:
    """Fill ``{dotted.field}`` placeholders from the subject's data; empty values render as ``{field|fallback}``'s
    fallback, else 'unknown'."""

    def repl(match: re.Match[str]) -> str:
        value = get_field(data, match.group(1))
        if value is None or value == "" or value == []:
            return match.group(2) if match.group(2) is not None else "unknown"
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, (list, tuple)):
            return ", ".join(map(str, value)) or "none"
        return str(value)

    return drop_repeated_clauses(_PLACEHOLDER.sub(repl, template))


def drop_repeated_clauses(text: str) -> str:
    """Leave out a ``; label: value`` clause whose value the message already states ("developed by X (CN);
    developer: X (CN)" reads "developed by X (CN)"): templates name both fields, data often makes them equal."""
    parts = text.split("; ")
    kept = [parts[0]]
    for part in parts[1:]:
        _, sep, value = part.partition(": ")
        if sep and value.strip() and value.strip() in "; ".join(kept):
            continue
        kept.append(part)
    return "; ".join(kept)


def fingerprint(rule_id: str, subject_kind: str, subject: str, paths: Sequence[str] = ()) -> str:
    """Stable id of a finding: rule, subject and (for reference rules) paths; never line numbers."""
    digest = sha256("\x1f".join([rule_id, subject_kind, subject, *sorted(set(paths))]).encode()).hexdigest()
    return digest[:32]
