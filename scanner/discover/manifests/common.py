"""What every manifest reader shares: ecosystem-keyed package hits and their lines."""

from __future__ import annotations

import re
from typing import TypeVar

from ...ecosystems import package_id
from ...models import RefKind
from ..base import Hit
from ..cutshort import cut_short

MAX_PACKAGES = 20_000  # entries read from one manifest or lock (bound)
_T = TypeVar("_T")


def package_cap() -> None:
    """A manifest or lock past MAX_PACKAGES entries: the rest is not read, and the file says so (coverage)."""
    cut_short("package-cap", f"more than {MAX_PACKAGES:,} entries in one manifest or lock: the rest were not read")


def capped(items: list[_T]) -> list[_T]:
    """The first MAX_PACKAGES items; more is reported (``package_cap``)."""
    if len(items) > MAX_PACKAGES:
        package_cap()
    return items[:MAX_PACKAGES]


_EXACT = re.compile(r"^v?\d+(\.\d+){1,3}([-+][\w.]+)?$")


def package_hit(ecosystem: str, name: str, version: str, line: int | None, via: str, *, locked: bool = False, ranged: bool = False) -> Hit:
    """A package hit; an exact version (a lock file's, or a manifest pin) is recorded as ``==version`` and pinned.

    ``ranged``: a bare version is a range in this manifest (Cargo's ``"0.3"`` means ``^0.3``)."""
    version = version.strip()
    exact = not ranged and bool(_EXACT.match(version)) and (locked or not version.startswith("v") or ecosystem == "go")
    spec = f"=={version.removeprefix('v') if ecosystem != 'go' else version}" if exact else version
    return Hit(kind=RefKind.PACKAGE, identifier=package_id(ecosystem, name), line=line, via=via, evidence=f"{name} {version}".strip(),
               specifier=spec or None, revision="pinned" if exact else None)


class LineFinder:
    """1-based line of the first occurrence of a needle at or after the previous find (manifests list in file order)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.cursor = 0

    def find(self, *needles: str) -> int | None:
        for start in (self.cursor, 0):
            for i in range(start, len(self.lines)):
                if any(n in self.lines[i] for n in needles):
                    self.cursor = i
                    return i + 1
        return None
