"""Single-stream compression (gzip, bz2, xz/lzma, zlib as joblib writes it): decompress bounded, then sniff inside."""

from __future__ import annotations

import bz2
import lzma
import tempfile
import zlib
from collections.abc import Callable
from typing import BinaryIO, Protocol

from ..models import Severity
from .base import MAX_MEMBER_BYTES, MAX_RATIO, Scan
from .content import scan_member

CHUNK = 1 << 20


class _Decompressor(Protocol):
    def decompress(self, data: bytes, max_length: int = ...) -> bytes: ...


def _gzip() -> _Decompressor:
    return zlib.decompressobj(16 + zlib.MAX_WBITS)


def _zlib() -> _Decompressor:
    return zlib.decompressobj()


KINDS: dict[str, tuple[Callable[[bytes], bool], Callable[[], _Decompressor]]] = {
    "gzip": (lambda h: h[:2] == b"\x1f\x8b", _gzip),
    "bz2": (lambda h: h[:3] == b"BZh" and h[3:4].isdigit(), bz2.BZ2Decompressor),
    "xz": (lambda h: h[:6] == b"\xfd7zXZ\x00", lzma.LZMADecompressor),
    "lzma": (lambda h: h[:3] == b"\x5d\x00\x00" and h[12:13] in (b"\x00", b"\x80"), lzma.LZMADecompressor),
    "zlib": (lambda h: len(h) > 2 and h[0] == 0x78 and h[1] in (0x01, 0x5E, 0x9C, 0xDA) and (h[0] * 256 + h[1]) % 31 == 0, _zlib),
}


def kind_of(head: bytes) -> str | None:
    if head[:2] == b"ZF":  # joblib < 0.10 zlib files: "ZF" + 16-char length + zlib stream
        return "zlib-joblib"
    return next((k for k, (test, _) in KINDS.items() if test(head)), None)


def sniff(head: bytes, name: str) -> bool:
    return kind_of(head) is not None


def scan(handle: BinaryIO, size: int, name: str, scan: Scan) -> None:
    kind = kind_of(handle.read(32)) or "gzip"
    handle.seek(18 if kind == "zlib-joblib" else 0)
    factory = KINDS["zlib" if kind == "zlib-joblib" else kind][1]
    limit = min(MAX_MEMBER_BYTES, scan.budget)
    with tempfile.SpooledTemporaryFile(max_size=32 << 20) as out:
        written, error = _inflate(handle, factory(), out, limit)  # type: ignore[arg-type]
        scan.budget -= written
        if error:
            scan.issue("compressed-corrupt", Severity.LOW, f"{name}: {kind} stream is corrupt or truncated", error, verdict="error")
        if written >= limit:
            scan.issue("archive-bomb", Severity.HIGH, f"{name}: decompresses to more than {limit} bytes; rest not inspected")
        elif size and written > 10 << 20 and written / size > MAX_RATIO:
            scan.issue("archive-bomb", Severity.HIGH, f"{name}: compression ratio {written // max(size, 1)}:1")
        before = len(scan.formats)
        found = scan_member(out, written, f"{name}!{kind}", scan)  # type: ignore[arg-type]
        if found is None and written:
            scan.metadata.setdefault("note", f"{kind} stream holds data of no known model format")
        if scan.format == "compressed":
            scan.format = _inner_format(scan.formats[before:]) or kind.split("-")[0]


def _inner_format(found: list[str]) -> str | None:
    """The most specific format directly inside: pytorch-zip over zip, joblib/pytorch-legacy over pickle."""
    if not found:
        return None
    first = found[0]
    if first == "zip" and len(found) > 1 and found[1] in ("pytorch-zip", "torchscript", "keras", "npz"):
        return found[1]
    if first == "pickle":
        return next((f for f in found if f in ("joblib", "pytorch-legacy")), first)
    return first


def _inflate(handle: BinaryIO, dec: _Decompressor, out: BinaryIO, limit: int) -> tuple[int, str | None]:
    """Decompress into ``out`` until the stream ends or ``limit`` bytes were written; returns (bytes, error)."""
    written = 0
    pending = b""
    try:
        while written < limit and not getattr(dec, "eof", False):
            needs_input = getattr(dec, "needs_input", None)
            if needs_input is None:  # zlib: input not consumed because of max_length stays in unconsumed_tail
                chunk = pending or handle.read(CHUNK)
                if not chunk:
                    return written, "truncated stream"
                data = dec.decompress(chunk, limit - written)
                pending = getattr(dec, "unconsumed_tail", b"")
            else:
                chunk = handle.read(CHUNK) if needs_input else b""
                if needs_input and not chunk:
                    return written, "truncated stream"
                data = dec.decompress(chunk, limit - written)
            out.write(data)
            written += len(data)
    except (zlib.error, OSError, EOFError, lzma.LZMAError, ValueError) as exc:
        return written, str(exc)
    finally:
        out.seek(0)
    return written, None
