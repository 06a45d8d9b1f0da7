"""Keras: config.json of .keras zips and the model_config JSON of legacy .h5 files (Lambda layers, custom objects)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..models import Severity
from .base import Scan

HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
H5_SCAN_CAP = 64 << 20  # bytes of an .h5 file searched for the model_config JSON when h5py is absent
SAFE_MODULES = ("keras", "tensorflow", "tf_keras", "keras_nlp", "keras_hub", "keras_cv")
CONFIG_START = re.compile(rb'\{\s*"class_name"\s*:')


def sniff(head: bytes, name: str) -> bool:
    return head[:8] == HDF5_MAGIC or any(head[o : o + 8] == HDF5_MAGIC for o in (512, 1024, 2048) if len(head) >= o + 8)


def analyse_config(data: bytes, name: str, scan: Scan) -> None:
    """Walk a Keras model config: Lambda layers carry marshalled Python bytecode; custom modules get imported."""
    scan.saw("keras")
    try:
        config = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        scan.issue("keras-bad-config", Severity.LOW, f"{name}: config is not valid JSON", str(exc)[:200], verdict="error")
        return
    lambdas, custom = 0, set()
    for node in _walk(config):
        cls = node.get("class_name")
        if cls == "Lambda":
            lambdas += 1
            fn = node.get("config", {}).get("function") if isinstance(node.get("config"), dict) else None
            scan.issue("keras-lambda", Severity.CRITICAL, f"{name}: Lambda layer runs serialized Python code when the model is loaded", str(fn)[:200])
        module = node.get("module")
        registered = node.get("registered_name")
        if isinstance(module, str) and module and module.split(".")[0] not in SAFE_MODULES:
            custom.add(module)
        elif isinstance(registered, str) and ">" in registered and not registered.startswith(SAFE_MODULES):
            custom.add(registered)
    for module in sorted(custom)[:20]:
        scan.issue("keras-custom-object", Severity.MEDIUM, f"{name}: loading imports custom code from {module}", module)
    scan.can_execute_code = scan.can_execute_code or bool(lambdas)
    if isinstance(config, dict) and isinstance(config.get("class_name"), str):
        scan.metadata.setdefault("architecture", config["class_name"][:100])


def _walk(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 200:
        return
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value, depth + 1)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value, depth + 1)


def scan(handle: BinaryIO, size: int, name: str, scan: Scan) -> None:
    """Legacy HDF5: find the model_config attribute JSON by a bounded byte search (h5py is not required)."""
    if scan.format in ("unknown", "zip"):
        scan.format = "h5"
    handle.seek(0)
    data = handle.read(min(size, H5_SCAN_CAP))
    found = False
    for match in CONFIG_START.finditer(data):
        text = _balanced(data, match.start())
        if text is not None and b'"config"' in text:
            found = True
            analyse_config(text, f"{name}:model_config", scan)
            break
    if size > H5_SCAN_CAP or not found:
        where = f"first {H5_SCAN_CAP >> 20} MB" if size > H5_SCAN_CAP else "file"
        scan.issue(
            "h5-partially-inspected",
            Severity.INFO,
            f"{name}: HDF5 not fully inspected (no model_config JSON found in the {where}; weights-only or compressed attributes)",
        )


def _balanced(data: bytes, start: int, cap: int = 16 << 20) -> bytes | None:
    """The JSON object starting at ``start`` (brace matching outside strings), or None if it does not close."""
    depth, in_str, esc = 0, False, False
    for i in range(start, min(len(data), start + cap)):
        c = data[i]
        if in_str:
            if esc:
                esc = False
            elif c == 0x5C:
                esc = True
            elif c == 0x22:
                in_str = False
        elif c == 0x22:
            in_str = True
        elif c == 0x7B:
            depth += 1
        elif c == 0x7D:
            depth -= 1
            if depth == 0:
                return data[start : i + 1]
    return None
