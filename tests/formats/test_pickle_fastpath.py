"""The walker's inline fast paths agree with its opcode-by-opcode machine on random and hostile opcode streams."""

from __future__ import annotations

import io
import pickle
import pickletools
import struct

from hypothesis import given, settings
from hypothesis import strategies as st

from scanner.formats.pickle_ops import OpReader, PickleError, Skipped
from scanner.formats.pickle_steps import NESTED_CAP, Machine, looks_like_pickle
from scanner.formats.pickle_vm import PickleScan, scan_pickle

_NAMES = ("os", "system", "builtins", "eval", "getattr", "posix", "collections", "OrderedDict", "x" * 70)
_BYTES = (b"", b"b", b"\x80\x02K\x01.", b"(lp0\n.", b"cos\nsystem\n(S'id'\ntR.", b"\x00" * 40 + b"cos\nsystem\n", bytes(range(255)))


def _op() -> st.SearchStrategy[bytes]:
    u32 = st.integers(0, 40).map(lambda i: struct.pack("<I", i))
    return st.one_of(
        st.sampled_from([bytes([c]) for c in b"(t\x85\x86\x87}])ue\x90sa0\x94N\x88\x89\x93Rb2Q"]),  # no-argument opcodes
        st.integers(0, 12).map(lambda i: b"q" + bytes([i])),
        st.integers(0, 12).map(lambda i: b"h" + bytes([i])),
        u32.map(lambda p: b"r" + p),
        u32.map(lambda p: b"j" + p),
        st.integers(-(2**31), 2**31 - 1).map(lambda i: b"J" + struct.pack("<i", i)),
        st.integers(0, 255).map(lambda i: b"K" + bytes([i])),
        st.integers(0, 65535).map(lambda i: b"M" + struct.pack("<H", i)),
        st.floats(allow_nan=False).map(lambda f: b"G" + struct.pack(">d", f)),
        st.sampled_from(_NAMES).map(lambda n: b"\x8c" + bytes([len(n)]) + n.encode()),
        st.sampled_from(_NAMES).map(lambda n: b"\x8c" + bytes([len(n)]) + n.encode() + b"\x94"),  # the pickler's pair
        st.sampled_from([b"}\x94(", b"t\x94", b"u(", b"e("]),  # pairs the loop decodes in one turn
        st.sampled_from(_NAMES).map(lambda n: b"X" + struct.pack("<I", len(n)) + n.encode()),
        st.sampled_from(_BYTES).map(lambda d: b"C" + bytes([len(d)]) + d),
        st.sampled_from(_BYTES).map(lambda d: b"B" + struct.pack("<I", len(d)) + d),
        st.sampled_from([b"cos\nsystem\n", b"cbuiltins\ngetattr\n"]),
        st.integers(0, 2**40).map(lambda n: b"\x95" + struct.pack("<Q", n)),
    )


def _reference(data: bytes) -> PickleScan:
    """Every opcode through ``Machine.step`` (no inline paths), arguments decoded by pickletools."""
    result = PickleScan()
    vm = Machine(result, OpReader(io.BytesIO(data), len(data)))
    try:
        for op, arg, pos in pickletools.genops(data):
            name = op.name
            if name == "STOP":
                break
            if name in ("BINBYTES", "SHORT_BINBYTES"):
                raw = bytes(arg)  # type: ignore[arg-type]
                arg = raw if len(raw) <= NESTED_CAP and looks_like_pickle(raw[:256]) else Skipped(len(raw), "b")
            elif name == "GLOBAL":
                module, _, qual = str(arg).partition(" ")
                arg = (module, qual)
            vm.step(name, arg, pos)
    except (PickleError, ValueError, IndexError, KeyError, TypeError, OverflowError, struct.error) as exc:
        result.error = str(exc) or exc.__class__.__name__
    return result


def _same(data: bytes) -> None:
    ours = scan_pickle(io.BytesIO(data), len(data))
    ref = _reference(data)
    assert ours.imports == ref.imports, (data, ours.imports, ref.imports)
    assert ours.dynamic == ref.dynamic, (data, ours.dynamic, ref.dynamic)
    assert ours.nested == ref.nested
    assert (ours.error is None) == (ref.error is None), (data, ours.error, ref.error)


@settings(max_examples=600, deadline=None)
@given(st.lists(_op(), max_size=60), st.booleans(), st.integers(0, 12))
def test_fast_paths_match_the_step_machine(ops: list[bytes], stop: bool, cut: int) -> None:
    data = b"\x80\x04" + b"".join(ops) + (b"." if stop else b"")
    _same(data)
    if cut and len(data) > cut:
        _same(data[:-cut])  # truncated streams, opcodes cut inside their arguments


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(-5, 300), st.floats(allow_nan=False), st.text(max_size=6), st.booleans()), max_size=60), st.integers(2, 5))
def test_real_data_pickles_match_the_step_machine(rows: list[tuple[int, float, str, bool]], protocol: int) -> None:
    obj = [{"id": i, "x": f, "s": s, "ok": ok} if ok else (i, f, s, None) for i, f, s, ok in rows]
    data = pickle.dumps(obj, protocol=protocol)
    _same(data)
    ours = scan_pickle(io.BytesIO(data), len(data))
    assert ours.error is None and ours.ops == sum(1 for _ in pickletools.genops(data))


def _p4(body: bytes) -> bytes:
    return b"\x80\x04" + body + b"."


def test_bytes_that_hide_a_global_are_skipped_and_the_global_after_them_is_seen() -> None:
    blob = b"\x00" + b"cos\nsystem\n" * 20  # not a pickle opening: data, skipped whole (no opcode inside is read)
    data = _p4(b"B" + struct.pack("<I", len(blob)) + blob + b"0" + b"cposix\nsystem\n" + b"0")
    result = scan_pickle(io.BytesIO(data), len(data))
    assert result.error is None and result.imports == {"posix.system": {"import"}}


def test_bytes_that_are_a_pickle_are_still_checked_as_one() -> None:
    inner = pickle.dumps(1, protocol=2)[:-1] + b"cos\nsystem\n."
    data = _p4(b"B" + struct.pack("<I", len(inner)) + inner + b"0" + b"N" * 20)
    result = scan_pickle(io.BytesIO(data), len(data))
    assert result.nested == [inner]


def test_bogus_bytes_length_is_an_error_not_a_skip() -> None:
    data = _p4(b"N" * 20 + b"B" + struct.pack("<I", 10_000) + b"\x00" * 50 + b"cos\nsystem\n")
    result = scan_pickle(io.BytesIO(data), len(data))
    assert result.error is not None and "truncated" in result.error


def test_frame_with_a_bogus_length_does_not_hide_what_follows() -> None:
    data = _p4(b"\x95" + struct.pack("<Q", 2**60) + b"N0" * 10 + b"\x8c\x02os\x94\x8c\x06system\x94\x93")
    result = scan_pickle(io.BytesIO(data), len(data))
    assert result.imports == {"os.system": {"import"}}


def test_fused_memoize_follows_out_of_order_memo_indices() -> None:
    """A LONG_BINPUT far ahead makes MEMOIZE's index len(memo) + len(far): the string lands there, as in CPython."""
    body = b"N" + b"r" + struct.pack("<I", 1000) + b"0" + b"\x8c\x02os\x94" + b"0" + b"\x8c\x06system\x94" + b"0"
    body += b"N" * 12 + b"0" * 12 + b"h\x01h\x02\x93"  # indices 1 and 2: memo_len counted the far entry
    data = _p4(body)
    result = scan_pickle(io.BytesIO(data), len(data))
    assert result.imports == {"os.system": {"import"}}
    assert pickle.loads(b"\x80\x04" + body[:-1].replace(b"h\x01h\x02", b"h\x01") + b".") == "os"


def test_memo_strings_of_a_dense_batch_resolve_later() -> None:
    """Strings memoised in the fused fast path (string + MEMOIZE in one turn) keep their exact memo index."""
    rows = [(i, i * 0.5, "os" if i == 1500 else "system" if i == 2500 else f"n{i}", None) for i in range(3000)]
    data = pickle.dumps(rows, protocol=4)[:-1]
    index, where, previous = 0, {}, None
    for op, arg, _ in pickletools.genops(data + b"."):
        if op.name == "MEMOIZE":
            if previous in ("os", "system"):
                where[previous] = index
            index += 1
        previous = arg if op.name == "SHORT_BINUNICODE" else None
    data += b"0" + b"j" + struct.pack("<I", where["os"]) + b"j" + struct.pack("<I", where["system"]) + b"\x93" + b"N" * 10 + b"0" * 10 + b"."
    result = scan_pickle(io.BytesIO(data), len(data))
    assert result.error is None and result.imports == {"os.system": {"import"}}
