"""Run the discovery detectors on small files written into a temporary project."""

from __future__ import annotations

from pathlib import Path

from scanner.discover import DETECTORS, SourceFile
from scanner.models import Reference


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path -> text or bytes) under ``root``, creating folders; returns ``root``."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def scan(tmp_path: Path, files: dict[str, str | bytes], *, include_docs: bool = False) -> list[Reference]:
    write(tmp_path, files)
    refs: list[Reference] = []
    for rel in files:
        src = SourceFile(root=tmp_path, relpath=rel, size=(tmp_path / rel).stat().st_size, include_docs=include_docs)
        for detector in DETECTORS:
            if detector.wants(src):
                refs.extend(detector.detect(src))
    return refs


def keys(refs: list[Reference], *, packages: bool = False) -> set[tuple[str, str]]:
    return {(r.kind.value, r.identifier) for r in refs if packages or r.kind.value != "package"}


def scan_with_gaps(root: Path, files: dict[str, str]) -> tuple[list[Reference], dict[str, list[tuple[str, str]]]]:
    """References and the coverage gaps of each file."""
    write(root, files)
    refs: list[Reference] = []
    gaps: dict[str, list[tuple[str, str]]] = {}
    for rel in files:
        src = SourceFile(root=root, relpath=rel, size=(root / rel).stat().st_size, include_docs=False)
        for detector in DETECTORS:
            if detector.wants(src):
                refs.extend(detector.detect(src))
        gaps[rel] = list(src.gaps)
    return refs, gaps
