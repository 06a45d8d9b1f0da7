"""The bundled knowledge base: organisations, model families, Ollama library, API providers, packages, licenses."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data import registry_dir
from ..errors import Problem, RegistryError
from ..yamlio import LineDict, load_yaml_file


@dataclass(frozen=True, slots=True)
class OrgEntry:
    namespace: str
    developer: str
    country: str
    kind: str = "company"
    source: str = ""
    role: str = "developer"  # developer, quantizer, finetuner, host


@dataclass(frozen=True, slots=True)
class FamilyEntry:
    family: str
    developer: str
    country: str
    patterns: tuple[re.Pattern[str], ...]
    model_types: tuple[str, ...] = ()
    license: str | None = None


@dataclass(frozen=True, slots=True)
class ApiProvider:
    provider: str
    developer: str
    country: str
    model_patterns: tuple[re.Pattern[str], ...] = ()
    hosts: tuple[str, ...] = ()
    host_only: bool = False  # a host (OpenRouter, Bedrock...) whose model names carry the real developer


@dataclass(frozen=True, slots=True)
class PackageEntry:
    name: str
    developer: str
    country: str
    category: str = "sdk"


@dataclass(frozen=True, slots=True)
class LicenseEntry:
    key: str
    spdx: str | None
    name: str
    category: str
    url: str | None = None
    flags: tuple[str, ...] = ()


@dataclass(slots=True)
class Registry:
    """Everything the bundled (and user-supplied) data says, indexed for lookups."""

    knowledge_date: str | None = None
    orgs: dict[str, OrgEntry] = field(default_factory=dict)  # lower-cased namespace -> entry
    families: list[FamilyEntry] = field(default_factory=list)
    ollama: dict[str, str] = field(default_factory=dict)  # ollama name -> family
    providers: list[ApiProvider] = field(default_factory=list)
    packages: dict[str, PackageEntry] = field(default_factory=dict)
    licenses: dict[str, LicenseEntry] = field(default_factory=dict)
    concern: dict[str, tuple[str, ...]] = field(default_factory=dict)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def org(self, namespace: str) -> OrgEntry | None:
        return self.orgs.get(namespace.lower())

    def family_by_name(self, text: str) -> FamilyEntry | None:
        """The family whose name pattern matches earliest and longest in ``text`` (e.g. a repo name)."""
        best: tuple[int, int, FamilyEntry] | None = None
        for fam in self.families:
            for pattern in fam.patterns:
                m = pattern.search(text)
                if m and (best is None or (m.start(), -len(m.group(0))) < (best[0], best[1])):
                    best = (m.start(), -len(m.group(0)), fam)
        return best[2] if best else None

    def family(self, name: str) -> FamilyEntry | None:
        for fam in self.families:
            if fam.family == name:
                return fam
        return None

    def countries_of_concern(self, home: str) -> tuple[str, ...]:
        return self.concern.get(home.upper(), ())

    def expand(self, codes: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        """Expand region groups (EU, FVEY, ...) into country codes."""
        out: list[str] = []
        for code in codes:
            out.extend(self.groups.get(code.upper(), (code.upper(),)))
        return tuple(dict.fromkeys(out))


def load_registry(directory: Path | None = None, *, extra: Mapping[str, Any] | None = None) -> Registry:
    """Load every YAML file of the registry directory, then the user's additions; collect all problems."""
    directory = directory or registry_dir()
    reg = Registry()
    problems: list[Problem] = []
    for path in sorted(directory.glob("*.yaml")):
        data = load_yaml_file(path, display=f"rules/registry/{path.name}")
        if isinstance(data, dict):
            _merge(reg, data, f"rules/registry/{path.name}", problems)
    if extra:
        _merge(reg, dict(extra), "config:registry", problems)
    if problems:
        raise RegistryError(problems)
    return reg


def _merge(reg: Registry, data: Mapping[str, Any], source: str, problems: list[Problem]) -> None:
    if data.get("knowledge_date"):
        reg.knowledge_date = max(str(data["knowledge_date"]), reg.knowledge_date or "")
    for i, item in enumerate(data.get("organizations") or []):
        if not _require(item, ("namespace", "developer", "country"), source, f"organizations[{i}]", problems):
            continue
        entry = OrgEntry(str(item["namespace"]), str(item["developer"]), str(item["country"]).upper(),
                         str(item.get("kind", "company")), str(item.get("source", "")), str(item.get("role", "developer")))
        for ns in [entry.namespace, *item.get("aliases", [])]:
            reg.orgs[str(ns).lower()] = entry
    for i, item in enumerate(data.get("families") or []):
        if not _require(item, ("family", "developer", "country", "patterns"), source, f"families[{i}]", problems):
            continue
        try:
            patterns = tuple(re.compile(p, re.I) for p in item["patterns"])
        except re.error as exc:
            problems.append(Problem(source, _line(item), f"families[{i}].patterns", f"bad regex: {exc}"))
            continue
        reg.families.append(FamilyEntry(str(item["family"]), str(item["developer"]), str(item["country"]).upper(),
                                        patterns, tuple(item.get("model_types", [])), item.get("license")))
    for name, family in (data.get("ollama") or {}).items():
        reg.ollama[str(name).lower()] = str(family)
    for i, item in enumerate(data.get("api_providers") or []):
        if not _require(item, ("provider", "developer", "country"), source, f"api_providers[{i}]", problems):
            continue
        reg.providers.append(ApiProvider(str(item["provider"]), str(item["developer"]), str(item["country"]).upper(),
                                         tuple(re.compile(p, re.I) for p in item.get("model_patterns", [])),
                                         tuple(item.get("hosts", [])), bool(item.get("host_only", False))))
    for i, item in enumerate(data.get("packages") or []):
        if not _require(item, ("name", "developer", "country"), source, f"packages[{i}]", problems):
            continue
        from packaging.utils import canonicalize_name

        pkg = PackageEntry(canonicalize_name(str(item["name"])), str(item["developer"]), str(item["country"]).upper(), str(item.get("category", "sdk")))
        reg.packages[pkg.name] = pkg
    for i, item in enumerate(data.get("licenses") or []):
        if not _require(item, ("key", "name", "category"), source, f"licenses[{i}]", problems):
            continue
        lic = LicenseEntry(str(item["key"]).lower(), item.get("spdx"), str(item["name"]), str(item["category"]), item.get("url"), tuple(item.get("flags", [])))
        for key in [lic.key, *item.get("aliases", [])]:
            reg.licenses[str(key).lower()] = lic
    for home, codes in (data.get("countries_of_concern") or {}).items():
        reg.concern[str(home).upper()] = tuple(str(c).upper() for c in codes)
    for name, codes in (data.get("region_groups") or {}).items():
        reg.groups[str(name).upper()] = tuple(str(c).upper() for c in codes)


def _line(item: Any) -> int | None:
    return item.line if isinstance(item, LineDict) else None


def _require(item: Any, keys: tuple[str, ...], source: str, where: str, problems: list[Problem]) -> bool:
    if not isinstance(item, dict):
        problems.append(Problem(source, None, where, "must be a mapping"))
        return False
    missing = [k for k in keys if not item.get(k)]
    if missing:
        problems.append(Problem(source, _line(item), where, f"missing {', '.join(missing)}"))
        return False
    return True
