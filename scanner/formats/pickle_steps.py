"""The symbolic pickle machine's state and its rare opcodes (globals, calls, memo), kept apart from the hot loop."""

from __future__ import annotations

import codecs
from itertools import compress, repeat
from operator import is_
from typing import TYPE_CHECKING, cast

from ..records import record
from .pickle_ops import OpReader, PickleError, Skipped

if TYPE_CHECKING:
    from .pickle_vm import PickleScan

NESTED_CAP = 8 << 20  # bytes arguments up to this size are checked for embedded pickles
MAX_MEMO = 64_000_000  # memo entries (4 bytes each when not a kept string or object)
MAX_KEPT_BYTES = 128 << 20  # memoised strings, globals and calls; past this new ones are DROPPED (a later use is reported)


@record(frozen=True, slots=True)
class Global:
    """A callable or class the pickle imports (module.name), possibly followed by attribute lookups."""

    module: str
    name: str

    @property
    def dotted(self) -> str:
        return f"{self.module}.{self.name}"


@record(frozen=False, slots=True, eq=False)
class Call:
    """The (symbolic) result of calling ``func`` with ``args`` (one per array in a checkpoint: not frozen, whose
    ``__init__`` pays ``object.__setattr__`` per field; nothing outside the walker ever holds one)."""

    func: object
    args: object = None


class _Marker:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


UNKNOWN = _Marker("unknown")  # a value the machine does not track (containers, objects from persistent ids, ...)
DROPPED = _Marker("dropped")  # a memo value not kept because a memory budget was reached
FLOAT = _Marker("float")  # float values never matter for safety
MARK_KIND = _Marker("mark")


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


_GETATTR = frozenset({"builtins.getattr", "__builtin__.getattr"})
_CODECS_ENCODE = frozenset({"_codecs.encode", "codecs.encode"})
_STRINGS = frozenset({"STRING", "BINSTRING", "SHORT_BINSTRING", "UNICODE", "BINUNICODE", "SHORT_BINUNICODE", "BINUNICODE8"})
_NUMBERS = frozenset({"INT", "BININT", "BININT1", "BININT2", "LONG", "LONG1", "LONG4", "FLOAT", "BINFLOAT"})
_BYTES = frozenset({"BINBYTES", "SHORT_BINBYTES", "BINBYTES8", "BYTEARRAY8"})


class Machine:
    """Stack, MARK positions and the selective memo of one pickle walk; ``step`` runs the opcodes the loop does not inline."""

    __slots__ = ("result", "reader", "stack", "marks", "memo", "far", "nested", "build_for", "keep_strings", "_kept_bytes", "_accounted")

    def __init__(self, result: PickleScan, reader: OpReader, nested: bool = True, build_for: frozenset[str] = frozenset()) -> None:
        self.result, self.reader, self.nested = result, reader, nested
        self.build_for = build_for  # BUILD targets (dotted callables) whose (object, state) a hook reads: PickleScan.built
        self.stack: list[object] = []
        self.marks: list[int] = []
        # memo index -> what safety needs: a str, Global or (slim) Call; UNKNOWN for everything else; DROPPED when a
        # string arrived after the kept-strings budget. One list slot per entry, whatever the value.
        self.memo: list[object] = []
        self.far: dict[int, object] = {}  # indices put out of order (pickle never does): exact, just slower
        self.keep_strings = True
        self._kept_bytes = 0
        self._accounted = 0

    # --- memo -----------------------------------------------------------------------------------------------
    def put(self, idx: int, value: object) -> None:
        """CPython's memo_put: a new index counts towards memo_len (the next MEMOIZE index), an existing one is replaced.
        ``memo`` holds indices 0..len-1; ``far`` the others, all >= len(memo), so memo_len == len(memo) + len(far)."""
        kept = memo_value(value, self.keep_strings)
        memo, far = self.memo, self.far
        if idx < len(memo):
            memo[idx] = kept
        elif idx == len(memo) and idx not in far:
            memo.append(kept)
        else:
            far[idx] = kept

    def get(self, idx: int) -> object:
        return self.memo[idx] if idx < len(self.memo) else self.far.get(idx, UNKNOWN)  # missing: CPython fails

    def account(self) -> None:
        """Count the bytes of strings memoised since the last call; past MAX_KEPT_BYTES new ones are not kept."""
        new = self.memo[self._accounted :]
        self._accounted = len(self.memo)
        strings = cast("list[str]", list(compress(new, map(is_, map(type, new), repeat(str)))))  # C-level: runs at every refill
        others = len(new) - len(strings) - new.count(UNKNOWN)
        self._kept_bytes += sum(map(len, strings)) + 56 * len(strings) + 160 * others
        if self._kept_bytes > MAX_KEPT_BYTES:
            self.keep_strings = False

    # --- rare opcodes -----------------------------------------------------------------------------------------
    def _pop_mark(self, pos: int) -> list[object]:
        if not self.marks:
            raise PickleError("no MARK on the stack", pos)
        m = self.marks.pop()
        items = self.stack[m:]
        del self.stack[m:]
        return items

    def _pop(self, pos: int) -> object:
        if len(self.stack) <= (self.marks[-1] if self.marks else 0):
            raise PickleError("stack underflow", pos)
        return self.stack.pop()

    def step(self, name: str, arg: object, pos: int) -> None:  # noqa: C901, PLR0912, PLR0915
        stack, result = self.stack, self.result
        if name == "REDUCE":  # first: one per array or object in a checkpoint
            args = self._pop(pos)
            func = self._pop(pos)
            stack.append(self.call(func, args, pos))
        elif name == "BUILD":
            state = self._pop(pos)
            if len(stack) <= (self.marks[-1] if self.marks else 0):
                raise PickleError("BUILD without an object", pos)
            target = stack[-1]
            if isinstance(target, Global):
                result.add(target, "build")
                self.mutate(target, name, pos)
            elif self.build_for and build_target(target) in self.build_for:
                result.built[:] = [(target, expand(state))]
        elif name in _STRINGS:
            stack.append(_str_value(name, arg) if not isinstance(arg, Skipped) else UNKNOWN)
        elif name in _NUMBERS:
            stack.append(_number(name, arg))
        elif name in _BYTES:
            if isinstance(arg, bytes):
                self.bytes_value(arg)
                stack.append(arg)
            else:
                stack.append(UNKNOWN)
        elif name in ("NONE", "NEWTRUE", "NEWFALSE"):
            stack.append(None if name == "NONE" else name == "NEWTRUE")
        elif name == "PROTO":
            result.protocol = int(arg)  # type: ignore[call-overload]
        elif name == "FRAME":
            pass
        elif name == "MARK":
            self.marks.append(len(stack))
        elif name == "POP":
            if len(stack) > (self.marks[-1] if self.marks else 0):
                stack.pop()
            elif self.marks:  # CPython: POP with nothing above the MARK pops the MARK
                self.marks.pop()
            else:
                raise PickleError("POP on an empty stack", pos)
        elif name == "POP_MARK":
            self._pop_mark(pos)
        elif name == "DUP":
            top = self._pop(pos)
            stack += (top, top)
        elif name in ("PUT", "BINPUT", "LONG_BINPUT", "MEMOIZE"):
            if len(stack) <= (self.marks[-1] if self.marks else 0):  # CPython: nothing above the MARK to memoise
                raise PickleError("PUT on an empty stack", pos)
            idx = len(self.memo) + len(self.far) if name == "MEMOIZE" else _index(arg, pos)
            self.put(idx, stack[-1])
        elif name in ("GET", "BINGET", "LONG_BINGET"):
            stack.append(self.get(_index(arg, pos)))
        elif name == "GLOBAL":
            module, qual = _pair(arg, pos)
            glob = Global(module, qual)
            result.add(glob, "import")
            stack.append(glob)
        elif name == "STACK_GLOBAL":
            name_op, module_op = self._pop(pos), self._pop(pos)
            if type(module_op) is str and type(name_op) is str:
                glob = Global(module_op, name_op)
                result.add(glob, "import")
                stack.append(glob)
            else:
                if module_op is DROPPED or name_op is DROPPED:
                    result.budget = result.budget or "memo budget: a STACK_GLOBAL operand was not kept"
                result.dynamic.append(f"STACK_GLOBAL with non-constant operands ({_show(module_op)}, {_show(name_op)}) at byte {pos}")
                stack.append(UNKNOWN)
        elif name in ("EXT1", "EXT2", "EXT4"):
            result.dynamic.append(f"{name} extension-registry import (code {arg}) at byte {pos}")
            stack.append(UNKNOWN)
        elif name == "NEWOBJ":
            args = self._pop(pos)
            cls = self._pop(pos)
            stack.append(self.call(cls, args, pos))
        elif name == "NEWOBJ_EX":
            kwargs = self._pop(pos)
            args = self._pop(pos)
            cls = self._pop(pos)
            stack.append(self.call(cls, (args, kwargs), pos))
        elif name == "INST":
            module, qual = _pair(arg, pos)
            items = self._pop_mark(pos)
            glob = Global(module, qual)
            result.add(glob, "import")
            stack.append(self.call(glob, tuple(items), pos))
        elif name == "OBJ":
            items = self._pop_mark(pos)
            if not items:
                raise PickleError("OBJ without a class", pos)
            stack.append(self.call(items[0], tuple(items[1:]), pos))
        elif name in ("PERSID", "BINPERSID"):
            if name == "BINPERSID":
                self._pop(pos)
            result.persistent_ids += 1
            stack.append(UNKNOWN)
        elif name == "EMPTY_DICT":
            stack.append({})
        elif name in ("EMPTY_LIST", "EMPTY_SET"):
            stack.append(UNKNOWN)
        elif name == "EMPTY_TUPLE":
            stack.append(())
        elif name in ("TUPLE1", "TUPLE2", "TUPLE3"):
            n = int(name[-1])
            if len(stack) - (self.marks[-1] if self.marks else 0) < n:
                raise PickleError(f"{name} on a short stack", pos)
            items = stack[-n:]
            del stack[-n:]
            stack.append(tuple(items))
        elif name == "TUPLE":
            stack.append(tuple(self._pop_mark(pos)))
        elif name == "DICT":
            new: dict[object, object] = {}
            items = self._pop_mark(pos)
            pending(new, items)
            stack.append(new)
        elif name in ("LIST", "FROZENSET"):
            self._pop_mark(pos)
            stack.append(UNKNOWN)
        elif name == "SETITEMS":
            items = self._pop_mark(pos)
            target = stack[-1]
            if type(target) is dict:
                pending(target, items)
            elif type(target) is Global:
                self.mutate(target, name, pos)
        elif name in ("APPENDS", "ADDITEMS"):
            self._pop_mark(pos)
            if not stack:
                raise PickleError(f"{name} without a target", pos)
            if isinstance(owner := stack[-1], Global):
                self.mutate(owner, name, pos)
        elif name in ("APPEND", "SETITEM"):  # CPython: the target too must be above the MARK
            if len(stack) - (self.marks[-1] if self.marks else 0) < (2 if name == "APPEND" else 3):
                raise PickleError(f"{name} on a short stack", pos)
            if isinstance(owner := stack[-2 if name == "APPEND" else -3], Global):
                self.mutate(owner, name, pos)
            if name == "APPEND":
                stack.pop()
                return
            value, key = stack.pop(), stack.pop()
            target = stack[-1]
            if type(target) is dict:
                pending(target, [key, value])
        elif name == "NEXT_BUFFER":
            stack.append(UNKNOWN)
        elif name == "READONLY_BUFFER":
            pass
        else:  # pragma: no cover - every opcode of OPCODES is handled above
            raise PickleError(f"unhandled opcode {name}", pos)

    def mutate(self, target: Global, opcode: str, pos: int) -> None:
        """An opcode that updates an object applied to an imported class, function or module itself: the pickler never
        writes this (it builds objects it made); the loader sets attributes or items of code of the loading process."""
        if len(self.result.mutations) < 20:
            self.result.mutations.append(f"{opcode} on the imported {target.dotted} at byte {pos}")

    # --- calls --------------------------------------------------------------------------------------------------
    def call(self, func: object, args: object, pos: int) -> object:
        result = self.result
        if isinstance(func, Global):
            dotted = func.dotted  # formatted once: this runs for every array of a checkpoint
            hows = result.imports.get(dotted)
            if hows is None:
                result.imports[dotted] = {"call"}
            else:
                hows.add("call")
            if dotted in _CODECS_ENCODE and isinstance(args, tuple) and args and type(args[0]) is str:
                if len(args[0]) <= NESTED_CAP:  # protocol 2 writes bytes as _codecs.encode(text, 'latin1')
                    self.bytes_value(args[0].encode("latin-1", "replace"))
            if dotted in _GETATTR and isinstance(args, tuple) and len(args) >= 2:
                target, attr = args[0], args[1]
                if isinstance(target, Global) and isinstance(attr, str):
                    attr_global = Global(target.dotted, attr)
                    result.add(attr_global, "getattr")
                    return attr_global
                if isinstance(attr, str):
                    return Global("<getattr>", attr)
            return Call(func, expand(args))
        if isinstance(func, Call) and isinstance(func.func, Global):
            result.dynamic.append(f"call of the result of {func.func.dotted} at byte {pos}")
        else:
            result.dynamic.append(f"call of an unresolved callable ({_show(func)}) at byte {pos}")
        return Call(func, args)

    def bytes_value(self, data: bytes) -> None:
        """Embedded pickles without false positives on tensor bytes: a bytes value counts only when it parses, whole,
        as a pickle (random float data that happens to start like one does not)."""
        if not self.nested or len(data) > NESTED_CAP or len(self.result.nested) >= 16 or not looks_like_pickle(data):
            return
        import io

        from .pickle_vm import scan_pickle

        inner = scan_pickle(io.BytesIO(data), len(data), nested=False)
        if inner.error is None and inner.end == len(data):
            self.result.nested.append(data)


PENDING = _Marker("pending items")  # the key under which a dict parks its SETITEMS items
_PENDING = PENDING


def pending(target: dict[object, object], items: list[object]) -> None:
    """SETITEMS on a dict only parks its items (most dicts are data, never read); ``expand`` applies them when needed."""
    parked = target.get(_PENDING)
    if parked is None:
        target[_PENDING] = items
    elif len(parked) < 256:  # type: ignore[arg-type]
        parked.extend(items)  # type: ignore[attr-defined]


def expand(value: object, depth: int = 0) -> object:
    """Apply parked dict items (first 64 constant keys) in a BUILD state or call arguments, a few levels down."""
    t = type(value)
    if t is dict:
        parked = value.pop(_PENDING, None)  # type: ignore[attr-defined]
        if parked is not None:
            for i in range(0, min(len(parked), 128) - 1, 2):
                key = parked[i]
                if (type(key) is str or type(key) is int) and len(value) < 64:  # type: ignore[arg-type]
                    value[key] = parked[i + 1]  # type: ignore[index]
        if depth < 3:
            for item in value.values():  # type: ignore[attr-defined]
                if type(item) is dict or type(item) is tuple:
                    expand(item, depth + 1)
    elif t is tuple and depth < 3 and len(value) <= 64:  # type: ignore[arg-type]
        for item in value:  # type: ignore[attr-defined]
            if type(item) is dict or type(item) is tuple:
                expand(item, depth + 1)
    return value


def memo_value(value: object, keep: bool) -> object:
    """What the memo keeps of a value: strings, globals and slim calls (DROPPED past the budget); UNKNOWN otherwise."""
    t = type(value)
    if t is str or t is Global:
        return value if keep else DROPPED
    if t is Call:
        return slim(value) if keep else DROPPED  # type: ignore[arg-type]
    return UNKNOWN


def slim(call: Call) -> Call:
    """A call as the memo keeps it: its callable, and its arguments only when a few scalars (numpy.dtype('f4', ...))."""
    args = call.args
    if type(args) is tuple and len(args) <= 4:
        for a in args:
            if type(a) not in _SCALARS:
                return Call(call.func, None)
        return call
    return Call(call.func, None)


_SCALARS = frozenset({str, int, bool, type(None)})


def build_target(obj: object) -> str | None:
    """The dotted callable whose result a BUILD updates (``Call(Global(...))``), or None."""
    if type(obj) is Call and type(obj.func) is Global:
        return obj.func.dotted
    return None


def _index(arg: object, pos: int) -> int:
    try:
        idx: int = int(arg)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise PickleError("bad memo index", pos) from None
    if idx < 0:
        raise PickleError("negative memo index", pos)
    return idx


def _pair(arg: object, pos: int) -> tuple[str, str]:
    if isinstance(arg, tuple) and len(arg) == 2 and isinstance(arg[0], str) and isinstance(arg[1], str):
        return arg[0], arg[1]
    raise PickleError("bad GLOBAL/INST argument", pos)


def _number(name: str, arg: object) -> object:
    if name in ("FLOAT", "BINFLOAT"):
        return FLOAT
    if isinstance(arg, Skipped):
        return UNKNOWN
    if name in ("INT", "LONG") and isinstance(arg, str):
        text = arg.strip().rstrip("L")
        if text in ("00", "01"):
            return text == "01"
        try:
            return int(text)
        except ValueError:
            return UNKNOWN
    return arg


def _str_value(name: str, arg: object) -> object:
    if name == "STRING" and isinstance(arg, str):
        text = arg.strip()
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
            return codecs.escape_decode(text[1:-1].encode("latin-1"))[0].decode("latin-1")
        return text
    return arg


def _show(value: object) -> str:
    if isinstance(value, Global):
        return value.dotted
    if isinstance(value, Call):
        return f"result of {_show(value.func)}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
