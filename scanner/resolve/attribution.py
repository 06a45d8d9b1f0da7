"""Attribute a model by what its files are: the fingerprint confirms, fills in or overrides what names and cards claim."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..models import LineageHop, Model, Origin
from .entries import FamilyEntry
from .fingerprint import Fingerprint
from .registry import Registry

STRONG = ("high", "medium")
WEAK_SOURCES = ("name-inference", "unknown")


def fingerprint_origin(family: FamilyEntry, fp: Fingerprint) -> Origin:
    country = None if family.country == "XX" else family.country
    return Origin(developer=family.developer, country=country, source="fingerprint", confidence=fp.confidence)


def apply_fingerprint(reg: Registry, model: Model, fp: Fingerprint | None, trace: list[str],
                      *, claimed: str | None = None) -> Model:
    """Merge a fingerprint into an attribution reached otherwise (metadata, card, name, architecture).

    Agreement raises nothing but records the evidence. Where the model had no base, or only a weak one (a name
    match, an architecture reused by many), the fingerprint gives it. Where a card or metadata named a base of
    another developer and the fingerprint is at least medium, the fingerprint wins and the conflict is recorded
    in ``extra.lineage_conflict`` (rule AIS-LINEAGE-001).
    """
    if fp is None:
        return model
    base_family = reg.family(fp.signature.base or fp.signature.family)
    dev_family = reg.family(fp.signature.family)
    if base_family is None or dev_family is None:
        return model
    base = fingerprint_origin(base_family, fp)
    developer = fingerprint_origin(dev_family, fp)
    extra: dict[str, Any] = {**model.extra, "fingerprint": fp.as_dict()}
    trace.append(f"fingerprint: {fp.signature.label} -> {base_family.developer} ({base_family.country}), "
                 f"{fp.confidence} confidence (score {fp.score})")
    current = model.base
    weak = not current.known or current.source in WEAK_SOURCES or current.confidence == "low" or _architecture_only(trace)
    agrees = current.known and current.developer == base.developer
    if agrees and weak:  # the files confirm a guess: the fingerprint is now the reason
        origin = developer if model.origin.developer in (None, current.developer) else model.origin
        return replace(model, origin=origin, base=base, family=base_family.family, extra=extra, unresolved_reason=None)
    if agrees:
        trace.append("fingerprint agrees with the " + (claimed or current.source) + " attribution")
        better = replace(current, confidence="high") if fp.confidence == "high" else current
        return replace(model, base=better, family=model.family or base_family.family, extra=extra)
    if not weak and fp.confidence not in STRONG:
        trace.append(f"fingerprint ({fp.confidence}) too weak to override the {current.source} attribution")
        return replace(model, extra=extra)
    if current.known and not weak:
        said = claimed or (model.base_model or current.developer or "another base")
        extra["lineage_conflict"] = {
            "claimed": said, "claimed_developer": current.developer, "claimed_country": current.country,
            "fingerprint": fp.signature.label, "fingerprint_developer": base.developer, "fingerprint_country": base.country,
            "evidence": fp.evidence[0],
        }
        trace.append(f"conflict: {claimed or current.source} says {said} ({current.developer}), "
                     f"the files are {fp.signature.label} ({base.developer}): the files win")
    keep_origin = model.origin.developer is not None and model.origin.source not in (*WEAK_SOURCES, "file-metadata") \
        and model.origin.developer != current.developer
    lineage: tuple[LineageHop, ...] = ()
    if keep_origin:  # a known publisher's model: its base is the fingerprinted family
        lineage = (LineageHop(child=model.id, parent=fp.signature.label, relation="finetune", source="fingerprint", origin=base),)
    return replace(model, origin=model.origin if keep_origin else developer, base=base, family=base_family.family,
                   lineage=lineage, base_model=None, extra=extra, unresolved_reason=None)


def _architecture_only(trace: list[str]) -> bool:
    return any("architectures are reused" in step for step in trace)
