"""The symbolic pickle machine: memo, nested calls, malformed input and bounded reads."""

from __future__ import annotations

import io
import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from scanner.formats.pickle_policy import classify
from scanner.formats.pickle_vm import looks_like_pickle, scan_pickle
from tests.formats import builders as b


def _scan(data: bytes):  # type: ignore[no-untyped-def]
    return scan_pickle(io.BytesIO(data), len(data))


def test_memoised_strings_resolve_for_stack_global() -> None:
    data = b.proto(4) + b.ustr("os") + b.binput(7) + b.POP + b.ustr("system") + b.binput(9) + b.POP + b.binget(7) + b.binget(9) + b.STACK_GLOBAL + b.STOP
    result = _scan(data)
    assert result.imports == {"os.system": {"import"}}
    assert result.error is None


def test_getattr_on_a_global_names_the_attribute() -> None:
    data = (
        b.proto(2)
        + b.glob("builtins", "getattr")
        + b.MARK
        + b.glob("subprocess", "os")
        + b.ustr("system")
        + b.TUPLE
        + b.REDUCE
        + b.MARK
        + b.ustr("id")
        + b.TUPLE
        + b.REDUCE
        + b.STOP
    )
    result = _scan(data)
    assert "subprocess.os.system" in result.imports
    assert "call" in result.imports["builtins.getattr"]


def test_truncated_pickle_keeps_what_was_found() -> None:
    data = b.call("os", "system", b.ustr("id"))[:-3]
    result = _scan(data)
    assert result.error is not None and "truncated" in result.error
    assert "os.system" in result.imports


def test_large_byte_arguments_are_skipped_not_read() -> None:
    big = b"\x00" * (3 << 20)
    data = b.proto(4) + b"\x8e" + len(big).to_bytes(8, "little") + big + b.STOP
    result = _scan(data)
    assert result.error is None and result.ops == 3


def test_announced_length_past_the_end_is_an_error() -> None:
    data = b.proto(4) + b"\x8e" + (1 << 40).to_bytes(8, "little") + b"xx"
    assert "truncated" in (_scan(data).error or "")


def test_sniff_protocols() -> None:
    for protocol in range(6):
        assert looks_like_pickle(pickle.dumps({"a": 1}, protocol=protocol)) or protocol == 0 and pickle.dumps({"a": 1}, protocol=0)[:1] == b"("
    assert not looks_like_pickle(b"# python source\n")
    assert not looks_like_pickle(b"\x80\x09")


def test_classification_tables() -> None:
    assert classify("torch._utils._rebuild_tensor_v2") == "safe"
    assert classify("torch.BFloat16Storage") == "safe"
    assert classify("collections.OrderedDict") == "safe"
    assert classify("os.path.join") == "unsafe"
    assert classify("__builtin__.eval") == "unsafe"
    assert classify("builtins.set") == "safe"
    assert classify("builtins.getattr") == "unsafe"
    assert classify("operator.attrgetter") == "unsafe"
    assert classify("torch.hub.load") == "unsafe"
    assert classify("sklearn.tree._classes.DecisionTreeClassifier") == "known"
    assert classify("mypkg.Model") == "unknown"
    assert classify("numpy.load") == "unsafe"
    assert classify("x.__globals__") == "unsafe"
    assert classify("\uff4f\uff53.system") == "unsafe"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data: bytes) -> None:
    result = _scan(b"\x80\x02" + data)
    assert result.end <= len(data) + 2


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.integers(min_value=0, max_value=60))
def test_mutated_pickles_never_raise(noise: bytes, cut: int) -> None:
    base = b.call("os", "system", b.ustr("id"))
    _scan(base[:cut] + noise)


# --- the linear, bounded walker (issue 19) -----------------------------------------------------------------------


class _Recorder(pickle.Unpickler):
    """CPython's own unpickler on a test-built stream of strings, recording what STACK_GLOBAL would import."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self.seen: list[str] = []

    def find_class(self, module: str, name: str) -> object:
        self.seen.append(f"{module}.{name}")
        return tuple


_MEMO_OP = st.one_of(
    st.tuples(st.just("str"), st.sampled_from(["os", "system", "torch", "posix", "numpy", "eval"])),
    st.tuples(st.just("put"), st.integers(0, 6)),
    st.tuples(st.just("memoize"), st.just(0)),
    st.tuples(st.just("get"), st.integers(0, 6)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_MEMO_OP, max_size=30), st.integers(0, 6), st.integers(0, 6))
def test_memo_indices_match_cpython(ops: list[tuple[str, object]], first: int, second: int) -> None:
    """PUT at any index and MEMOIZE interleaved: the strings STACK_GLOBAL receives are the ones CPython would use."""
    body, defined, depth = b.proto(4), set(), 0
    for kind, value in ops:
        if kind == "str":
            body += b.ustr(str(value))
            depth += 1
        elif kind == "put" and depth:
            body += b.binput(int(value))  # type: ignore[call-overload]
            defined.add(int(value))  # type: ignore[call-overload]
        elif kind == "memoize" and depth:
            body += b"\x94"
            defined.add(-1)
        elif kind == "get" and int(value) in defined:  # type: ignore[call-overload]
            body += b.binget(int(value))  # type: ignore[call-overload]
            depth += 1
    body += b"0" * depth  # POP everything
    data = body + b.binget(first) + b.binget(second) + b.STACK_GLOBAL + b.STOP
    try:
        reference = _Recorder(data)
        reference.load()
        expected = reference.seen
    except (pickle.UnpicklingError, KeyError, TypeError, ValueError):
        return  # GET of an index CPython does not have: nothing to compare
    result = scan_pickle(io.BytesIO(data), len(data))
    assert sorted(result.imports) == sorted(set(expected)), (ops, result.imports, expected)


def test_deep_marks_are_linear() -> None:
    """MARK no longer copies the stack: 200k nested MARK/TUPLE and a 200k-item stack finish quickly."""
    n = 200_000
    data = b.proto(4) + b.NONE * n + b.MARK * n + b")" * 0 + b.TUPLE * n + b"0" * (n + 1) + b.STOP
    result = _scan(data)
    assert result.error is None and result.ops == 3 * n + n + 1 + 2


def test_dense_pickle_of_small_objects_is_analysed_to_the_end() -> None:
    obj = [(i, i * 0.5, f"n{i}", None) if i % 2 else {"id": i, "score": i * 0.25, "tag": "t"} for i in range(20_000)]
    for protocol in range(6):
        data = pickle.dumps(obj, protocol=protocol)
        result = _scan(data)
        assert result.error is None and result.budget is None and result.end == len(data), protocol


def test_opcode_budget_is_reported() -> None:
    data = pickle.dumps(list(range(100_000)), protocol=4)
    result = scan_pickle(io.BytesIO(data), len(data), max_ops=1000)
    assert result.budget is not None and "opcode budget" in result.budget
    assert result.error == result.budget


def test_random_array_bytes_are_not_embedded_pickles() -> None:
    """Raw tensor bytes that happen to start like a pickle are data, not an embedded pickle."""
    import random

    rng = random.Random(19)
    blobs = [bytes([0x80, 2]) + rng.randbytes(4000), b"(K" + rng.randbytes(4000), b"}q" + rng.randbytes(100)]
    data = b.proto(4) + b.MARK + b"".join(b.binbytes(x) for x in blobs) + b.TUPLE + b.STOP
    result = _scan(data)
    assert result.error is None and result.nested == []


def test_a_real_pickle_in_bytes_is_an_embedded_pickle() -> None:
    inner = b.call("os", "system", b.ustr("id"))
    data = b.proto(4) + b.binbytes(inner) + b.STOP
    assert _scan(data).nested == [inner]
