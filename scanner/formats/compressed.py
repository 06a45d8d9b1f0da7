"""Single-stream compression (gzip, bz2, xz/lzma, zlib, lz4/zstd when a reader is importable): bounded, then sniffed.

joblib writes each of these around a pickle; a stream with no reader here fails closed (it may hold a pickle)."""

from __future__ import annotations

import bz2
import lzma
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


def _lzma_alone() -> _Decompressor:
    return lzma.LZMADecompressor(lzma.FORMAT_ALONE)


def _lz4() -> _Decompressor | None:
    try:
        import lz4.frame  # type: ignore[import-not-found]  # optional reader (joblib's lz4 compressor)
    except ImportError:
        return None
    return lz4.frame.LZ4FrameDecompressor()  # type: ignore[no-any-return]


def _zstd() -> _Decompressor | None:
    try:
        from compression import zstd  # type: ignore[import-not-found]  # Python 3.14 stdlib
    except ImportError:
        return None
    return zstd.ZstdDecompressor()  # type: ignore[no-any-return]


def _trial(factory: Callable[[], _Decompressor], head: bytes) -> bool:
    """Weak magics (zlib, lzma-alone) count only if the head decompresses without an error."""
    try:
        factory().decompress(head, 256)
    except (zlib.error, lzma.LZMAError, OSError, EOFError, ValueError):
        return False
    return True


def _is_zlib(h: bytes) -> bool:
    return len(h) > 2 and h[0] & 0x0F == 8 and h[0] >> 4 <= 7 and not h[1] & 0x20 and (h[0] * 256 + h[1]) % 31 == 0 and _trial(_zlib, h)


_DICT_SIZES = frozenset(size for n in range(12, 32) for size in (1 << n, (1 << n) + (1 << (n - 1))))


def _is_lzma_alone(h: bytes) -> bool:
    """lzma-alone (joblib 'lzma'): properties byte, a dictionary size liblzma writes, size or -1, range coder at 0."""
    if len(h) <= 13 or h[0] >= 225 or h[13] != 0 or int.from_bytes(h[1:5], "little") not in _DICT_SIZES:
        return False
    return (h[5:13] == b"\xff" * 8 or h[12] == 0) and _trial(_lzma_alone, h)


KINDS: dict[str, tuple[Callable[[bytes], bool], Callable[[], _Decompressor | None]]] = {
    "gzip": (lambda h: h[:3] == b"\x1f\x8b\x08", _gzip),
    "bz2": (lambda h: h[:3] == b"BZh" and h[3:4] in b"123456789" and h[4:10] in (b"1AY&SY", b"\x17rE8P\x90"), bz2.BZ2Decompressor),
    "xz": (lambda h: h[:6] == b"\xfd7zXZ\x00", lzma.LZMADecompressor),
    "lz4": (lambda h: h[:4] in (b"\x04\x22\x4d\x18", b"\x02\x21\x4c\x18"), _lz4),
    "zstd": (lambda h: h[:4] == b"\x28\xb5\x2f\xfd" or (h[1:4] == b"\x2a\x4d\x18" and h[0] & 0xF0 == 0x50), _zstd),
    "lzma": (_is_lzma_alone, _lzma_alone),
    "zlib": (_is_zlib, _zlib),
}


def kind_of(head: bytes) -> str | None:
    if head[:2] == b"ZF" and head[2:18].strip(b" 0123456789abcdefx") == b"" and _is_zlib(head[18:]):
        return "zlib-joblib"  # joblib < 0.10 zlib files: "ZF" + 16-char length + zlib stream
    return next((k for k, (test, _) in KINDS.items() if test(head)), None)


def sniff(head: bytes, name: str) -> bool:
    return kind_of(head) is not None


def scan(handle: BinaryIO, size: int, name: str, scan: Scan) -> None:
    kind = kind_of(handle.read(4096)) or "gzip"
    handle.seek(18 if kind == "zlib-joblib" else 0)
    factory = KINDS["zlib" if kind == "zlib-joblib" else kind][1]
    decompressor = factory()
    if decompressor is None:
        if scan.format == "compressed":
            scan.format = kind
        scan.saw(kind)
        scan.incomplete("compression-unsupported", f"{name}: {kind} stream and no {kind} reader installed: contents (a pickle?) not analysed")
        return
    limit = min(MAX_MEMBER_BYTES, scan.budget)
    import tempfile  # here: the sniff runs on every text file's first bytes, the spill only on a real stream

    with tempfile.SpooledTemporaryFile(max_size=32 << 20) as out:
        written, error = _inflate(handle, decompressor, out, limit, factory, skip_zeros=kind == "gzip")  # type: ignore[arg-type]
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


MAX_STREAMS = 1 << 16  # concatenated streams followed in one file (each costs at least its ~20-byte header)


def _inflate(handle: BinaryIO, dec: _Decompressor, out: BinaryIO, limit: int, factory: Callable[[], _Decompressor | None] | None = None,
             *, skip_zeros: bool = False) -> tuple[int, str | None]:
    """Decompress into ``out`` until the input ends or ``limit`` bytes were written; returns (bytes, error).

    A stream followed by another is read on, as the readers loaders use do (``gzip.GzipFile``, ``bz2.BZ2File``,
    ``lzma.LZMAFile``, joblib's zlib file: multi-member files decompress to the concatenation); bytes after the last
    stream that do not start one are ignored as those readers do (gzip also skips zero padding)."""
    written, streams = 0, 1
    pending = b""
    try:
        while written < limit:
            if getattr(dec, "eof", False):
                rest = _after_stream(dec, pending, handle, skip_zeros)
                if not rest or factory is None:
                    break
                if streams >= MAX_STREAMS:
                    return written, f"more than {MAX_STREAMS} concatenated streams: the rest was not read"
                fresh = factory()
                if fresh is None or not _starts_stream(factory, rest):
                    break  # trailing bytes that start no stream: the readers stop (or fail) there too
                dec, pending, streams = fresh, rest, streams + 1
            needs_input = getattr(dec, "needs_input", None)
            if needs_input is None:  # zlib: input not consumed because of max_length stays in unconsumed_tail
                chunk = pending or handle.read(CHUNK)
                if not chunk:
                    return written, "truncated stream"
                data = dec.decompress(chunk, limit - written)
                pending = getattr(dec, "unconsumed_tail", b"")
            else:
                chunk = pending or (handle.read(CHUNK) if needs_input else b"")
                pending = b""
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


def _after_stream(dec: _Decompressor, pending: bytes, handle: BinaryIO, skip_zeros: bool) -> bytes:
    """The input after a finished stream (what the decompressor did not use, then the file), zero padding skipped."""
    rest = bytes(getattr(dec, "unused_data", b"")) or pending or handle.read(CHUNK)
    while skip_zeros and rest and not rest.strip(b"\x00"):
        rest = handle.read(CHUNK)
    return rest.lstrip(b"\x00") if skip_zeros else rest


def _starts_stream(factory: Callable[[], _Decompressor | None], data: bytes) -> bool:
    """Whether ``data`` opens another stream of the same kind (its first bytes decompress without an error)."""
    probe = factory()
    if probe is None:
        return False
    try:
        probe.decompress(data[:64], 1)
    except (zlib.error, lzma.LZMAError, OSError, EOFError, ValueError):
        return False
    return True
