"""Fail closed: a file the detectors could not fully read is scanned by the parser-free fallback and named as such;
files under skipped folders get a bounded second pass (model files, ``trust_remote_code``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..models import FileGap, Reference, ScanError
from .base import SourceFile, hit_reference
from .coverage import language_of
from .fallback import MAX_BYTES, fallback_hits, remote_hits
from .lines import PYTHON_SUFFIXES

# Files under a skipped folder whose text the second pass greps for trust_remote_code.
HIDDEN_TEXT_SUFFIXES = (".py", ".pyw", ".ipynb", ".yaml", ".yml", ".json", ".toml", ".cfg", ".sh", ".env")
HIDDEN_MAX_BYTES = 64 * 1024 * 1024  # text the second pass reads per scan, all skipped folders together


def read_head(path: Path, limit: int = MAX_BYTES) -> bytes:
    """At most ``limit`` bytes of a regular file (the fallback's bounded read of an over-cap file)."""
    with open(path, "rb") as handle:
        return handle.read(limit)


def fallback_references(src: SourceFile, data: bytes, found: Iterable[Reference]) -> list[Reference]:
    """References the fallback finds that the detectors did not (same kind, id and remote-code flag)."""
    known = {(r.kind, r.identifier, r.trust_remote_code) for r in found}
    out = []
    for hit in fallback_hits(data, src.suffix in PYTHON_SUFFIXES):
        ref = hit_reference(src, hit, "fallback")
        if (ref.kind, ref.identifier, ref.trust_remote_code) not in known:
            known.add((ref.kind, ref.identifier, ref.trust_remote_code))
            out.append(ref)
    return out


def gap_records(relpath: str, gaps: list[tuple[str, str]], fallback: bool) -> tuple[tuple[FileGap, ...], tuple[ScanError, ...]]:
    """The coverage entries and the errors of a file not fully analysed (one per distinct reason)."""
    language = language_of(relpath)
    by_reason: dict[str, str] = {}
    for reason, detail in gaps:
        by_reason.setdefault(reason, detail)
    records = tuple(FileGap(path=relpath, reason=r, detail=d, language=language, fallback=fallback) for r, d in by_reason.items())
    how = "fallback scan used" if fallback else "not scanned"
    errors = tuple(ScanError(stage="discover", path=relpath, message=f"not fully analysed ({g.reason}): {g.detail}; {how}") for g in records)
    return records, errors


def hidden_remote_references(src: SourceFile, data: bytes) -> list[Reference]:
    """trust_remote_code switched on in a file under a skipped folder."""
    return [hit_reference(src, h, "skipped-folder") for h in remote_hits(data, src.suffix in PYTHON_SUFFIXES)]


def wants_hidden_text(relpath: str) -> bool:
    name = relpath.rsplit("/", 1)[-1].lower()
    return name.endswith(HIDDEN_TEXT_SUFFIXES)
