"""Blocking findings rolled up by the decision they need: one row per rule and provider, or rule and base family."""

from __future__ import annotations

from dataclasses import field

from ..models import Finding, Location, Model, RefKind, Report, Severity
from ..records import record
from .common import alternatives, is_blocking, sorted_findings

SHOWN_SUBJECTS = 6
SHOWN_LOCATIONS = 4


@record(frozen=False, slots=True)
class Decision:
    """Findings of one rule that one decision settles (drop a provider, replace a base family, fix one file)."""

    rule_id: str
    title: str
    severity: Severity
    label: str  # "15 models via dashscope (Alibaba Cloud, CN)", or the subject when alone
    remediation: str
    findings: list[Finding] = field(default_factory=list)
    models: list[Model] = field(default_factory=list)

    @property
    def subjects(self) -> list[str]:
        return list(dict.fromkeys(f.subject for f in self.findings))

    @property
    def locations(self) -> list[Location]:
        return sorted({loc for f in self.findings for loc in f.locations})

    @property
    def more_subjects(self) -> int:
        return max(0, len(self.subjects) - SHOWN_SUBJECTS)

    @property
    def more_locations(self) -> int:
        return max(0, len(self.locations) - SHOWN_LOCATIONS)

    @property
    def alternatives(self) -> list[dict[str, str]]:
        """The alternatives most of the decision's models share (each model lists its best first)."""
        seen: dict[str, dict[str, str]] = {}
        score: dict[str, int] = {}
        for m in self.models:
            for rank, alt in enumerate(alternatives(m)):
                seen.setdefault(alt["id"], alt)
                score[alt["id"]] = score.get(alt["id"], 0) + 10 - min(rank, 9)
        order = sorted(seen, key=lambda ident: -score[ident])  # stable: ties keep first-seen order
        return [seen[ident] for ident in order[:3]]


def _who(developer: str | None, country: str | None) -> str:
    return f"{developer or 'unknown developer'}, {country or '??'}"


def decision_key(f: Finding, model: Model | None) -> tuple[str, ...]:
    """What one decision covers: the API provider, else the base family (developer + family), else the subject."""
    if model is not None and model.kind is RefKind.API_MODEL and model.provider:
        return (f.rule_id, "provider", model.provider)
    if model is not None and model.family and model.base.known:
        return (f.rule_id, "family", model.family, model.base.developer or "", model.base.country or "")
    return (f.rule_id, "subject", f.subject_kind, f.subject)


def _label(key: tuple[str, ...], decision: Decision) -> str:
    n = len(decision.subjects)
    if n == 1:
        return decision.subjects[0]
    first = decision.models[0] if decision.models else None
    if key[1] == "provider" and first is not None:
        return f"{n} models via {key[2]} ({_who(first.origin.developer, first.origin.country)})"
    if key[1] == "family" and first is not None:
        return f"{n} models of the {key[2]} family ({_who(first.base.developer, first.base.country)})"
    return f"{n} {decision.findings[0].subject_kind}s"


def blocking_decisions(report: Report) -> list[Decision]:
    """The blocking findings as decisions, most severe first, then by how many findings each settles."""
    by_model = {m.id: m for m in report.models}
    groups: dict[tuple[str, ...], Decision] = {}
    for f in sorted_findings(report):
        if not is_blocking(report, f):
            continue
        model = by_model.get(f.subject) if f.subject_kind == "model" else None
        key = decision_key(f, model)
        decision = groups.get(key)
        if decision is None:
            decision = groups[key] = Decision(rule_id=f.rule_id, title=f.title, severity=f.severity, label="", remediation=f.remediation)
        decision.findings.append(f)
        decision.severity = max(decision.severity, f.severity)
        if model is not None and model not in decision.models:
            decision.models.append(model)
    out = list(groups.values())
    for key, decision in groups.items():
        decision.label = _label(key, decision)
    out.sort(key=lambda d: (-int(d.severity), -len(d.findings), d.rule_id, d.label))
    return out
