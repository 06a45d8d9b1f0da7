"""Zip containers (PyTorch checkpoints, .keras, .npz, plain zip): members read bounded, CRC ignored, bombs capped."""

from __future__ import annotations

import bz2
import io
import lzma
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..models import Severity
from ..records import record
from .base import MAX_MEMBER_BYTES, MAX_MEMBERS, MAX_RATIO, Scan, Window
from .content import scan_member

# Raw members of a torch zip, relative to its record folder (the folder of data.pkl, whatever it is called):
# the loader reads them as bytes, never unpickles them.
TORCH_RAW = re.compile(r"data/\d+|\.data/serialization_id|version|byteorder|\.format_version|\.storage_alignment")
CHUNK = 1 << 20
PICKLE_NAMES = (".pkl", ".pickle", ".pt", ".pth", ".bin", ".ckpt", ".joblib")


@record(frozen=True, slots=True)
class Member:
    """One entry: where its data starts in the file, how it is stored, and its sizes."""

    name: str
    offset: int
    method: int
    csize: int
    usize: int
    crc: int
    encrypted: bool


def sniff(head: bytes, name: str) -> bool:
    return head[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def appended_zip(handle: BinaryIO, head: bytes) -> bool:
    """Whether a file that does not open with a zip signature still holds a zip that ``zipfile`` opens (its end
    record in the last 64 KiB, other data before it: a polyglot)."""
    if sniff(head, ""):
        return False
    try:
        found = zipfile.is_zipfile(handle)
    finally:
        handle.seek(0)
    return found


def scan(handle: BinaryIO, size: int, name: str, scan: Scan) -> None:
    head = handle.read(4)
    handle.seek(0)
    if not sniff(head, name):
        scan.issue("zip-prepended-data", Severity.MEDIUM, f"{name}: a zip archive follows data of another kind (a polyglot: "
                   "zipfile-based loaders read the zip, tools that look at the first bytes see something else)")
    members, broken = _members(handle, size)
    if broken:
        scan.issue("zip-malformed", Severity.LOW, f"{name}: {broken}; local headers were read instead", verdict="error")
    names = [m.name for m in members]
    kind = _kind(names)
    if kind == "zip" and name.lower().endswith(".mar"):
        kind = "torchserve-mar"  # named as TorchServe's archive: without its manifest, its code is still flagged
    records = {n[: -len("data.pkl")] for n in names if n == "data.pkl" or n.endswith("/data.pkl")}
    if scan.format in ("zip", "unknown") or (scan.depth == 0 and scan.format == kind):
        scan.format = kind
    scan.saw(kind)
    if kind == "torchscript":
        scan.can_execute_code = True
        scan.issue("torchscript-code", Severity.LOW, f"{name} is a TorchScript archive: it carries code the TorchScript interpreter runs")
    if kind == "torchserve-mar":
        _torchserve(handle, members, name, scan)
    document = kind == "zip" and _document(names)
    for index, member in enumerate(members):
        if index >= MAX_MEMBERS:
            scan.issue("archive-too-many-members", Severity.MEDIUM, f"{name}: more than {MAX_MEMBERS} members; the rest was not inspected")
            break
        if member.name.endswith("/") or (kind in ("pytorch-zip", "torchscript") and _torch_raw(member.name, records)):
            continue
        _scan_member(handle, size, member, f"{name}!{member.name}", kind, scan, document)


def _torch_raw(member: str, records: set[str]) -> bool:
    return any(member.startswith(prefix) and TORCH_RAW.fullmatch(member[len(prefix) :]) for prefix in records)


def _document(names: list[str]) -> bool:
    """An Office Open XML package (docx, xlsx, pptx, vsdx; also nupkg: a ``[Content_Types].xml`` at the root) or an
    OpenDocument/EPUB one (a ``mimetype`` first member): parts of a document, which no model loader unpickles (their
    ``.bin`` parts are printer settings and OLE objects)."""
    return "[Content_Types].xml" in names or names[:1] == ["mimetype"]


def _named_as_data(member: str) -> bool:
    """A member named as something a user would not load as a model (``media/image1.bmp``, ``word/document.xml``):
    neither a model-file name nor an opaque or extension-less one (the names a top-level file is sniffed under)."""
    from ..discover.ids import is_model_file_name
    from .candidates import is_candidate

    return not (is_model_file_name(member) or is_candidate(member))


def _kind(names: list[str]) -> str:
    if MAR_MANIFEST in names:
        return "torchserve-mar"
    if any(n == "data.pkl" or n.endswith("/data.pkl") for n in names):
        return "torchscript" if any("/code/" in n or n.startswith("code/") for n in names) else "pytorch-zip"
    if "config.json" in names and ("metadata.json" in names or any(n.endswith(".weights.h5") for n in names)):
        return "keras"
    if names and all(n.endswith(".npy") for n in names):
        return "npz"
    return "zip"


MAR_MANIFEST = "MAR-INF/MANIFEST.json"
MAR_CODE_SHOWN = 10  # Python members named in the issue


def _torchserve(handle: BinaryIO, members: list[Member], name: str, scan: Scan) -> None:
    """A TorchServe model archive: the server extracts it, puts it on ``sys.path`` and imports the handler (and the
    eager-mode model file) it names, so Python members run when the model is loaded. A handler that names no member
    is one of TorchServe's own (``image_classifier``): nothing of the archive's choosing runs."""
    import json

    scan.can_execute_code = True
    manifest = next((m for m in members if m.name == MAR_MANIFEST), None)
    model: dict[str, Any] = {}
    try:
        document = json.loads(_read(handle, manifest, 1 << 20, scan, f"{name}!{MAR_MANIFEST}")) if manifest is not None else {}
        model = document.get("model", {}) if isinstance(document, dict) else {}
        if not isinstance(model, dict):
            raise ValueError("'model' is not an object")
    except (ValueError, RecursionError) as exc:  # (json.JSONDecodeError and UnicodeDecodeError are ValueErrors)
        model = {}
        scan.incomplete("torchserve-bad-manifest", f"{name}: {MAR_MANIFEST} could not be read ({exc}); the handler it names is unknown")
    python = [m.name for m in members if m.name.lower().endswith((".py", ".pyc", ".so", ".pyd"))]
    named = [str(model.get(k)) for k in ("handler", "modelFile") if isinstance(model.get(k), str) and model.get(k)]
    if python:
        shown = ", ".join(python[:MAR_CODE_SHOWN]) + (f" (+{len(python) - MAR_CODE_SHOWN})" if len(python) > MAR_CODE_SHOWN else "")
        names = f"; the manifest names {', '.join(named)}" if named else ""
        scan.issue("torchserve-code", Severity.HIGH, f"{name}: a TorchServe archive carries Python code ({shown}) that the server "
                   f"imports and runs when it loads the model{names}", shown)
    handler = model.get("handler")
    if isinstance(handler, str) and handler and not _archive_module(handler, python) and not _builtin_handler(handler):
        # "module:function" of the server's environment, chosen by the archive ("builtins:exec" runs each request)
        scan.issue("torchserve-handler", Severity.HIGH, f"{name}: the manifest's handler {handler[:200]!r} is neither one of "
                   "TorchServe's own nor a file of the archive; the server imports it and calls it on every request", handler[:200])
    if any(m.name.rsplit("/", 1)[-1] == "requirements.txt" for m in members):
        scan.issue("torchserve-requirements", Severity.MEDIUM, f"{name}: carries a requirements.txt that TorchServe installs "
                   "with pip when per-model dependencies are enabled (install_py_dep_per_model)")


# TorchServe's default handlers (ts.torch_handler.*), named bare in a manifest
_TS_HANDLERS = frozenset({"base_handler", "image_classifier", "image_segmenter", "object_detector", "text_classifier",
                          "text_handler", "vision_handler"})


def _builtin_handler(handler: str) -> bool:
    return ":" not in handler and handler.removeprefix("ts.torch_handler.") in _TS_HANDLERS


def _archive_module(handler: str, python: list[str]) -> bool:
    """The handler's module is a Python member of the archive (``handler.py``, ``my_handler:handle``, ``pkg/h.py``)."""
    module = handler.split(":", 1)[0].removesuffix(".py")
    return any(n.removesuffix(".py") in (module, module.replace(".", "/")) for n in python)


def _scan_member(handle: BinaryIO, size: int, member: Member, label: str, kind: str, scan: Scan, document: bool = False) -> None:
    if member.encrypted:  # loaders such as PyTorch's ignore the flag: a stored "encrypted" member is still read
        scan.issue("archive-encrypted", Severity.MEDIUM, f"{label}: member is flagged as encrypted", verdict="suspicious")
        if member.method != 0:
            return
    if member.offset + member.csize > size:
        scan.issue("zip-truncated", Severity.LOW, f"{label}: member data runs past the end of the file", verdict="error")
    if member.usize > 10 << 20 and member.csize and member.usize / member.csize > MAX_RATIO:
        scan.issue("archive-bomb", Severity.HIGH, f"{label}: compression ratio {member.usize // member.csize}:1 (zip bomb?)")
        return
    if kind in ("keras", "zip") and member.name == "config.json":  # Keras reads config.json from any zip, metadata.json or not
        from .keras_fmt import analyse_config

        analyse_config(_read(handle, member, 64 << 20, scan, label), label, scan, strict=kind == "keras")
        return
    data = _open(handle, size, member, scan, label)
    if data is None:
        return
    stream, length = data
    is_pickle_name = member.name.lower().endswith(PICKLE_NAMES) and kind != "keras" and not document
    forced = is_pickle_name or member.name.endswith("data.pkl")
    # in a plain zip (no loader reads its members by itself) a member is sniffed as a top-level file of its name would
    # be: a document's part or a member named as data needs strong evidence (a malicious pickle imports and calls)
    strong = kind == "zip" and not forced and (document or _named_as_data(member.name))
    scan_member(stream, length, label, scan, force_pickle=forced, strong_pickle=strong)


def _open(handle: BinaryIO, size: int, member: Member, scan: Scan, label: str) -> tuple[BinaryIO, int] | None:
    if member.method == 0:
        return Window(handle, member.offset, max(0, min(member.csize, size - member.offset))), max(0, min(member.csize, size - member.offset))  # type: ignore[return-value]
    if member.method not in DECOMPRESSORS:
        scan.incomplete("archive-unsupported-compression", f"{label}: compression method {member.method} is not read here (loaders may read it)")
        return None
    data = _read(handle, member, min(MAX_MEMBER_BYTES, scan.budget), scan, label)
    return io.BytesIO(data), len(data)


def _deflate() -> Any:
    return zlib.decompressobj(-15)


class _ZipLZMA:
    """zip method 14: a 4-byte header (version, properties size), LZMA1 properties, then a raw LZMA1 stream."""

    def __init__(self) -> None:
        self._head = b""
        self._dec: Any = None
        self.eof = False

    def decompress(self, data: bytes, max_length: int = -1) -> bytes:
        if self._dec is None:
            self._head += data
            if len(self._head) < 4:
                return b""
            psize = int.from_bytes(self._head[2:4], "little")
            if len(self._head) < 4 + psize:
                return b""
            props, data = self._head[4 : 4 + psize], self._head[4 + psize :]
            filt = lzma._decode_filter_properties(lzma.FILTER_LZMA1, props)  # type: ignore[attr-defined]  # as zipfile does
            self._dec = lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[filt])
        out: bytes = self._dec.decompress(data, max_length)
        self.eof = bool(self._dec.eof)
        return out

    @property
    def needs_input(self) -> bool:
        return self._dec is None or bool(self._dec.needs_input)


# zip compression methods Python's zipfile reads (numpy.load and Keras use zipfile): deflate, bzip2, LZMA
DECOMPRESSORS: dict[int, Any] = {8: _deflate, 12: bz2.BZ2Decompressor, 14: _ZipLZMA}


def _read(handle: BinaryIO, member: Member, limit: int, scan: Scan, label: str) -> bytes:
    """Member bytes up to ``limit`` (stored or decompressed); a bad CRC is noted, not fatal (loaders differ)."""
    available = max(0, handle.seek(0, 2) - member.offset)  # never size a read by what a header claims
    handle.seek(member.offset)
    if member.method == 0:
        data = handle.read(min(member.csize, limit, available))
    elif member.method in DECOMPRESSORS:
        data = _decompress(handle, DECOMPRESSORS[member.method](), min(member.csize or available, available), limit, scan, label)
    else:
        scan.incomplete("archive-unsupported-compression", f"{label}: compression method {member.method} is not read here")
        return b""
    scan.budget -= len(data)
    if len(data) == member.usize and zlib.crc32(data) != member.crc:
        scan.issue("zip-bad-crc", Severity.LOW, f"{label}: CRC mismatch (tampered or corrupt member)")
    return data


def _decompress(handle: BinaryIO, dec: Any, csize: int, limit: int, scan: Scan, label: str) -> bytes:
    """Decompress a member in chunks, never more than ``limit`` output bytes; hitting the cap is a bomb finding."""
    out = bytearray()
    left = csize
    try:
        while left > 0 and len(out) < limit and not getattr(dec, "eof", False):
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            out += dec.decompress(chunk, limit - len(out))
            for _ in range(1 << 16):  # drain what this chunk still holds, bounded by ``limit``
                if len(out) >= limit or getattr(dec, "eof", False):
                    break
                tail = getattr(dec, "unconsumed_tail", None)
                if tail:
                    out += dec.decompress(tail, limit - len(out))
                elif tail is None and not dec.needs_input:
                    out += dec.decompress(b"", limit - len(out))
                else:
                    break
    except (zlib.error, OSError, EOFError, lzma.LZMAError, ValueError) as exc:
        scan.issue("zip-corrupt-member", Severity.LOW, f"{label}: compressed member is corrupt", str(exc)[:200], verdict="error")
    if len(out) >= limit:
        scan.issue("archive-bomb", Severity.HIGH, f"{label}: decompresses to more than {limit} bytes (zip bomb?); the rest was not inspected")
    return bytes(out)


def _members(handle: BinaryIO, size: int) -> tuple[list[Member], str | None]:
    try:
        zf = zipfile.ZipFile(handle)
        infos = zf.infolist()[: MAX_MEMBERS + 1]
        return [m for m in (_from_info(handle, i) for i in infos) if m is not None], None
    except (zipfile.BadZipFile, OSError, ValueError, struct.error, EOFError, NotImplementedError) as exc:
        return list(_local_headers(handle, size)), f"central directory unreadable ({exc})"


def _from_info(handle: BinaryIO, info: zipfile.ZipInfo) -> Member | None:
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        return None
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    offset = info.header_offset + 30 + name_len + extra_len
    return Member(info.filename, offset, info.compress_type, info.compress_size, info.file_size, info.CRC, bool(info.flag_bits & 1))


def _local_headers(handle: BinaryIO, size: int) -> Iterator[Member]:
    """Walk local file headers from the start (truncated zips, missing central directory)."""
    pos = 0
    for _ in range(MAX_MEMBERS):
        handle.seek(pos)
        header = handle.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            return
        flags, method = struct.unpack("<HH", header[6:10])
        crc, csize, usize, name_len, extra_len = struct.unpack("<IIIHH", header[14:30])
        name = handle.read(name_len).decode("utf-8", "replace")
        offset = pos + 30 + name_len + extra_len
        if flags & 8 or offset + csize > size:  # sizes unknown or past the end: take the rest of the file
            csize = max(0, size - offset)
            usize = 0
        yield Member(name, offset, method, csize, usize, crc, bool(flags & 1))
        pos = offset + csize
        if pos >= size:
            return
