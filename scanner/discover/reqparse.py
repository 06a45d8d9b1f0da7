"""Requirement strings (PEP 508): the parser every detector that meets ``pip install`` or a dependency list shares."""

from __future__ import annotations

import functools
import re

from ..models import RefKind
from .base import Hit

# A PEP 508 name, optional [extras], then the end or what may follow a name (version, marker, URL, parenthesis).
_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}[ \t]*(?:\[[^\]]{0,500}\][ \t]*)?(?:$|[;@<>=!~(,])")


def might_be_requirement(line: str) -> bool:
    """Cheap: could this line hold a requirement or an option (not a comment, not code, not prose)?"""
    text = line.strip()
    return bool(text) and (text[0] == "-" or _SHAPE.match(text) is not None)


def parse_requirement(text: str) -> tuple[str, str, bool] | None:
    """(canonical name, specifier, pinned) for one PEP 508 requirement string, or None if it is not one."""
    text = text.split(" #", 1)[0].strip()
    return _parse(text) if len(text) <= 512 else _parse.__wrapped__(text)


@functools.lru_cache(maxsize=4096)  # the same few requirements recur across a repository (and in hostile repetition)
def _parse(text: str) -> tuple[str, str, bool] | None:
    if not text or text.startswith(("-", "#", "git+", "http:", "https:", "file:", ".", "/")) or _SHAPE.match(text) is None:
        return None  # cheap shape check first: packaging's parser costs ~100 us a call, hostile files have millions
    # imported here: ~30 ms (packaging's grammar compiles its regexes) that a file without requirements never needs
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name

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
