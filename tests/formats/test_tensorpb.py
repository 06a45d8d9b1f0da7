"""ONNX tensor data (``test_data_set_0/input_0.pb``): recognised as arrays only when the whole file is one strictly
consistent TensorProto, listed as data (not a model); anything else stays an unknown ``.pb``, never called safe."""

from __future__ import annotations

import struct
import time
from pathlib import Path

import pytest

from scanner.formats import inspect_path, model_file_reference
from scanner.formats.tensorpb_fmt import MAX_DIMS
from tests.formats.builders import _varint, onnx_model, pb_field, saved_model


def _packed(number: int, values: list[int]) -> bytes:
    return pb_field(number, b"".join(_varint(v) for v in values))


def tensor(dims: list[int], data_type: int = 1, *, raw: bytes | None = None, extra: bytes = b"", name: str = "x") -> bytes:
    body = _packed(1, dims) if dims else b""
    body += pb_field(2, data_type) + pb_field(8, name)
    if raw is not None:
        body += pb_field(9, raw)
    return body + extra


def _inspect(tmp_path: Path, data: bytes, name: str = "input_0.pb") -> tuple[str, str, dict[str, object], str]:
    path = tmp_path / name
    path.write_bytes(data)
    mf = inspect_path(path, name, len(data), named_as_model=True)
    assert mf is not None
    detail = "; ".join(i.detail for i in mf.issues)
    return mf.format, mf.verdict, dict(mf.metadata), detail


GOOD = {
    "float raw": tensor([2, 3], 1, raw=struct.pack("<6f", *range(6))),
    "int64 raw": tensor([4], 7, raw=bytes(32)),
    "scalar": tensor([], 11, raw=bytes(8)),
    "uint4 packed two per byte": tensor([3, 3], 21, raw=bytes(5)),
    "unpacked dims": pb_field(1, 2) + pb_field(1, 2) + pb_field(2, 1) + pb_field(9, bytes(16)),
    "packed float_data": tensor([3], 1, extra=pb_field(4, struct.pack("<3f", 1, 2, 3))),
    "unpacked float_data": tensor([2], 1, extra=b"\x25" + struct.pack("<f", 1) + b"\x25" + struct.pack("<f", 2)),
    "packed int64_data": tensor([3], 7, extra=_packed(7, [1, 300, 2 ** 40])),
    "int32_data for bool": tensor([2], 9, extra=_packed(5, [0, 1])),
    "string_data": tensor([2], 8, extra=pb_field(6, "a") + pb_field(6, "bc")),
    "complex64 as float pairs": tensor([2], 14, extra=pb_field(4, struct.pack("<4f", 1, 2, 3, 4))),
    "data_location default": tensor([1], 1, raw=bytes(4), extra=pb_field(14, 0)),
}


@pytest.mark.parametrize("case", sorted(GOOD))
def test_consistent_tensors_are_data(case: str, tmp_path: Path) -> None:
    fmt, verdict, meta, detail = _inspect(tmp_path, GOOD[case])
    assert (fmt, verdict) == ("onnx-tensor", "safe"), detail
    assert isinstance(meta["tensor"], dict) and "dims" in meta["tensor"]


def test_a_tensor_is_listed_as_a_file_but_is_not_a_model(tmp_path: Path) -> None:
    path = tmp_path / "output_0.pb"
    path.write_bytes(GOOD["float raw"])
    mf = inspect_path(path, "test_data_set_0/output_0.pb", path.stat().st_size, named_as_model=True)
    assert mf is not None and mf.format == "onnx-tensor" and mf.sha256
    assert model_file_reference(mf, named_as_model=True) == ()


def _graphdef_in_dims(op: str) -> bytes:
    """A TensorFlow GraphDef node (field 1) whose bytes also read as packed dims, plus TensorProto-looking fields a
    GraphDef reader skips: the disguise an attacker would try."""
    node = pb_field(1, "n") + pb_field(2, op)
    return pb_field(1, node) + pb_field(2, 1) + pb_field(9, bytes(64))


BAD = {
    "graphdef disguised as dims": _graphdef_in_dims("ReadFile"),
    "graphdef with a short op": _graphdef_in_dims("Exit"),
    "external data by location": tensor([1], 1, extra=pb_field(14, 1)),
    "external data entries": tensor([1], 1, raw=bytes(4), extra=pb_field(13, pb_field(1, "location") + pb_field(2, "../../etc/passwd"))),
    "segment": tensor([1], 1, raw=bytes(4), extra=pb_field(3, pb_field(1, 0) + pb_field(2, 1))),
    "raw one byte short": tensor([2, 3], 1, raw=bytes(23)),
    "raw one byte long": tensor([2, 3], 1, raw=bytes(25)),
    "two data fields": tensor([1], 1, raw=bytes(4), extra=pb_field(4, struct.pack("<f", 1))),
    "no data": tensor([1], 1),
    "no data_type": _packed(1, [1]) + pb_field(9, bytes(4)),
    "data_type twice": tensor([1], 1, raw=bytes(4), extra=pb_field(2, 1)),
    "unknown data_type": tensor([1], 99, raw=bytes(4)),
    "string with raw data": tensor([1], 8, raw=b"abcd"),
    "float_data for int64": tensor([1], 7, extra=pb_field(4, struct.pack("<f", 1))),
    "wrong value count": tensor([3], 7, extra=_packed(7, [1, 2])),
    "empty tensor": tensor([0, 3], 1, raw=b""),
    "too many dims": tensor([1] * (MAX_DIMS + 1), 1, raw=bytes(4)),
    "trailing bytes": tensor([1], 1, raw=bytes(4)) + b"\x00\x00",
    "packed field past the end": tensor([1], 1) + b"\x4a\x10" + bytes(4),
    "overlong varint in data": tensor([1], 7, extra=pb_field(7, b"\xff" * 11 + b"\x01")),
    "packed data cut inside a varint": tensor([1], 7, extra=pb_field(7, b"\x81")),
    "name not utf-8": _packed(1, [1]) + pb_field(2, 1) + pb_field(8, b"\xff\xfe") + pb_field(9, bytes(4)),
    "unknown field": tensor([1], 1, raw=bytes(4), extra=pb_field(20, 1)),
    "field with the wrong wire type": _packed(1, [1]) + pb_field(2, b"x") + pb_field(9, bytes(4)),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_anything_else_stays_an_unknown_pb(case: str, tmp_path: Path) -> None:
    fmt, verdict, meta, detail = _inspect(tmp_path, BAD[case])
    assert (fmt, verdict) == ("unknown", "not-inspected"), (fmt, verdict, detail)
    assert "tensor" not in meta and "not ONNX tensor data" in detail


def test_other_protobuf_formats_keep_their_inspectors(tmp_path: Path) -> None:
    assert _inspect(tmp_path, onnx_model(), "model.pb")[:2] == ("onnx", "safe")  # an ONNX model saved as .pb
    fmt, verdict, _meta, _detail = _inspect(tmp_path, saved_model(["PyFunc"]), "saved_model.pb")
    assert fmt == "tf-savedmodel" and verdict == "unsafe"
    assert _inspect(tmp_path, GOOD["float raw"], "weights.bin")[0] != "onnx-tensor"  # only .pb files


def test_work_is_bounded_by_the_field_count(tmp_path: Path) -> None:
    many = tensor([300_000], 1, extra=(b"\x25" + bytes(4)) * 300_000)  # every float its own field
    started = time.process_time()
    fmt, verdict, _meta, detail = _inspect(tmp_path, many)
    assert (fmt, verdict) == ("unknown", "not-inspected") and "more than 100,000 fields" in detail
    assert time.process_time() - started < 5
    big = tensor([1 << 20], 7, extra=_packed(7, [5] * (1 << 20)))  # a million packed varints: counted in chunks
    started = time.process_time()
    assert _inspect(tmp_path, big)[:2] == ("onnx-tensor", "safe")
    assert time.process_time() - started < 2
