"""Inspection stage: sniff a file's format by magic bytes and inspect it at header/opcode level."""

from __future__ import annotations

import hashlib
from io import BufferedReader
from pathlib import Path

from ..models import FileIssue, ModelFile, Severity
from . import (
    compressed,
    gguf_fmt,
    keras_fmt,
    numpy_fmt,
    onnx_fmt,
    opaque_fmt,
    pickle_fmt,
    safetensors_fmt,
    tar_fmt,
    tf_fmt,
    zip_fmt,
)
from .base import HEAD_BYTES, FormatInspector, Inspector
from .candidates import CONTAINER_FORMATS, is_candidate, model_file_reference
from .folder import folder_metadata

SMALL_FILE = 1 << 20  # hashed from one read; larger files through hashlib.file_digest (its own buffer, no copies)
HASH_LIMIT = 256 << 20  # files up to this size get a sha256; bigger ones record null (reading 10 GB is not a header read)

# Order matters: strong magic numbers first, name-based protobuf formats next, the pickle opcode sniff last.
INSPECTORS: tuple[FormatInspector, ...] = (
    FormatInspector("zip", zip_fmt.sniff, zip_fmt.scan),
    FormatInspector("tar", tar_fmt.sniff, tar_fmt.scan),
    FormatInspector("numpy", numpy_fmt.sniff, numpy_fmt.scan),
    FormatInspector("safetensors", safetensors_fmt.sniff, safetensors_fmt.scan),
    FormatInspector("gguf", gguf_fmt.sniff, gguf_fmt.scan),
    FormatInspector("h5", keras_fmt.sniff, keras_fmt.scan),
    FormatInspector("opaque", opaque_fmt.sniff, opaque_fmt.scan),
    FormatInspector("compressed", compressed.sniff, compressed.scan),
    FormatInspector("tf-savedmodel", tf_fmt.sniff, tf_fmt.scan),
    FormatInspector("onnx", onnx_fmt.sniff, onnx_fmt.scan),
    FormatInspector("pickle", pickle_fmt.sniff, pickle_fmt.scan),
)


def inspect_path(abspath: Path, relpath: str, size: int, *, hash_limit: int = HASH_LIMIT, named_as_model: bool = False) -> ModelFile | None:
    """Inspect one file if some inspector recognises it; a crash in an inspector becomes an 'error' verdict.

    Unrecognised content gives None, or, when the name says model (``named_as_model``), a 'not-inspected' entry."""
    try:
        with open(abspath, "rb") as handle:
            head = handle.read(HEAD_BYTES)
            for inspector in INSPECTORS:
                if inspector.sniff(head, relpath):
                    handle.seek(0)
                    try:
                        result = inspector.inspect(handle, path=relpath, size=size)
                    except Exception as exc:  # noqa: BLE001 - one bad file never stops the scan
                        issue = FileIssue(code="inspect-error", severity=Severity.MEDIUM, message=f"could not inspect: {exc.__class__.__name__}: {exc}")
                        result = ModelFile(path=relpath, format=inspector.format, size=size, verdict="error", issues=(issue,))
                    if not named_as_model and _plain_container(result):
                        return None  # a docs.zip or logs.tar.gz: nothing model-like inside, nothing to report
                    return _finish(result, abspath, handle, size, hash_limit)
    except OSError as exc:
        issue = FileIssue(code="unreadable", severity=Severity.LOW, message=str(exc))
        return ModelFile(path=relpath, format="unknown", size=size, verdict="error", issues=(issue,))
    if not named_as_model:
        return None
    issue = FileIssue(code="format-unknown", severity=Severity.INFO, message=f"{relpath}: no known model format matches its content (raw data?)")
    return ModelFile(path=relpath, format="unknown", size=size, verdict="not-inspected", issues=(issue,))


def loadable_content(head: bytes, name: str) -> bool:
    """Cheap check on the first bytes of a file read for other reasons (source, text, config): is it really a model
    file a loader would take (zip, compression, npy, HDF5, GGUF, a pickle with imports or calls)? Then it is inspected
    whatever its name; plain text never passes (a pickle needs imports/calls or a long consistent opcode run)."""
    from .pickle_sniff import probe_bytes

    if not head:
        return False
    for inspector in INSPECTORS:
        if inspector.format in ("zip", "numpy", "gguf", "h5", "compressed", "opaque") and inspector.sniff(head, name):
            return True
    return probe_bytes(head, more_follows=len(head) >= HEAD_BYTES).strong


def timed_out(abspath: Path, relpath: str, size: int, seconds: float) -> ModelFile:
    """The verdict of an inspection stopped by the per-file time limit: fail closed for formats that run code."""
    from .base import EXEC_FORMATS

    fmt = "unknown"
    try:
        with open(abspath, "rb") as handle:
            head = handle.read(HEAD_BYTES)
        fmt = next((i.format for i in INSPECTORS if i.sniff(head, relpath)), "unknown")
    except OSError:
        pass
    message = f"inspection took longer than {seconds:g} s: stopped"
    if fmt in EXEC_FORMATS or fmt in ("zip", "tar", "compressed", "opaque", "unknown"):
        issue = FileIssue(code="inspect-timeout", severity=Severity.MEDIUM, message=f"{message}; the file can run code when loaded and was not fully analysed")
        return ModelFile(path=relpath, format=fmt, size=size, verdict="suspicious", issues=(issue,), metadata={"incomplete": [message]})
    issue = FileIssue(code="inspect-timeout", severity=Severity.MEDIUM, message=message)
    return ModelFile(path=relpath, format=fmt, size=size, verdict="error", issues=(issue,))


def _plain_container(result: ModelFile) -> bool:
    return result.format in CONTAINER_FORMATS and result.verdict == "safe" and not result.metadata.get("contains")


def _finish(result: ModelFile, abspath: Path, handle: BufferedReader, size: int, hash_limit: int) -> ModelFile:
    from dataclasses import replace

    meta = dict(result.metadata)
    extra = folder_metadata(abspath.parent)
    if extra:
        from .metadata import merge

        merge(meta, extra)
    digest: str | None = None
    if size <= hash_limit:
        digest = _sha256(abspath, handle, size)
    else:
        meta["sha256_skipped"] = f"file larger than {hash_limit} bytes"
    return replace(result, sha256=digest, metadata=meta)


def _sha256(path: Path, handle: BufferedReader | None = None, size: int = -1) -> str | None:
    """sha256 of the file, from the handle the inspector read when there is one (no second open; the same bytes):
    small files in one read, others through ``hashlib.file_digest`` (a reused buffer, no per-chunk copies)."""
    try:
        if handle is None:
            with open(path, "rb") as fresh:
                return hashlib.file_digest(fresh, "sha256").hexdigest()
        if handle.closed:
            return _sha256(path)
        handle.seek(0)
        if 0 <= size <= SMALL_FILE:
            data = handle.read(size + 1)  # read(n) allocates n bytes first: ask for what the file holds, not a chunk
            if len(data) <= size:
                return hashlib.sha256(data).hexdigest()
            handle.seek(0)  # it grew since it was listed: hash what is there now
        return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


__all__ = ["HASH_LIMIT", "INSPECTORS", "Inspector", "inspect_path", "is_candidate", "loadable_content", "model_file_reference", "timed_out"]
