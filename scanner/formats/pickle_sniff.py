"""Pickle by content: does a stream parse as the start of a pickle (any protocol, any first opcode)?

The old sniff looked for PROTO or a few protocol-0 openings; a loader accepts any opcode sequence, so a pickle that
starts with ``I``, ``N``, ``S``, ``V`` or a length-prefixed opcode slipped past it. Here the stdlib opcode reader
(``pickletools.genops``, which parses arguments but never runs anything) walks a bounded prefix while a small
stack/mark/memo model rejects what CPython's unpickler would reject. Nothing is loaded or imported."""

from __future__ import annotations

import io
import pickle
import pickletools
from typing import BinaryIO

from ..records import record

WINDOW = 64 << 10  # bytes of a stream the probe may read (long arguments count; they are read, then dropped)
MAX_PROBE_OPS = 256  # opcodes walked before the prefix counts as a pickle
MIN_EOF_OPS = 4  # a stream that ends without STOP needs this many consistent opcodes (a truncated pickle)
MIN_BROKEN_OPS = 16  # an inconsistency after this many consistent opcodes is a broken pickle, not other data
_FIRST = frozenset(op.code.encode("latin-1")[0] for op in pickletools.opcodes)
_IMPORTS = frozenset({"GLOBAL", "INST", "STACK_GLOBAL"})
_CALLS = frozenset({"REDUCE", "BUILD", "INST", "OBJ", "NEWOBJ", "NEWOBJ_EX"})
_MARK = pickletools.markobject


@record(frozen=True, slots=True)
class Probe:
    """The probe's answer: ``pickle`` says whether a loader would take the prefix as a pickle."""

    pickle: bool
    ops: int = 0
    stopped: bool = False  # a STOP ended the prefix
    imports: bool = False  # GLOBAL / INST / STACK_GLOBAL seen
    calls: bool = False  # REDUCE / BUILD / OBJ / NEWOBJ seen
    reason: str = ""

    @property
    def strong(self) -> bool:
        """Evidence enough to call text-named content a pickle: imports or calls, or a long consistent run."""
        return self.pickle and (self.imports or self.calls or self.ops >= 32)


class _Capped(io.RawIOBase):
    """Reads ``handle`` from ``start`` up to ``end`` but at most ``cap`` bytes; notes when the cap (not EOF) cut it."""

    def __init__(self, handle: BinaryIO, start: int, end: int, cap: int) -> None:
        super().__init__()
        self._h, self._start, self._pos = handle, start, 0
        self._len = max(0, min(end - start, cap))
        self.capped_at = cap if end - start > cap else None
        self.hit_cap = False

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def read(self, size: int | None = -1) -> bytes:
        """Never allocates what an announced length asks for: reads are clamped to the window first."""
        left = self._len - self._pos
        want = left + 1 if size is None or size < 0 else size
        n = min(want, left)
        if n < want and self.capped_at is not None:
            self.hit_cap = True
        if n <= 0:
            return b""
        self._h.seek(self._start + self._pos)
        data = self._h.read(n)
        self._pos += len(data)
        return data

    def readline(self, size: int | None = -1) -> bytes:
        out = bytearray()
        while len(out) < (1 << 16):
            ch = self.read(1)
            if not ch:
                break
            out += ch
            if ch == b"\n":
                break
        return bytes(out)


def probe(handle: BinaryIO, start: int = 0, end: int | None = None, *, cap: int = WINDOW) -> Probe:
    """Walk the prefix of the stream at ``start``; the handle's position is restored."""
    saved = handle.tell()
    try:
        if end is None:
            end = handle.seek(0, 2)
        handle.seek(start)
        first = handle.read(1)
        if not first or first[0] not in _FIRST:
            return Probe(False, reason="first byte is not a pickle opcode")
        return _walk(_Capped(handle, start, end, cap))
    finally:
        handle.seek(saved)


def probe_bytes(data: bytes, *, more_follows: bool = False) -> Probe:
    """Probe a head already read; ``more_follows`` says the file continues past ``data`` (a 4 KiB sniff window)."""
    if not data or data[0] not in _FIRST:
        return Probe(False, reason="first byte is not a pickle opcode")
    end = len(data) + 1 if more_follows else len(data)
    return _walk(_Capped(io.BytesIO(data), 0, end, len(data)))


def _walk(reader: _Capped) -> Probe:  # noqa: C901, PLR0912 - one small state machine
    stack: list[bool] = []  # True = a MARK
    memo: set[int] = set()
    ops, imports, calls = 0, False, False
    try:
        for opcode, arg, _pos in pickletools.genops(reader):  # type: ignore[arg-type]
            name = opcode.name
            imports = imports or name in _IMPORTS
            calls = calls or name in _CALLS
            before, after = opcode.stack_before, opcode.stack_after
            pops = len(before)
            if _MARK in before or (name == "POP" and stack and stack[-1]):
                if True not in stack:
                    return _verdict(ops, imports, calls, f"{name} without a MARK")
                del stack[len(stack) - 1 - stack[::-1].index(True) :]
                pops = before.index(_MARK) if _MARK in before else 0
            elif name == "POP" and not stack:
                return _verdict(ops, imports, calls, "POP on an empty stack")
            if name == "PROTO" and not (isinstance(arg, int) and arg <= pickle.HIGHEST_PROTOCOL):
                return _verdict(ops, imports, calls, f"unsupported protocol {arg!r}")
            if name in ("GLOBAL", "INST") and not _plausible_global(arg):
                return _verdict(ops, imports, calls, f"{name} argument is not a module and a name")
            if name in ("PUT", "BINPUT", "LONG_BINPUT", "MEMOIZE"):
                if not stack or stack[-1]:
                    return _verdict(ops, imports, calls, "memo store without an object")
                memo.add(len(memo) if name == "MEMOIZE" else int(arg or 0))
            elif name in ("GET", "BINGET", "LONG_BINGET") and arg not in memo:
                return _verdict(ops, imports, calls, "memo read before it was stored")
            if len(stack) < pops:
                return _verdict(ops, imports, calls, f"{name} pops more than the stack holds")
            if pops:
                del stack[-pops:]
            stack.extend(item is _MARK for item in after)
            ops += 1
            if name == "STOP":
                return Probe(True, ops, True, imports, calls)
            if ops >= MAX_PROBE_OPS:
                return Probe(True, ops, False, imports, calls, "consistent for the whole probe")
    except ValueError as exc:
        if reader.hit_cap:  # an argument or opcode runs past the probe window: consistent so far
            return Probe(ops > 0 or reader.tell() > 1, ops, False, imports, calls, "runs past the probe window")
        if "exhausted" in str(exc):
            return Probe(ops >= MIN_EOF_OPS or (imports and ops >= 1), ops, False, imports, calls, "ends without STOP")
        return _verdict(ops, imports, calls, str(exc)[:100])
    return _verdict(ops, imports, calls, "no opcodes")


def _verdict(ops: int, imports: bool, calls: bool, reason: str) -> Probe:
    """An inconsistency: other data, unless a long consistent run (or an import) came first (a broken pickle)."""
    return Probe(ops >= MIN_BROKEN_OPS or (imports and ops >= 2), ops, False, imports, calls, reason)


def _plausible_global(arg: object) -> bool:
    if not isinstance(arg, str) or arg.count(" ") != 1:
        return False
    module, name = arg.split(" ")
    return bool(module) and bool(name) and all(part.isidentifier() for part in module.split(".")) and all(p.isidentifier() for p in name.split("."))
