"""Offline lineage: walk a repo id up to its root with explicit registry lineage, known re-uploads and name inference."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import UNKNOWN_ORIGIN, Origin
from ..records import record
from .entries import FamilyEntry, OrgEntry
from .families import name_relation, strip_quant_suffix
from .reupload import modified, upstream_of

if TYPE_CHECKING:
    from .registry import Registry

MAX_DEPTH = 8


@record(frozen=True, slots=True)
class Step:
    """``child`` comes from ``parent`` (a repo id, or a family name when ``family`` is set)."""

    child: str
    parent: str
    relation: str
    source: str
    family: FamilyEntry | None = None
    teacher: str | None = None
    teacher_family: FamilyEntry | None = None
    upstream_family: FamilyEntry | None = None  # the family that made the upstream (Hermes for a Hermes-on-Mixtral)


def family_origin(family: FamilyEntry, confidence: str = "medium") -> Origin:
    return Origin(developer=family.developer, country=_country(family.country), source="name-inference", confidence=confidence)


def org_origin(org: OrgEntry) -> Origin:
    return Origin(developer=org.developer, country=org.known_country, source=org.origin_source, confidence=org.confidence)


def _country(code: str | None) -> str | None:
    return None if not code or code == "XX" else code


def same_developer(registry: Registry, org: OrgEntry, family: FamilyEntry) -> bool:
    owner = registry.org(family.org) if family.org else None
    return owner is org or family.developer == org.developer


class Walker:
    """Finds parents, origins and roots of Hub repo ids from bundled knowledge alone; notes every step taken."""

    def __init__(self, registry: Registry, trace: list[str]) -> None:
        self.registry = registry
        self.trace = trace
        self._visiting: set[str] = set()

    def chain(self, model_id: str) -> list[Step]:
        steps: list[Step] = []
        seen = {model_id.lower()}
        current = model_id
        while len(steps) < MAX_DEPTH:
            step = self.parent(current)
            if step is None:
                break
            steps.append(step)
            self.trace.append(f"lineage: {step.child} -[{step.relation}]-> {step.parent} ({step.source})")
            if step.family is not None or step.parent.lower() in seen:
                break
            seen.add(step.parent.lower())
            current = step.parent
        return steps

    def parent(self, model_id: str) -> Step | None:
        reg = self.registry
        entry = reg.lineage_of(model_id)
        if entry is not None:
            if entry.base is None:
                return None
            taught = reg.match_name(entry.teacher) if entry.teacher else None
            return Step(model_id, entry.base, entry.relation, f"{entry.origin_source}:lineage", teacher=entry.teacher,
                        teacher_family=taught.base if taught else None)
        namespace, _, name = model_id.partition("/")
        org = reg.org(namespace) if name else None
        name = name or model_id
        hint = name_relation(name)
        role = org.role if org else None
        if role in ("quantizer", None) and (upstream := upstream_of(reg, name)) and upstream.lower() != model_id.lower():
            return Step(model_id, upstream, "quantized" if hint == "quantized" or role == "quantizer" else "unknown", "name-inference")
        known = reg.model_by_name(strip_quant_suffix(name))
        if known and known.lower() != model_id.lower() and (role != "developer" or hint == "quantized"):
            relation = "quantized" if hint == "quantized" or role == "quantizer" else hint or ("finetune" if org else "unknown")
            return Step(model_id, known, relation, "name-inference")
        match = reg.match_name(name)
        if match is None:
            return None
        if org is not None and role == "developer" and (match.base.generic or same_developer(reg, org, match.base)):
            return None
        if org is None and not match.derived:
            relation = hint or "unknown"
        elif role == "quantizer":
            relation = hint or "quantized"
        else:
            relation = match.relation or ("finetune" if org is not None else "unknown")
        return Step(model_id, match.base.family, relation, "name-inference", family=match.base,
                    teacher=match.teacher.family if match.teacher else None,
                    teacher_family=match.teacher, upstream_family=match.developer)

    def origin(self, model_id: str, steps: list[Step]) -> Origin:
        """Who developed ``model_id``: explicit facts, then the organisation (a quantiser defers to its upstream)."""
        reg = self.registry
        entry = reg.lineage_of(model_id)
        if entry is not None and entry.developer and entry.country:
            self.trace.append(f"developer: {entry.developer} ({entry.country}) from {entry.origin_source} lineage entry")
            return Origin(developer=entry.developer, country=_country(entry.country), source=entry.origin_source, confidence="high")
        namespace, _, name = model_id.partition("/")
        org = reg.org(namespace) if name else None
        upstream = steps[0] if steps else None
        if org is not None and (org.role != "quantizer" or upstream is None):
            self.trace.append(f"organisation {namespace!r} -> {org.developer} ({org.country}, {org.kind}, role {org.role}) "
                              f"[{org.origin_source}: {org.source}]")
            return org_origin(org)
        if upstream is not None and upstream.family is not None and (change := modified(name or model_id)):
            self.trace.append(f"re-upload of {change!r} (modified) weights whose publisher the name does not give: origin unknown "
                              "(convention: a plain quantisation follows its upstream, modified weights belong to their publisher)")
            return UNKNOWN_ORIGIN
        if upstream is not None and (org is not None or upstream.relation == "quantized"):
            who = f"quantiser {org.developer!r} republishes" if org else "re-upload of"
            self.trace.append(f"developer: {who} {upstream.parent}; origin follows the upstream")
            if upstream.upstream_family is not None:
                return family_origin(upstream.upstream_family)
            return self.node_origin(upstream)
        if org is None and name:
            self.trace.append(f"organisation {namespace!r} not in the registry")
        return UNKNOWN_ORIGIN

    def node_origin(self, step: Step) -> Origin:
        if step.family is not None:
            return family_origin(step.family)
        key = step.parent.lower()
        if key in self._visiting:  # a cycle of re-uploads: stop
            return UNKNOWN_ORIGIN
        self._visiting.add(key)
        try:
            return self.origin(step.parent, self.chain_quiet(step.parent))
        finally:
            self._visiting.discard(key)

    def chain_quiet(self, model_id: str) -> list[Step]:
        saved = list(self.trace)
        steps = self.chain(model_id)
        self.trace[:] = saved
        return steps

    def root_origin(self, steps: list[Step]) -> tuple[Origin, FamilyEntry | None]:
        """Origin of the root of a chain (a family, or a repo whose organisation or name is known)."""
        last = steps[-1]
        if last.family is not None:
            return family_origin(last.family), last.family
        origin = self.origin(last.parent, [])
        match = self.registry.match_name(last.parent.rsplit("/", 1)[-1])
        if not origin.known and match is not None:
            return family_origin(match.base, "low"), match.base
        return origin, match.base if match else None
