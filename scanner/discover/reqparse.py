"""Requirement strings (PEP 508): the parser every detector that meets ``pip install`` or a dependency list shares."""

from __future__ import annotations

from packaging.requirements import InvalidRequirement, Requirement

from ..models import RefKind
from .base import Hit


def parse_requirement(text: str) -> tuple[str, str, bool] | None:
    """(canonical name, specifier, pinned) for one PEP 508 requirement string, or None if it is not one."""
    from packaging.utils import canonicalize_name

    text = text.split(" #", 1)[0].strip()
    if not text or text.startswith(("-", "#", "git+", "http:", "https:", "file:", ".", "/")):
        return None
    try:
        req = Requirement(text)
    except InvalidRequirement:
        return None
    spec = str(req.specifier)
    pinned = len(req.specifier) == 1 and next(iter(req.specifier)).operator in ("==", "===") and "*" not in spec
    return canonicalize_name(req.name), spec, pinned


def requirement_hit(text: str, line: int | None, via: str) -> Hit | None:
    parsed = parse_requirement(text)
    if parsed is None:
        return None
    name, spec, pinned = parsed
    return Hit(kind=RefKind.PACKAGE, identifier=name, line=line, via=via, evidence=text, specifier=spec,
               revision="pinned" if pinned else None)
