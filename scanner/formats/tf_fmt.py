"""TensorFlow SavedModel (saved_model.pb / .pbtxt / keras_metadata.pb): file-system and py_func ops, by a wire-format walk
of the graph and its function library (any varint encoding), the text format's string literals, and a byte search."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import BinaryIO

from ..models import Severity
from .base import Scan
from .keras_fmt import CONFIG_START, _balanced, analyse_config
from .protowire import WireError, fields, text

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


MAX_OPS = 100_000  # distinct operation names kept (TensorFlow has ~1,500)
# text format: ``op: "PyFunc"``, ``op: 'PyFunc'``, adjacent literals (``"Py" "Func"``) and escapes (``"Py\\106unc"``)
_TEXT_OP = re.compile(rb"""\bop\s*:\s*((?:(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')\s*)+)""")
_LITERAL = re.compile(rb""""((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'""")


def text_ops(data: bytes) -> set[str]:
    """Operation names of a text-format graph, string literals decoded as the text-format parser does."""
    import codecs

    ops: set[str] = set()
    for match in _TEXT_OP.finditer(data):
        parts = [codecs.escape_decode(m.group(1) if m.group(1) is not None else m.group(2))[0] for m in _LITERAL.finditer(match.group(1))]
        ops.add(b"".join(parts).decode("utf-8", "replace"))
    return ops


def graph_ops(data: bytes) -> tuple[set[str], str | None]:
    """Every NodeDef.op of a binary SavedModel (meta graphs -> graph def -> nodes, and its function library's nodes),
    read by the wire format as TensorFlow's parser reads it (any varint encoding of tags and lengths)."""
    handle = io.BytesIO(data)
    ops: set[str] = set()
    try:
        for meta_end in _submessages(handle, len(data), 2):  # SavedModel.meta_graphs
            for graph_end in _submessages(handle, meta_end, 2):  # MetaGraphDef.graph_def
                for number, wire, value in fields(handle, graph_end):
                    if wire == 2 and number == 1:  # GraphDef.node
                        _node_op(handle, handle.tell() + value, ops)
                    elif wire == 2 and number == 2:  # GraphDef.library -> FunctionDef (1) -> node_def (3)
                        for function_end in _submessages(handle, handle.tell() + value, 1):
                            for node_end in _submessages(handle, function_end, 3):
                                _node_op(handle, node_end, ops)
                    if len(ops) > MAX_OPS:
                        raise WireError("too many distinct operations")
    except WireError as exc:
        return ops, str(exc)
    return ops, None


def _submessages(handle: io.BytesIO, end: int, wanted: int) -> Iterator[int]:
    """The end offset of each length-delimited field ``wanted`` up to ``end`` (the handle at its payload)."""
    for number, wire, value in fields(handle, end):
        if number == wanted and wire == 2:
            yield handle.tell() + value


def _node_op(handle: io.BytesIO, end: int, ops: set[str]) -> None:
    for number, wire, value in fields(handle, end):
        if number == 2 and wire == 2:  # NodeDef.op
            ops.add(text(handle, value, 256))


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
    base = name.rsplit("/", 1)[-1].rsplit("!", 1)[-1].lower()
    if base.endswith(".pbtxt"):
        seen |= text_ops(data) & set(DANGEROUS_OPS)
    elif base == "saved_model.pb" and size <= PB_CAP:
        ops, error = graph_ops(data)
        seen |= ops & set(DANGEROUS_OPS)
        if error is not None:
            scan.issue("tf-malformed", Severity.LOW, f"{name}: not a well-formed SavedModel; its operations were not all read", error, verdict="error")
    for op in sorted(seen):
        scan.issue("tf-dangerous-op", DANGEROUS_OPS[op], f"{name}: graph uses the {op} operation (file system / Python access)", op)
    config = CONFIG_START.search(data)
    if config is not None:
        blob = _balanced(data, config.start())
        if blob is not None:
            analyse_config(blob, f"{name}:keras_metadata", scan)
    if size > PB_CAP:
        scan.issue("tf-partially-inspected", Severity.INFO, f"{name}: only the first {PB_CAP >> 20} MB were inspected", verdict="not-inspected")
