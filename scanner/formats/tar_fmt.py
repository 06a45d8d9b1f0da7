"""Tar archives (uncompressed; compressed ones arrive here through compressed.py): members sniffed, bounded."""

from __future__ import annotations

import tarfile
from typing import BinaryIO

from ..models import Severity
from .base import MAX_MEMBERS, Scan, Window
from .content import scan_member
from .nemo_cfg import MAX_CONFIG_BYTES, check_config, is_config
from .torch_tar import RECORDS, scan_record


def sniff(head: bytes, name: str) -> bool:
    """ustar/GNU/pax by magic; old v7 headers (no magic, which tarfile and torch's legacy loader still read) by checksum."""
    if len(head) < 512:
        return False
    if head[257:262] == b"ustar":
        return True
    return head[0] not in (0, 0x20) and _checksum_ok(head[:512])


def _checksum_ok(block: bytes) -> bool:
    field = block[148:156].replace(b"\x00", b" ").strip()
    if not field or any(c not in b"01234567" for c in field):
        return False
    stored = int(field, 8)
    unsigned = sum(block[:148]) + 8 * 0x20 + sum(block[156:512])
    return stored == unsigned and block[124:136].replace(b"\x00", b" ").strip().strip(b"01234567") == b""


def scan(handle: BinaryIO, size: int, name: str, scan: Scan) -> None:
    scan.saw("tar")
    if scan.format == "unknown":
        scan.format = "tar"
    try:
        archive = tarfile.open(fileobj=handle, mode="r:")
    except (tarfile.TarError, OSError, EOFError) as exc:
        scan.issue("tar-malformed", Severity.LOW, f"{name}: not a readable tar archive", str(exc), verdict="error")
        return
    count = 0
    try:
        while True:
            try:
                member = archive.next()
            except (tarfile.TarError, OSError, EOFError) as exc:
                scan.issue("tar-malformed", Severity.LOW, f"{name}: archive is corrupt after {count} members", str(exc), verdict="error")
                break
            if member is None:
                break
            count += 1
            if count > MAX_MEMBERS:
                scan.issue("archive-too-many-members", Severity.MEDIUM, f"{name}: more than {MAX_MEMBERS} members; rest not inspected")
                break
            label = f"{name}!{member.name}"
            if member.issym() or member.islnk():
                if member.linkname.startswith("/") or ".." in member.linkname.split("/"):
                    scan.issue("archive-link-escape", Severity.HIGH, f"{label}: link points outside the archive", member.linkname)
                continue
            if member.name.startswith("/") or ".." in member.name.split("/"):
                scan.issue("archive-path-escape", Severity.HIGH, f"{label}: member path escapes the extraction folder", member.name)
            if not member.isfile():
                continue
            length = max(0, min(member.size, size - member.offset_data))
            window = Window(handle, member.offset_data, length)
            if member.name in RECORDS:  # torch's tar format: pickles interleaved with raw storage bytes
                if scan.format == "tar" and scan.depth == 0:
                    scan.format = "pytorch-tar"
                scan_record(window, length, label, scan)  # type: ignore[arg-type]
                continue
            if is_config(member.name):  # NeMo's config: the classes restoring the model instantiates
                if scan.depth == 0 and scan.format == "tar":
                    scan.format = "nemo"
                window.seek(0)
                check_config(window.read(min(length, MAX_CONFIG_BYTES)), length, label, scan)
                window.seek(0)
            scan_member(window, length, label, scan)  # type: ignore[arg-type]
    finally:
        archive.close()
