"""PyTorch's oldest format (a tar with sys_info, pickle, storages, tensors): every pickle of every member.

torch.load still reads it (``legacy_load``): ``storages`` is a count pickle, then per storage an args pickle
followed by raw bytes (int64 element count x element size of the pickled storage type), then a views pickle;
``tensors`` is a count pickle, then per tensor an args pickle and fixed-size shape/stride fields. The raw parts
are skipped by their announced sizes so the pickles after them are scanned too."""

from __future__ import annotations

import pickletools
import struct
from typing import BinaryIO

from .base import Scan
from .pickle_fmt import report
from .pickle_vm import scan_pickle

MAX_RECORDS = 1 << 20
ELEMENT_SIZES = {
    "DoubleStorage": 8, "FloatStorage": 4, "HalfStorage": 2, "BFloat16Storage": 2, "LongStorage": 8, "IntStorage": 4,
    "ShortStorage": 2, "CharStorage": 1, "ByteStorage": 1, "BoolStorage": 1, "ComplexFloatStorage": 8,
    "ComplexDoubleStorage": 16, "QInt8Storage": 1, "QUInt8Storage": 1, "QInt32Storage": 4,
}  # fmt: skip
RECORDS = frozenset({"storages", "tensors"})


def _pickle(handle: BinaryIO, end: int, label: str, scan: Scan) -> tuple[int | None, set[str]] | None:
    """Scan one pickle at the handle's position; returns (its value when a plain int, its imports) or None if broken."""
    start = handle.tell()
    result = scan_pickle(handle, end)
    report(result, label, scan)
    if result.error is not None:
        scan.incomplete("pickle-malformed", f"{label}: pickle at byte {start} could not be analysed to its end", result.error)
        return None
    value = None
    if result.end - start <= 64 and not result.imports:
        handle.seek(start)
        try:
            args = [arg for op, arg, _ in pickletools.genops(handle.read(result.end - start)) if op.name not in ("PROTO", "FRAME", "STOP")]
        except ValueError:
            args = []
        value = args[0] if len(args) == 1 and isinstance(args[0], int) else None
    handle.seek(result.end)
    return value, set(result.imports)


def scan_record(handle: BinaryIO, size: int, label: str, scan: Scan) -> None:
    """The ``storages`` or ``tensors`` member of a torch tar file."""
    scan.can_execute_code = True
    scan.saw("pytorch-tar")
    handle.seek(0)
    first = _pickle(handle, size, label, scan)
    if first is None:
        return
    count = first[0]
    if count is None or not 0 <= count <= MAX_RECORDS:
        scan.incomplete("torch-tar-unreadable", f"{label}: record count is not a small integer; the rest was not analysed")
        return
    tensors = label.endswith("tensors")
    for _ in range(count):
        record = _pickle(handle, size, label, scan)
        if record is None:
            return
        if tensors:
            fixed = handle.read(8)
            if len(fixed) < 8:
                break
            ndim = struct.unpack("<i", fixed[:4])[0]
            if not 0 <= ndim <= 64:
                scan.incomplete("torch-tar-unreadable", f"{label}: tensor with {ndim} dimensions; the rest was not analysed")
                return
            handle.seek(16 * ndim + 8, 1)
            continue
        kinds = {dotted.rsplit(".", 1)[-1] for dotted in record[1] if dotted.endswith("Storage")}
        kind = next(iter(kinds)) if len(kinds) == 1 else " or ".join(sorted(kinds)) or None  # two types: which one sizes it?
        element = ELEMENT_SIZES.get(kind or "")
        raw = handle.read(8)
        if element is None or len(raw) < 8:
            scan.incomplete("torch-tar-unreadable", f"{label}: storage of type {kind} cannot be skipped; the rest was not analysed")
            return
        numel = struct.unpack("<q", raw)[0]
        if numel < 0 or handle.tell() + numel * element > size:
            scan.incomplete("torch-tar-unreadable", f"{label}: storage of {numel} elements runs past the member")
            return
        handle.seek(numel * element, 1)
    if not tensors and handle.tell() < size:
        _pickle(handle, size, label, scan)  # the storage views pickle
