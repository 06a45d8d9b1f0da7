"""License resolution: Hub tags, ``license_name`` values and SPDX expressions -> License (spdx, category, flags)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import UNKNOWN_LICENSE, License
from .entries import FamilyEntry

if TYPE_CHECKING:
    from .registry import Registry


def resolve_license(registry: Registry, raw: str | None, license_name: str | None = None) -> License:
    """``license: other`` defers to ``license_name``; known keys come from the registry; SPDX ids are canonicalised."""
    raw_text = (raw or "").strip()
    name_text = (license_name or "").strip()
    key = name_text if name_text and raw_text.lower() in ("", "other") else raw_text
    if not key:
        return UNKNOWN_LICENSE
    entry = registry.license_entry(key) or registry.license_entry(key.removeprefix("license:"))
    if entry is not None:
        return License(raw=raw_text or key, spdx=entry.spdx, name=entry.name, category=entry.category, url=entry.url,
                       flags=entry.flags)
    spdx = _canonical_spdx(key)
    if spdx is not None:
        known = registry.license_entry(spdx)
        category = known.category if known else "unknown"
        return License(raw=raw_text or key, spdx=spdx, name=known.name if known else spdx, category=category,
                       flags=known.flags if known else ())
    return License(raw=raw_text or key, name=name_text or None, category="unknown")


def _canonical_spdx(text: str) -> str | None:
    from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

    try:
        return str(canonicalize_license_expression(text))
    except InvalidLicenseExpression:
        return None


def family_license_key(family: FamilyEntry, name: str) -> str | None:
    """The license a family's model named ``name`` ships under (license_by_name first, then the family default)."""
    for pattern, key in family.license_by_name:
        if pattern.search(name):
            return key
    return family.license
