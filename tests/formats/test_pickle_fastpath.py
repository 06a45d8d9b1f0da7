"""The walker's inline fast paths agree with its opcode-by-opcode machine on random and hostile opcode streams."""

from __future__ import annotations

import io
import pickle
import pickletools
import random
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanner.formats import pickle_batch, pickle_vm
from scanner.formats.pickle_ops import OpReader, PickleError, Skipped
from scanner.formats.pickle_steps import NESTED_CAP, Machine, looks_like_pickle
from scanner.formats.pickle_vm import PickleScan, scan_pickle


@pytest.fixture(autouse=True, scope="module")
def _batches_in_small_streams() -> object:
    """Whole-batch tries need 2 KB buffered ahead; here every stream tries them (the walk must not change)."""
    saved = pickle_vm.BATCH_MIN_BYTES
    pickle_vm.BATCH_MIN_BYTES = 0
    yield
    pickle_vm.BATCH_MIN_BYTES = saved


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
            elif name in ("GLOBAL", "INST"):
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


# --- whole batches (pickle_batch): templates of repeated records, the checked tail, and everything that must refuse ---

_ALPHABET = b"osystemabcdOSYZ_."


class _Render:
    """Renders a record layout into bytes again and again (same layout, fresh argument bytes), tracking memo indices."""

    def __init__(self, rnd: random.Random, hostile: bool) -> None:
        self.rnd, self.hostile, self.memo = rnd, hostile, 1  # the top-level list's MEMOIZE is index 0

    def put(self, kind: str) -> bytes:
        if not kind:
            return b""
        idx = self.memo
        self.memo += 1
        if self.hostile and self.rnd.random() < 0.02:
            idx += self.rnd.choice([1, -1, 300])  # out of order: the batch path must refuse, the walk decide
        if kind == "m":
            return b"\x94"
        if kind == "q":
            return b"q" + bytes([idx % 256])
        return b"r" + struct.pack("<I", max(idx, 0))

    def text(self, n: int) -> bytes:
        data = bytes(self.rnd.choice(_ALPHABET) for _ in range(n))
        if self.hostile and n and self.rnd.random() < 0.02:
            data = data[:-1] + self.rnd.choice([b"\xff", b"\xc3", b"\xed"])  # not UTF-8 (\xed: maybe a surrogate)
        return data

    def item(self, spec: tuple) -> bytes:  # type: ignore[type-arg]
        rnd, kind = self.rnd, spec[0]
        out = b""
        if self.hostile and rnd.random() < 0.01:
            out += b"\x95" + struct.pack("<Q", rnd.randrange(1 << 20))  # a FRAME before any item
        if kind in "hK":
            return out + kind.encode() + bytes([rnd.randrange(12 if kind == "h" else 256)])
        if kind == "j":
            return out + b"j" + struct.pack("<I", rnd.randrange(12))
        if kind == "M":
            return out + b"M" + struct.pack("<H", rnd.randrange(65536))
        if kind == "J":
            return out + b"J" + struct.pack("<i", rnd.randrange(-(2**31), 2**31))
        if kind == "G":
            return out + b"G" + struct.pack(">d", rnd.random())
        if kind in ("N", "\x88", "\x89"):
            return out + kind.encode("latin-1")
        if kind in ("s", "X"):
            n = spec[1]
            head = b"\x8c" + bytes([n]) if kind == "s" else b"X" + struct.pack("<I", n)
            return out + head + self.text(n) + self.put(spec[2])
        body = b"".join(self.item(s) for s in spec[1])
        if kind == "t":
            return out + b"(" + body + b"t" + self.put(spec[2])
        if kind == "d":
            return out + b"}" + self.put(spec[2]) + b"(" + body + b"u"
        if kind == "l":
            return out + b"]" + self.put(spec[2]) + b"(" + body + b"e"
        if kind == "n":  # TUPLE1/2/3 over its own items
            return out + body + bytes([0x84 + len(spec[1])]) + self.put(spec[2])
        return out + b")" + self.put(spec[2])


def _layout(depth: int = 0) -> st.SearchStrategy[tuple]:  # type: ignore[type-arg]
    put = st.sampled_from(["", "m", "m", "q", "r"])
    scalar = st.one_of(
        st.sampled_from([("h",), ("K",), ("M",), ("J",), ("G",), ("N",), ("\x88",), ("\x89",), ("j",)]),
        st.tuples(st.just("s"), st.sampled_from([0, 1, 2, 5, 47, 48, 49, 60]), put),
        st.tuples(st.just("X"), st.sampled_from([0, 3, 48, 49]), put),
    )
    if depth >= 3:
        return scalar
    inner = st.lists(_layout(depth + 1), max_size=4).map(tuple)
    return st.one_of(
        scalar,
        st.tuples(st.sampled_from(["t", "d", "l"]), inner, put),
        st.tuples(st.just("n"), st.lists(_layout(depth + 1), min_size=1, max_size=3).map(tuple), put),
        st.tuples(st.just(")"), st.just(()), put),
    )


def _plain(data: bytes) -> PickleScan:
    """The walk with whole-batch matching switched off (every opcode through the inline paths and ``step``)."""
    saved = pickle_vm.walk_batch
    pickle_vm.walk_batch = lambda *args: None  # type: ignore[assignment]
    try:
        return scan_pickle(io.BytesIO(data), len(data))
    finally:
        pickle_vm.walk_batch = saved


def _identical(data: bytes, reference: bool = True) -> None:
    ours, plain = scan_pickle(io.BytesIO(data), len(data)), _plain(data)
    for name in ("imports", "dynamic", "nested", "error", "budget", "ops", "end", "persistent_ids", "protocol"):
        assert getattr(ours, name) == getattr(plain, name), (name, data, getattr(ours, name), getattr(plain, name))
    assert repr(ours.built) == repr(plain.built)
    if reference:  # pickletools decodes INST/GLOBAL lines of garbage bytes differently: only for aligned streams
        _same(data)


def _probes(rnd: random.Random, memo: int) -> bytes:
    """Memo reads fed to STACK_GLOBAL: any difference in what the memo kept shows in imports or dynamic."""
    out = b""
    for _ in range(6):
        a, b = rnd.randrange(memo + 2), rnd.randrange(memo + 2)
        out += b"j" + struct.pack("<I", a) + b"j" + struct.pack("<I", b) + b"\x93" + b"0"
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_layout(), min_size=1, max_size=5),
    st.integers(1, 40),
    st.integers(1, 3),
    st.randoms(use_true_random=False),
    st.booleans(),
    st.lists(_op(), max_size=3),
    st.integers(0, 30),
)
def test_batches_match_the_plain_walk(record: list, reps: int, batches: int, rnd: random.Random, hostile: bool, noise: list[bytes], cut: int) -> None:  # type: ignore[type-arg]
    render = _Render(rnd, hostile)
    body = b""
    aligned = True
    for _ in range(batches):
        parts = [render.item(spec) for _ in range(reps) for spec in record]
        if hostile and noise and rnd.random() < 0.5:  # a foreign opcode between two items
            parts.insert(rnd.randrange(len(parts) + 1), rnd.choice(noise))
        items = b"".join(parts)
        if hostile and noise and rnd.random() < 0.3:  # or anywhere, inside an opcode's argument too
            at = rnd.randrange(len(items) + 1)
            items = items[:at] + rnd.choice(noise) + items[at:]
            aligned = False
        body += b"(" + items + (b"e" if not hostile or rnd.random() < 0.9 else rnd.choice([b"u", b"t", b"\x86", b"0", b""]))
    data = b"\x80\x04]\x94" + body + _probes(rnd, render.memo) + b"."
    _identical(data, aligned)
    if cut and len(data) > cut:
        _identical(data[:-cut], aligned)


def test_batch_paths_across_chunk_borders(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small refills put batch ends, strings and FRAMEs across buffer borders: the walk is the same."""
    rows = [{"id": i, "x": i * 0.5, "tag": f"t{i % 7}", "ok": True} if i % 2 else (i, f"n{i}", None) for i in range(5000)]
    data = pickle.dumps(rows, protocol=4)
    for chunk in (97, 1000, 4096, 1 << 20):
        monkeypatch.setattr(pickle_vm, "CHUNK", chunk)
        _identical(data)
        _identical(data[: len(data) // 2])


def test_real_records_of_every_protocol_take_the_batch_path() -> None:
    rows = [(i, i * 0.5, f"n{i}", None) if i % 2 else {"id": i, "s": "ab" * (i % 30), "v": [i, -i], "t": (i,)} for i in range(6000)]
    for protocol in (1, 2, 3, 4, 5):
        data = pickle.dumps(rows, protocol=protocol)
        _identical(data)
        probe = data[:-1] + b"0" + b"j" + struct.pack("<I", 3) + b"j" + struct.pack("<I", 5) + b"\x93."
        _identical(probe)
    calls = []
    saved = pickle_vm.walk_batch

    def spy(*args: object) -> object:
        done = saved(*args)  # type: ignore[arg-type]
        calls.append(done is not None)
        return done

    pickle_vm.walk_batch = spy  # type: ignore[assignment]
    try:
        scan_pickle(io.BytesIO(pickle.dumps(rows, protocol=4)), len(pickle.dumps(rows, protocol=4)))
    finally:
        pickle_vm.walk_batch = saved
    assert calls and sum(calls) >= 4  # the batches of 1,000 went through whole


def test_batch_that_hides_a_reduce_or_global_is_walked_opcode_by_opcode() -> None:
    item = b"(K\x01G" + b"\x00" * 8 + b"\x8c\x02ab\x94Nt\x94"
    for poison in (b"cos\nsystem\n0", b"\x8c\x02os\x8c\x06system\x93" + b")R0", b"\x8c\x01x\x94)\x940"):
        data = b"\x80\x04]\x94(" + item * 50 + poison + item * 50 + b"e."
        _identical(data)
        assert scan_pickle(io.BytesIO(data), len(data)).imports or b"\x93" not in poison


def test_tuple_closer_reaching_below_a_batch_is_the_plain_walk() -> None:
    """TUPLE2 after a run of one item takes the item before it: not self-contained, the batch path refuses."""
    item = b"K\x01"
    for tail in (b"\x86e", b"\x86\x86e", b"\x87e", b"t", b"u", b"\x85e", b"K\x01\x87e", b"K\x01\x86\x87e", b"\x85\x86e"):
        data = b"\x80\x04]\x94(" + item * 30 + b"(" + item + tail + b"e."
        _identical(data)
        data = b"\x80\x04]\x94(" + (b"(K\x01t\x94") * 30 + b"K\x02" + tail + b"."
        _identical(data)
        for record in (b"K\x01\x86", b"K\x01K\x01\x87", b"(t\x86", b"K\x01\x87", b"K\x01\x85\x86", b"K\x01\x86N",
                       b"K\x01J\x00\x00\x00\x00\x87N", b"K\x01J\x00\x00\x00\x00\x86N\x87"):  # a template of them
            _identical(b"\x80\x04]\x94(" + record * 12 + b"e" + b"N0" * 8 + b".")  # opcodes after it: the batch ends
            _identical(b"\x80\x04]\x94(" + b"K\x05" * 3 + record * 12 + b"e" + b"N0" * 8 + b".")  # in the inline range
        for head in (b"", b"K\x03", b"]\x94(K\x04"):  # a run of 0, 1, 2 items before the closer
            _identical(b"\x80\x04]\x94(" + head + b"K\x01" + tail + b"e.")
            _identical(b"\x80\x04]\x94(" + b"(K\x01t" * 20 + b"]\x94(" + head + b"K\x01" + tail + b"e.")


def test_batch_on_a_dict_keeps_the_items_a_build_may_read() -> None:
    """A dict's first 256 parked items are what BUILD expands: only later batches of a full dict are skipped whole."""
    pairs = b"".join(b"\x8c\x02k" + bytes([65 + i % 26]) + b"\x94K\x01" for i in range(400))
    data = b"\x80\x04\x8c\x01m\x8c\x01C\x93)\x81}\x94(" + pairs + b"u(" + pairs + b"ub."
    _identical(data)
    result = scan_pickle(io.BytesIO(data), len(data))
    assert result.imports == {"m.C": {"import", "call"}} and result.error is None


def test_item_grammar_closes_tuples_only_over_its_own_items() -> None:
    items = pickle_batch._grammar()[0]
    for good in (b"K\x01\x85", b"K\x01N\x86", b"K\x01NN\x87", b"NNNN\x87", b"(NNt", b"}\x94(NNu", b"](Ne", b"N\x85\x94"):
        assert items.fullmatch(good), good
    for bad in (b"\x85", b"N\x86", b"NN\x87", b"(N\x86t", b"(Nu", b"}(Ne", b"N\x94", b"h\x01\x94", b"((((NNtttt", b"\x8c\x31" + b"a" * 49):
        assert not items.fullmatch(bad), bad


def test_every_cut_of_small_pickles_matches_the_step_machine() -> None:
    """A stream's last bytes are walked from a padded copy of the buffer: a cut anywhere (inside an argument too) is
    an error exactly when the opcode-by-opcode machine says so, and nothing read from the padding is reported."""
    import collections

    obj = {"coef_": [0.5, 1.5, -2.0], "n": 300, "big": 70_000, "name": "m7", "od": collections.OrderedDict(a=1), "t": (1, 2, 3)}
    for protocol in range(6):
        data = pickle.dumps(obj, protocol=protocol)
        for cut in range(1, len(data) + 1):
            _same(data[:cut])
        whole = scan_pickle(io.BytesIO(data + b"\x00" * 3), len(data) + 3)
        assert whole.error is None and whole.end == len(data)  # STOP ends the walk where it is, padding or not
        last_op = data[:-1] + b"\x94"  # the final STOP replaced by an opcode that is fused after strings and tuples
        assert scan_pickle(io.BytesIO(last_op), len(last_op)).error is not None


def test_an_argument_cut_at_the_end_reads_nothing_from_the_padding() -> None:
    """BINGET/BININT/BINPUT cut after their opcode byte would read the padding's zeros: truncated, and no opcode runs
    after it (a REDUCE that could call what the padding fetched from the memo)."""
    head = b"\x80\x04\x8c\x02os\x94\x8c\x06system\x94\x93\x94"  # memo 0 = 'os', 1 = 'system', 2 = os.system
    for tail in (b"h", b"J\x00", b"q", b"j\x00\x00", b"G\x00", b"\x95\x00"):
        data = head + b"N" + tail
        result = scan_pickle(io.BytesIO(data), len(data))
        assert result.error is not None and "truncated" in result.error
        assert not any("call" in hows for hows in result.imports.values())
        _same(data)
