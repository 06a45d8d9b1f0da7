"""The inspection seam: an Inspector reads a model file's header/opcodes (never loads it) into a ModelFile."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import field
from typing import Any, BinaryIO, Protocol

from ..models import FileIssue, ModelFile, Severity
from ..records import record

HEAD_BYTES = 4096  # how much of each candidate file is read to sniff its format
MAX_DEPTH = 4  # archive nesting (zip in tar in zip ...) followed before reporting and stopping
MAX_MEMBERS = 20_000  # archive members looked at per file
MAX_MEMBER_BYTES = 512 << 20  # a compressed member is decompressed up to this many bytes
MAX_TOTAL_BYTES = 2 << 30  # decompressed bytes per top-level file (zip-bomb budget)
MAX_RATIO = 200  # compression ratio above which a member counts as a zip bomb
VERDICT_RANK = {"safe": 0, "not-inspected": 1, "error": 2, "suspicious": 3, "unsafe": 4}
# Formats whose loading can run code (pickle VM, Keras Lambda / custom objects, TorchScript, object arrays) and
# containers whose unread part could hold one: when such a file is not fully analysed the verdict fails closed.
EXEC_FORMATS = frozenset(
    {"pickle", "pytorch-zip", "pytorch-legacy", "pytorch-tar", "torchscript", "torchserve-mar", "nemo", "joblib", "keras", "h5", "npz", "7z", "rar",
     "zstd", "lz4"}
)


class Inspector(Protocol):
    """One file format. ``sniff`` decides from the first bytes; ``inspect`` does bounded reads only."""

    format: str

    def sniff(self, head: bytes, name: str) -> bool: ...

    def inspect(self, handle: BinaryIO, *, path: str, size: int) -> ModelFile: ...


def verdict_for(severity: Severity) -> str:
    """Default verdict an issue implies: high/critical unsafe, medium suspicious, low/info nothing."""
    return "unsafe" if severity >= Severity.HIGH else "suspicious" if severity == Severity.MEDIUM else "safe"


@record(frozen=False, slots=True)
class Scan:
    """Mutable accumulator while one top-level file is inspected (members of archives add to the same scan)."""

    path: str
    format: str
    verdict: str = "safe"
    can_execute_code: bool = False
    issues: list[FileIssue] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    budget: int = MAX_TOTAL_BYTES
    depth: int = 0
    formats: list[str] = field(default_factory=list)

    def issue(self, code: str, severity: Severity, message: str, detail: str = "", *, verdict: str | None = None) -> None:
        if len(self.issues) < 200:
            self.issues.append(FileIssue(code=code, severity=severity, message=message, detail=detail[:500]))
        self.raise_verdict(verdict or verdict_for(severity))

    def incomplete(self, code: str, message: str, detail: str = "") -> None:
        """Part of a file that can run code on load was not analysed: fail closed (suspicious, high by policy)."""
        self.issue(code, Severity.MEDIUM, message, detail, verdict="suspicious")
        self.metadata.setdefault("incomplete", [])
        if len(self.metadata["incomplete"]) < 20:
            self.metadata["incomplete"].append(message[:300])

    def may_execute(self) -> bool:
        return self.can_execute_code or self.format in EXEC_FORMATS or any(f in EXEC_FORMATS for f in self.formats)

    def raise_verdict(self, verdict: str) -> None:
        if VERDICT_RANK[verdict] > VERDICT_RANK[self.verdict]:
            self.verdict = verdict

    def saw(self, fmt: str) -> None:
        if fmt not in self.formats:
            self.formats.append(fmt)

    def finish(self, size: int, sha256: str | None = None) -> ModelFile:
        if self.verdict in ("error", "not-inspected") and self.may_execute():
            reasons = "; ".join(sorted({i.message for i in self.issues if i.severity >= Severity.LOW})[:3])[:400]
            self.incomplete("fail-closed", f"{self.path}: can run code when loaded and was not fully analysed", reasons)
        meta = dict(self.metadata)
        if len(self.formats) > 1 or (self.formats and self.formats[0] != self.format):
            meta.setdefault("contains", list(self.formats))
        issues = tuple(sorted(self.issues, key=lambda i: (-int(i.severity), i.code, i.detail)))
        return ModelFile(
            path=self.path,
            format=self.format,
            size=size,
            verdict=self.verdict,
            sha256=sha256,
            can_execute_code=self.can_execute_code,
            issues=issues,
            metadata=meta,
        )


class Window(io.RawIOBase):
    """A read-only seekable view of bytes [start, start+length) of another seekable handle (no copy)."""

    def __init__(self, handle: BinaryIO, start: int, length: int) -> None:
        super().__init__()
        self._h, self._start, self._len, self._pos = handle, start, length, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: self._len}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer: Any) -> int:
        n = min(len(buffer), self._len - self._pos)
        if n <= 0:
            return 0
        self._h.seek(self._start + self._pos)
        data = self._h.read(n)
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        limit = self._len - self._pos if size is None or size < 0 else min(size, self._len - self._pos)
        self._h.seek(self._start + self._pos)
        line = self._h.readline(max(0, limit))
        self._pos += len(line)
        return line


def read_head(handle: BinaryIO, n: int = HEAD_BYTES) -> bytes:
    handle.seek(0)
    head = handle.read(n)
    handle.seek(0)
    return head


SniffFn = Callable[[bytes, str], bool]
ScanFn = Callable[[BinaryIO, int, str, Scan], None]


@record(frozen=True, slots=True)
class FormatInspector:
    """An Inspector made of a format module's ``sniff`` and ``scan`` functions (the usual way to add one)."""

    format: str
    sniff_fn: SniffFn
    scan_fn: ScanFn

    def sniff(self, head: bytes, name: str) -> bool:
        return self.sniff_fn(head, name)

    def inspect(self, handle: BinaryIO, *, path: str, size: int) -> ModelFile:
        scan = Scan(path=path, format=self.format)
        self.scan_fn(handle, size, path, scan)
        return scan.finish(size)

    def scan(self, handle: BinaryIO, size: int, name: str, scan: Scan) -> None:
        """Scan nested content (an archive member) into an existing Scan."""
        scan.saw(self.format)
        self.scan_fn(handle, size, name, scan)
