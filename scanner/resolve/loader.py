"""Build a Registry from validated YAML sections; cross-check references between sections at the end."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import Problem
from ..lazyre import LazyPattern
from ..yamllines import line_of
from .entries import (
    GITHUB,
    Alternative,
    ApiProvider,
    FamilyEntry,
    LicenseEntry,
    LineageEntry,
    ModelSize,
    OllamaEntry,
    OllamaTag,
    OrgEntry,
    PackageEntry,
    Signature,
)
from .schema import DATE, SECTIONS, TASK_MODALITY, TOP_LEVEL, Checker

if TYPE_CHECKING:
    from .registry import Registry

COUNTRIES_FILE = "countries.yaml"


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value or ())


class Loader:
    """Merges one file after the other into a Registry; later (user) entries replace earlier ones."""

    def __init__(self, registry: Registry, countries: Any = None, *, bundled: bool = False) -> None:
        """``countries``: the countries.yaml document; None adds to a registry already built (the shipped built copy),
        whose countries it keeps."""
        self.registry = registry
        self.bundled = bundled  # the package's own registry directory: its regexes are compiled on first use
        self.problems: list[Problem] = []
        self._refs: list[tuple[str, str, str, str, int | None]] = []  # (kind, name, file, where, line)
        if countries is None:
            return
        table = countries.get("countries") if isinstance(countries, Mapping) else None
        if not isinstance(table, Mapping) or not table:
            self.problems.append(Problem(f"rules/registry/{COUNTRIES_FILE}", None, "countries", "missing the ISO 3166-1 table"))
            table = {}
        registry.countries = {str(k).upper(): str(v) for k, v in table.items()}

    def merge(self, data: Any, source: str, *, user: bool) -> None:
        if not isinstance(data, Mapping):
            self.problems.append(Problem(source, None, "", "must be a mapping of sections"))
            return
        check = Checker(source, self.registry.countries, require_source=not user, lazy=self.bundled and not user)
        for key in data:
            if key not in TOP_LEVEL:
                check.problem(data, key, str(key), f"unknown section (allowed: {', '.join(sorted(TOP_LEVEL))})")
        self._date(data, check)
        origin = "user-config" if user else "registry"
        for section in ("organizations", "licenses", "families", "ollama", "api_providers", "packages", "lineage", "alternatives", "signatures",
                        "model_sizes"):
            items = data.get(section) or []
            if section == "lineage" and user:
                items = [*items, *(data.get("models") or [])]
            if not isinstance(items, list):
                check.problem(data, section, section, "must be a list")
                continue
            for i, item in enumerate(items):
                where = f"{section}[{i}]"
                checked = check.item(item, SECTIONS[section], where)
                if checked is not None:
                    getattr(self, f"_{section}")(checked, item, where, source, origin, check)
        self._jurisdictions(data, check, source)
        self.problems.extend(check.problems)

    def _date(self, data: Mapping[str, Any], check: Checker) -> None:
        date = data.get("knowledge_date")
        if date is None:
            return
        if not isinstance(date, str) or not DATE.match(date):
            check.problem(data, "knowledge_date", "knowledge_date", "must be a date YYYY-MM-DD")
            return
        self.registry.knowledge_date = max(date, self.registry.knowledge_date or "")

    def _ref(self, kind: str, name: str | None, source: str, where: str, node: Any) -> None:
        if name:
            self._refs.append((kind, name, source, where, line_of(node)))

    def _organizations(self, it: dict[str, Any], node: Any, where: str, source: str, origin: str, check: Checker) -> None:
        entry = OrgEntry(str(it["namespace"]), str(it["developer"]), str(it["country"]).upper(), str(it["kind"]),
                         str(it.get("source") or "user config"), str(it.get("role") or "developer"),
                         str(it.get("confidence") or "high"), _texts(it.get("aliases")), origin, _texts(it.get("github")))
        keys = [ns.lower() for ns in (entry.namespace, *entry.aliases)] + [GITHUB + owner.lower() for owner in entry.github]
        for key in keys:
            old = self.registry.orgs.get(key)
            if old is not None and old.origin_source == origin and old.namespace != entry.namespace:
                check.problem(node, None, where, f"{'GitHub owner' if key.startswith(GITHUB) else 'namespace'} "
                              f"{key.removeprefix(GITHUB)!r} already belongs to {old.namespace!r}")
            self.registry.orgs[key] = entry

    def _families(self, it: dict[str, Any], node: Any, where: str, source: str, origin: str, check: Checker) -> None:
        by_name: list[tuple[LazyPattern, str]] = []
        for pattern, key in (it.get("license_by_name") or {}).items():
            compiled = check.regex(node, "license_by_name", str(pattern), f"{where}.license_by_name")
            if compiled is not None:
                by_name.append((compiled, str(key)))
                self._ref("license", str(key), source, where, node)
        fam = FamilyEntry(str(it["family"]), str(it["developer"]), str(it["country"]).upper(),
                          tuple(LazyPattern(p, re.I, prefilter=True) for p in it["patterns"]), _texts(it.get("model_types")),
                          it.get("license"), it.get("org"), str(it.get("kind") or "foundation"), it.get("base"),
                          bool(it.get("generic", False)), _texts(it.get("weak_model_types")), tuple(by_name),
                          str(it.get("task") or "chat"), str(it.get("source") or "user config"), origin)
        for kind, name in (("org", fam.org), ("family", fam.base), ("license", fam.license)):
            self._ref(kind, name, source, where, node)
        families = [f for f in self.registry.families if f.family != fam.family]
        self.registry.families = [fam, *families] if origin == "user-config" else [*families, fam]

    def _ollama(self, it: dict[str, Any], node: Any, where: str, source: str, origin: str, check: Checker) -> None:
        tags = tuple(OllamaTag(p, t.get("base"), t.get("org"), t.get("model"), t.get("relation"))
                     for p, t in check.tags(node, it.get("tags") or {}, where))
        entry = OllamaEntry(str(it["name"]).lower(), str(it["base"]), it.get("org"), tags, str(it.get("source") or ""), origin)
        self._ref("family", entry.base, source, where, node)
        self._ref("org", entry.org, source, where, node)
        for tag in tags:
            self._ref("family", tag.base, source, where, node)
            self._ref("org", tag.org, source, where, node)
        self.registry.ollama[entry.name] = entry

    def _api_providers(self, it: dict[str, Any], node: Any, where: str, source: str, origin: str, check: Checker) -> None:
        prov = ApiProvider(str(it["provider"]).lower(), str(it["developer"]), str(it["country"]).upper(),
                           tuple(LazyPattern(p, re.I, prefilter=True) for p in it.get("model_patterns") or ()), _texts(it.get("hosts")),
                           bool(it.get("host_only", False)), it.get("org"), str(it.get("source") or ""), origin,
                           tuple(a.lower() for a in it.get("aliases") or ()))
        self._ref("org", prov.org, source, where, node)
        others = [p for p in self.registry.providers if p.provider != prov.provider]
        self.registry.providers = [prov, *others] if origin == "user-config" else [*others, prov]

    def _packages(self, it: dict[str, Any], node: Any, where: str, source: str, origin: str, check: Checker) -> None:
        from ..ecosystems import package_id, registry_key

        ecosystem = str(it.get("ecosystem") or "pypi")
        for name in (it["name"], *(it.get("aliases") or ())):
            key = registry_key(package_id(ecosystem, str(name)))  # npm's ollama and PyPI's ollama stay distinct
            pkg = PackageEntry(key, str(it["developer"]), str(it["country"]).upper(), str(it["category"]), str(it.get("source") or ""))
            self.registry.packages[pkg.name] = pkg

    def _licenses(self, it: dict[str, Any], node: Any, where: str, source: str, origin: str, check: Checker) -> None:
        lic = LicenseEntry(str(it["key"]).lower(), it.get("spdx"), str(it["name"]), str(it["category"]), it.get("url"),
                           _texts(it.get("flags")), str(it.get("source") or ""))
        for key in (lic.key, *(it.get("aliases") or ())):
            self.registry.licenses[str(key).lower()] = lic
        if lic.spdx:
            self.registry.licenses.setdefault(lic.spdx.lower(), lic)

    def _lineage(self, it: dict[str, Any], node: Any, where: str, source: str, origin: str, check: Checker) -> None:
        if not it.get("base") and not (it.get("developer") and it.get("country")):
            check.problem(node, None, where, "give a base model, or a developer and country")
            return
        entry = LineageEntry(str(it["model"]), it.get("base"), str(it.get("relation") or "finetune"), it.get("teacher"),
                             it.get("developer"), str(it["country"]).upper() if it.get("country") else None,
                             it.get("license"), str(it.get("source") or "user config"), origin)
        self._ref("license", entry.license, source, where, node)
        for name in (entry.model, *(it.get("aliases") or ())):
            self.registry.lineage[str(name).lower()] = entry
            self._name(str(name))
        for other in (entry.base, entry.teacher):
            if other and "/" in other:
                self._name(other)

    def _signatures(self, it: dict[str, Any], node: Any, where: str, source: str, origin: str, check: Checker) -> None:
        def low(key: str) -> frozenset[str]:
            return frozenset(str(v).lower() for v in it.get(key) or ())

        sig = Signature(str(it["id"]), str(it["family"]), it.get("base"), str(it.get("label") or it["id"]),
                        low("model_types"), low("weak_types"), tuple(it.get("vocab_sizes") or ()), _texts(it.get("tokens")),
                        it.get("bos"), tuple(it.get("eos") or ()), low("gguf_pre"), low("tokenizer_classes"),
                        tuple(it.get("rope_theta") or ()), frozenset(it.get("layout") or ()), str(it.get("source") or "user config"), origin)
        self._ref("family", sig.family, source, where, node)
        self._ref("family", sig.base, source, where, node)
        others = [s for s in self.registry.signatures if s.id != sig.id]
        self.registry.signatures = [sig, *others] if origin == "user-config" else [*others, sig]

    def _alternatives(self, it: dict[str, Any], node: Any, where: str, source: str, origin: str, check: Checker) -> None:
        modality = str(it.get("modality") or TASK_MODALITY.get(str(it["task"]), "text"))
        alt = Alternative(str(it["model"]), str(it["task"]), float(it["params_b"]), str(it["license"]), str(it.get("source") or ""), modality)
        self._ref("license", alt.license, source, where, node)
        self._ref("org", alt.model.split("/", 1)[0], source, where, node)
        self.registry.alternatives.append(alt)
        self._name(alt.model)

    def _model_sizes(self, it: dict[str, Any], node: Any, where: str, source: str, origin: str, check: Checker) -> None:
        patterns = tuple(LazyPattern(p, re.I, prefilter=True) for p in it["pattern"])
        self.registry.model_sizes.append(ModelSize(patterns, float(it["params_b"]), str(it.get("source") or "")))

    def _name(self, model_id: str) -> None:
        """Index a known repo id by its name part; ambiguous names map to None."""
        name = model_id.rsplit("/", 1)[-1].lower()
        known = self.registry._names.get(name, model_id)
        self.registry._names[name] = model_id if known is not None and known.lower() == model_id.lower() else None

    def _jurisdictions(self, data: Mapping[str, Any], check: Checker, source: str) -> None:
        for section in ("region_groups", "countries_of_concern"):
            table = data.get(section) or {}
            if not isinstance(table, Mapping):
                check.problem(data, section, section, "must be a mapping")
                continue
            for name, spec in table.items():
                checked = check.item(spec, SECTIONS[section], f"{section}.{name}")
                if checked is None:
                    continue
                codes = self._codes(checked["countries"], spec, f"{section}.{name}", check)
                if section == "region_groups":
                    for alias in (name, *(checked.get("aliases") or ())):
                        self.registry.groups[str(alias).upper()] = codes
                else:
                    self.registry.concern[str(name).upper()] = codes
                    self.registry.concern_vendors[str(name).upper()] = _texts(checked.get("vendors"))
                    self.registry.concern_notes[str(name).upper()] = str(checked.get("note") or "")

    def _codes(self, values: list[str], node: Any, where: str, check: Checker) -> tuple[str, ...]:
        out: list[str] = []
        for value in values:
            code = value.upper()
            if code in self.registry.groups:
                out.extend(self.registry.groups[code])
            elif check.country(node, "countries", code, where):
                out.append(code)
        return tuple(dict.fromkeys(out))

    def cross_check(self) -> None:
        """Every org, family and license an entry names must exist."""
        reg = self.registry
        known = {"org": lambda n: reg.org(n) is not None, "family": lambda n: reg.family(n) is not None,
                 "license": lambda n: reg.license_entry(n) is not None}
        for kind, name, source, where, line in self._refs:
            if not known[kind](name):
                self.problems.append(Problem(source, line, where, f"unknown {kind} {name!r}"))
