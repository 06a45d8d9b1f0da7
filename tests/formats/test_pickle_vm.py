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
