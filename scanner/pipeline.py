"""run_scan: discover -> inspect -> resolve -> evaluate, producing one Report. No printing, no exit codes."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import __version__
from .config import ScanConfig
from .discover.engine import scan_files, start_listing
from .errors import UsageError
from .gate import gate_findings, policy_changes, sort_changes
from .models import GateChange, ModelFile, Reference, RefKind, Report, ScanError
from .policy import Policy, apply_suppressions, evaluate, load_policy, read_baseline
from .policy.evaluate import sort_findings
from .policy.meta import GATE_RULE
from .repo_root import repository_prefix
from .resolve import HubClient, Registry, Resolver, load_registry
from .resolve.hub_stage import apply_hub
from .serialize import SCHEMA_VERSION

Clock = Callable[[], _dt.datetime]


def utc_now() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC)


def policy_variables(config: ScanConfig, registry: Registry) -> dict[str, Any]:
    """The $variables a policy may use: home, trusted countries, countries of concern and region groups."""
    concern = config.countries_of_concern
    if concern is None:
        concern = registry.countries_of_concern(config.home)
    variables: dict[str, Any] = {name: list(codes) for name, codes in registry.groups.items()}
    variables.update(
        home=config.home,
        home_countries=list(registry.expand([config.home])),
        trusted_countries=list(registry.expand(list(config.trusted_countries) + [config.home])),
        countries_of_concern=list(registry.expand(list(concern))),
    )
    variables["developers_of_concern"] = list(registry.vendors_of_concern(config.home))
    concern_set = set(variables["countries_of_concern"])
    variables["providers_of_concern"] = sorted({p.provider for p in registry.providers if p.country in concern_set})
    return variables


def run_scan(
    config: ScanConfig, *, hub: HubClient | None = None, clock: Clock = utc_now, registry: Registry | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Report:
    """One scan; ``progress(phase, done, total)`` hears about each phase (the CLI draws it on an interactive stderr)."""
    step = progress or (lambda phase, done, total: None)
    root = config.root
    if not root.exists():
        raise UsageError(f"path does not exist: {root}")
    listing = start_listing(config)  # git lists the files (a thread) while the registry and policy load
    registry = registry or load_registry(extra=config.registry, overlays=config.registry_files)
    if not registry.valid_home(config.home):
        raise UsageError(f"home {config.home!r} is not an ISO 3166-1 alpha-2 country code or a documented region group "
                         f"({', '.join(sorted(registry.groups)[:12])}, ...)")
    variables = policy_variables(config, registry)
    tree_root = root if root.is_dir() else root.parent
    trusted_layer = (config.trusted_config, config.trusted_overrides, config.trusted_ignore) if config.trusted_config else None
    policy = load_policy(config.policies, variables, overrides=config.overrides, ignores=config.ignore, config_source=config.config_file,
                         trusted=trusted_layer, confine=tree_root if "policies" in config.confined else None)
    baseline = None
    if config.baseline is not None:
        baseline = read_baseline(config.baseline, root=tree_root if "baseline" in config.confined else None)

    step("listing files", 0, 0)
    scanned = scan_files(config, listing=listing, progress=progress)  # walk + detectors + model-file inspection (parallel, cached)
    references: list[Reference] = list(scanned.references)
    errors: list[ScanError] = list(scanned.errors)
    files: list[ModelFile] = list(scanned.files)

    resolver = Resolver(registry, hub=None if config.offline else hub, files=files,
                        trusted_countries=variables["trusted_countries"], countries_of_concern=variables["countries_of_concern"],
                        root=root if root.is_dir() else None)
    step(f"resolving models and packages ({len(references):,} references)", 0, 0)
    packages = resolver.resolve_packages(references)
    ai_packages = {p.name for p in packages}
    references = [r for r in references if r.kind is not RefKind.PACKAGE or r.identifier in ai_packages]
    references.sort(key=lambda r: (r.location.path, r.location.cell or 0, r.location.line or 0, r.kind.value, r.identifier))
    models = resolver.resolve_models(references)
    models, hub_errors = apply_hub(models, hub, resolver, config, progress=progress)
    errors.extend(resolver.errors)
    errors.extend(hub_errors)
    files.sort(key=lambda f: f.path)

    step(f"evaluating the policy ({len(models):,} models)", 0, 0)
    findings = evaluate(policy, models=models, packages=packages, files=files, references=references,
                        coverage=scanned.coverage.not_analysed)
    findings = apply_suppressions(findings, policy, root=tree_root, today=clock().date(), baseline=baseline,
                                  inline=config.inline_ignores)
    gate_changes = all_gate_changes(config, policy, tree_root)
    findings = sort_findings((*findings, *gate_findings(gate_changes, GATE_RULE)))  # after suppressions: never suppressed
    errors.extend(ScanError(stage="config", message=w) for w in config.config_warnings)
    return Report(
        schema_version=SCHEMA_VERSION,
        tool_version=__version__,
        root=root.name or str(root),
        generated_at=clock().replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        home=config.home,
        policy=policy.sources,
        fail_on=config.fail_on,
        references=tuple(references),
        models=models,
        packages=packages,
        files=tuple(files),
        findings=findings,
        errors=tuple(sorted(errors, key=lambda e: (e.stage, e.path or "", e.message))),
        knowledge_date=registry.knowledge_date,
        countries_of_concern=tuple(variables["countries_of_concern"]),
        trusted_countries=tuple(variables["trusted_countries"]),
        gate_changes=gate_changes,
        notes=scan_notes(config, registry, clock().date()),
        coverage=scanned.coverage,
        repo_prefix=repository_prefix(root),
    )


def all_gate_changes(config: ScanConfig, policy: Policy, root: Path) -> tuple[GateChange, ...]:
    """Config-level gate changes plus the ignores and weakening overrides of the loaded policy, each with its origin."""
    tree_sources = {config.config_file} if config.config_origin == "tree" else set()

    def trusted(source: str) -> bool:
        if source in tree_sources:
            return False
        if source in (config.trusted_config, config.config_file):
            return True
        return "policies" not in config.confined  # a policy file's entries: trusted when the policy list came from the command line

    sources = {e.source for e in policy.ignores} | {o.source for o in policy.applied_overrides}
    changes = policy_changes(policy, policy.applied_overrides, root=root, trusted_sources=[s for s in sources if trusted(s)],
                             trusted_config=config.trusted_config is not None)
    return sort_changes((*config.gate_changes, *changes))


KNOWLEDGE_MAX_AGE = 90  # days


def scan_notes(config: ScanConfig, registry: Registry, today: _dt.date) -> tuple[str, ...]:
    """Warnings every report carries: stale knowledge, a home whose law names no countries of concern."""
    notes = []
    if registry.knowledge_date:
        age = (today - _dt.date.fromisoformat(registry.knowledge_date)).days
        if age > KNOWLEDGE_MAX_AGE:
            notes.append(f"knowledge base dated {registry.knowledge_date} is {age} days old (more than {KNOWLEDGE_MAX_AGE}): "
                         "new models, re-uploads and acquisitions since then are unknown; update aiscan or add a registry overlay (--registry)")
    key = registry.preset_key(config.home)
    if config.countries_of_concern is None and (key is None or not registry.concern.get(key)):
        vendors = registry.vendors_of_concern(config.home)
        notes.append(f"home {config.home} has no default list of countries of concern"
                     + (f" (its government guidance names vendors: {', '.join(vendors)})" if vendors else "")
                     + "; foreign models are still reported (AIS-ORIGIN-002); set countries_of_concern to opt in")
    return tuple(notes)
