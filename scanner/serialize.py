"""Records -> plain JSON-ready dicts: the shape of the JSON report, which policy fields also address."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .models import Coverage, FileGap, Finding, GateChange, License, Location, Model, ModelFile, Origin, Package, Reference, Report, ScanError, Severity

SCHEMA_VERSION = "1.2"  # 1.1: the `coverage` section (additive); 1.2: the `torch-hub` kind (additive)


def location_dict(loc: Location) -> dict[str, Any]:
    return {"path": loc.path, "line": loc.line, "column": loc.column, "cell": loc.cell}


def reference_dict(ref: Reference) -> dict[str, Any]:
    return {
        "kind": ref.kind.value,
        "id": ref.identifier,
        "path": ref.location.path,
        "line": ref.location.line,
        "cell": ref.location.cell,
        "revision": ref.revision if ref.kind.value != "package" else None,
        "provider": ref.provider,
        "specifier": ref.specifier,
        "detector": ref.detector,
        "evidence": ref.evidence,
        "context": ref.context.value,
        "confidence": ref.confidence,
        "trust_remote_code": ref.trust_remote_code,
    }


def origin_dict(origin: Origin) -> dict[str, Any]:
    return {"developer": origin.developer, "country": origin.country, "source": origin.source, "confidence": origin.confidence}


def license_dict(lic: License) -> dict[str, Any]:
    return {"raw": lic.raw, "spdx": lic.spdx, "name": lic.name, "category": lic.category, "url": lic.url, "flags": list(lic.flags)}


def model_dict(model: Model) -> dict[str, Any]:
    return {
        "id": model.id,
        "kind": model.kind.value,
        "origin": origin_dict(model.origin),
        "base": origin_dict(model.base),
        "base_model": model.base_model,
        "family": model.family,
        "provider": model.provider,
        "lineage": [
            {"child": h.child, "parent": h.parent, "relation": h.relation, "source": h.source, "origin": origin_dict(h.origin)}
            for h in model.lineage
        ],
        "license": license_dict(model.license),
        "formats": list(model.formats),
        "files": list(model.files),
        "gated": model.gated,
        "remote_code": model.remote_code,
        "revision": model.revision,
        "pinned": model.pinned,
        "references": [location_dict(r.location) | {"context": r.context.value} for r in model.references],
        "unresolved_reason": model.unresolved_reason,
        "extra": dict(model.extra),
    }


def package_dict(pkg: Package) -> dict[str, Any]:
    return {
        "name": pkg.name,
        "specifier": pkg.specifier,
        "pinned": pkg.pinned,
        "version": pkg.version,
        "path": pkg.location.path,
        "line": pkg.location.line,
        "developer": pkg.developer,
        "country": pkg.country,
        "category": pkg.category,
        "ai_related": pkg.ai_related,
    }


def file_dict(mf: ModelFile) -> dict[str, Any]:
    return {
        "path": mf.path,
        "format": mf.format,
        "size": mf.size,
        "sha256": mf.sha256,
        "verdict": mf.verdict,
        "can_execute_code": mf.can_execute_code,
        "issues": [{"code": i.code, "severity": i.severity.label, "message": i.message, "detail": i.detail} for i in mf.issues],
        "metadata": dict(mf.metadata),
    }


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule_id": f.rule_id,
        "severity": f.severity.label,
        "title": f.title,
        "message": f.message,
        "subject": f.subject,
        "subject_kind": f.subject_kind,
        "locations": [location_dict(loc) for loc in f.locations],
        "fingerprint": f.fingerprint,
        "remediation": f.remediation,
        "suppressed_by": f.suppressed_by,
        "context": f.context,
    }


def gate_change_dict(c: GateChange) -> dict[str, Any]:
    return {"setting": c.setting, "value": c.value, "source": c.source, "line": c.line, "origin": c.origin,
            "blocking": c.blocking, "applied": c.applied, "key": c.key}


def gap_dict(g: FileGap) -> dict[str, Any]:
    return {"path": g.path, "reason": g.reason, "detail": g.detail, "language": g.language, "fallback": g.fallback}


def coverage_dict(c: Coverage) -> dict[str, Any]:
    return {
        "files_seen": c.files_seen,
        "files_analysed": sum(c.analysed.values()),
        "analysed_by_language": dict(c.analysed),
        "skipped_folders": [{"path": f.path, "reason": f.reason, "files": f.files, "inspected": f.inspected} for f in c.skipped_folders],
        "not_analysed": [gap_dict(g) for g in c.not_analysed],
        "fallback_scanned": list(dict.fromkeys(c.fallback_scanned)),
    }


def error_dict(e: ScanError) -> dict[str, Any]:
    return {"stage": e.stage, "message": e.message, "path": e.path, "subject": e.subject}


def effective_countries(model: Model) -> tuple[str, ...]:
    """Countries a model depends on: its developer's and its base model's."""
    return tuple(dict.fromkeys(c for c in (model.origin.country, model.base.country) if c))


def is_foreign(model: Model, home_set: frozenset[str]) -> bool:
    return any(c not in home_set for c in effective_countries(model))


def summary_dict(report: Report) -> dict[str, Any]:
    home_set = frozenset((report.home, *report.trusted_countries))
    models = [m for m in report.models if m.kind.value != "model-slot"]
    by_country: Counter[str] = Counter()
    by_base_country: Counter[str] = Counter()
    refs_by_country: Counter[str] = Counter()
    by_developer: Counter[str] = Counter()
    by_license: Counter[str] = Counter()
    for m in models:
        by_country[m.origin.country or "unknown"] += 1
        by_base_country[m.base.country or "unknown"] += 1
        refs_by_country[m.base.country or m.origin.country or "unknown"] += len(m.references)
        by_developer[m.origin.developer or "unknown"] += 1
        by_license[m.license.category] += 1
    foreign = [m for m in models if is_foreign(m, home_set)]
    concern = set(report.countries_of_concern)
    of_concern = [m for m in models if any(c in concern for c in effective_countries(m))]
    active = [f for f in report.findings if f.suppressed_by is None]
    by_sev = Counter(f.severity.label for f in active)
    return {
        "models": len(models),
        "references": len(report.references),
        "packages": len(report.packages),
        "files": len(report.files),
        "foreign_models": len(foreign),
        "foreign_share": round(len(foreign) / len(models), 4) if models else 0.0,
        "models_of_concern": len(of_concern),
        "unresolved_models": sum(1 for m in models if not m.origin.known and not m.base.known),
        "by_country": dict(sorted(by_country.items())),
        "by_base_country": dict(sorted(by_base_country.items())),
        "references_by_country": dict(sorted(refs_by_country.items())),
        "by_developer": dict(sorted(by_developer.items())),
        "by_license_category": dict(sorted(by_license.items())),
        "by_severity": {s.label: by_sev.get(s.label, 0) for s in Severity},
        "unsafe_files": sum(1 for f in report.files if f.verdict == "unsafe"),
        "findings": len(active),
        "suppressed": len(report.findings) - len(active),
        "blocking": len(report.blocking),
        "verdict": "fail" if report.blocking else "pass",
        "errors": len(report.errors),
        **({"notes": list(report.notes)} if report.notes else {}),
    }


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "schema_version": report.schema_version,
        "tool": {"name": "aiscan", "version": report.tool_version},
        "root": report.root,
        "generated_at": report.generated_at,
        "config": {
            "home": report.home,
            "policy": list(report.policy),
            "fail_on": report.fail_on.label,
            "countries_of_concern": list(report.countries_of_concern),
            "trusted_countries": list(report.trusted_countries),
            "knowledge_date": report.knowledge_date,
            "gate_changes": [gate_change_dict(c) for c in report.gate_changes],
        },
        "summary": summary_dict(report),
        "references": [reference_dict(r) for r in report.references],
        "models": [model_dict(m) for m in report.models],
        "packages": [package_dict(p) for p in report.packages],
        "files": [file_dict(f) for f in report.files],
        "findings": [finding_dict(f) for f in report.findings],
        "errors": [error_dict(e) for e in report.errors],
        "coverage": coverage_dict(report.coverage),
    }
