"""The HTML report's view model: plain dicts and SVG charts computed from a Report, ready for the template."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..models import Finding, Model, Report, Severity
from ..serialize import effective_countries, summary_dict
from .common import SEVERITIES_DESC, alternatives, is_blocking, license_category, license_text, model_url, safe_url, sorted_findings
from .rollup import blocking_decisions
from .svg import Row, bar_chart, stacked_chart

VERDICTS = (("v-safe", "safe"), ("v-suspicious", "suspicious"), ("v-unsafe", "unsafe"), ("v-error", "error"), ("v-other", "not inspected"))
LICENSE_ORDER = ("permissive", "copyleft", "non-commercial", "restricted", "unknown", "n/a")
TOP = 12


class Countries:
    """Classifies a country code for colouring: home/trusted, of concern, other foreign, unknown."""

    def __init__(self, report: Report) -> None:
        self.home = {report.home, *report.trusted_countries}
        self.concern = set(report.countries_of_concern)

    def cls(self, country: str | None) -> str:
        if not country or country == "unknown":
            return "c-unknown"
        if country in self.concern:
            return "c-concern"
        return "c-home" if country in self.home else "c-foreign"


def _models(report: Report) -> list[Model]:
    return [m for m in report.models if m.kind.value != "model-slot" and not catalog_only(m)]


def catalog_only(model: Model) -> bool:
    """Every reference of the model sits in a catalogue (registry, menu, support table): loadable on request only."""
    return bool(model.references) and all(r.context.value == "catalog" for r in model.references)


def catalog_view(report: Report, countries: Countries) -> dict[str, Any]:
    """The catalogue block: how many models the project can load on request, how many from countries of concern."""
    listed = [m for m in report.models if m.kind.value != "model-slot" and catalog_only(m)]
    listed.sort(key=lambda m: (not any(c in countries.concern for c in effective_countries(m)), m.id.lower()))
    rows: list[dict[str, Any]] = [{"m": m, "cls": countries.cls(m.base.country or m.origin.country),
                                   "concern": any(c in countries.concern for c in effective_countries(m))} for m in listed]
    return {"count": len(rows), "concern": sum(1 for row in rows if row["concern"]), "rows": rows[:2000]}


def charts(report: Report, summary: dict[str, Any], countries: Countries) -> dict[str, Any]:
    models = _models(report)
    total_refs = sum(summary["references_by_country"].values()) or 1
    names = sorted(
        set(summary["by_country"]) | set(summary["by_base_country"]), key=lambda c: (-summary["by_country"].get(c, 0) - summary["by_base_country"].get(c, 0), c)
    )
    dev_n, base_n, ref_n = summary["by_country"], summary["by_base_country"], summary["references_by_country"]
    country_rows = [
        Row(
            label=c,
            values=(dev_n.get(c, 0), base_n.get(c, 0)),
            cls=countries.cls(c),
            note=f"{dev_n.get(c, 0)} · {base_n.get(c, 0)} · {ref_n.get(c, 0) / total_refs:.0%} of refs",
        )
        for c in names
    ]
    dev_country: dict[str, str | None] = {}
    for m in models:
        dev_country.setdefault(m.origin.developer or "unknown", m.origin.country)
    devs = sorted(summary["by_developer"].items(), key=lambda kv: (-kv[1], kv[0]))
    dev_rows = [Row(label=d, values=(n,), cls=countries.cls(dev_country.get(d)), note=f"{n} · {dev_country.get(d) or '??'}") for d, n in devs[:TOP]]
    if len(devs) > TOP:
        rest = sum(n for _, n in devs[TOP:])
        dev_rows.append(Row(label=f"{len(devs) - TOP} others", values=(rest,), cls="c-unknown", note=str(rest)))
    lic = Counter(license_category(m) for m in models)  # hosted API models are "n/a", not "unknown"
    lic_rows = [
        Row(label=cat, values=(lic[cat],), cls=f"l-{cat}" if cat in LICENSE_ORDER[:-1] else "l-na" if cat == "n/a" else "l-unknown", note=str(lic[cat]))
        for cat in sorted(lic, key=lambda c: (LICENSE_ORDER.index(c) if c in LICENSE_ORDER else 99, c))
    ]
    by_format: dict[str, Counter[str]] = {}
    for f in report.files:
        by_format.setdefault(f.format, Counter())[f.verdict if f.verdict in ("safe", "suspicious", "unsafe", "error") else "not inspected"] += 1
    fmt_rows = [
        Row(label=fmt, values=tuple(float(c[name]) for _, name in VERDICTS), note=", ".join(f"{c[name]} {name}" for _, name in VERDICTS if c[name]))
        for fmt, c in sorted(by_format.items())
    ]
    return {
        "countries": bar_chart("Models by country: developer and base model", country_rows, series=("models by developer country", "by base-model country")),
        "developers": bar_chart("Models by developer", dev_rows),
        "licenses": bar_chart("Models by license category", lic_rows),
        "formats": stacked_chart("Model files by format and safety verdict", fmt_rows, segments=VERDICTS),
    }


def lineage(model: Model, countries: Countries) -> list[dict[str, Any]]:
    """The chain model -> parents -> base as nodes (name, developer, country, relation to the previous node)."""
    nodes = [
        {"name": model.id, "developer": model.origin.developer, "country": model.origin.country, "cls": countries.cls(model.origin.country), "relation": None}
    ]
    for hop in model.lineage:
        nodes.append(
            {
                "name": hop.parent,
                "developer": hop.origin.developer,
                "country": hop.origin.country,
                "cls": countries.cls(hop.origin.country),
                "relation": hop.relation,
            }
        )
    named = {n["name"] for n in nodes}
    if model.base_model and model.base_model not in named:
        nodes.append(
            {
                "name": model.base_model,
                "developer": model.base.developer,
                "country": model.base.country,
                "cls": countries.cls(model.base.country),
                "relation": "base",
            }
        )
    elif len(nodes) == 1 and model.base.known and (model.base.country, model.base.developer) != (model.origin.country, model.origin.developer):
        nodes.append(
            {
                "name": "base model",
                "developer": model.base.developer,
                "country": model.base.country,
                "cls": countries.cls(model.base.country),
                "relation": "base",
            }
        )
    return nodes


def finding_row(report: Report, f: Finding, by_model: dict[str, Model], anchors: dict[str, str]) -> dict[str, Any]:
    status = "suppressed" if f.suppressed_by else ("blocking" if is_blocking(report, f) else "open")
    model = by_model.get(f.subject) if f.subject_kind == "model" else None
    return {
        "f": f,
        "status": status,
        "context": f.context or "none",
        "alternatives": alternatives(model) if model else [],
        "anchor": anchors.get(f.subject) if model else None,
    }


def build_view(report: Report) -> dict[str, Any]:
    summary = summary_dict(report)
    countries = Countries(report)
    models = _models(report)
    by_model: dict[str, Model] = {}
    anchors: dict[str, str] = {}
    for i, m in enumerate(models, start=1):
        by_model.setdefault(m.id, m)
        anchors.setdefault(m.id, f"model-{i}")
    findings = sorted_findings(report)
    rows = [finding_row(report, f, by_model, anchors) for f in findings]
    concern_present = sorted({c for m in models for c in effective_countries(m) if c in countries.concern})
    model_views = []
    for i, m in enumerate(models, start=1):
        model_views.append(
            {
                "m": m,
                "anchor": f"model-{i}",
                "url": model_url(m),
                "license_text": license_text(m),
                "license_category": license_category(m),
                "license_url": safe_url(m.license.url),
                "origin_cls": countries.cls(m.origin.country),
                "base_cls": countries.cls(m.base.country),
                "lineage": lineage(m, countries),
                "alternatives": alternatives(m),
                "findings": [f for f in findings if f.subject == m.id and f.subject_kind == "model"],
                "concern": any(c in countries.concern for c in effective_countries(m)),
            }
        )
    return {
        "r": report,
        "s": summary,
        "severities": [s.label for s in SEVERITIES_DESC],
        "severity_rank": {s.label: int(s) for s in Severity},
        "concern_present": concern_present,
        "charts": charts(report, summary, countries),
        "models": model_views,
        "rows": rows,
        "rules": sorted({f.rule_id for f in findings}),
        "contexts": sorted({r["context"] for r in rows}),
        "countries": countries,
        "blocking": [r for r in rows if r["status"] == "blocking"],
        "catalog": catalog_view(report, countries),
        "coverage": coverage_view(report),
        "decisions": blocking_decisions(report),
    }


COVERAGE_ROWS = 200  # rows of each coverage table in the page; the JSON report lists them all


def coverage_view(report: Report) -> dict[str, Any] | None:
    """What was read and what was not, for the summary card and the coverage section; None for a hand-built report."""
    c = report.coverage
    if not (c.files_seen or c.not_analysed or c.skipped_folders):
        return None
    return {
        "seen": c.files_seen,
        "analysed": sum(c.analysed.values()),
        "readable": sum(c.analysed.values()) + len(c.not_analysed),  # files some reader applies to
        "no_reader": max(0, c.files_seen - sum(c.analysed.values()) - len(c.not_analysed)),  # images, data, ...
        "languages": sorted(c.analysed.items(), key=lambda kv: (-kv[1], kv[0])),
        "gaps": c.not_analysed[:COVERAGE_ROWS],
        "more_gaps": max(0, len(c.not_analysed) - COVERAGE_ROWS),
        "gap_count": len(c.not_analysed),
        "fallback": sum(1 for g in c.not_analysed if g.fallback),
        "skipped": c.skipped_folders[:COVERAGE_ROWS],
        "more_skipped": max(0, len(c.skipped_folders) - COVERAGE_ROWS),
        "skipped_count": len(c.skipped_folders),
        "skipped_files": sum(f.files for f in c.skipped_folders),
        "inspected": sum(f.inspected for f in c.skipped_folders),
    }
