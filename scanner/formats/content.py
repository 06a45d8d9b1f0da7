"""Nested content (archive members, decompressed streams): sniff by magic and hand to the right inspector."""

from __future__ import annotations

from typing import BinaryIO

from ..models import Severity
from .base import HEAD_BYTES, MAX_DEPTH, Scan


def scan_member(handle: BinaryIO, size: int, name: str, scan: Scan, *, force_pickle: bool = False, strong_pickle: bool = False) -> str | None:
    """Scan one nested item; returns the format found, or None when nothing recognised it (raw data). With
    ``strong_pickle`` (a member named as something else: ``image1.bmp``, a document's part) content is taken for a
    pickle only on the evidence a text-named file needs (imports or calls, or a long consistent opcode run)."""
    from . import inspectors, pickle_fmt  # late: the table imports the archive inspectors that call this
    from .pickle_sniff import probe_bytes

    if scan.depth >= MAX_DEPTH:
        scan.issue("archive-too-deep", Severity.MEDIUM, f"{name}: nesting deeper than {MAX_DEPTH} levels was not inspected", verdict="suspicious")
        return None
    handle.seek(0)
    head = handle.read(HEAD_BYTES)
    handle.seek(0)
    scan.depth += 1
    try:
        for inspector in inspectors():
            if strong_pickle and inspector.format == "pickle":
                if probe_bytes(head, more_follows=len(head) >= HEAD_BYTES).strong:
                    inspector.scan(handle, size, name, scan)
                    return inspector.format
                continue
            if inspector.sniff(head, name):
                inspector.scan(handle, size, name, scan)
                return inspector.format
        if force_pickle:
            scan.saw("pickle")
            pickle_fmt.scan_stream(handle, 0, size, name, scan)
            return "pickle"
    finally:
        scan.depth -= 1
    return None
