"""Symbolic pickle machine: follows stack and memo to name every callable a pickle imports or calls, never runs it."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from .pickle_ops import FAST_OPCODES, OpReader, PickleError, Skipped

MAX_OPS = 20_000_000  # opcodes per pickle before giving up (reported, not silently dropped)
NESTED_CAP = 8 << 20  # bytes arguments up to this size are checked for embedded pickles


@dataclass(frozen=True, slots=True)
class Global:
    """A callable or class the pickle imports (module.name), possibly followed by attribute lookups."""

    module: str
    name: str

    @property
    def dotted(self) -> str:
        return f"{self.module}.{self.name}"


@dataclass(frozen=True, slots=True, eq=False)
class Call:
    """The (symbolic) result of calling ``func`` with ``args``."""

    func: object
    args: object = None


class _Mark:
    pass


MARK = _Mark()
UNKNOWN = object()


@dataclass(slots=True)
class PickleScan:
    """What one pickle stream revealed: imports (with how they were used), dynamic tricks and errors."""

    imports: dict[str, set[str]] = field(default_factory=dict)  # dotted -> {"import", "call", ...}
    dynamic: list[str] = field(default_factory=list)  # unresolvable imports/calls, extension codes
    nested: list[bytes] = field(default_factory=list)  # bytes arguments that look like pickles
    error: str | None = None
    protocol: int | None = None
    ops: int = 0
    persistent_ids: int = 0
    end: int = 0
    built: list[tuple[object, object]] = field(default_factory=list)  # (object, state) of the last BUILD

    def add(self, glob: Global, how: str) -> None:
        self.imports.setdefault(glob.dotted, set()).add(how)


def looks_like_pickle(data: bytes) -> bool:
    """A PROTO opcode (0x80, protocol 2-5) or a protocol-0/1 opening followed by a plausible second opcode."""
    if len(data) >= 2 and data[0] == 0x80 and 2 <= data[1] <= 5:
        return True
    return (
        len(data) >= 2
        and data[:1] in (b"c", b"(", b"}", b"]", b")")
        and data[1:2] in b"(cdl}])tKJNIXVSUqp\x80ih.\n"
        and (data[:1] != b"c" or b"\n" in data[:256])
    )


_PUSH_ARG = frozenset(
    {
        "BININT",
        "BININT1",
        "BININT2",
        "INT",
        "LONG",
        "LONG1",
        "LONG4",
        "FLOAT",
        "BINFLOAT",
        "SHORT_BINUNICODE",
        "BINUNICODE",
        "BINUNICODE8",
        "UNICODE",
        "BINSTRING",
        "SHORT_BINSTRING",
    }
)
BuildHook = Callable[[object, object, "PickleScan"], None]


def scan_pickle(handle: BinaryIO, limit: int, on_build: BuildHook | None = None) -> PickleScan:
    """Walk one pickle from the handle's position; stops at STOP, at ``limit`` or at the first malformed opcode.

    ``on_build(obj, state, result)`` runs after each BUILD (joblib streams raw array bytes right after one)."""
    result = PickleScan()
    stack: list[object] = []
    metastack: list[list[object]] = []
    memo: dict[int, object] = {}
    reader = OpReader(handle, limit)
    table = FAST_OPCODES
    buf, off, count = reader.buf, reader.off, 0
    try:
        while True:  # opcode decoding and the fast stack cases are inlined: this loop is the scanner's hot path
            if off + 9 > len(buf):
                reader.off = off
                reader.fill(9)
                buf, off = reader.buf, reader.off
                if off >= len(buf):
                    raise PickleError("truncated: no STOP opcode", reader.tell())
            pos = reader.base + off
            spec = table.get(buf[off])
            if spec is None:
                raise PickleError(f"unknown opcode 0x{buf[off]:02x}", pos)
            name, kind, fixed, size = spec
            off += 1
            if fixed is not None:
                if off + size > len(buf):
                    raise PickleError(f"truncated argument ({size} bytes announced)", pos)
                arg: object = fixed.unpack_from(buf, off)[0]
                off += size
            elif kind == "u1" and off < len(buf) and off + 1 + buf[off] <= len(buf):  # SHORT_BINUNICODE
                end = off + 1 + buf[off]
                arg = buf[off + 1 : end].decode("utf-8", "surrogatepass")
                off = end
            elif kind:
                reader.off = off
                arg = reader.arg(kind, pos)
                buf, off = reader.buf, reader.off
            else:
                arg = None
            count += 1
            if count > MAX_OPS:
                raise PickleError("too many opcodes", pos)
            if name in _PUSH_ARG:
                stack.append(arg)
                continue
            if name == "MEMOIZE":
                memo[len(memo)] = stack[-1]
                continue
            if name == "STOP":
                break
            _step(name, arg, pos, stack, metastack, memo, result)
            if on_build is not None and name == "BUILD" and result.built:
                obj, state = result.built.pop()
                reader.off = off
                reader.release()
                on_build(obj, state, result)
                reader.resume()
                buf, off = reader.buf, reader.off
    except PickleError as exc:
        result.error = str(exc)
    except (IndexError, KeyError, TypeError, ValueError, OverflowError) as exc:
        result.error = f"inconsistent stack: {exc.__class__.__name__}"
    finally:
        if reader.buf is buf:  # the loop keeps the position in a local; the reader's is newer after its own refill
            reader.off = max(reader.off, off)
    result.ops = count
    result.end = reader.tell()
    handle.seek(result.end)
    return result


def _pair(arg: object) -> tuple[str, str]:
    if isinstance(arg, tuple) and len(arg) == 2 and isinstance(arg[0], str) and isinstance(arg[1], str):
        return arg[0], arg[1]
    raise TypeError("GLOBAL/INST argument")


def _set_items(target: object, items: list[object]) -> None:
    """Keep small dicts with constant keys (BUILD states) so hooks can read them; everything else is dropped."""
    if isinstance(target, dict) and len(target) < 64:
        for key, value in zip(items[::2], items[1::2], strict=False):
            if isinstance(key, (str, int)):
                target[key] = value


def _pop_mark(stack: list[object], metastack: list[list[object]]) -> list[object]:
    items = stack[:]
    stack[:] = metastack.pop() if metastack else []
    return items


def _str_value(name: str, arg: object) -> object:
    if name == "STRING" and isinstance(arg, str):
        text = arg.strip()
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
            return codecs.escape_decode(text[1:-1].encode("latin-1"))[0].decode("latin-1")
        return text
    return arg


def _record_call(func: object, args: object, result: PickleScan, pos: int) -> object:
    if isinstance(func, Global):
        result.add(func, "call")
        if func.dotted in ("builtins.getattr", "__builtin__.getattr") and isinstance(args, tuple) and len(args) >= 2:
            target, attr = args[0], args[1]
            if isinstance(target, Global) and isinstance(attr, str):
                attr_global = Global(target.dotted, attr)
                result.add(attr_global, "getattr")
                return attr_global
            if isinstance(attr, str):
                return Global("<getattr>", attr)
        return Call(func, args)
    if isinstance(func, Call) and isinstance(func.func, Global):
        result.dynamic.append(f"call of the result of {func.func.dotted} at byte {pos}")
        return Call(func, args)
    result.dynamic.append(f"call of an unresolved callable at byte {pos}")
    return Call(func, args)


def _step(name: str, arg: object, pos: int, stack: list[object], metastack: list[list[object]], memo: dict[int, object], result: PickleScan) -> None:  # noqa: C901, PLR0912
    if name in ("STRING", "BINSTRING", "SHORT_BINSTRING", "UNICODE", "BINUNICODE", "SHORT_BINUNICODE", "BINUNICODE8"):
        stack.append(_str_value(name, arg))
    elif name in ("BINBYTES", "SHORT_BINBYTES", "BINBYTES8", "BYTEARRAY8"):
        if isinstance(arg, bytes) and len(arg) <= NESTED_CAP and looks_like_pickle(arg):
            result.nested.append(arg)
        stack.append(arg if not isinstance(arg, Skipped) else UNKNOWN)
    elif name in ("INT", "BININT", "BININT1", "BININT2", "LONG", "LONG1", "LONG4", "FLOAT", "BINFLOAT"):
        stack.append(arg)
    elif name in ("NONE", "NEWTRUE", "NEWFALSE"):
        stack.append(None if name == "NONE" else name == "NEWTRUE")
    elif name == "PROTO":
        result.protocol = int(arg)  # type: ignore[call-overload]
    elif name in ("FRAME", "STOP"):
        pass
    elif name == "MARK":
        metastack.append(stack[:])
        stack.clear()
    elif name == "POP":
        if stack:
            stack.pop()
        elif metastack:
            stack[:] = metastack.pop()
    elif name == "POP_MARK":
        _pop_mark(stack, metastack)
    elif name == "DUP":
        stack.append(stack[-1])
    elif name in ("PUT", "BINPUT", "LONG_BINPUT"):
        memo[int(arg)] = stack[-1]  # type: ignore[call-overload]
    elif name == "MEMOIZE":
        memo[len(memo)] = stack[-1]
    elif name in ("GET", "BINGET", "LONG_BINGET"):
        stack.append(memo.get(int(arg), UNKNOWN))  # type: ignore[call-overload]
    elif name == "GLOBAL":
        module, qual = _pair(arg)
        glob = Global(module, qual)
        result.add(glob, "import")
        stack.append(glob)
    elif name == "STACK_GLOBAL":
        top, below = stack.pop(), stack.pop()
        if isinstance(below, str) and isinstance(top, str):
            glob = Global(below, top)
            result.add(glob, "import")
            stack.append(glob)
        else:
            result.dynamic.append(f"STACK_GLOBAL with non-constant operands at byte {pos}")
            stack.append(UNKNOWN)
    elif name in ("EXT1", "EXT2", "EXT4"):
        result.dynamic.append(f"{name} extension-registry import (code {arg}) at byte {pos}")
        stack.append(UNKNOWN)
    elif name == "REDUCE":
        args = stack.pop()
        func = stack.pop()
        stack.append(_record_call(func, args, result, pos))
    elif name == "NEWOBJ":
        args = stack.pop()
        cls = stack.pop()
        stack.append(_record_call(cls, args, result, pos))
    elif name == "NEWOBJ_EX":
        stack.pop()
        args = stack.pop()
        cls = stack.pop()
        stack.append(_record_call(cls, args, result, pos))
    elif name == "INST":
        module, qual = _pair(arg)
        items = _pop_mark(stack, metastack)
        glob = Global(module, qual)
        result.add(glob, "import")
        stack.append(_record_call(glob, tuple(items), result, pos))
    elif name == "OBJ":
        items = _pop_mark(stack, metastack)
        if not items:
            raise PickleError("OBJ without a class", pos)
        stack.append(_record_call(items[0], tuple(items[1:]), result, pos))
    elif name == "BUILD":
        state = stack.pop()
        target = stack[-1]
        if isinstance(target, Global):
            result.add(target, "build")
        result.built[:] = [(target, state)]
    elif name in ("PERSID", "BINPERSID"):
        if name == "BINPERSID":
            stack.pop()
        result.persistent_ids += 1
        stack.append(UNKNOWN)
    elif name in ("EMPTY_DICT", "EMPTY_LIST", "EMPTY_SET"):
        stack.append({} if name == "EMPTY_DICT" else [])
    elif name == "EMPTY_TUPLE":
        stack.append(())
    elif name in ("TUPLE1", "TUPLE2", "TUPLE3"):
        n = int(name[-1])
        items = stack[-n:]
        if len(items) != n:
            raise PickleError(f"{name} on a short stack", pos)
        del stack[-n:]
        stack.append(tuple(items))
    elif name == "TUPLE":
        stack.append(tuple(_pop_mark(stack, metastack)))
    elif name == "DICT":
        new: dict[object, object] = {}
        _set_items(new, _pop_mark(stack, metastack))
        stack.append(new)
    elif name in ("LIST", "FROZENSET"):
        _pop_mark(stack, metastack)
        stack.append([] if name == "LIST" else UNKNOWN)
    elif name == "SETITEMS":
        items = _pop_mark(stack, metastack)
        _set_items(stack[-1], items)
    elif name in ("APPENDS", "ADDITEMS"):
        _pop_mark(stack, metastack)
    elif name == "APPEND":
        stack.pop()
    elif name == "SETITEM":
        items = stack[-2:]
        del stack[-2:]
        _set_items(stack[-1], items)
    elif name in ("NEXT_BUFFER", "READONLY_BUFFER"):
        if name == "NEXT_BUFFER":
            stack.append(UNKNOWN)
    else:  # pragma: no cover - every opcode of OPCODES is handled above
        raise PickleError(f"unhandled opcode {name}", pos)
