"""Whole batches of plain data (``MARK item... APPENDS``) walked by compiled ``re`` matches instead of opcode by opcode.

A pickled list, set or dict of plain records is written as batches of up to 1,000 items between a MARK and an
APPENDS (or SETITEMS). When every item of a batch is a scalar (numbers, None, booleans, strings of at most
``MAX_STR`` bytes, memo reads) or a container of them (tuples, dicts, lists; one level), the batch has no effect
on the walk except its memo writes and its opcode count: each item is pushed, the APPENDS pops them all, and no
opcode in it can fail (except a string that is not UTF-8, checked here), import or call.

``walk_batch`` finds such a batch and returns what it does: how many opcodes, where it ends, the memo values it
writes (strings, or UNKNOWN for containers, in order). Records repeat, so most of a batch is matched by a *template*:
the exact opcode layout of a few items (every opcode byte and every string length literal, arguments as ``.{n}``),
learned from the first items by a small tokenizer, checked once against the item grammar, compiled, and then matched
as ``(?:template)++`` in C; the opcode count is repetitions x opcodes per template and the memo strings are sliced
at known offsets. The rest of the batch (records whose layout changed) is checked by the item grammar (``_grammar``, compiled on first use) and counted by a
Python tokenizer. Anything else — a GLOBAL, REDUCE, BUILD, a long string, a BINPUT out of order, bytes, a batch
that does not end within the buffered bytes — returns None and the walker goes opcode by opcode, as before."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain, repeat

MAX_STR = 48  # SHORT_BINUNICODE / BINUNICODE lengths accepted in a batch (longer strings take the opcode path)
_LEARN = 96  # opcodes the template tokenizer reads (two periods of at most 48 opcodes)
_MIN_REPS = 2


def _strings() -> bytes:
    short = b"|".join(re.escape(bytes([n])) + (b".{%d}" % n if n else b"") for n in range(MAX_STR + 1))
    long4 = b"|".join(re.escape(n.to_bytes(4, "little")) + (b".{%d}" % n if n else b"") for n in range(MAX_STR + 1))
    return b"\\x8c(?:" + short + b")|X(?:" + long4 + b")"


_F = rb"(?:\x95.{8})?+"  # a FRAME may start before any opcode that follows a complete object
_PUT = rb"(?:\x94|q.|r....)"  # MEMOIZE, BINPUT, LONG_BINPUT (the index is checked when the batch is walked)
_SCALAR = rb"h.|J....|K.|G.{8}|N|\x88|\x89|M..|j....|(?:" + _strings() + rb")" + _PUT + rb"?+"


def _run(atom: bytes) -> bytes:
    """A run of atoms, optionally closed by TUPLE1/2/3 over its own last atoms (only when the run has enough)."""
    a = b"(?:" + _F + b"(?:" + atom + b"))"
    tup = _F + rb"[\x85-\x87]" + _PUT + rb"?+"
    two = _F + rb"[\x85\x86]" + _PUT + rb"?+"
    one = _F + rb"\x85" + _PUT + rb"?+"
    return a + b"(?:" + a + b"(?:" + a + b"++(?:" + tup + b")?+|" + two + b")?+|" + one + b")?+"


def _containers(items: bytes) -> bytes:
    e = b"(?:" + items + b")*+" + _F
    return (
        rb"\(" + e + rb"t" + _PUT + rb"?+"  # MARK ... TUPLE
        + rb"|\}" + _PUT + rb"?+(?:" + _F + rb"\(" + e + rb"u)*+"  # EMPTY_DICT, SETITEMS batches
        + rb"|\]" + _PUT + rb"?+(?:" + _F + rb"\(" + e + rb"e)*+"  # EMPTY_LIST, APPENDS batches
        + rb"|\)" + _PUT + rb"?+"  # EMPTY_TUPLE
    )


# Items: runs of scalars (with TUPLE1/2/3 over them), and containers of such runs (one level: records of scalars).
_RUN0 = _run(_SCALAR)
_ITEM = _RUN0 + b"|" + _F + b"(?:" + _containers(_RUN0) + b")"
_GRAMMAR: list[re.Pattern[bytes]] = []


def _grammar() -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """ITEMS (whole, self-contained items) and BATCH_TAIL (items, then the batch's APPENDS/SETITEMS), compiled on
    first use (a few tens of KB of pattern: not at import)."""
    if len(_GRAMMAR) < 2:
        _GRAMMAR[:] = [re.compile(rb"(?s:(?:" + _ITEM + rb")*+)"), re.compile(rb"(?s:(?:" + _ITEM + rb")*+" + _F + rb"[eu])")]
    return _GRAMMAR[0], _GRAMMAR[1]


_FLAT: list[re.Pattern[bytes]] = []


def _plausible(buf: bytes, p: int, stop: int) -> bool:
    """Cheap pre-check before the item grammar: the opcodes from ``p`` are grammar opcodes up to an APPENDS or
    SETITEMS (a batch of arrays or objects stops at its first GLOBAL or REDUCE: no grammar compiled for it)."""
    if not _FLAT:
        _FLAT.append(re.compile(rb"(?s:(?:" + _F + rb"(?:" + _SCALAR + rb"|[()}\]\x85-\x87t]|" + _PUT + rb"))*+)"))
    m = _FLAT[0].match(buf, p, stop)
    return m is not None and m.end() < stop and buf[m.end()] in b"eu"


# opcode byte -> length of the whole opcode, for the fixed-size opcodes of the grammar (0: not one of them)
_LEN = bytearray(256)
for _op, _n in {b"(": 1, b"t": 1, b"u": 1, b"e": 1, b"}": 1, b"]": 1, b")": 1, b"N": 1, b"\x88": 1, b"\x89": 1,
                b"\x85": 1, b"\x86": 1, b"\x87": 1, b"h": 2, b"K": 2, b"M": 3, b"J": 5, b"j": 5, b"G": 9, b"\x95": 9}.items():
    _LEN[_op[0]] = _n
LEN = bytes(_LEN)
_PUTS = (0x94, 0x71, 0x72)
_PUT_LEN = {0x94: 1, 0x71: 2, 0x72: 5}

# A template: the compiled ``(?:layout)++``, its length in bytes, its opcodes, and its memo writes in order as
# (string offset or -1 for a container, string length, put opcode or 0, put offset); strings without a put are only checked.
Slot = tuple[int, int, int, int]
Template = tuple["re.Pattern[bytes]", "re.Pattern[bytes]", int, int, tuple[Slot, ...]]
_TEMPLATES: dict[bytes, Template | None] = {}  # layout -> template (None: not whole items)
_last: Template | None = None  # the template of the previous batch: most batches of a pickle have the same records


def _tokens(buf: bytes, p: int, end: int, limit: int) -> tuple[list[tuple[int, int, int]], list[int]]:
    """Up to ``limit`` opcodes from ``p`` as (start, opcode, string length or -1), and the counts of opcodes after
    which every MARK opened since ``p`` is closed again (where a run of whole items can end); stops at anything
    outside the grammar and at the batch's own APPENDS/SETITEMS."""
    out: list[tuple[int, int, int]] = []
    closed: list[int] = []
    length = LEN
    depth = 0
    while p < end and len(out) < limit:
        op = buf[p]
        step = length[op]
        if step:
            if op == 0x28:
                depth += 1
            elif op == 0x74 or op == 0x75 or op == 0x65:
                depth -= 1
                if depth < 0:  # the batch's own APPENDS/SETITEMS: items end here
                    break
            out.append((p, op, -1))
            p += step
        elif op == 0x8C or op == 0x58:
            if op == 0x8C:
                n, head = buf[p + 1] if p + 1 < end else MAX_STR + 1, 2
            else:
                n, head = int.from_bytes(buf[p + 1 : p + 5], "little") if p + 5 <= end else MAX_STR + 1, 5
            if n > MAX_STR:
                break
            out.append((p, op, n))
            p += head + n
        elif op in _PUT_LEN:
            out.append((p, op, -1))
            p += _PUT_LEN[op]
        else:
            break
        if not depth:
            closed.append(len(out))
    if p > end and out:
        out.pop()
    return out, closed


def _learn(buf: bytes, p: int, end: int) -> Template | None:
    """The shortest run of whole items from ``p`` whose exact layout repeats right after it, as a template."""
    toks, closed = _tokens(buf, p, end, _LEARN)
    count = len(toks)
    layout = [(op, n) for _, op, n in toks]
    for k in closed:
        if 2 * k > count:
            break
        if layout[:k] != layout[k : 2 * k]:
            continue
        size = toks[k][0] - p
        key = bytes(op for op, _ in layout[:k]) + b"|" + ",".join(str(n) for _, n in layout[:k]).encode()
        if key in _TEMPLATES:
            cached = _TEMPLATES[key]
            if cached is not None:
                return cached
            continue
        if _grammar()[0].fullmatch(buf, p, p + size) is None:  # must be whole, self-contained items (checked once per layout)
            _remember(key, None)
            continue
        return _compile(buf, key, toks[:k], p, size)
    return None


def _remember(key: bytes, template: Template | None) -> None:
    if len(_TEMPLATES) > 512:
        _TEMPLATES.clear()
    _TEMPLATES[key] = template


def _compile(buf: bytes, key: bytes, toks: list[tuple[int, int, int]], p: int, size: int) -> Template:
    parts: list[bytes] = []
    slots: list[Slot] = []
    ends = [start for start, _, _ in toks[1:]] + [p + size]
    previous_string: tuple[int, int] | None = None
    for (start, op, n), stop in zip(toks, ends, strict=True):
        parts.append(re.escape(bytes([op])))
        if n >= 0:  # a string: its length is part of the layout, its bytes are not
            head = 2 if op == 0x8C else 5
            parts.append(re.escape(buf[start + 1 : start + head]) + (b".{%d}" % n if n else b""))
            if previous_string is not None:
                slots.append((previous_string[0], previous_string[1], 0, 0))
            previous_string = (start + head - p, n)
            continue
        if stop - start > 1:
            parts.append(b".{%d}" % (stop - start - 1))
        if op in _PUT_LEN:
            if previous_string is not None:  # the put right after a string memoises the string
                slots.append((previous_string[0], previous_string[1], op, start - p))
                previous_string = None
            else:  # after a container (the item grammar allows no other place)
                slots.append((-1, 0, op, start - p))
            continue
        if previous_string is not None:
            slots.append((previous_string[0], previous_string[1], 0, 0))
            previous_string = None
    if previous_string is not None:
        slots.append((previous_string[0], previous_string[1], 0, 0))
    # ``framed``: one repetition with FRAMEs between any of its opcodes (the same items; counted by ``_count``)
    framed = re.compile(b"(?s:" + b"".join(_F + part if part[:1] != b"." else part for part in parts) + b")")
    template: Template = (re.compile(b"(?s:(?:" + b"".join(parts) + b")++)"), framed, size, len(toks), tuple(slots))
    _remember(key, template)
    return template


def _memo(buf: bytes, at: int, size: int, reps: int, slots: tuple[Slot, ...], memo_len: int, new: list[object],
          keep: bool, unknown: object, dropped: object) -> bool:
    """Append the memo writes of ``reps`` repetitions of a template at ``at``; False when one is not as the walk would do."""
    stop = at + reps * size
    if all(put == 0x94 or not put for _, _, put, _ in slots):  # protocol 4+: MEMOIZE only, one column per memo write
        columns: list[Iterable[object]] = []
        for off, n, put, _ in slots:
            if off >= 0:
                try:
                    texts = [buf[b : b + n].decode("utf-8", "surrogatepass") for b in range(at + off, stop, size)]
                except UnicodeDecodeError:
                    return False
                if put:
                    columns.append(texts if keep else repeat(dropped, reps))
            else:
                columns.append(repeat(unknown, reps))
        if columns:
            new.extend(columns[0] if len(columns) == 1 else chain.from_iterable(zip(*columns, strict=True)))
        return True
    add = new.append
    for base in range(at, stop, size):
        for off, n, put, put_off in slots:
            value: object = unknown
            if off >= 0:
                try:
                    value = buf[base + off : base + off + n].decode("utf-8", "surrogatepass")
                except UnicodeDecodeError:
                    return False
                if not put:
                    continue
                if not keep:
                    value = dropped
            if put != 0x94:
                q = base + put_off
                idx = buf[q + 1] if put == 0x71 else int.from_bytes(buf[q + 1 : q + 5], "little")
                if idx != memo_len + len(new):
                    return False
            add(value)
    return True


def _count(buf: bytes, start: int, end: int, memo_len: int, new: list[object], keep: bool, unknown: object, dropped: object) -> int | None:  # noqa: C901
    """Opcodes in ``buf[start:end]`` (checked by BATCH_TAIL), appending its memo writes; None as in ``_memo``."""
    add = new.append
    n = 0
    p = start
    length = LEN
    while p < end:
        step = length[buf[p]]
        if step:  # fixed-size opcodes: most of them
            p += step
            n += 1
            continue
        op = buf[p]
        if op == 0x8C or op == 0x58:  # a string, and the MEMOIZE/BINPUT right after it
            if op == 0x8C:
                q = p + 2 + buf[p + 1]
                p += 2
            else:
                q = p + 5 + int.from_bytes(buf[p + 1 : p + 5], "little")
                p += 5
            try:
                text: object = buf[p:q].decode("utf-8", "surrogatepass")
            except UnicodeDecodeError:
                return None
            op = buf[q]
            if op == 0x94 or op == 0x71 or op == 0x72:
                if op != 0x94:
                    idx = buf[q + 1] if op == 0x71 else int.from_bytes(buf[q + 1 : q + 5], "little")
                    if idx != memo_len + len(new):
                        return None
                q += _PUT_LEN[op]
                add(text if keep else dropped)
                n += 1
            p = q
        else:  # MEMOIZE, BINPUT, LONG_BINPUT after a container: the memo keeps a placeholder
            if op != 0x94:
                idx = buf[p + 1] if op == 0x71 else int.from_bytes(buf[p + 1 : p + 5], "little")
                if idx != memo_len + len(new):
                    return None
            add(unknown)
            p += _PUT_LEN[op]
        n += 1
    return n


def walk_batch(buf: bytes, start: int, stop: int, memo_len: int, keep: bool, unknown: object, dropped: object) -> tuple[int, int, list[object]] | None:
    """The batch whose items start at ``start`` (right after its MARK), if it is plain data that ends, with its
    APPENDS/SETITEMS, before ``stop``: (opcodes after the MARK, offset after the batch, memo writes in order)."""
    if not _plausible(buf, start, stop):
        return None
    new: list[object] = []
    ops = 0
    p = start
    global _last
    template = _last if _last is not None and _last[0].match(buf, p, stop) is not None else _learn(buf, p, stop)
    while template is not None:
        _last = template
        pattern, framed, size, per, slots = template
        m = pattern.match(buf, p, stop)
        reps = (m.end() - p) // size if m is not None else 0
        if reps:
            if slots and not _memo(buf, p, size, reps, slots, memo_len, new, keep, unknown, dropped):
                return None
            ops += reps * per
            p += reps * size
        m = framed.match(buf, p, stop)  # the same items with a FRAME among them (the pickler's 64 KB frames)
        if m is not None:
            counted = _count(buf, p, m.end(), memo_len, new, keep, unknown, dropped)
            if counted is None:
                return None
            ops += counted
            p = m.end()
            continue
        template = _learn(buf, p, stop) if buf[p] not in b"eu" else None
    if not _plausible(buf, p, stop):
        return None
    tail = _grammar()[1].match(buf, p, stop)
    if tail is None:
        return None
    end = tail.end()
    counted = _count(buf, p, end, memo_len, new, keep, unknown, dropped)
    if counted is None:
        return None
    return ops + counted, end, new
