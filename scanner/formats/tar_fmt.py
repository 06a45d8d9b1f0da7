"""Tar archives (uncompressed; compressed ones arrive here through compressed.py): members sniffed, bounded."""

from __future__ import annotations

import posixpath
import tarfile
from typing import BinaryIO

from ..models import Severity
from .base import MAX_MEMBER_BYTES, MAX_MEMBERS, Scan, Window
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
    links: list[tarfile.TarInfo] = []
    by_name: dict[str, tarfile.TarInfo] = {}  # members read so far, the last of a name winning (as tarfile's lookup)
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
            by_name[posixpath.normpath(member.name)] = member
            if member.issym() or member.islnk():
                if member.linkname.startswith("/") or ".." in member.linkname.split("/"):
                    scan.issue("archive-link-escape", Severity.HIGH, f"{label}: link points outside the archive", member.linkname)
                elif _has_role(member.name) and len(links) < MAX_ROLE_LINKS:
                    links.append(member)
                continue
            if member.name.startswith("/") or ".." in member.name.split("/"):
                scan.issue("archive-path-escape", Severity.HIGH, f"{label}: member path escapes the extraction folder", member.name)
            if member.isfile():
                _scan_file(archive, handle, size, member, member.name, name, scan)
        for link in links:  # a loader reads a link as its target (tarfile.extractfile; extract's hard-link fallback)
            target = _link_target(by_name, link)
            if target is None:
                scan.incomplete("tar-link-unresolved", f"{name}!{link.name}: link to {link.linkname[:200]!r}, which the archive does not "
                                "hold as a file; what a loader reads under this name is unknown")
            else:
                _scan_file(archive, handle, size, target, link.name, name, scan)
    finally:
        archive.close()


MAX_ROLE_LINKS = 16  # links named as a torch record or a NeMo config that are followed
MAX_LINK_HOPS = 8


def _has_role(member: str) -> bool:
    """A name a loader reads by itself: torch's tar records, NeMo's model config."""
    return member in RECORDS or is_config(member)


def _link_target(by_name: dict[str, tarfile.TarInfo], link: tarfile.TarInfo) -> tarfile.TarInfo | None:
    """The regular member a link resolves to, as tarfile resolves it (hard links from the archive root, symbolic ones
    from the link's folder), through at most MAX_LINK_HOPS links; None if there is none."""
    current = link
    for _ in range(MAX_LINK_HOPS):
        base = posixpath.dirname(current.name) if current.issym() else ""
        wanted = posixpath.normpath(posixpath.join(base, current.linkname))
        found = by_name.get(wanted)
        if found is None:
            return None
        if found.isfile():
            return found
        if not (found.issym() or found.islnk()):
            return None
        current = found
    return None


def _scan_file(archive: tarfile.TarFile, handle: BinaryIO, size: int, member: tarfile.TarInfo, role: str, name: str, scan: Scan) -> None:
    """One regular member's data, read as what its name (``role``: the member's own, or the link's) makes a loader read."""
    label = f"{name}!{role}" if role == member.name else f"{name}!{role} (link to {member.name})"
    if member.issparse():  # stored chunks are not the content: holes read as zeros between them
        _scan_sparse(archive, member, role, label, scan)
        return
    length = max(0, min(member.size, size - member.offset_data))
    _scan_data(Window(handle, member.offset_data, length), length, member, role, label, scan)  # type: ignore[arg-type]


def _scan_sparse(archive: tarfile.TarFile, member: tarfile.TarInfo, role: str, label: str, scan: Scan) -> None:
    """A GNU sparse member, read as tarfile.extractfile gives it to a loader (holes filled), bounded."""
    import tempfile

    limit = min(MAX_MEMBER_BYTES, max(0, scan.budget))
    with tempfile.SpooledTemporaryFile(max_size=32 << 20) as copy:
        written = 0
        try:
            source = archive.extractfile(member)
            while source is not None and written < limit:
                chunk = source.read(min(1 << 20, limit - written))
                if not chunk:
                    break
                copy.write(chunk)
                written += len(chunk)
        except (tarfile.TarError, OSError, EOFError, ValueError) as exc:
            scan.incomplete("tar-sparse-unread", f"{label}: sparse member could not be read ({str(exc)[:200]})")
            return
        scan.budget -= written
        if written < member.size:
            scan.incomplete("tar-sparse-unread", f"{label}: sparse member of {member.size} bytes read up to {written}")
        copy.seek(0)
        _scan_data(copy, written, member, role, label, scan)  # type: ignore[arg-type]


def _scan_data(window: BinaryIO, length: int, member: tarfile.TarInfo, role: str, label: str, scan: Scan) -> None:
    if role in RECORDS:  # torch's tar format: pickles interleaved with raw storage bytes
        if scan.format == "tar" and scan.depth == 0:
            scan.format = "pytorch-tar"
        scan_record(window, length, label, scan)
        return
    if is_config(role):  # NeMo's config: the classes restoring the model instantiates
        if scan.depth == 0 and scan.format == "tar":
            scan.format = "nemo"
        window.seek(0)
        check_config(window.read(min(length, MAX_CONFIG_BYTES)), length, label, scan)
        window.seek(0)
        if role != member.name:
            return  # the target's own data is scanned under its own name
    if role == member.name:
        scan_member(window, length, label, scan)
