"""SARIF 2.1.0 for GitHub code scanning: one result per finding, rules with help and security-severity."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from ..models import Finding, Location, Report, Severity
from .common import PROJECT_URL, finding_key, reveal, rule_help_uri, suppression_kind
from .markdown import md

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "aiscanFingerprint/v1"
MAX_LOCATIONS = 1000  # GitHub rejects a result with more; it shows the first 100
MAX_TAGS = 10  # GitHub keeps 10 tags per rule (20 is the hard limit)
COMPACT_ABOVE = 1000  # results
SRCROOT = "%SRCROOT%"

# GitHub maps security-severity to its labels: >= 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5", Severity.LOW: "3.0", Severity.INFO: "0.0"}
LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note", Severity.INFO: "note"}


def uri(path: str) -> str:
    """A repo-relative URI reference (RFC 3986): POSIX separators, percent-encoded, no leading ``./`` or ``/``."""
    clean = path.replace("\\", "/").lstrip("/")
    while clean.startswith("./"):
        clean = clean[2:]
    return quote(clean, safe="/-_.~!$&'()*+,;=:@")


def repo_uri(prefix: str, path: str) -> str:
    """``path`` (relative to the scan root) as a URI relative to the repository root the scan root sits in."""
    clean = path.replace("\\", "/").lstrip("/")
    while clean.startswith("./"):
        clean = clean[2:]
    return uri(f"{prefix.strip('/')}/{clean}" if prefix.strip("/") else clean)


def _physical(loc: Location, prefix: str) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": loc.line if loc.line and loc.cell is None else 1}
    if loc.column and loc.cell is None:
        region["startColumn"] = loc.column
    return {"physicalLocation": {"artifactLocation": {"uri": repo_uri(prefix, loc.path), "uriBaseId": SRCROOT}, "region": region}}


def _location(loc: Location, prefix: str, index: int | None = None) -> dict[str, Any]:
    out = _physical(loc, prefix)
    if index is not None:
        out["id"] = index
    if loc.cell is not None:
        out["message"] = {"text": f"notebook cell {loc.cell}" + (f", line {loc.line}" if loc.line else "")}
    return out


def _rule_name(title: str, rule_id: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", title)
    return "".join(w[:1].upper() + w[1:] for w in words) or rule_id


def _rules(findings: list[Finding]) -> list[dict[str, Any]]:
    by_rule: dict[str, Finding] = {}
    for f in findings:
        known = by_rule.get(f.rule_id)
        if known is None or f.severity > known.severity:
            by_rule[f.rule_id] = f
    rules = []
    for rule_id in sorted(by_rule):
        f = by_rule[rule_id]
        remediation = f.remediation or "See the aiscan report for details."
        tags = ["security", "supply-chain", "ai", rule_id.split("-")[1].lower() if rule_id.count("-") >= 2 else "policy"]
        help_uri = rule_help_uri(rule_id)
        rules.append(
            {
                "id": rule_id,
                "name": _rule_name(f.title, rule_id),
                "shortDescription": {"text": reveal(f.title or rule_id)},
                "fullDescription": {"text": reveal(f.title or rule_id)},
                "helpUri": help_uri,
                "help": {
                    "text": f"{reveal(remediation)}\n\nRule documentation: {help_uri}",
                    "markdown": f"**Remediation:** {md(remediation, 2000)}\n\n[Rule documentation]({help_uri})",
                },
                "defaultConfiguration": {"level": LEVEL[f.severity]},
                "properties": {
                    "security-severity": SECURITY_SEVERITY[f.severity],
                    "tags": tags[:MAX_TAGS],
                    "precision": "high",
                    "problem.severity": LEVEL[f.severity] if f.severity > Severity.INFO else "recommendation",
                },
            }
        )
    return rules


def _result(f: Finding, rule_index: int, fallback: tuple[Location, ...], prefix: str) -> dict[str, Any]:
    locations = f.locations or fallback
    message = reveal(f.message)  # GitHub shows message.text to people: invisible characters made visible
    text = message if message.endswith((".", "!", "?")) else message + "."
    result: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": rule_index,
        "level": LEVEL[f.severity],
        "message": {"text": text},
        "locations": [_location(locations[0], prefix)] if locations else [],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": {"severity": f.severity.label, "subject": f.subject, "subjectKind": f.subject_kind, "security-severity": SECURITY_SEVERITY[f.severity]},
    }
    if f.context:
        result["properties"]["context"] = f.context
    if len(locations) > 1:  # GitHub keeps at most 1000 locations per result
        result["relatedLocations"] = [_location(loc, prefix, i) for i, loc in enumerate(locations[1:MAX_LOCATIONS], start=1)]
    if f.suppressed_by is not None:
        result["suppressions"] = [{"kind": suppression_kind(f.suppressed_by), "status": "accepted", "justification": reveal(f.suppressed_by)}]
    return result


def fallback_locations(report: Report, f: Finding) -> tuple[Location, ...]:
    """Where a finding without locations should point: its package manifest, model references or the file itself."""
    if f.subject_kind == "package":
        return tuple(p.location for p in report.packages if p.name == f.subject)
    if f.subject_kind == "model":
        return next((m.locations for m in report.models if m.id == f.subject), ())
    if f.subject_kind == "file":
        return (Location(path=f.subject),)
    return ()


class SarifReporter:
    name: str = "sarif"
    extensions: tuple[str, ...] = (".sarif", ".sarif.json")

    def render(self, report: Report) -> str:
        findings = sorted(report.findings, key=finding_key)
        rules = _rules(findings)
        index = {r["id"]: i for i, r in enumerate(rules)}
        prefix = report.repo_prefix
        results = [_result(f, index[f.rule_id], () if f.locations else fallback_locations(report, f), prefix) for f in findings]
        notifications = [
            {"level": "warning", "message": {"text": reveal(f"{e.stage}: {e.message}")}}
            | ({"locations": [_physical(Location(path=e.path), prefix)]} if e.path else {})
            for e in report.errors
        ]
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "aiscan",
                    "informationUri": PROJECT_URL,
                    "version": report.tool_version,
                    "semanticVersion": report.tool_version,
                    "rules": rules,
                }
            },
            "invocations": [{"executionSuccessful": True, "endTimeUtc": report.generated_at, "toolExecutionNotifications": notifications}],
            # Result URIs are relative to the repository root (the git top level above the scan root, else the scan
            # root); the absolute path is left out on purpose (deterministic output, no host paths in uploads).
            "originalUriBaseIds": {
                SRCROOT: {"description": {"text": "The repository root: the git top level enclosing the scanned folder, or the scanned folder outside git."}}
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "home": report.home,
                "policy": list(report.policy),
                "failOn": report.fail_on.label,
                "knowledgeDate": report.knowledge_date,
                "blocking": len(report.blocking),
                "gateChanges": [
                    {"setting": g.setting, "value": reveal(g.value), "source": g.source, "line": g.line, "origin": g.origin,
                     "blocking": g.blocking, "applied": g.applied}
                    for g in report.gate_changes
                ],
                "scanRoot": report.repo_prefix or ".",
            },
        }
        doc = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        # Indented for people and diffs; large logs compact, as json's C encoder only runs without indent (5x faster).
        return json.dumps(doc, indent=2 if len(results) <= COMPACT_ABOVE else None, ensure_ascii=False) + "\n"
