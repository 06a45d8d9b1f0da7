"""Zip containers (PyTorch checkpoints, .keras, .npz, plain zip): members read bounded, CRC ignored, bombs capped."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from ..models import Severity
from .base import MAX_MEMBER_BYTES, MAX_MEMBERS, MAX_RATIO, Scan, Window
from .content import scan_member

TORCH_STORAGE = re.compile(r"(^|/)data/\d+$|(^|/)\.data/|(^|/)(version|byteorder|\.format_version|\.storage_alignment)$")
PICKLE_NAMES = (".pkl", ".pickle", ".pt", ".pth", ".bin", ".ckpt", ".joblib")


@dataclass(frozen=True, slots=True)
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


def scan(handle: BinaryIO, size: int, name: str, scan: Scan) -> None:
    members, broken = _members(handle, size)
    if broken:
        scan.issue("zip-malformed", Severity.LOW, f"{name}: {broken}; local headers were read instead", verdict="error")
    names = [m.name for m in members]
    kind = _kind(names)
    if scan.format in ("zip", "unknown") or (scan.depth == 0 and scan.format == kind):
        scan.format = kind
    scan.saw(kind)
    if kind == "torchscript":
        scan.can_execute_code = True
        scan.issue("torchscript-code", Severity.LOW, f"{name} is a TorchScript archive: it carries code the TorchScript interpreter runs")
    for index, member in enumerate(members):
        if index >= MAX_MEMBERS:
            scan.issue("archive-too-many-members", Severity.MEDIUM, f"{name}: more than {MAX_MEMBERS} members; the rest was not inspected")
            break
        if member.name.endswith("/") or (kind in ("pytorch-zip", "torchscript") and TORCH_STORAGE.search(member.name)):
            continue
        _scan_member(handle, size, member, f"{name}!{member.name}", kind, scan)


def _kind(names: list[str]) -> str:
    if any(n == "data.pkl" or n.endswith("/data.pkl") for n in names):
        return "torchscript" if any("/code/" in n or n.startswith("code/") for n in names) else "pytorch-zip"
    if "config.json" in names and ("metadata.json" in names or any(n.endswith(".weights.h5") for n in names)):
        return "keras"
    if names and all(n.endswith(".npy") for n in names):
        return "npz"
    return "zip"


def _scan_member(handle: BinaryIO, size: int, member: Member, label: str, kind: str, scan: Scan) -> None:
    if member.encrypted:  # loaders such as PyTorch's ignore the flag: a stored "encrypted" member is still read
        scan.issue("archive-encrypted", Severity.MEDIUM, f"{label}: member is flagged as encrypted", verdict="suspicious")
        if member.method != 0:
            return
    if member.offset + member.csize > size:
        scan.issue("zip-truncated", Severity.LOW, f"{label}: member data runs past the end of the file", verdict="error")
    if member.usize > 10 << 20 and member.csize and member.usize / member.csize > MAX_RATIO:
        scan.issue("archive-bomb", Severity.HIGH, f"{label}: compression ratio {member.usize // member.csize}:1 (zip bomb?)")
        return
    if kind == "keras" and member.name == "config.json":
        from .keras_fmt import analyse_config

        analyse_config(_read(handle, member, 64 << 20, scan, label), label, scan)
        return
    data = _open(handle, size, member, scan, label)
    if data is None:
        return
    stream, length = data
    is_pickle_name = member.name.lower().endswith(PICKLE_NAMES) and kind != "keras"
    scan_member(stream, length, label, scan, force_pickle=is_pickle_name or member.name.endswith("data.pkl"))


def _open(handle: BinaryIO, size: int, member: Member, scan: Scan, label: str) -> tuple[BinaryIO, int] | None:
    if member.method == 0:
        return Window(handle, member.offset, max(0, min(member.csize, size - member.offset))), max(0, min(member.csize, size - member.offset))  # type: ignore[return-value]
    if member.method != 8:
        scan.issue("archive-unsupported-compression", Severity.MEDIUM, f"{label}: compression method {member.method} not inspected", verdict="not-inspected")
        return None
    data = _read(handle, member, min(MAX_MEMBER_BYTES, scan.budget), scan, label)
    return io.BytesIO(data), len(data)


def _read(handle: BinaryIO, member: Member, limit: int, scan: Scan, label: str) -> bytes:
    """Member bytes up to ``limit`` (stored or deflated); a bad CRC is noted, not fatal (loaders differ)."""
    available = max(0, handle.seek(0, 2) - member.offset)  # never size a read by what a header claims
    handle.seek(member.offset)
    if member.method == 0:
        data = handle.read(min(member.csize, limit, available))
    else:
        dec = zlib.decompressobj(-15)
        try:
            data = dec.decompress(handle.read(min(member.csize or limit, limit, available)), limit)
        except zlib.error as exc:
            scan.issue("zip-corrupt-member", Severity.LOW, f"{label}: deflate stream is corrupt", str(exc), verdict="error")
            return b""
    scan.budget -= len(data)
    if len(data) == member.usize and zlib.crc32(data) != member.crc:
        scan.issue("zip-bad-crc", Severity.LOW, f"{label}: CRC mismatch (tampered or corrupt member)")
    return data


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
