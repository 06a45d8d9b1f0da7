"""Keras: config.json of .keras zips and the model_config JSON of legacy .h5 files (Lambda layers, custom objects)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..models import Severity
from .base import Scan

HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
H5_SCAN_CAP = 4 << 30  # bytes of an .h5 file searched for model_config when h5py is absent (beyond: fail closed)
H5_CHUNK = 8 << 20
MAX_CONFIGS = 64  # JSON objects analysed per HDF5 file (decoys first, the real one later)
SAFE_MODULES = ("keras", "tensorflow", "tf_keras", "keras_nlp", "keras_hub", "keras_cv")
CONFIG_START = re.compile(rb'\{\s*"(?:class_name|module|config)"\s*:')
# In an HDF5 file any JSON object is a candidate: Keras reads model_config whatever its key order or escapes
# ({"name": ..., "class_name": ...}, {"\u0063lass_name": ...}); analyse_config keeps the ones that are Keras configs.
H5_OBJECT_START = re.compile(rb'\{\s*"(?:[^"\\\x00-\x1f]|\\[^\x00-\x1f]){1,64}"\s*:')
MAX_TRIED = 4 * MAX_CONFIGS  # JSON candidates parsed per HDF5 file
# Names that download files or switch off Keras's own safe mode, wherever they appear in a config.
UNSAFE_NAMES = re.compile(r"(?:^|\.)(?:get_file|enable_unsafe_deserialization|load_model|exec|eval|system|popen|__import__)$")
# Modules of the trusted namespaces whose functions read, write or delete files (tensorflow.python.ops.gen_io_ops.write_file,
# tf.io.gfile.rmtree, tensorflow.raw_ops.WriteFile): a config that names one writes files when the model is loaded.
FILE_ACCESS = re.compile(r"(?:^|\.)(?:io|gfile|gen_io_ops|io_ops|file_io|file_utils|raw_ops|saving|saved_model|platform)(?:\.|$)")
LAMBDA_CLASSES = frozenset({"Lambda", "__lambda__", "TFOpLambda", "SlicingOpLambda"})


def sniff(head: bytes, name: str) -> bool:
    return head[:8] == HDF5_MAGIC or any(head[o : o + 8] == HDF5_MAGIC for o in (512, 1024, 2048) if len(head) >= o + 8)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            out.setdefault("\0duplicates", []).append(key)
        out[key] = value
    return out


def analyse_config(data: bytes, name: str, scan: Scan, *, strict: bool = True) -> bool:
    """Walk a Keras model config (every node, any key order); returns True when it was a Keras config.

    Lambda layers carry marshalled Python bytecode; custom modules get imported; function references name any
    callable; ``safe_mode: false`` and ``enable_unsafe_deserialization`` switch off Keras's own guard."""
    try:
        config = json.loads(data.decode("utf-8"), object_pairs_hook=_pairs)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        if strict:
            scan.issue("keras-bad-config", Severity.LOW, f"{name}: config is not valid JSON", str(exc)[:200], verdict="error")
        return False
    if not strict and not (isinstance(config, dict) and ("class_name" in config or "module" in config)):
        return False
    scan.saw("keras")
    if scan.format == "zip":
        scan.format = "keras"
    lambdas, custom, unsafe, dupes, registered_only = 0, set(), set(), set(), set()
    for node in _walk(config):
        dupes.update(node.get("\0duplicates", ()))
        cls = node.get("class_name")
        registered = node.get("registered_name")
        if cls in LAMBDA_CLASSES or (isinstance(registered, str) and registered.rsplit(">", 1)[-1].rsplit(".", 1)[-1] in LAMBDA_CLASSES):
            lambdas += 1
            fn = node.get("config", {}).get("function") if isinstance(node.get("config"), dict) else node.get("config")
            scan.issue("keras-lambda", Severity.CRITICAL, f"{name}: {cls or registered} runs serialized Python code when the model is loaded", str(fn)[:200])
        if node.get("safe_mode") is False:
            unsafe.add("safe_mode: false")
        module = node.get("module")
        target = node.get("config") if cls == "function" and isinstance(node.get("config"), str) else cls
        for text in (registered, f"{module}.{target}" if isinstance(module, str) and isinstance(target, str) else None):
            if isinstance(text, str) and UNSAFE_NAMES.search(text.replace(">", ".")):
                unsafe.add(text)
        if isinstance(module, str) and isinstance(target, str) and module:
            from .pickle_policy import UNSAFE, classify

            if classify(f"{module}.{target}") == UNSAFE or FILE_ACCESS.search(module):
                unsafe.add(f"{module}.{target}")
        if isinstance(module, str) and module and module.split(".")[0] not in SAFE_MODULES:
            custom.add(module)
        elif isinstance(registered, str) and ">" in registered and not registered.startswith(SAFE_MODULES):
            # Keras imports a module only when the node names one ("module"); a registered name alone is looked up
            # among the classes the loading program registered (serialization_lib._retrieve_class_or_fn): it runs
            # that program's code, and the file cannot choose any other.
            registered_only.add(registered)
    for text in _strings(config):
        if "enable_unsafe_deserialization" in text or UNSAFE_NAMES.search(text):
            unsafe.add(text[:100])
    for what in sorted(unsafe)[:10]:
        scan.issue("keras-unsafe-reference", Severity.HIGH, f"{name}: config reaches {what} (downloads files, runs code or disables safe mode)", what)
    for module in sorted(custom)[:20]:
        scan.issue("keras-custom-object", Severity.MEDIUM, f"{name}: loading imports custom code from {module}", module)
    for registered in sorted(registered_only - custom)[:20]:
        scan.issue("keras-registered-object", Severity.INFO,
                   f"{name}: needs {registered} registered by the program that loads it (the file names no module to import)",
                   registered)
    if dupes:
        scan.issue("keras-duplicate-keys", Severity.MEDIUM, f"{name}: config repeats keys (a decoy for other parsers)", ", ".join(sorted(dupes))[:200])
    scan.can_execute_code = scan.can_execute_code or bool(lambdas) or bool(unsafe)
    if isinstance(config, dict) and isinstance(config.get("class_name"), str):
        scan.metadata.setdefault("architecture", config["class_name"][:100])
    return True


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


def _strings(node: Any, depth: int = 0) -> Iterator[str]:
    if depth > 200:
        return
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value, depth + 1)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value, depth + 1)


def scan(handle: BinaryIO, size: int, name: str, scan: Scan) -> None:
    """Legacy HDF5: every JSON attribute found by a chunked byte search of the whole file (h5py is not required).

    HDF5 stores attribute values uncompressed, so the model_config JSON is in the file's bytes; a file whose
    ``model_config`` name is present but whose JSON cannot be read fails closed, and so does one too large to search."""
    if scan.format in ("unknown", "zip"):
        scan.format = "h5"
    found, budget, mentions, analysed, tried, pos, tail = False, False, 0, 0, 0, 0, b""
    next_free = 0  # absolute offset after the last JSON analysed (objects inside it are not analysed twice)
    while pos < min(size, H5_SCAN_CAP) and analysed < MAX_CONFIGS and tried < MAX_TRIED:
        handle.seek(pos)
        chunk = handle.read(H5_CHUNK)
        if not chunk:
            break
        data = tail + chunk
        base = pos - len(tail)
        mentions += data.count(b"model_config") - tail.count(b"model_config")
        for match in H5_OBJECT_START.finditer(data):
            start = base + match.start()
            if start < next_free:
                continue
            if tried >= MAX_TRIED or analysed >= MAX_CONFIGS:
                budget = True
                break
            tried += 1
            text = _balanced_at(handle, start, size)
            if text is not None and analyse_config(text, f"{name}:attribute@{start}", scan, strict=False):
                found = True
                analysed += 1
                next_free = start + len(text)
        pos += len(chunk)
        tail = chunk[-64:]
    if budget:  # a decoy-filled file: what comes after the analysed objects may be the config Keras reads
        scan.incomplete("h5-too-many-configs", f"{name}: more than {MAX_CONFIGS} configs or {MAX_TRIED} JSON objects; the rest was not analysed")
    if size > H5_SCAN_CAP:
        scan.incomplete("h5-partially-inspected", f"{name}: HDF5 larger than {H5_SCAN_CAP >> 20} MB: only the start was searched for model_config")
    elif mentions and not found:
        scan.incomplete("h5-config-unread", f"{name}: HDF5 names a model_config attribute whose JSON could not be read")
    elif not found:
        scan.metadata.setdefault("note", "HDF5 without a model_config attribute (weights only): nothing that runs on load")


def _balanced_at(handle: BinaryIO, start: int, size: int, cap: int = 16 << 20) -> bytes | None:
    """The JSON object starting at ``start`` (brace matching outside strings), or None if it does not close."""
    depth, in_str, esc = 0, False, False
    handle.seek(start)
    out = bytearray()
    while len(out) < min(cap, size - start):
        block = handle.read(1 << 16)
        if not block:
            return None
        offset = len(out)
        out += block
        for i in range(offset, len(out)):
            c = out[i]
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
                    return bytes(out[: i + 1])
    return None


def _balanced(data: bytes, start: int, cap: int = 16 << 20) -> bytes | None:
    """The JSON object starting at ``start`` of bytes already read, or None if it does not close."""
    import io

    return _balanced_at(io.BytesIO(data), start, len(data), cap)
