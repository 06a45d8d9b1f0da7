"""Rust: Cargo.toml dependency tables and the exact versions of Cargo.lock."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ...models import Reference
from ..base import Hit, SourceFile, hit_reference
from ..cutshort import unparsable
from .common import MAX_PACKAGES, LineFinder, capped, package_cap, package_hit

TABLES = ("dependencies", "dev-dependencies", "build-dependencies")


class CargoDetector:
    """Crates of Cargo.toml (also workspace and target tables) and Cargo.lock."""

    name = "cargo"

    def wants(self, src: SourceFile) -> bool:
        return src.name in ("Cargo.toml", "Cargo.lock")

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        import tomllib  # here: ~4 ms of imports that a tree without Cargo files never needs

        try:
            data = tomllib.loads(src.text)
        except (ValueError, RecursionError) as exc:
            unparsable("toml", exc)
            return ()
        hits = _lock(data, src.text) if src.name == "Cargo.lock" else _manifest(data, src.text)
        return [hit_reference(src, h, self.name) for h in hits]


def _tables(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for key in TABLES:
        if isinstance(data.get(key), dict):
            yield data[key]
    workspace = data.get("workspace")
    if isinstance(workspace, dict) and isinstance(workspace.get("dependencies"), dict):
        yield workspace["dependencies"]
    target = data.get("target")
    if isinstance(target, dict):
        for spec in target.values():
            if isinstance(spec, dict):
                yield from (spec[k] for k in TABLES if isinstance(spec.get(k), dict))


def _manifest(data: dict[str, Any], text: str) -> Iterator[Hit]:
    lines = LineFinder(text)
    count = 0
    for table in _tables(data):
        for name, spec in table.items():
            if count >= MAX_PACKAGES:
                package_cap()
                return
            count += 1
            crate = spec.get("package", name) if isinstance(spec, dict) else name
            version = spec if isinstance(spec, str) else spec.get("version", "") if isinstance(spec, dict) else ""
            text_version = str(version) if isinstance(version, str) else ""
            pinned = text_version.startswith("=") and not text_version.startswith("==")
            yield package_hit("cargo", str(crate), text_version.lstrip("=") if pinned else text_version, lines.find(f"{name} ", f"{name}="),
                              "Cargo.toml", ranged=not pinned)


def _lock(data: dict[str, Any], text: str) -> Iterator[Hit]:
    lines = LineFinder(text)
    packages = data.get("package")
    if not isinstance(packages, list):
        return
    for entry in capped(packages):
        if isinstance(entry, dict) and isinstance(entry.get("name"), str) and isinstance(entry.get("version"), str):
            yield package_hit("cargo", entry["name"], entry["version"], lines.find(f'name = "{entry["name"]}"'), "Cargo.lock", locked=True)
