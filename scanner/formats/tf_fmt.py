"""TensorFlow SavedModel (saved_model.pb / keras_metadata.pb): bounded search for file-system and py_func ops."""

from __future__ import annotations

import re
from typing import BinaryIO

from ..models import Severity
from .base import Scan
from .keras_fmt import CONFIG_START, _balanced, analyse_config

PB_CAP = 256 << 20
# NodeDef.op is field 2 (tag 0x12) followed by a one-byte length for these short names.
DANGEROUS_OPS = {
    "PyFunc": Severity.CRITICAL,
    "PyFuncStateless": Severity.CRITICAL,
    "EagerPyFunc": Severity.CRITICAL,
    "WriteFile": Severity.HIGH,
    "ReadFile": Severity.MEDIUM,
    "MatchingFiles": Severity.MEDIUM,
    "DeleteFile": Severity.HIGH,
    "ImmutableConst": Severity.MEDIUM,
    "LoadLibrary": Severity.CRITICAL,
}
OP_PATTERN = re.compile(b"\\x12(" + b"|".join(re.escape(bytes([len(o)]) + o.encode()) for o in DANGEROUS_OPS) + b")")


def sniff(head: bytes, name: str) -> bool:
    base = name.rsplit("/", 1)[-1].rsplit("!", 1)[-1].lower()
    return base in ("saved_model.pb", "keras_metadata.pb", "saved_model.pbtxt")


def scan(handle: BinaryIO, size: int, name: str, scan: Scan) -> None:
    if scan.format in ("unknown", "zip"):
        scan.format = "tf-savedmodel"
    handle.seek(0)
    data = handle.read(min(size, PB_CAP))
    seen: set[str] = set()
    for match in OP_PATTERN.finditer(data):
        seen.add(match.group(1)[1:].decode())
    if name.endswith(".pbtxt"):
        seen |= {op for op in DANGEROUS_OPS if re.search(rb'op:\s*"' + op.encode() + rb'"', data)}
    for op in sorted(seen):
        scan.issue("tf-dangerous-op", DANGEROUS_OPS[op], f"{name}: graph uses the {op} operation (file system / Python access)", op)
    config = CONFIG_START.search(data)
    if config is not None:
        blob = _balanced(data, config.start())
        if blob is not None:
            analyse_config(blob, f"{name}:keras_metadata", scan)
    if size > PB_CAP:
        scan.issue("tf-partially-inspected", Severity.INFO, f"{name}: only the first {PB_CAP >> 20} MB were inspected", verdict="not-inspected")
