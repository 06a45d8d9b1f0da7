"""Fail closed: a file the detectors could not fully read is scanned by the parser-free fallback and named as such;
files under skipped folders get a bounded second pass (model files, ``trust_remote_code``)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..models import FileGap, Reference, ScanError
from .base import SourceFile, hit_reference
from .coverage import language_of
from .lines import PYTHON_SUFFIXES

# Files under a skipped folder whose text the second pass greps for trust_remote_code.
HIDDEN_TEXT_SUFFIXES = (".py", ".pyw", ".ipynb", ".yaml", ".yml", ".json", ".toml", ".cfg", ".sh", ".env")
# fallback.py (its regexes, with classify's) is imported by the functions that scan: a cached or empty scan never does
MAX_BYTES = 4 * 1024 * 1024  # read at most this much of a file for the fallback (an over-cap file too)
HIDDEN_MAX_BYTES = 64 * 1024 * 1024  # text the second pass reads per scan, all skipped folders together
STREAM_LIMIT = 64 * 1024 * 1024  # bytes of one over-cap file the fallback reads (more is named in the gap's detail)
STREAM_SECONDS = 10.0  # CPU seconds the fallback spends on one over-cap file
STREAM_CHUNK = 1024 * 1024


def read_head(path: Path, limit: int = MAX_BYTES) -> bytes:
    """At most ``limit`` bytes of a regular file (the fallback's bounded read of an over-cap file)."""
    with open(path, "rb") as handle:
        return handle.read(limit)


def fallback_references(src: SourceFile, data: bytes, found: Iterable[Reference], *, first_line: int = 1,
                        known: set[tuple[Any, str, bool]] | None = None) -> list[Reference]:
    """References the fallback finds that the detectors did not (same kind, id and remote-code flag)."""
    known = known if known is not None else set()
    known.update((r.kind, r.identifier, r.trust_remote_code) for r in found)
    out = []
    from .fallback import fallback_hits

    for hit in fallback_hits(data, src.suffix in PYTHON_SUFFIXES, first_line):
        ref = hit_reference(src, hit, "fallback")
        if (ref.kind, ref.identifier, ref.trust_remote_code) not in known:
            known.add((ref.kind, ref.identifier, ref.trust_remote_code))
            out.append(ref)
    return out


def stream_fallback(src: SourceFile, limit: int = STREAM_LIMIT, seconds: float = STREAM_SECONDS) -> tuple[list[Reference], int]:
    """The fallback over a whole over-cap file, ``STREAM_CHUNK`` at a time cut at line ends (line numbers stay exact),
    up to ``limit`` bytes and ``seconds`` of CPU; returns the references and how many bytes were read (fewer than the
    size: the caller says so). Dense hostile text costs ~2 s/MB, so the time bound, not the size, stops it first."""
    python = src.suffix in PYTHON_SUFFIXES
    deadline = time.process_time() + seconds
    known: set[tuple[Any, str, bool]] = set()
    refs: list[Reference] = []
    line, done, carry = 1, 0, b""
    with open(src.abspath, "rb") as handle:
        while done < limit and time.process_time() < deadline:
            block = handle.read(min(STREAM_CHUNK, limit - done))
            if not block:
                break
            done += len(block)
            data = carry + block
            cut = data.rfind(b"\n") + 1 if done < limit else len(data)
            if cut <= 0 or (len(data) - cut) > STREAM_CHUNK // 2:
                cut = len(data)  # no line end in sight (a minified line): cut anywhere, the line is split
                if done < limit and data.endswith(b"\r"):
                    cut -= 1  # never between the \r and \n of one line end: it would count twice
            chunk, carry = data[:cut], data[cut:]
            refs.extend(fallback_references(src, chunk, (), first_line=line, known=known))
            line += chunk.count(b"\n") + (chunk.count(b"\r") - chunk.count(b"\r\n") if python else 0)
        if carry:
            refs.extend(fallback_references(src, carry, (), first_line=line, known=known))
    return refs, done


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
    from .fallback import remote_hits

    return [hit_reference(src, h, "skipped-folder") for h in remote_hits(data, src.suffix in PYTHON_SUFFIXES)]


def wants_hidden_text(relpath: str) -> bool:
    name = relpath.rsplit("/", 1)[-1].lower()
    return name.endswith(HIDDEN_TEXT_SUFFIXES)
