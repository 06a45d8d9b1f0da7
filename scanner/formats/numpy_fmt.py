"""NumPy .npy: parse the header literal without eval; object arrays ('|O') are pickles and get scanned."""

from __future__ import annotations

import ast
import struct
from typing import BinaryIO

from ..models import Severity
from .base import Scan
from .pickle_fmt import scan_stream

MAX_HEADER = 1 << 20


def sniff(head: bytes, name: str) -> bool:
    return head[:6] == b"\x93NUMPY"


def scan(handle: BinaryIO, size: int, name: str, scan: Scan) -> None:
    if scan.format in ("unknown", "zip"):
        scan.format = "numpy"
    handle.seek(6)
    version = handle.read(2)
    if len(version) < 2 or version[0] not in (1, 2, 3):
        scan.issue("numpy-malformed", Severity.LOW, f"{name}: unsupported .npy version", repr(version), verdict="error")
        return
    width = 2 if version[0] == 1 else 4
    raw_len = handle.read(width)
    if len(raw_len) < width:
        scan.issue("numpy-malformed", Severity.LOW, f"{name}: truncated header", verdict="error")
        return
    header_len = struct.unpack("<H" if width == 2 else "<I", raw_len)[0]
    if header_len > MAX_HEADER or 8 + width + header_len > size:
        scan.issue("numpy-malformed", Severity.LOW, f"{name}: header length {header_len} is out of range", verdict="error")
        return
    text = handle.read(header_len).decode("latin-1" if version[0] < 3 else "utf-8", "replace")
    try:
        header = ast.literal_eval(text.strip())  # literal_eval parses literals only: it never calls anything
    except (ValueError, SyntaxError, MemoryError, RecursionError) as exc:
        scan.issue("numpy-malformed", Severity.LOW, f"{name}: header is not a Python literal", str(exc)[:200], verdict="error")
        return
    if not isinstance(header, dict) or not {"descr", "fortran_order", "shape"} <= set(header):
        scan.issue("numpy-malformed", Severity.LOW, f"{name}: header lacks descr/fortran_order/shape", verdict="error")
        return
    scan.metadata.setdefault("numpy", {"descr": str(header["descr"])[:100], "shape": str(header["shape"])[:100]})
    if _has_object(header["descr"]):
        scan.issue("numpy-object-array", Severity.LOW, f"{name}: object array: loading it needs allow_pickle=True and runs a pickle")
        scan_stream(handle, 8 + width + header_len, size, name, scan)


def _has_object(descr: object) -> bool:
    if isinstance(descr, str):
        return "O" in descr.lstrip("<>|=")[:1]
    if isinstance(descr, list):  # structured dtype: [(name, descr[, shape]), ...]
        return any(isinstance(f, tuple) and len(f) >= 2 and _has_object(f[1]) for f in descr)
    return False
