"""ONNX: walk the ModelProto wire format (no onnx dependency): external data escaping the folder, custom op domains.

Every place a tensor or node can sit is walked: the graph and its subgraphs, sparse initializers and attributes,
training-info graphs (ModelProto field 20) and model-local functions (field 25)."""

from __future__ import annotations

import re
from typing import BinaryIO

from ..models import Severity
from .base import Scan
from .protowire import WireError, fields, text

STANDARD_DOMAINS = frozenset(
    {
        "",
        "ai.onnx",
        "ai.onnx.ml",
        "ai.onnx.training",
        "ai.onnx.preview.training",
        "com.microsoft",
        "com.microsoft.nchwc",
        "com.microsoft.experimental",
        "com.ms.internal.nhwc",
        "org.pytorch.aten",
        "com.microsoft.dml",
        "ai.onnx.contrib",
    }
)
MAX_NODES = 2_000_000
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]|^\\\\|^[a-z][a-z0-9+.-]*://")


def sniff(head: bytes, name: str) -> bool:
    if name.lower().endswith(".onnx"):
        return True
    return len(head) > 3 and head[0] == 0x08 and 1 <= head[1] <= 12 and head[2] == 0x12 and 0 < head[3] < 64


class _State:
    def __init__(self, name: str, scan: Scan) -> None:
        self.name, self.scan = name, scan
        self.domains: set[str] = set()  # opset_import domains
        self.ops: set[tuple[str, str]] = set()  # (domain, op_type) of every node outside the standard domains
        self.local: set[tuple[str, str]] = set()  # (domain, name) of the model's own functions (ops the file defines)
        self.locations: set[str] = set()
        self.nodes = 0


def scan(handle: BinaryIO, size: int, name: str, scan: Scan) -> None:
    if scan.format in ("unknown", "zip"):
        scan.format = "onnx"
    state = _State(name, scan)
    meta: dict[str, str] = {}
    try:
        handle.seek(0)
        for number, wire, value in fields(handle, size):
            if wire != 2:
                continue
            end = handle.tell() + value
            if number == 2:
                meta["producer"] = text(handle, value, 200)
            elif number == 7:
                _graph(handle, end, state, 0)
            elif number == 8:
                _opset(handle, end, state)
            elif number == 14 and len(meta) < 60:
                key, val = _entry(handle, end)
                meta[f"prop:{key[:80]}"] = val[:300]
            elif number == 20:  # TrainingInfoProto: initialization and algorithm graphs
                _training(handle, end, state)
            elif number == 25:  # FunctionProto: model-local functions
                _function(handle, end, state)
    except (WireError, OSError) as exc:
        scan.issue("onnx-malformed", Severity.LOW, f"{name}: not a well-formed ONNX model", str(exc), verdict="error")
    custom = {d for d, op in state.ops if (d, op) not in state.local} | (state.domains - {d for d, _ in state.local})
    for domain in sorted(custom - STANDARD_DOMAINS)[:20]:
        scan.issue("onnx-custom-domain", Severity.MEDIUM, f"{name}: custom operator domain {domain!r} needs a native custom-op library", domain)
    for location in sorted(state.locations)[:50]:
        if location.startswith(("/", "~")) or ".." in re.split(r"[\\/]", location) or _DRIVE.match(location):
            scan.issue("onnx-external-data-escape", Severity.HIGH, f"{name}: external tensor data points outside the model folder", location)
    if state.locations:
        scan.metadata["external_data"] = sorted(state.locations)[:50]
    if meta:
        scan.metadata.setdefault("onnx", meta)


def _entry(handle: BinaryIO, end: int) -> tuple[str, str]:
    key = val = ""
    for number, wire, value in fields(handle, end):
        if wire == 2 and number == 1:
            key = text(handle, value)
        elif wire == 2 and number == 2:
            val = text(handle, value)
    return key, val


def _opset(handle: BinaryIO, end: int, state: _State) -> None:
    for number, wire, value in fields(handle, end):
        if number == 1 and wire == 2:
            state.domains.add(text(handle, value, 256))


def _graph(handle: BinaryIO, end: int, state: _State, depth: int) -> None:
    if depth > 16:
        raise WireError("subgraphs nested too deep")
    for number, wire, value in fields(handle, end):
        if wire != 2:
            continue
        sub_end = handle.tell() + value
        if number == 1:
            _node(handle, sub_end, state, depth)
        elif number == 5:  # initializer
            _tensor(handle, sub_end, state)
        elif number == 15:  # sparse_initializer
            _sparse(handle, sub_end, state)


def _node(handle: BinaryIO, end: int, state: _State, depth: int) -> None:
    state.nodes += 1
    if state.nodes > MAX_NODES:
        raise WireError("too many nodes")
    domain = op = ""
    for number, wire, value in fields(handle, end):
        if wire != 2:
            continue
        sub_end = handle.tell() + value
        if number == 7:
            domain = text(handle, value, 256)
        elif number == 4:
            op = text(handle, value, 256)
        elif number == 5:  # AttributeProto: t=5 (tensor), g=6 (graph), tensors=10, graphs=11, sparse_tensor(s)=22, 23
            for a_num, a_wire, a_val in fields(handle, sub_end):
                if a_wire == 2 and a_num in (5, 10):
                    _tensor(handle, handle.tell() + a_val, state)
                elif a_wire == 2 and a_num in (22, 23):
                    _sparse(handle, handle.tell() + a_val, state)
                elif a_wire == 2 and a_num in (6, 11):
                    _graph(handle, handle.tell() + a_val, state, depth + 1)
    if domain not in STANDARD_DOMAINS and len(state.ops) < MAX_NODES:
        state.ops.add((domain, op))


def _tensor(handle: BinaryIO, end: int, state: _State) -> None:
    for number, wire, value in fields(handle, end):
        if number == 13 and wire == 2:
            key, val = _entry(handle, handle.tell() + value)
            if key == "location":
                state.locations.add(val)


def _sparse(handle: BinaryIO, end: int, state: _State) -> None:
    """SparseTensorProto: values (1) and indices (2) are TensorProtos, either may live in external data."""
    for number, wire, value in fields(handle, end):
        if wire == 2 and number in (1, 2):
            _tensor(handle, handle.tell() + value, state)


def _training(handle: BinaryIO, end: int, state: _State) -> None:
    """TrainingInfoProto: initialization (1) and algorithm (2) graphs, whose nodes and tensors count as the main graph's."""
    for number, wire, value in fields(handle, end):
        if wire == 2 and number in (1, 2):
            _graph(handle, handle.tell() + value, state, 1)


def _function(handle: BinaryIO, end: int, state: _State) -> None:
    """FunctionProto: its nodes (7) count; its name (1) in its domain (10) is an op the file defines, not a custom op."""
    name = domain = ""
    for number, wire, value in fields(handle, end):
        if wire == 2 and number == 7:
            _node(handle, handle.tell() + value, state, 1)
        elif wire == 2 and number == 1:
            name = text(handle, value, 256)
        elif wire == 2 and number == 10:
            domain = text(handle, value, 256)
    state.local.add((domain, name))
