"""Turn references into Models and Packages: origin, base-model origin, lineage and license, offline first."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..models import (
    UNKNOWN_LICENSE,
    UNKNOWN_ORIGIN,
    License,
    LineageHop,
    Model,
    Origin,
    Package,
    Reference,
    RefKind,
    ScanError,
)
from .base import HubClient
from .registry import FamilyEntry, Registry

MODEL_KINDS = frozenset({RefKind.HF_MODEL, RefKind.MODELSCOPE_MODEL, RefKind.OLLAMA, RefKind.API_MODEL, RefKind.MODEL_FILE})


class Resolver:
    """Resolves references with the registry (and a Hub client when one is given)."""

    def __init__(self, registry: Registry, *, hub: HubClient | None = None) -> None:
        self.registry = registry
        self.hub = hub
        self.errors: list[ScanError] = []

    def resolve_models(self, refs: Iterable[Reference]) -> tuple[Model, ...]:
        grouped: dict[tuple[RefKind, str], list[Reference]] = defaultdict(list)
        for ref in refs:
            if ref.kind in MODEL_KINDS:
                grouped[(ref.kind, ref.identifier)].append(ref)
        models = [self.resolve_one(kind, ident, tuple(sorted(group, key=_ref_order))) for (kind, ident), group in grouped.items()]
        return tuple(sorted(models, key=lambda m: (m.kind.value, m.id.lower())))

    def resolve_one(self, kind: RefKind, identifier: str, refs: Sequence[Reference] = (), *, provider: str | None = None) -> Model:
        revision = next((r.revision for r in refs if r.revision), None)
        model = Model(id=identifier, kind=kind, references=tuple(refs), revision=revision,
                      pinned=_is_commit(revision), remote_code=any(r.trust_remote_code for r in refs))
        if kind in (RefKind.HF_MODEL, RefKind.MODELSCOPE_MODEL):
            return self._hf(model)
        if kind is RefKind.OLLAMA:
            return self._ollama(model)
        if kind is RefKind.API_MODEL:
            provider = provider or next((r.provider for r in refs if r.provider), None)
            return self._api(model, provider)
        return self._by_name(model, identifier)

    # --- per kind -------------------------------------------------------------------------------
    def _hf(self, model: Model) -> Model:
        org_name, _, name = model.id.partition("/")
        org = self.registry.org(org_name)
        family = self.registry.family_by_name(name)
        origin = UNKNOWN_ORIGIN
        if org is not None:
            origin = Origin(developer=org.developer, country=org.country, source="registry", confidence="high")
        model = replace(model, origin=origin)
        if family is not None and (org is None or org.developer != family.developer or org.role != "developer"):
            fam_origin = _family_origin(family)
            hop = LineageHop(child=model.id, parent=family.family, relation="unknown", source="name-inference", origin=fam_origin)
            model = replace(model, base=fam_origin, family=family.family, lineage=(hop,))
            if org is None:
                model = replace(model, unresolved_reason="organisation not in registry; base inferred from the name")
        else:
            model = replace(model, base=origin, family=family.family if family else None)
            if org is None:
                model = replace(model, unresolved_reason="organisation not in registry")
        return replace(model, license=self._license_for(family))

    def _ollama(self, model: Model) -> Model:
        name = model.id.split(":", 1)[0].split("/")[-1].lower()
        family_name = self.registry.ollama.get(name)
        family = self.registry.family(family_name) if family_name else self.registry.family_by_name(name)
        if family is None:
            return replace(model, unresolved_reason="not in the Ollama registry")
        origin = _family_origin(family)
        return replace(model, origin=origin, base=origin, family=family.family, license=self._license_for(family))

    def _api(self, model: Model, provider_name: str | None) -> Model:
        providers = self.registry.providers
        provider = next((p for p in providers if p.provider == provider_name), None) if provider_name else None
        if provider is None:
            provider = next((p for p in providers if not p.host_only and any(pt.search(model.id) for pt in p.model_patterns)), None)
        if provider is None:
            return self._by_name(model, model.id)
        origin = Origin(developer=provider.developer, country=provider.country, source="registry", confidence="high")
        model = replace(model, provider=provider.provider, origin=origin, base=origin)
        if provider.host_only:
            family = self.registry.family_by_name(model.id)
            if family is not None:
                fam_origin = _family_origin(family)
                model = replace(model, origin=fam_origin, base=fam_origin, family=family.family)
        return model

    def _by_name(self, model: Model, text: str) -> Model:
        family = self.registry.family_by_name(text)
        if family is None:
            return replace(model, unresolved_reason="no registry entry matches this name")
        origin = replace(_family_origin(family), confidence="low")
        return replace(model, origin=origin, base=origin, family=family.family, license=self._license_for(family))

    def _license_for(self, family: FamilyEntry | None) -> License:
        if family is None or not family.license:
            return UNKNOWN_LICENSE
        return self.license(family.license)

    def license(self, raw: str) -> License:
        entry = self.registry.licenses.get(raw.lower())
        if entry is None:
            return License(raw=raw, category="unknown")
        return License(raw=raw, spdx=entry.spdx, name=entry.name, category=entry.category, url=entry.url, flags=entry.flags)

    # --- packages -------------------------------------------------------------------------------
    def resolve_packages(self, refs: Iterable[Reference]) -> tuple[Package, ...]:
        grouped: dict[str, list[Reference]] = defaultdict(list)
        for ref in refs:
            if ref.kind is RefKind.PACKAGE:
                grouped[ref.identifier].append(ref)
        out = []
        for name, group in grouped.items():
            entry = self.registry.packages.get(name)
            if entry is None:
                continue
            group.sort(key=_ref_order)
            best = next((r for r in group if r.revision == "pinned"), group[0])
            out.append(Package(name=name, specifier=best.specifier or "", pinned=best.revision == "pinned",
                               location=best.location, developer=entry.developer, country=entry.country,
                               category=entry.category, references=tuple(group)))
        return tuple(sorted(out, key=lambda p: p.name))


def _family_origin(family: FamilyEntry) -> Origin:
    return Origin(developer=family.developer, country=family.country, source="name-inference", confidence="medium")


def _is_commit(revision: str | None) -> bool:
    return bool(revision) and len(revision or "") == 40 and all(c in "0123456789abcdef" for c in (revision or "").lower())


def _ref_order(ref: Reference) -> tuple[str, int, int]:
    return (ref.location.path, ref.location.cell or 0, ref.location.line or 0)
