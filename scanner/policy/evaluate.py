"""Evaluate compiled rules against the resolved records; one Finding per (rule, subject)."""

from __future__ import annotations

import fnmatch
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..models import Finding, Location, Model, ModelFile, Package, Reference
from ..serialize import file_dict, model_dict, package_dict, reference_dict
from .base import Policy, Rule
from .conditions import get_field

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")
DEFAULT_CONTEXTS = ("code", "config", "infra", "notebook", "test")


def evaluate(
    policy: Policy,
    *,
    models: Iterable[Model],
    packages: Iterable[Package],
    files: Iterable[ModelFile],
    references: Iterable[Reference],
) -> tuple[Finding, ...]:
    subjects: dict[str, list[tuple[str, dict[str, Any], tuple[Reference, ...], tuple[Location, ...]]]] = {
        "model": [(m.id, model_dict(m), m.references, ()) for m in models],
        "package": [(p.name, package_dict(p), p.references, (p.location,)) for p in packages],
        "file": [(f.path, file_dict(f), (), (Location(path=f.path),)) for f in files],
        "reference": [(r.identifier, reference_dict(r), (r,), ()) for r in references],
    }
    findings: list[Finding] = []
    for rule in policy.rules:
        if not rule.enabled:
            continue
        for subject, data, refs, fixed in subjects[rule.subject]:
            finding = _check(rule, subject, data, refs, fixed)
            if finding is not None:
                findings.append(finding)
    return tuple(sorted(findings, key=lambda f: (-f.severity, f.rule_id, f.subject, f.locations)))


def _check(rule: Rule, subject: str, data: Mapping[str, Any], refs: tuple[Reference, ...], fixed: tuple[Location, ...]) -> Finding | None:
    contexts = rule.contexts or DEFAULT_CONTEXTS
    kept = tuple(r for r in refs if r.context.value in contexts and _path_ok(rule, r.location.path))
    if refs and not kept:
        return None
    if not refs and fixed and not all(_path_ok(rule, loc.path) for loc in fixed):
        return None
    if not rule.when(data):
        return None
    locations = tuple(sorted({r.location for r in kept})) or fixed
    ctx = sorted({r.context.value for r in kept})
    return Finding(
        rule_id=rule.id,
        severity=rule.severity,
        title=rule.title,
        message=render_message(rule.message, data),
        subject=subject,
        subject_kind=rule.subject,
        locations=locations,
        fingerprint=fingerprint(rule.id, rule.subject, subject, [loc.path for loc in locations] if rule.subject == "reference" else []),
        remediation=rule.remediation,
        context=ctx[0] if len(ctx) == 1 else ("mixed" if ctx else None),
    )


def _path_ok(rule: Rule, path: str) -> bool:
    if rule.include and not any(fnmatch.fnmatch(path, p) for p in rule.include):
        return False
    return not any(fnmatch.fnmatch(path, p) for p in rule.exclude)


def render_message(template: str, data: Mapping[str, Any]) -> str:
    """Fill ``{dotted.field}`` placeholders from the subject's data; unknown fields render as 'unknown'."""

    def repl(match: re.Match[str]) -> str:
        value = get_field(data, match.group(1))
        if value is None or isinstance(value, object) and type(value).__name__ == "object":
            return "unknown"
        if isinstance(value, (list, tuple)):
            return ", ".join(map(str, value)) or "none"
        return str(value)

    return _PLACEHOLDER.sub(repl, template)


def fingerprint(rule_id: str, subject_kind: str, subject: str, paths: list[str]) -> str:
    """Stable id of a finding: rule, subject and (for reference rules) paths; never line numbers."""
    digest = hashlib.sha256("\x1f".join([rule_id, subject_kind, subject, *sorted(set(paths))]).encode()).hexdigest()
    return digest[:32]


def iter_blocking(findings: Iterable[Finding], threshold: int) -> Iterator[Finding]:
    return (f for f in findings if f.suppressed_by is None and f.severity >= threshold)
