"""Formats recognised but not inspected (7z, rar, TFLite, Core ML): archives fail closed, the rest is not-inspected."""

from __future__ import annotations

from typing import BinaryIO

from ..models import Severity
from .base import Scan

MAGICS = {
    b"7z\xbc\xaf\x27\x1c": ("7z", "7z archive: members were not inspected (no 7z reader bundled); it may hold pickles"),
    b"Rar!\x1a\x07": ("rar", "RAR archive: members were not inspected"),
}


def _match(head: bytes, name: str) -> tuple[str, str] | None:
    for magic, info in MAGICS.items():
        if head.startswith(magic):
            return info
    if head[4:8] == b"TFL3":
        return ("tflite", "TFLite flatbuffer: custom operators were not inspected")
    if name.lower().endswith((".mlmodel", ".llamafile")):
        return (name.rsplit(".", 1)[-1].lower(), "format recognised by name only; not inspected")
    return None


def sniff(head: bytes, name: str) -> bool:
    return _match(head, name) is not None


def scan(handle: BinaryIO, size: int, name: str, scan: Scan) -> None:
    handle.seek(0)
    fmt, message = _match(handle.read(64), name) or ("unknown", "not inspected")
    if scan.format in ("unknown", "opaque"):
        scan.format = fmt
    severity = Severity.MEDIUM if fmt in ("7z", "rar") else Severity.INFO
    scan.issue("not-inspected", severity, f"{name}: {message}", verdict="not-inspected")
