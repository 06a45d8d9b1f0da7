"""Nested content (archive members, decompressed streams): sniff by magic and hand to the right inspector."""

from __future__ import annotations

from typing import BinaryIO

from ..models import Severity
from .base import HEAD_BYTES, MAX_DEPTH, Scan


def scan_member(handle: BinaryIO, size: int, name: str, scan: Scan, *, force_pickle: bool = False) -> str | None:
    """Scan one nested item; returns the format found, or None when nothing recognised it (raw data)."""
    from . import inspectors, pickle_fmt  # late: the table imports the archive inspectors that call this

    if scan.depth >= MAX_DEPTH:
        scan.issue("archive-too-deep", Severity.MEDIUM, f"{name}: nesting deeper than {MAX_DEPTH} levels was not inspected", verdict="suspicious")
        return None
    handle.seek(0)
    head = handle.read(HEAD_BYTES)
    handle.seek(0)
    scan.depth += 1
    try:
        for inspector in inspectors():
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
