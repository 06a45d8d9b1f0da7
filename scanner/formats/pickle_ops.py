"""Bounded pickle opcode reader (protocols 0-5): yields (opcode name, argument, position) without executing."""

from __future__ import annotations

import codecs
import struct
from collections.abc import Callable
from typing import BinaryIO

from ..records import record

BYTES_KEEP = 1 << 20  # byte/str arguments longer than this are skipped (seek), not materialised
LINE_CAP = 1 << 16  # protocol-0 text arguments are newline-terminated; longer lines are malformed


class PickleError(ValueError):
    """The opcode stream is malformed or truncated; ``position`` is where reading stopped."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} at byte {position}")
        self.position = position


@record(frozen=True, slots=True)
class Skipped:
    """A byte/str argument too large to keep: only its length is known."""

    length: int
    kind: str


# opcode byte -> (name, argument kind). Argument kinds are decoded in ``_read_arg``.
OPCODES: dict[int, tuple[str, str]] = {
    ord(c): (n, a)
    for c, n, a in (
        ("(", "MARK", ""),
        (".", "STOP", ""),
        ("0", "POP", ""),
        ("1", "POP_MARK", ""),
        ("2", "DUP", ""),
        ("F", "FLOAT", "line"),
        ("I", "INT", "line"),
        ("J", "BININT", "<i"),
        ("K", "BININT1", "<B"),
        ("L", "LONG", "line"),
        ("M", "BININT2", "<H"),
        ("N", "NONE", ""),
        ("P", "PERSID", "line"),
        ("Q", "BINPERSID", ""),
        ("R", "REDUCE", ""),
        ("S", "STRING", "line"),
        ("T", "BINSTRING", "s4"),
        ("U", "SHORT_BINSTRING", "s1"),
        ("V", "UNICODE", "uline"),
        ("X", "BINUNICODE", "u4"),
        ("a", "APPEND", ""),
        ("b", "BUILD", ""),
        ("c", "GLOBAL", "line2"),
        ("d", "DICT", ""),
        ("}", "EMPTY_DICT", ""),
        ("e", "APPENDS", ""),
        ("g", "GET", "line"),
        ("h", "BINGET", "<B"),
        ("i", "INST", "line2"),
        ("j", "LONG_BINGET", "<I"),
        ("l", "LIST", ""),
        ("]", "EMPTY_LIST", ""),
        ("o", "OBJ", ""),
        ("p", "PUT", "line"),
        ("q", "BINPUT", "<B"),
        ("r", "LONG_BINPUT", "<I"),
        ("s", "SETITEM", ""),
        ("t", "TUPLE", ""),
        (")", "EMPTY_TUPLE", ""),
        ("u", "SETITEMS", ""),
        ("G", "BINFLOAT", ">d"),
        ("\x80", "PROTO", "<B"),
        ("\x81", "NEWOBJ", ""),
        ("\x82", "EXT1", "<B"),
        ("\x83", "EXT2", "<H"),
        ("\x84", "EXT4", "<i"),
        ("\x85", "TUPLE1", ""),
        ("\x86", "TUPLE2", ""),
        ("\x87", "TUPLE3", ""),
        ("\x88", "NEWTRUE", ""),
        ("\x89", "NEWFALSE", ""),
        ("\x8a", "LONG1", "l1"),
        ("\x8b", "LONG4", "l4"),
        ("B", "BINBYTES", "b4"),
        ("C", "SHORT_BINBYTES", "b1"),
        ("\x8c", "SHORT_BINUNICODE", "u1"),
        ("\x8d", "BINUNICODE8", "u8"),
        ("\x8e", "BINBYTES8", "b8"),
        ("\x8f", "EMPTY_SET", ""),
        ("\x90", "ADDITEMS", ""),
        ("\x91", "FROZENSET", ""),
        ("\x92", "NEWOBJ_EX", ""),
        ("\x93", "STACK_GLOBAL", ""),
        ("\x94", "MEMOIZE", ""),
        ("\x95", "FRAME", "<Q"),
        ("\x96", "BYTEARRAY8", "b8"),
        ("\x97", "NEXT_BUFFER", ""),
        ("\x98", "READONLY_BUFFER", ""),
    )
}
_COUNT = {"1": ("<B", 1), "4": ("<I", 4), "8": ("<Q", 8)}


CHUNK = 1 << 16


class OpReader:
    """Buffered, bounded reader of one pickle's opcodes (reads CHUNK bytes at a time; large arguments are seeked over).

    ``limit`` is the absolute offset the pickle may not read past (file or member size). ``release()`` puts the
    handle at the reader's logical position (for callers that read raw bytes mid-stream); ``resume()`` takes the
    handle's position back."""

    __slots__ = ("handle", "buf", "off", "base", "limit", "chunk")

    def __init__(self, handle: BinaryIO, limit: int, chunk: int = CHUNK) -> None:
        self.handle, self.limit, self.chunk = handle, limit, chunk
        self.base, self.buf, self.off = handle.tell(), b"", 0

    def tell(self) -> int:
        return self.base + self.off

    def release(self) -> None:
        self.handle.seek(self.tell())

    def resume(self) -> None:
        """Take the handle's position back; the buffer is kept when the caller left the position where it was."""
        at = self.handle.tell()
        if at != self.tell():
            self.base, self.buf, self.off = at, b"", 0

    def fill(self, n: int) -> bool:
        avail = len(self.buf) - self.off
        if avail >= n:
            return True
        self.base += self.off
        self.handle.seek(self.base + avail)
        more = self.handle.read(max(0, min(max(self.chunk, n - avail), self.limit - self.base - avail)))
        self.buf, self.off = self.buf[self.off :] + more, 0
        return len(self.buf) >= n

    def take(self, n: int, pos: int) -> bytes:
        if not self.fill(n):
            raise PickleError(f"truncated argument ({n} bytes announced)", pos)
        start = self.off
        self.off += n
        return self.buf[start : self.off]

    def skip(self, n: int, pos: int) -> None:
        if self.tell() + n > self.limit:
            raise PickleError(f"truncated argument ({n} bytes announced)", pos)
        if n <= len(self.buf) - self.off:
            self.off += n
        else:
            self.base, self.buf, self.off = self.tell() + n, b"", 0

    def line(self, pos: int) -> bytes:
        while True:
            end = self.buf.find(b"\n", self.off)
            if end >= 0:
                text = self.buf[self.off : end]
                self.off = end + 1
                return text
            have = len(self.buf) - self.off
            if have > LINE_CAP or not self.fill(have + 1):
                raise PickleError("unterminated text argument", pos)

    def arg(self, kind: str, pos: int) -> object:
        head = kind[0]
        if head in "<>":
            return struct.unpack(kind, self.take(_SIZES[kind], pos))[0]
        if kind == "line":
            return self.line(pos).decode("latin-1")
        if kind == "line2":
            module = self.line(pos).decode("utf-8", "replace")
            return module, self.line(pos).decode("utf-8", "replace")
        if kind == "uline":
            return codecs.decode(self.line(pos), "raw_unicode_escape")
        fmt, width = _COUNT[kind[1]]
        n = struct.unpack(fmt, self.take(width, pos))[0]
        if head == "l":
            if n <= 64:
                return int.from_bytes(self.take(n, pos), "little", signed=True)
            self.skip(n, pos)
            return Skipped(n, "long")
        if head == "s" and width == 4 and n >= 1 << 31:
            raise PickleError("negative BINSTRING length", pos)
        if n > BYTES_KEEP:
            self.skip(n, pos)
            return Skipped(n, head)
        data = self.take(n, pos)
        if head == "u":
            return data.decode("utf-8", "surrogatepass")
        if head == "s":
            return data.decode("latin-1")
        return data


    def bytes_arg(self, kind: str, pos: int, wanted: Callable[[bytes], bool], cap: int) -> bytes | Skipped:
        """A bytes argument (BINBYTES, SHORT_BINBYTES, BINBYTES8, BYTEARRAY8), materialised only when its first bytes
        pass ``wanted`` and it is at most ``cap`` long; otherwise skipped without a copy (raw tensor data)."""
        fmt, width = _COUNT[kind[1]]
        n = struct.unpack(fmt, self.take(width, pos))[0]
        peek = min(n, 256)
        if self.tell() + n > self.limit:
            raise PickleError(f"truncated argument ({n} bytes announced)", pos)
        self.fill(peek)
        if n <= cap and wanted(self.buf[self.off : self.off + peek]):
            return self.take(n, pos)
        self.skip(n, pos)
        return Skipped(n, "b")


_SIZES = {k: struct.calcsize(k) for _, k in OPCODES.values() if k[:1] in ("<", ">")}
# opcode -> (name, kind, precompiled struct for fixed-size arguments or None, its size)
FAST_OPCODES: dict[int, tuple[str, str, struct.Struct | None, int]] = {
    code: (name, kind, struct.Struct(kind) if kind[:1] in ("<", ">") else None, _SIZES.get(kind, 0)) for code, (name, kind) in OPCODES.items()
}
