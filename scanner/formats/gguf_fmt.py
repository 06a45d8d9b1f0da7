"""GGUF (v1-v3, either byte order): stream the key/values, skip big arrays, check tensor extents and chat template."""

from __future__ import annotations

import struct
from typing import Any, BinaryIO

from ..models import Severity
from .base import Scan
from .chat_template import NOT_ANALYSED, analyse
from .metadata import from_gguf

MAX_KV = 1 << 20
MAX_TENSORS = 1 << 20
MAX_STRING = 16 << 20  # a single string value longer than this is skipped and reported
MAX_ARRAY = 1 << 26
KEEP_ARRAY = 64  # arrays up to this many scalar items are kept (base_model lists, ...); longer ones skipped
SKIP_CHUNK = 1 << 20  # string arrays (vocabularies, merges) are skipped reading at most this much at a time
SPARSE_STRING = 4096  # ... unless their strings are longer than this on average: then each is sought over
SCALARS = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}
# ggml type -> (bytes per block, elements per block), for tensor extent checks
GGML_BLOCKS = {
    0: (4, 1),
    1: (2, 1),
    2: (18, 32),
    3: (20, 32),
    6: (22, 32),
    7: (24, 32),
    8: (34, 32),
    9: (36, 32),
    10: (84, 256),
    11: (110, 256),
    12: (144, 256),
    13: (176, 256),
    14: (210, 256),
    15: (292, 256),
    16: (66, 256),
    17: (74, 256),
    18: (98, 256),
    19: (50, 256),
    20: (18, 32),
    21: (110, 256),
    22: (82, 256),
    23: (136, 256),
    24: (1, 1),
    25: (2, 1),
    26: (4, 1),
    27: (8, 1),
    28: (8, 1),
    29: (56, 256),
    30: (2, 1),
    34: (54, 256),
    35: (66, 256),
    39: (17, 32),
}


class GGUFError(ValueError):
    pass


def sniff(head: bytes, name: str) -> bool:
    return head[:4] == b"GGUF" or head[:4] in (b"lmgg", b"fmgg", b"tjgg", b"algg")


class _Reader:
    def __init__(self, handle: BinaryIO, size: int, endian: str, version: int) -> None:
        self.h, self.size, self.e, self.v = handle, size, endian, version

    def unpack(self, fmt: str) -> Any:
        n = struct.calcsize(fmt)
        data = self.h.read(n)
        if len(data) != n:
            raise GGUFError(f"truncated at byte {self.h.tell()}")
        return struct.unpack(self.e + fmt, data)[0]

    def count(self) -> int:
        return int(self.unpack("I" if self.v == 1 else "Q"))

    def string(self, cap: int = MAX_STRING) -> str | None:
        n = self.count()
        if self.h.tell() + n > self.size:
            raise GGUFError(f"string of {n} bytes runs past the end of the file")
        if n > cap:
            self.h.seek(n, 1)
            return None
        return self.h.read(n).decode("utf-8", "replace")

    def value(self, vtype: int, depth: int = 0) -> Any:
        if vtype in SCALARS:
            return self.unpack(SCALARS[vtype])
        if vtype == 8:
            return self.string()
        if vtype != 9 or depth > 4:
            raise GGUFError(f"unknown value type {vtype}")
        etype, n = self.unpack("I"), self.count()
        if n > MAX_ARRAY:
            raise GGUFError(f"array of {n} items")
        if etype in SCALARS:
            width = struct.calcsize(SCALARS[etype])
            if n <= KEEP_ARRAY:
                return [self.unpack(SCALARS[etype]) for _ in range(n)]
            if self.h.tell() + n * width > self.size:
                raise GGUFError("array runs past the end of the file")
            self.h.seek(n * width, 1)
            return f"<array of {n}>"
        keep = n <= KEEP_ARRAY
        if keep:
            return [self.value(etype, depth + 1) for _ in range(n)]
        if etype == 8:
            self.skip_strings(n)
            return f"<array of {n}>"
        for _ in range(n):
            self._skip(etype, depth + 1)
        return f"<array of {n}>"

    def skip_strings(self, n: int) -> None:
        """Skip ``n`` length-prefixed strings, exactly as ``string(cap=0)`` n times would (same end position, same
        errors), reading them a chunk at a time: a 150,000-token vocabulary costs one ``unpack_from`` per token
        instead of a read, a tell and a seek (12 GGUF vocabularies: 2.5 s -> 0.2 s). A chunk is sized for the strings
        left (no reading far into tensor data), and long strings (over SPARSE_STRING bytes on average) are sought
        over one at a time, as before: only headers are read, never the bulk."""
        width = 4 if self.v == 1 else 8
        unpack = struct.Struct(self.e + ("I" if self.v == 1 else "Q")).unpack_from
        pos = self.h.tell()
        while n:
            buf = self.h.read(max(width, min(SKIP_CHUNK, n * (width + 8))))
            end, off, first = len(buf), 0, n
            if end < width:
                raise GGUFError(f"truncated at byte {pos + end}")
            while n and off + width <= end:
                length = unpack(buf, off)[0]
                off += width + length
                if pos + off > self.size:
                    raise GGUFError(f"string of {length} bytes runs past the end of the file")
                n -= 1
            pos += off
            self.h.seek(pos)
            if off > SPARSE_STRING * (first - n):
                for _ in range(n):
                    self.string(cap=0)
                return

    def _skip(self, etype: int, depth: int) -> None:
        if etype == 8:
            self.string(cap=0)
        else:
            self.value(etype, depth)


def scan(handle: BinaryIO, size: int, name: str, scan: Scan) -> None:
    handle.seek(0)
    magic = handle.read(4)
    if magic != b"GGUF":
        scan.format = "ggml"
        scan.issue("ggml-legacy", Severity.INFO, f"{name}: legacy GGML/GGJT file: metadata not inspected", verdict="not-inspected")
        return
    raw = handle.read(4)
    le, be = struct.unpack("<I", raw.ljust(4, b"\0"))[0], struct.unpack(">I", raw.ljust(4, b"\0"))[0]
    endian, version = ("<", le) if 1 <= le <= 3 else (">", be) if 1 <= be <= 3 else ("<", le)
    if version not in (1, 2, 3):
        scan.issue("gguf-malformed", Severity.LOW, f"{name}: unsupported GGUF version {version}", verdict="error")
        return
    reader = _Reader(handle, size, endian, version)
    kv: dict[str, Any] = {}
    seen: set[str] = set()
    dupes: list[str] = []
    try:
        n_tensors, n_kv = reader.count(), reader.count()
        if n_kv > MAX_KV or n_tensors > MAX_TENSORS:
            raise GGUFError(f"{n_kv} keys / {n_tensors} tensors exceed the caps")
        for _ in range(n_kv):
            key = reader.string(cap=1 << 16) or ""
            value = reader.value(reader.unpack("I"))
            if key in seen:  # readers differ on which copy wins (llama.cpp: the first; gguf-py: the last)
                dupes.append(key)
                if isinstance(kv.get(key), str) and key.startswith("tokenizer.chat_template"):
                    _check_templates({f"{key} (earlier copy)": kv[key]}, name, scan)  # both copies are analysed
            seen.add(key if len(key) <= 256 else key[:256] + str(hash(key)))
            if key.startswith(("general.", "tokenizer.chat_template")) or key.endswith(".context_length"):
                kv[key] = value
            if key.startswith("tokenizer.chat_template") and value is None:
                scan.incomplete("template-not-inspected", f"{name}: {key} is larger than {MAX_STRING} bytes and was not analysed")
        _check_tensors(reader, n_tensors, kv, name, scan)
    except (GGUFError, struct.error, OverflowError, MemoryError) as exc:
        scan.issue("gguf-malformed", Severity.LOW, f"{name}: malformed GGUF", str(exc), verdict="error")
    if dupes:
        repeated = ", ".join(sorted(set(dupes)))[:300]
        scan.issue("gguf-duplicate-keys", Severity.MEDIUM, f"{name}: metadata keys repeat (loaders disagree on which value wins)", repeated)
    scan.metadata.update(from_gguf(kv))
    scan.metadata["gguf_version"] = version
    _check_templates(kv, name, scan)


def _check_tensors(reader: _Reader, n_tensors: int, kv: dict[str, Any], name: str, scan: Scan) -> None:
    align = kv.get("general.alignment", 32)
    align = align if isinstance(align, int) and 0 < align <= 1 << 20 else 32
    extents: list[tuple[int, int]] = []
    for _ in range(n_tensors):
        reader.string(cap=1 << 16)
        dims = reader.unpack("I")
        if dims > 8:
            raise GGUFError(f"tensor with {dims} dimensions")
        elements = 1
        for _ in range(dims):
            elements *= reader.unpack("I" if reader.v == 1 else "Q")
        ttype, offset = reader.unpack("I"), reader.unpack("Q")
        block = GGML_BLOCKS.get(ttype)
        extents.append((offset, offset + (elements // block[1]) * block[0] if block else offset))
    data_start = -(-reader.h.tell() // align) * align
    overflow = [e for e in extents if data_start + e[1] > reader.size]
    if overflow:
        scan.issue("gguf-truncated", Severity.LOW, f"{name}: {len(overflow)} tensor(s) extend past the end of the file", verdict="error")
    scan.metadata["tensors"] = n_tensors


def _check_templates(kv: dict[str, Any], name: str, scan: Scan) -> None:
    for key, value in kv.items():
        if not key.startswith("tokenizer.chat_template") or not isinstance(value, str):
            continue
        for issue in analyse(value):
            if issue.code == NOT_ANALYSED:
                scan.incomplete(issue.code, f"{name}: {key}: {issue.message}", issue.detail)
            else:
                scan.issue(issue.code, issue.severity, f"{name}: {key}: {issue.message}", issue.detail)
