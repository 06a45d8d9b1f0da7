"""Inspection stage: sniff a file's format by magic bytes and inspect it at header/opcode level."""

from __future__ import annotations

import functools
import hashlib
import importlib
import os
from io import BufferedReader, BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ..models import FileIssue, ModelFile, Severity
from .base import HEAD_BYTES, FormatInspector, Inspector
from .candidates import CONTAINER_FORMATS, is_candidate, model_file_reference
from .folder import folder_metadata

SMALL_FILE = 1 << 20  # hashed from one read; larger files through hashlib.file_digest (its own buffer, no copies)
IN_MEMORY = 64 << 10  # files up to this size are read once and inspected from memory (no seek or read per opcode run)
HASH_LIMIT = 256 << 20  # files up to this size get a sha256; bigger ones record null (reading 10 GB is not a header read)

if TYPE_CHECKING:
    INSPECTORS: tuple[FormatInspector, ...]

# format -> module, in sniffing order: strong magic numbers first, name-based protobuf formats next, the pickle
# opcode sniff last. A module is imported when a file first needs it: a scan of source files imports only the six
# whose sniffs ``loadable_content`` asks (not the pickle walker, ~10 ms), a scan with no file at all none.
_MODULES = {
    "zip": "zip_fmt",
    "tar": "tar_fmt",
    "numpy": "numpy_fmt",
    "safetensors": "safetensors_fmt",
    "gguf": "gguf_fmt",
    "h5": "keras_fmt",
    "opaque": "opaque_fmt",
    "compressed": "compressed",
    "tf-savedmodel": "tf_fmt",
    "onnx": "onnx_fmt",
    "onnx-tensor": "tensorpb_fmt",
    "pickle": "pickle_fmt",
}
ZIP_LOADED_SUFFIXES = (".keras",)  # loaders that open these with zipfile (end record first), not by the first bytes
LOADABLE = ("zip", "numpy", "gguf", "h5", "compressed", "opaque")  # formats a loader takes whatever the file's name
@functools.cache
def format_inspector(fmt: str) -> FormatInspector:
    """The inspector of one format, its module imported on first use."""
    module = importlib.import_module(f"{__name__}.{_MODULES[fmt]}")
    return FormatInspector(fmt, module.sniff, module.scan)


@functools.cache
def inspectors() -> tuple[FormatInspector, ...]:
    """Every format inspector, in sniffing order (all modules imported: the first candidate file pays it once)."""
    return tuple(format_inspector(fmt) for fmt in _MODULES)


def __getattr__(name: str) -> Any:
    if name == "INSPECTORS":
        return inspectors()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def inspect_path(abspath: Path, relpath: str, size: int, *, hash_limit: int = HASH_LIMIT, named_as_model: bool = False) -> ModelFile | None:
    """Inspect one file if some inspector recognises it; a crash in an inspector becomes an 'error' verdict.

    Unrecognised content gives None, or, when the name says model (``named_as_model``), a 'not-inspected' entry.
    A small file is read once and inspected and hashed from that copy (a folder of 2,000 scikit-learn pickles costs
    one open and one read each)."""
    try:
        with open(abspath, "rb") as file:
            handle: BinaryIO = file
            data: bytes | None = None
            if 0 <= size <= IN_MEMORY:
                data = file.read(size + 1)
                if len(data) <= size:  # as listed, or shrunk since: what is there now is what a loader would read
                    handle = BytesIO(data)
                else:  # it grew since it was listed: read it as a large file
                    data = None
                    file.seek(0)
            head = data[:HEAD_BYTES] if data is not None else handle.read(HEAD_BYTES)
            for inspector in inspectors():
                if inspector.sniff_fn(head, relpath) or (inspector.format == "zip" and _zip_by_name(handle, head, relpath)):
                    handle.seek(0)
                    try:
                        result = inspector.inspect(handle, path=relpath, size=size)
                    except Exception as exc:  # noqa: BLE001 - one bad file never stops the scan
                        issue = FileIssue(code="inspect-error", severity=Severity.MEDIUM, message=f"could not inspect: {exc.__class__.__name__}: {exc}")
                        result = ModelFile(path=relpath, format=inspector.format, size=size, verdict="error", issues=(issue,))
                    if not named_as_model and (_plain_container(result) or _not_recognised(result)):
                        return None  # a docs.zip or logs.tar.gz, a LICENSE file the pickle sniff took: nothing to report
                    return _finish(result, abspath, file, size, hash_limit, data)
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
    if any(format_inspector(fmt).sniff(head, name) for fmt in LOADABLE):
        return True
    return probe_bytes(head, more_follows=len(head) >= HEAD_BYTES).strong


def timed_out(abspath: Path, relpath: str, size: int, seconds: float) -> ModelFile:
    """The verdict of an inspection stopped by the per-file time limit: fail closed for formats that run code."""
    from .base import EXEC_FORMATS

    fmt = "unknown"
    try:
        with open(abspath, "rb") as handle:
            head = handle.read(HEAD_BYTES)
        fmt = next((i.format for i in inspectors() if i.sniff(head, relpath)), "unknown")
    except OSError:
        pass
    message = f"inspection took longer than {seconds:g} s: stopped"
    if fmt in EXEC_FORMATS or fmt in ("zip", "tar", "compressed", "opaque", "unknown"):
        issue = FileIssue(code="inspect-timeout", severity=Severity.MEDIUM, message=f"{message}; the file can run code when loaded and was not fully analysed")
        return ModelFile(path=relpath, format=fmt, size=size, verdict="suspicious", issues=(issue,), metadata={"incomplete": [message]})
    issue = FileIssue(code="inspect-timeout", severity=Severity.MEDIUM, message=message)
    return ModelFile(path=relpath, format=fmt, size=size, verdict="error", issues=(issue,))


def _zip_by_name(handle: BinaryIO, head: bytes, relpath: str) -> bool:
    """A file its name sends to a loader that opens it with ``zipfile`` (``.keras``), which finds a zip by its end
    record whatever precedes it: a zip appended to another format is read as the zip it is for that loader."""
    if not relpath.lower().endswith(ZIP_LOADED_SUFFIXES):
        return False
    from .zip_fmt import appended_zip

    return appended_zip(handle, head)


def _not_recognised(result: ModelFile) -> bool:
    """An inspector took the file, then found it is not its format after all (and nothing in it can run)."""
    return result.format == "unknown" and result.verdict == "not-inspected" and not result.can_execute_code


def _plain_container(result: ModelFile) -> bool:
    return result.format in CONTAINER_FORMATS and result.verdict == "safe" and not result.metadata.get("contains")


def _finish(result: ModelFile, abspath: Path, handle: BufferedReader, size: int, hash_limit: int, data: bytes | None = None) -> ModelFile:
    """The inspector's result with the folder's model metadata and the file's sha256 (from ``data``, the file read
    whole, when the caller has it)."""
    from dataclasses import replace

    meta = dict(result.metadata)
    extra = folder_metadata(os.path.dirname(abspath))  # a str: Path.parent costs more than the two lookups
    if extra:
        from .metadata import merge

        merge(meta, extra)
    digest: str | None = None
    if size <= hash_limit:
        digest = hashlib.sha256(data).hexdigest() if data is not None else _sha256(abspath, handle, size)
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
