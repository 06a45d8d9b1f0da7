"""safetensors: validate the JSON header (length cap, dtypes, shapes, offsets) in O(header); keep __metadata__."""

from __future__ import annotations

import json
import math
import struct
from typing import Any, BinaryIO

from ..models import Severity
from .base import Scan
from .metadata import from_safetensors

MAX_HEADER = 100 << 20  # the reference implementation refuses headers above 100 MB
DTYPE_BITS = {
    "BOOL": 8,
    "U8": 8,
    "I8": 8,
    "F8_E5M2": 8,
    "F8_E4M3": 8,
    "F8_E8M0": 8,
    "I16": 16,
    "U16": 16,
    "F16": 16,
    "BF16": 16,
    "I32": 32,
    "U32": 32,
    "F32": 32,
    "F64": 64,
    "I64": 64,
    "U64": 64,
    "F4": 4,
    "F6_E2M3": 6,
    "F6_E3M2": 6,
    "C64": 64,
}


def sniff(head: bytes, name: str) -> bool:
    if len(head) < 10:
        return False
    n = struct.unpack("<Q", head[:8])[0]
    return head[8:9] == b"{" and (2 <= n <= MAX_HEADER or name.lower().endswith(".safetensors"))


def scan(handle: BinaryIO, size: int, name: str, scan: Scan) -> None:
    if scan.format in ("unknown", "zip"):
        scan.format = "safetensors"
    handle.seek(0)
    n = struct.unpack("<Q", handle.read(8))[0]
    if n > MAX_HEADER or 8 + n > size:
        scan.issue("safetensors-bad-header-length", Severity.MEDIUM, f"{name}: header length {n} exceeds the cap or the file", verdict="error")
        return
    try:
        duplicates: list[str] = []
        header = json.loads(handle.read(n).decode("utf-8"), object_pairs_hook=lambda pairs: _no_duplicates(pairs, duplicates))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        scan.issue("safetensors-bad-json", Severity.MEDIUM, f"{name}: header is not valid JSON", str(exc)[:200], verdict="error")
        return
    if not isinstance(header, dict):
        scan.issue("safetensors-bad-json", Severity.MEDIUM, f"{name}: header is not a JSON object", verdict="error")
        return
    if duplicates:
        scan.issue("safetensors-duplicate-keys", Severity.MEDIUM, f"{name}: header repeats keys (parsers disagree on which wins)", ", ".join(duplicates[:10]))
    meta = header.pop("__metadata__", None)
    if meta is not None and not (isinstance(meta, dict) and all(isinstance(v, str) for v in meta.values())):
        scan.issue("safetensors-bad-metadata", Severity.LOW, f"{name}: __metadata__ must map strings to strings", verdict="error")
    elif meta:
        scan.metadata.update(from_safetensors(meta))
    _check_tensors(header, size - 8 - n, name, scan)


def _no_duplicates(pairs: list[tuple[str, Any]], duplicates: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            duplicates.append(key)
        out[key] = value
    return out


def _check_tensors(header: dict[str, Any], data_len: int, name: str, scan: Scan) -> None:
    spans: list[tuple[int, int, str]] = []
    problems: list[str] = []
    for tensor, info in header.items():
        if not isinstance(info, dict) or not {"dtype", "shape", "data_offsets"} <= set(info):
            problems.append(f"{tensor}: missing dtype/shape/data_offsets")
            continue
        bits = DTYPE_BITS.get(str(info["dtype"]))
        shape, offsets = info["shape"], info["data_offsets"]
        if bits is None:
            problems.append(f"{tensor}: unknown dtype {info['dtype']!r}")
            continue
        if not (isinstance(shape, list) and all(isinstance(d, int) and d >= 0 for d in shape)):
            problems.append(f"{tensor}: bad shape {shape!r}")
            continue
        if not (isinstance(offsets, list) and len(offsets) == 2 and all(isinstance(o, int) for o in offsets) and 0 <= offsets[0] <= offsets[1]):
            problems.append(f"{tensor}: bad data_offsets {offsets!r}")
            continue
        if offsets[1] > data_len:
            problems.append(f"{tensor}: data_offsets end {offsets[1]} beyond the data ({data_len} bytes)")
        if (math.prod(shape) * bits + 7) // 8 != offsets[1] - offsets[0]:
            problems.append(f"{tensor}: {offsets[1] - offsets[0]} bytes do not match {info['dtype']}{shape}")
        spans.append((offsets[0], offsets[1], tensor))
    spans.sort()
    end = 0
    for start, stop, tensor in spans:
        if start < end:
            problems.append(f"{tensor}: overlaps the previous tensor")
        elif start > end:
            problems.append(f"{tensor}: gap of {start - end} bytes before it")
        end = max(end, stop)
    if spans and end != data_len:
        problems.append(f"tensors cover {end} of {data_len} data bytes")
    scan.metadata.setdefault("tensors", len(spans))
    if problems:
        scan.issue(
            "safetensors-invalid",
            Severity.MEDIUM,
            f"{name}: {len(problems)} header problem(s); loaders will refuse or misread it",
            "; ".join(problems[:10]),
            verdict="error",
        )
