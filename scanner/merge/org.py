"""Combine the JSON reports of many repositories into one org-wide view: who depends on which models, from where."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from ..compare.reportfile import SEVERITY_LABELS
from ..records import record

SKIPPED_KINDS = frozenset({"model-slot"})  # placeholders, not dependencies (as in the report summary)
LOCAL_KINDS = frozenset({"model-file"})  # identified by a path inside one repository


@record(frozen=True, slots=True, kw_only=True)
class OrgRepo:
    """One scanned repository, as its report summarises it."""

    name: str
    source: str
    verdict: str
    fail_on: str
    home: str
    generated_at: str
    models: int
    foreign_models: int
    models_of_concern: int
    packages: int
    findings: Mapping[str, int]  # unsuppressed, by severity label
    suppressed: int
    errors: int
    countries: Mapping[str, int]  # models by effective country (developer or base)


@record(frozen=True, slots=True, kw_only=True)
class OrgModel:
    """A model used somewhere in the org, with every repository that uses it."""

    id: str
    kind: str
    developer: str | None
    country: str | None
    base_developer: str | None
    base_country: str | None
    license: str
    repos: tuple[str, ...]
    references: int
    of_concern: bool

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for c in (self.country, self.base_country) if c))


@record(frozen=True, slots=True, kw_only=True)
class OrgCountry:
    """A country the org depends on: which models come from it and which repositories use them."""

    country: str
    of_concern: bool
    models: tuple[str, ...]
    repos: tuple[str, ...]


@record(frozen=True, slots=True, kw_only=True)
class OrgView:
    """The dependence dashboard's data; deterministic for a given set of reports."""

    repos: tuple[OrgRepo, ...]
    models: tuple[OrgModel, ...]
    countries: tuple[OrgCountry, ...]
    packages: tuple[tuple[str, tuple[str, ...]], ...]  # (package name, repos)
    totals: Mapping[str, Any]


def effective_countries(model: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c for c in (_get(model, "origin", "country"), _get(model, "base", "country")) if c))


def _get(row: Mapping[str, Any], *keys: str) -> Any:
    value: Any = row
    for key in keys:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def repo_names(reports: Sequence[tuple[str, Mapping[str, Any]]]) -> list[str]:
    """Report roots, made unique with the file name where two repositories share a directory name."""
    roots = [str(r.get("root") or "") or source for source, r in reports]
    seen = Counter(roots)
    names = [root if seen[root] == 1 else f"{root} ({source})" for root, (source, _) in zip(roots, reports, strict=True)]
    repeats = Counter(names)
    return [n if repeats[n] == 1 else f"{n} #{i + 1}" for i, n in enumerate(names)]


def model_key(model: Mapping[str, Any], repo: str) -> tuple[str, str, str]:
    """(kind, id, scope): a Hub id or API model names the same thing in every repository; a local model file's
    path does not, so model files are scoped to their repository."""
    kind = str(model["kind"])
    return (kind, str(model["id"]), repo if kind in LOCAL_KINDS else "")


def _license(model: Mapping[str, Any]) -> str:
    lic = model.get("license") or {}
    return str(lic.get("spdx") or lic.get("name") or lic.get("raw") or "unknown")


def _better(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """True when model row ``b`` says more about origin than ``a`` (one repo scanned online, another offline)."""
    return _score(b) > _score(a)


def _score(m: Mapping[str, Any]) -> tuple[bool, bool, bool]:
    return (bool(_get(m, "origin", "country")), bool(_get(m, "base", "country")), bool(_get(m, "license", "spdx")))


def build_org_view(reports: Sequence[tuple[str, Mapping[str, Any]]]) -> OrgView:
    """``reports`` are (source file name, parsed report) pairs, already checked by ``load_report``."""
    names = repo_names(reports)
    order = sorted(range(len(reports)), key=lambda i: names[i])
    repos: list[OrgRepo] = []
    best: dict[tuple[str, str, str], Mapping[str, Any]] = {}
    users: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    ref_counts: Counter[tuple[str, str, str]] = Counter()
    concern: dict[tuple[str, str, str], bool] = defaultdict(bool)
    concern_countries: set[str] = set()
    packages: dict[str, set[str]] = defaultdict(set)
    for i in order:
        source, report = reports[i]
        name = names[i]
        config = report.get("config") or {}
        repo_concern = {str(c) for c in config.get("countries_of_concern") or ()}
        concern_countries |= repo_concern
        countries: Counter[str] = Counter()
        models = [m for m in report.get("models", []) if m.get("kind") not in SKIPPED_KINDS]
        for m in models:
            key = model_key(m, name)
            users[key].add(name)
            ref_counts[key] += len(m.get("references") or ())
            if key not in best or _better(best[key], m):
                best[key] = m
            eff = effective_countries(m)
            concern[key] |= any(c in repo_concern for c in eff)
            countries.update(eff or ("unknown",))
        for p in report.get("packages", []):
            packages[str(p["name"])].add(name)
        active = [f for f in report.get("findings", []) if not f.get("suppressed_by")]
        by_sev = Counter(str(f.get("severity")) for f in active)
        summary = report.get("summary") or {}
        repos.append(
            OrgRepo(
                name=name,
                source=source,
                verdict=str(summary.get("verdict") or ("fail" if summary.get("blocking") else "pass")),
                fail_on=str(config.get("fail_on") or ""),
                home=str(config.get("home") or ""),
                generated_at=str(report.get("generated_at") or ""),
                models=len(models),
                foreign_models=int(summary.get("foreign_models") or 0),
                models_of_concern=sum(1 for m in models if any(c in repo_concern for c in effective_countries(m))),
                packages=len(report.get("packages", [])),
                findings={s: by_sev.get(s, 0) for s in reversed(SEVERITY_LABELS)},
                suppressed=len(report.get("findings", [])) - len(active),
                errors=len(report.get("errors", [])),
                countries=dict(sorted(countries.items())),
            )
        )
    org_models = tuple(
        OrgModel(
            id=key[1],
            kind=key[0],
            developer=_get(m, "origin", "developer"),
            country=_get(m, "origin", "country"),
            base_developer=_get(m, "base", "developer"),
            base_country=_get(m, "base", "country"),
            license=_license(m),
            repos=tuple(sorted(users[key])),
            references=ref_counts[key],
            of_concern=concern[key],
        )
        for key, m in sorted(best.items(), key=lambda kv: (-len(users[kv[0]]), kv[0][1], kv[0][0], kv[0][2]))
    )
    return OrgView(
        repos=tuple(repos),
        models=org_models,
        countries=_countries(org_models, concern_countries),
        packages=tuple((n, tuple(sorted(r))) for n, r in sorted(packages.items(), key=lambda kv: (-len(kv[1]), kv[0]))),
        totals=_totals(repos, org_models),
    )


def _countries(models: tuple[OrgModel, ...], concern: set[str]) -> tuple[OrgCountry, ...]:
    by_country: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for m in models:
        for c in m.countries or ("unknown",):
            by_country[c][0].add(m.id)
            by_country[c][1].update(m.repos)
    rows = [OrgCountry(country=c, of_concern=c in concern, models=tuple(sorted(ms)), repos=tuple(sorted(rs))) for c, (ms, rs) in by_country.items()]
    return tuple(sorted(rows, key=lambda r: (r.country == "unknown", -len(r.repos), -len(r.models), r.country)))


def _totals(repos: list[OrgRepo], models: tuple[OrgModel, ...]) -> dict[str, Any]:
    findings: Counter[str] = Counter()
    for r in repos:
        findings.update(r.findings)
    return {
        "repos": len(repos),
        "failing_repos": sum(1 for r in repos if r.verdict == "fail"),
        "models": len(models),
        "models_of_concern": sum(1 for m in models if m.of_concern),
        "repos_depending_on_concern": len({n for m in models if m.of_concern for n in m.repos}),
        "unresolved_models": sum(1 for m in models if not m.countries),
        "findings": {s: findings.get(s, 0) for s in reversed(SEVERITY_LABELS)},
        "errors": sum(r.errors for r in repos),
    }
