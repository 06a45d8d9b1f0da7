"""npm: package.json and the exact versions of package-lock.json, pnpm-lock.yaml and yarn.lock."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ...models import Reference
from ..base import Hit, SourceFile, hit_reference
from ..cutshort import unparsable
from .common import MAX_PACKAGES, LineFinder, capped, package_cap, package_hit

SECTIONS = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")
NAMES = frozenset({"package.json", "package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock"})
_YARN_ENTRY = re.compile(r'^"?(?P<name>@?[^@\s"]+)@')
_YARN_VERSION = re.compile(r'^\s+version:?\s+"?(?P<v>[^"\s]+)"?')
_PNPM_KEY = re.compile(r"^\s{2}'?/?(?P<name>@?[^@\s']+)@(?P<v>[^(':\s]+)")


class NpmDetector:
    """Dependencies of package.json and the packages (direct or transitive) pinned by npm, pnpm and yarn locks."""

    name = "npm"

    def wants(self, src: SourceFile) -> bool:
        return src.name.lower() in NAMES and "/node_modules/" not in f"/{src.relpath}"

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        name = src.name.lower()
        if name == "package.json":
            hits: Iterator[Hit] = _package_json(src.text)
        elif name in ("package-lock.json", "npm-shrinkwrap.json"):
            hits = _package_lock(src.text)
        elif name == "pnpm-lock.yaml":
            hits = _pnpm_lock(src.text)
        else:
            hits = _yarn_lock(src.text)
        return [hit_reference(src, h, self.name) for h in hits]


def _load(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        unparsable("json", exc)
        return None


def _package_json(text: str) -> Iterator[Hit]:
    data = _load(text)
    if not isinstance(data, dict):
        return
    lines = LineFinder(text)
    for section in SECTIONS:
        deps = data.get(section)
        if not isinstance(deps, dict):
            continue
        for name, spec in capped(list(deps.items())):
            if isinstance(name, str) and isinstance(spec, str):
                version = spec.split("@")[-1] if spec.startswith("npm:") else spec
                yield package_hit("npm", name, version, lines.find(f'"{name}"'), section)


def _package_lock(text: str) -> Iterator[Hit]:
    data = _load(text)
    if not isinstance(data, dict):
        return
    lines = LineFinder(text)
    packages = data.get("packages")
    if isinstance(packages, dict):  # lockfile v2/v3
        for key, entry in capped(list(packages.items())):
            if not key or not isinstance(entry, dict) or "node_modules/" not in key:
                continue
            name = key.rsplit("node_modules/", 1)[-1]
            version = entry.get("version")
            if isinstance(version, str):
                yield package_hit("npm", name, version, lines.find(f'"{key}"'), "package-lock", locked=True)
        return
    deps = data.get("dependencies")  # lockfile v1
    if isinstance(deps, dict):
        for name, entry in capped(list(deps.items())):
            if isinstance(entry, dict) and isinstance(entry.get("version"), str):
                yield package_hit("npm", name, entry["version"], lines.find(f'"{name}"'), "package-lock", locked=True)


def _pnpm_lock(text: str) -> Iterator[Hit]:
    """``packages:`` keys (``/name@1.2.3`` in v6, ``name@1.2.3`` in v9); read line by line, no YAML load of a large file."""
    seen: set[str] = set()
    in_packages = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if not line.startswith(" "):
            in_packages = line.rstrip() in ("packages:", "snapshots:")
            continue
        if not in_packages or line.startswith("   "):
            continue
        m = _PNPM_KEY.match(line)
        if m and m.group("name") not in seen and len(seen) >= MAX_PACKAGES:
            package_cap()
        elif m and m.group("name") not in seen:
            seen.add(m.group("name"))
            yield package_hit("npm", m.group("name"), m.group("v"), number, "pnpm-lock", locked=True)


def _yarn_lock(text: str) -> Iterator[Hit]:
    """Entries ``"name@range", name@range:`` followed by ``version "x"`` (v1) or ``version: x`` (berry)."""
    current: tuple[str, int] | None = None
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if line and not line[0].isspace() and not line.startswith("#"):
            m = _YARN_ENTRY.match(line)
            current = (m.group("name"), number) if m and m.group("name") != "__metadata" else None
            continue
        if current is not None:
            v = _YARN_VERSION.match(line)
            if v:
                name, at = current
                current = None
                if name not in seen and len(seen) >= MAX_PACKAGES:
                    package_cap()
                elif name not in seen:
                    seen.add(name)
                    yield package_hit("npm", name, v.group("v"), at, "yarn.lock", locked=True)
