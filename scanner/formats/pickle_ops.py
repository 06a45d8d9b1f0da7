"""Bounded pickle opcode reader (protocols 0-5): yields (opcode name, argument, position) without executing."""

from __future__ import annotations

import codecs
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

BYTES_KEEP = 1 << 20  # byte/str arguments longer than this are skipped (seek), not materialised
LINE_CAP = 1 << 16  # protocol-0 text arguments are newline-terminated; longer lines are malformed


class PickleError(ValueError):
    """The opcode stream is malformed or truncated; ``position`` is where reading stopped."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} at byte {position}")
        self.position = position


@dataclass(frozen=True, slots=True)
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


def iter_ops(handle: BinaryIO, limit: int) -> Iterator[tuple[str, object, int]]:
    """Yield opcodes of ONE pickle from the handle's position up to STOP; raise PickleError when malformed.

    ``limit`` is the absolute offset the pickle may not read past (file or member size)."""
    read = handle.read
    while True:
        pos = handle.tell()
        if pos >= limit:
            raise PickleError("truncated: no STOP opcode", pos)
        code = read(1)
        if not code:
            raise PickleError("truncated: no STOP opcode", pos)
        spec = OPCODES.get(code[0])
        if spec is None:
            raise PickleError(f"unknown opcode 0x{code[0]:02x}", pos)
        name, kind = spec
        arg = _read_arg(handle, kind, pos, limit) if kind else None
        yield name, arg, pos
        if name == "STOP":
            return


def _read_exact(handle: BinaryIO, n: int, pos: int, limit: int) -> bytes:
    if handle.tell() + n > limit:
        raise PickleError(f"truncated argument ({n} bytes announced)", pos)
    data = handle.read(n)
    if len(data) != n:
        raise PickleError(f"truncated argument ({n} bytes announced)", pos)
    return data


def _read_line(handle: BinaryIO, pos: int, limit: int) -> bytes:
    line = handle.readline(min(LINE_CAP, max(0, limit - handle.tell())))
    if not line.endswith(b"\n"):
        raise PickleError("unterminated text argument", pos)
    return line[:-1]


def _read_arg(handle: BinaryIO, kind: str, pos: int, limit: int) -> object:
    if kind[0] in "<>":
        size = struct.calcsize(kind)
        return struct.unpack(kind, _read_exact(handle, size, pos, limit))[0]
    if kind == "line":
        return _read_line(handle, pos, limit).decode("latin-1")
    if kind == "line2":
        module = _read_line(handle, pos, limit).decode("utf-8", "replace")
        return module, _read_line(handle, pos, limit).decode("utf-8", "replace")
    if kind == "uline":
        return codecs.decode(_read_line(handle, pos, limit), "raw_unicode_escape")
    if kind[0] == "l":
        fmt, width = _COUNT[kind[1]]
        n = struct.unpack(fmt, _read_exact(handle, width, pos, limit))[0]
        return (
            int.from_bytes(_read_exact(handle, n, pos, limit), "little", signed=True)
            if n <= 64
            else Skipped(n, "long")
            if _skip(handle, n, pos, limit)
            else None
        )
    fmt, width = _COUNT[kind[1]]
    n = struct.unpack(fmt, _read_exact(handle, width, pos, limit))[0]
    if kind[0] == "s" and kind[1] == "4" and n >= 1 << 31:
        raise PickleError("negative BINSTRING length", pos)
    if n > BYTES_KEEP:
        _skip(handle, n, pos, limit)
        return Skipped(n, kind[0])
    data = _read_exact(handle, n, pos, limit)
    if kind[0] == "u":
        return data.decode("utf-8", "surrogatepass")
    if kind[0] == "s":
        return data.decode("latin-1")
    return data


def _skip(handle: BinaryIO, n: int, pos: int, limit: int) -> bool:
    if handle.tell() + n > limit:
        raise PickleError(f"truncated argument ({n} bytes announced)", pos)
    handle.seek(n, 1)
    return True
