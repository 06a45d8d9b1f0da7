"""Symbolic pickle machine: follows stack and memo to name every callable a pickle imports or calls, never runs it.

Linear in the stream: MARK pushes an index (no stack copy), containers are placeholders (only small dicts keep
their items, for BUILD states), and the memo keeps only what naming a callable needs (strings, globals, calls; the
rest is a shared placeholder). Budgets (opcodes, stack depth, kept objects) are far above any benign checkpoint;
reaching one is reported in ``PickleScan.budget`` (and ``error``) so the format layer can fail closed."""

from __future__ import annotations

import itertools
import struct
from collections.abc import Callable
from dataclasses import field
from typing import BinaryIO

from ..records import record
from .pickle_batch import walk_batch
from .pickle_ops import BYTES_KEEP, FAST_OPCODES, OpReader, PickleError
from .pickle_steps import DROPPED, FLOAT, MAX_MEMO, NESTED_CAP, PENDING, UNKNOWN, Call, Global, Machine, build_target, looks_like_pickle, memo_value, pending

__all__ = ["Call", "Global", "PickleScan", "UNKNOWN", "looks_like_pickle", "scan_pickle", "MAX_OPS", "MAX_STACK"]

MAX_OPS = 2_000_000_000  # opcodes per pickle (a benign 1 GB opcode-dense pickle has ~400 M)
MAX_STACK = 20_000_000  # stack items + open MARKs (pickle batches lists and dicts in 1000s; a checkpoint's depth is small)
CHUNK = 1 << 20
CHECK_EVERY = 1 << 16
BATCH_COOLDOWN = 256  # opcodes walked one by one after a batch that could not be walked whole (hostile MARK runs)
BATCH_MIN_BYTES = 2048  # a whole-batch try needs this much buffered (smaller pickles: the opcode path is as fast)
MARGIN = 9  # bytes buffered ahead of an inline opcode: they read at most 4 argument bytes and skip at most 9 (BINFLOAT, FRAME)

_PAD = bytes(MARGIN)  # after the stream's last bytes (see the refill turn)
_PICKLE_FIRST = b"\x80c(}])"  # every first byte looks_like_pickle accepts
_I4 = struct.Struct("<i").unpack_from
_U4 = struct.Struct("<I").unpack_from


@record(frozen=False, slots=True)
class PickleScan:
    """What one pickle stream revealed: imports (with how they were used), dynamic tricks, errors and budgets."""

    imports: dict[str, set[str]] = field(default_factory=dict)  # dotted -> {"import", "call", ...}
    dynamic: list[str] = field(default_factory=list)  # unresolvable imports/calls, extension codes
    mutations: list[str] = field(default_factory=list)  # BUILD / item opcodes applied to an imported global itself
    nested: list[bytes] = field(default_factory=list)  # bytes values that parse, whole, as a pickle
    error: str | None = None
    budget: str | None = None  # set when a budget stopped the walk (then ``error`` says so too): not fully analysed
    protocol: int | None = None
    ops: int = 0
    persistent_ids: int = 0
    end: int = 0
    built: list[tuple[object, object]] = field(default_factory=list)  # (object, state) of the last BUILD

    def add(self, glob: Global, how: str) -> None:
        self.imports.setdefault(glob.dotted, set()).add(how)


BuildHook = Callable[[object, object, PickleScan], None]


class BudgetExceeded(PickleError):
    """A hostile-input budget was reached: the stream was not analysed to its end."""


def scan_pickle(  # noqa: C901, PLR0912, PLR0915
    handle: BinaryIO,
    limit: int,
    on_build: BuildHook | None = None,
    *,
    build_for: frozenset[str] = frozenset(),
    max_ops: int = MAX_OPS,
    nested: bool = True,
) -> PickleScan:
    """Walk one pickle from the handle's position; stops at STOP, at ``limit``, at a budget or at the first malformed opcode.

    ``on_build(obj, state, result)`` runs after each BUILD of the result of a callable named in ``build_for`` (joblib
    streams raw array bytes right after its wrappers' BUILD); other BUILDs never expand or keep their state.
    ``nested=False`` does not look for pickles inside bytes values (used to check such a candidate)."""
    result = PickleScan()
    reader = OpReader(handle, limit, CHUNK)
    vm = Machine(result, reader, nested, build_for if on_build is not None else frozenset())
    stack, marks, memo, far = vm.stack, vm.marks, vm.memo, vm.far
    push, mark, memo_add = stack.append, marks.append, memo.append
    table = FAST_OPCODES
    buf, off, count = reader.buf, reader.off, 0
    rbuf = buf  # the reader's buffer that ``buf`` shows (``buf`` is a padded copy of it at the stream's end)
    blen = len(buf)  # real bytes in ``buf`` (padding not counted)
    counter = itertools.count(1)
    refills = 0
    extra = 0  # opcodes decoded in the turn of the opcode before them (a MEMOIZE after a string, BINGET runs)
    fast_end = -1  # opcodes at or before this offset have MARGIN bytes buffered: the inline paths need no bounds checks
    tail = False
    check_at = 0
    batch_after = 0  # no whole-batch try before this opcode count (after a failed one)
    keep_str: type | None = str  # None once the kept-strings budget is spent (new ones are memoised as DROPPED)
    step = vm.step
    _len, _type, _tuple, _float, _unknown, _global, _call, _i4, _u4 = len, type, tuple, FLOAT, UNKNOWN, Global, Call, _I4, _U4
    _dropped, _pending_key = DROPPED, PENDING
    try:
        # Opcodes are decoded inline, most frequent first (this loop is the scanner's hot path); rare ones go to vm.step.
        # Every inline branch keeps CPython's semantics for the stack, the MARK fence and the memo indices.
        for count in counter:
            if off > fast_end:
                if not tail:
                    reader.off = off
                    reader.fill(CHUNK)
                    rbuf = buf = reader.buf
                    off = reader.off
                    blen = len(buf)
                    fast_end = blen - MARGIN
                    tail = off > fast_end  # fewer than MARGIN bytes left before the limit: the rest goes the slow way
                    if tail and off < blen <= MARGIN + off and reader.base + blen >= reader.limit:
                        # The last bytes before the limit (a small pickle's last opcodes): a padded copy lets the inline
                        # paths take them. 0x00 is no opcode and never fused; an opcode that reads into the padding
                        # leaves ``off`` past ``blen``, and the next turn stops there (truncated) before another runs.
                        buf = buf + _PAD
                        fast_end = blen - 1
                    refills += 1  # a loop turn that was not an opcode
                    if count + extra >= check_at:
                        check_at = _check(vm, count + extra, max_ops, reader.base + off)
                        keep_str = str if vm.keep_strings else None
                    continue
                if off >= blen:
                    raise PickleError("truncated: no STOP opcode", reader.base + min(off, blen))
                op = buf[off]
            else:
                # Two-level dispatch (ASCII opcodes, then protocol 2+ ones), most frequent first. A MEMOIZE right after
                # a string, tuple or dict is done in the same turn (``extra`` counts such opcodes); with out-of-order
                # memo indices (``far``) every MEMOIZE takes the exact path below. MARGIN bytes are buffered after
                # ``off``, so a fixed-size opcode and the byte after it need no bounds check.
                op = buf[off]
                if op < 0x80:
                    if op == 0x68:  # BINGET, and the BINGETs right after it (dict keys)
                        while True:
                            try:
                                push(memo[buf[off + 1]])
                            except IndexError:
                                push(far.get(buf[off + 1], _unknown))
                            off += 2
                            if off > fast_end or buf[off] != 0x68:
                                break
                            extra += 1
                        continue
                    if op == 0x28:  # MARK; a batch of plain data items on a list (or a full dict) is walked whole
                        if stack and not far and count + extra >= batch_after and fast_end - off > BATCH_MIN_BYTES:
                            target = stack[-1]
                            if target is _unknown or (type(target) is dict and _len(target.get(_pending_key, ())) >= 256):
                                # APPENDS/SETITEMS on a list placeholder or on a dict that already parked 256 items
                                # (all BUILD ever expands) only pop the batch: its items are never read
                                done = walk_batch(buf, off + 1, fast_end + 1, _len(memo), keep_str is not None, _unknown, _dropped)
                                if done is not None:
                                    if done[0] < BATCH_COOLDOWN:  # small batches: the opcode path is as fast
                                        batch_after = count + extra + BATCH_COOLDOWN
                                    extra += done[0]
                                    off = done[1]
                                    memo.extend(done[2])
                                    continue
                                batch_after = count + extra + BATCH_COOLDOWN  # a failed try costs at most ~100 opcodes
                        mark(len(stack))
                        off += 1
                        continue
                    if op == 0x47:  # BINFLOAT (the value never matters)
                        push(_float)
                        off += 9
                        continue
                    if op == 0x4A:  # BININT
                        push(_i4(buf, off + 1)[0])
                        off += 5
                        continue
                    if op == 0x4E:  # NONE
                        push(None)
                        off += 1
                        continue
                    if op == 0x74 or op == 0x75 or op == 0x65:  # TUPLE, SETITEMS, APPENDS
                        if not marks:
                            raise PickleError("no MARK on the stack", reader.base + off)
                        m = marks.pop()
                        off += 1
                        if op == 0x74:
                            items = _tuple(stack[m:])
                            del stack[m:]
                            push(items)
                            if buf[off] == 0x94 and not far:
                                memo_add(_unknown)
                                off += 1
                                extra += 1
                            continue
                        if not m:
                            raise PickleError("no target below the MARK", reader.base + off - 1)
                        if isinstance(owner := stack[m - 1], Global):
                            vm.mutate(owner, "SETITEMS" if op == 0x75 else "APPENDS", reader.base + off - 1)
                        fuse = False  # a MARK right after a dict's SETITEMS is decoded in this turn; after APPENDS
                        if op == 0x75:  # or a full dict's SETITEMS it opens the next batch: the MARK branch sees it
                            target = stack[m - 1]
                            if type(target) is dict:  # pending(): park the items, up to 256
                                parked = target.get(_pending_key)
                                if parked is None:
                                    target[_pending_key] = stack[m:]
                                    fuse = True
                                elif _len(parked) < 256:
                                    parked.extend(stack[m:])
                                    fuse = True
                        del stack[m:]
                        if fuse and buf[off] == 0x28:  # MARK: the next item opens right away
                            mark(len(stack))
                            off += 1
                            extra += 1
                        continue
                    if op == 0x7D:  # EMPTY_DICT, and the MEMOIZE and MARK a pickler writes after it
                        push({})
                        off += 1
                        if buf[off] == 0x94 and not far:
                            memo_add(_unknown)
                            off += 1
                            extra += 1
                            if buf[off] == 0x28:
                                mark(len(stack))
                                off += 1
                                extra += 1
                        continue
                    if op == 0x4D:  # BININT2
                        push(buf[off + 1] | buf[off + 2] << 8)
                        off += 3
                        continue
                    if op == 0x4B:  # BININT1
                        push(buf[off + 1])
                        off += 2
                        continue
                    if op == 0x6A:  # LONG_BINGET
                        idx = _u4(buf, off + 1)[0]
                        off += 5
                        push(memo[idx] if idx < len(memo) else far.get(idx, _unknown))
                        continue
                    if op == 0x71 or op == 0x72:  # BINPUT, LONG_BINPUT
                        if op == 0x71:
                            idx = buf[off + 1]
                            off += 2
                        else:
                            idx = _u4(buf, off + 1)[0]
                            off += 5
                        if len(stack) <= (marks[-1] if marks else 0):
                            raise PickleError("PUT on an empty stack", reader.base + off)
                        x = stack[-1]
                        if idx == len(memo) and not far:  # the pickler's order: Machine.put, inline
                            t = _type(x)
                            if t is keep_str:
                                memo_add(x)
                            elif t is str or t is _global or t is _call:
                                memo_add(memo_value(x, keep_str is not None))
                            else:
                                memo_add(_unknown)
                        else:
                            vm.put(idx, x)
                        continue
                    if op == 0x58:  # BINUNICODE (protocols 1-3 write every string with it)
                        n = _u4(buf, off + 1)[0]
                        end = off + 5 + n
                        if end < blen and n <= BYTES_KEEP:  # longer ones: Skipped, as the reader does
                            text = buf[off + 5 : end].decode("utf-8", "surrogatepass")
                            push(text)
                            off = end
                            continue
                    elif op == 0x42 or op == 0x43:  # BINBYTES, SHORT_BINBYTES: raw array data is skipped in place
                        if op == 0x42:
                            n = _u4(buf, off + 1)[0]
                            start = off + 5
                        else:
                            n = buf[off + 1]
                            start = off + 2
                        # Only bytes held whole in the buffer whose first byte cannot open a pickle (looks_like_pickle
                        # is false for them): the reader would skip them too and push the same placeholder.
                        if start + n <= blen and buf[start] not in _PICKLE_FIRST:
                            push(_unknown)
                            off = start + n
                            continue
                    elif op == 0x63:  # GLOBAL (protocols 0-2: torch.save writes one per tensor), both lines in the buffer
                        nl1 = buf.find(b"\n", off + 1)
                        nl2 = buf.find(b"\n", nl1 + 1) if nl1 >= 0 else -1
                        if nl2 >= 0:
                            glob = _global(buf[off + 1 : nl1].decode("utf-8", "replace"), buf[nl1 + 1 : nl2].decode("utf-8", "replace"))
                            result.add(glob, "import")
                            push(glob)
                            off = nl2 + 1
                            continue
                    elif op == 0x52:  # REDUCE (the call is named by Machine.call, as in step)
                        if len(stack) - (marks[-1] if marks else 0) >= 2:
                            args = stack.pop()
                            func = stack.pop()
                            push(vm.call(func, args, reader.base + off))
                            off += 1
                            continue
                    elif op == 0x62:  # BUILD (one per array or object): the state is dropped unless a hook reads it
                        fence = marks[-1] if marks else 0
                        if len(stack) - fence >= 2 and (not vm.build_for or build_target(stack[-2]) not in vm.build_for):
                            stack.pop()
                            target = stack[-1]
                            if isinstance(target, Global):
                                result.add(target, "build")
                                vm.mutate(target, "BUILD", reader.base + off)
                            off += 1
                            continue
                    elif op == 0x51:  # BINPERSID (torch storages)
                        if len(stack) > (marks[-1] if marks else 0):
                            stack[-1] = _unknown
                            result.persistent_ids += 1
                            off += 1
                            continue
                    elif op == 0x5D or op == 0x29:  # EMPTY_LIST, EMPTY_TUPLE
                        push(_unknown if op == 0x5D else ())
                        off += 1
                        continue
                    if op == 0x61 or op == 0x73:  # APPEND, SETITEM
                        need = 2 if op == 0x61 else 3
                        if len(stack) - (marks[-1] if marks else 0) < need:
                            raise PickleError("APPEND/SETITEM on a short stack", reader.base + off)
                        if op == 0x73:
                            target = stack[-3]
                            if type(target) is dict:
                                pending(target, stack[-2:])
                            del stack[-2:]
                        else:
                            target = stack[-2]
                            stack.pop()
                        if type(target) is _global:
                            vm.mutate(target, "SETITEM" if op == 0x73 else "APPEND", reader.base + off)
                        off += 1
                        continue
                    if op == 0x2E:  # STOP
                        off += 1
                        break
                else:
                    if op == 0x94:  # MEMOIZE
                        if len(stack) <= (marks[-1] if marks else 0):
                            raise PickleError("PUT on an empty stack", reader.base + off)
                        x = stack[-1]
                        t = _type(x)
                        if far:
                            vm.put(len(memo) + len(far), x)
                        elif t is keep_str:
                            memo_add(x)
                        elif t is str or t is _global or t is _call:
                            memo_add(memo_value(x, keep_str is not None))
                        else:
                            memo_add(_unknown)
                        off += 1
                        continue
                    if op == 0x8C:  # SHORT_BINUNICODE
                        end = off + 2 + buf[off + 1]
                        if end < blen:
                            text = buf[off + 2 : end].decode("utf-8", "surrogatepass")
                            push(text)
                            if buf[end] == 0x94 and not far:
                                memo_add(text if keep_str is not None else _dropped)
                                off = end + 1
                                extra += 1
                            else:
                                off = end
                            continue
                    elif op == 0x88 or op == 0x89:  # NEWTRUE, NEWFALSE
                        push(op == 0x88)
                        off += 1
                        continue
                    elif op == 0x87 or op == 0x86 or op == 0x85:  # TUPLE3, TUPLE2, TUPLE1
                        n = op - 0x84
                        if len(stack) - (marks[-1] if marks else 0) < n:
                            raise PickleError("TUPLE on a short stack", reader.base + off)
                        items = _tuple(stack[-n:])
                        del stack[-n:]
                        push(items)
                        off += 1
                        if buf[off] == 0x94 and not far:
                            memo_add(_unknown)
                            off += 1
                            extra += 1
                        continue
                    elif op == 0x95:  # FRAME: a length prefix; the opcodes inside continue the stream
                        off += 9
                        continue
                    elif op == 0x90:  # ADDITEMS
                        if not marks:
                            raise PickleError("no MARK on the stack", reader.base + off)
                        m = marks.pop()
                        if not m:
                            raise PickleError("no target below the MARK", reader.base + off)
                        if isinstance(owner := stack[m - 1], Global):
                            vm.mutate(owner, "ADDITEMS", reader.base + off)
                        del stack[m:]
                        off += 1
                        continue
            if op == 0x2E:  # STOP (reached here near the end of the buffer)
                off += 1
                break
            spec = table.get(op)
            if spec is None:
                raise PickleError(f"unknown opcode 0x{op:02x}", reader.base + off)
            pos = reader.base + off
            reader.off = off + 1
            name, kind, fixed, size = spec
            if fixed is not None:
                arg: object = fixed.unpack(reader.take(size, pos))[0]
            elif kind[:1] == "b":  # bytes: raw tensor data is skipped unless it starts like a pickle
                arg = reader.bytes_arg(kind, pos, looks_like_pickle, NESTED_CAP if nested else 0)
            elif kind:
                arg = reader.arg(kind, pos)
            else:
                arg = None
            step(name, arg, pos)
            if on_build is not None and op == 0x62 and result.built:
                obj, state = result.built.pop()
                reader.release()
                on_build(obj, state, result)
                reader.resume()
            if count + extra >= check_at:
                check_at = _check(vm, count + extra, max_ops, pos)
                keep_str = str if vm.keep_strings else None
            if reader.buf is not rbuf:  # the reader refilled, seeked or was resumed: look at the buffer again
                tail = False
            rbuf = buf = reader.buf
            off = reader.off
            blen = len(buf)
            fast_end = -1 if tail else blen - MARGIN
    except BudgetExceeded as exc:
        result.error = result.budget = str(exc)
    except PickleError as exc:
        result.error = str(exc)
    except (IndexError, KeyError, TypeError, ValueError, OverflowError, struct.error) as exc:
        result.error = f"inconsistent stack: {exc.__class__.__name__}"
    finally:
        if reader.buf is rbuf:  # the loop keeps the position in a local; the reader's is newer after its own refill
            reader.off = max(reader.off, min(off, blen))
    result.ops = count - refills + extra
    result.end = reader.tell()
    handle.seek(result.end)
    return result


def _check(vm: Machine, count: int, max_ops: int, pos: int) -> int:
    """Budgets, checked every CHECK_EVERY opcodes and at each buffer refill; returns the next opcode count to check at."""
    if count >= max_ops:
        raise BudgetExceeded(f"opcode budget reached ({max_ops:,} opcodes)", pos)
    if len(vm.stack) + len(vm.marks) > MAX_STACK:
        raise BudgetExceeded(f"stack budget reached ({MAX_STACK:,} items)", pos)
    if len(vm.memo) + len(vm.far) > MAX_MEMO:
        raise BudgetExceeded(f"memo budget reached ({MAX_MEMO:,} entries)", pos)
    vm.account()
    return count + CHECK_EVERY
