"""ONNX tensor data (``TensorProto`` serialised as ``*.pb``): the ``test_data_set_N/input_0.pb`` files next to every
ONNX model, arrays and nothing else. Recognised only when the whole file is one strictly consistent TensorProto;
anything else stays an unknown ``.pb`` (not inspected, never called safe).

Strict means: only TensorProto's own fields with their own wire types; ``data_type`` once, a known type; at most 16
dims, the element count (their product, 1 for a scalar) above zero; exactly one data field, of the type's storage,
holding exactly that many elements (``raw_data``: count x item size bytes); no ``external_data``, no ``segment``, no
field after the message. A protobuf reader of another message type sees different fields in such bytes, but every
one of them comes from these checks: a TensorFlow ``GraphDef`` hidden in the ``dims`` bytes would need its node bytes
to read as at most 16 dims whose product times the item size is the file's data length, which no node naming an
operation can satisfy within a file's size. Work is bounded by the file's field count (``MAX_FIELDS``).
"""

from __future__ import annotations

import math
import re
from typing import Any, BinaryIO

from ..models import Severity
from .base import Scan
from .protowire import WireError, fields, varint

FORMAT = "onnx-tensor"
MAX_DIMS = 16
MAX_FIELDS = 100_000  # unpacked repeated values are one field each: past this, not recognised (stays unknown)
MAX_TEXT = 1 << 16

# TensorProto.DataType -> bytes per element in raw_data (4-bit types: two per byte); STRING (8) has no raw form.
ITEM_BYTES = {1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 14: 8, 15: 16, 16: 2, 17: 1,
              18: 1, 19: 1, 20: 1}
NIBBLE_TYPES = {21, 22, 23}
# Typed storage fields: field number -> (wire type of one unpacked value, bytes per packed value or 0 for varints,
# the data types stored there, values per element).
TYPED = {
    4: (5, 4, {1: 1, 14: 2}),  # float_data: FLOAT, COMPLEX64 (real, imaginary)
    5: (0, 0, {2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 9: 1, 10: 1, 16: 1, 17: 1, 18: 1, 19: 1, 20: 1}),  # int32_data
    7: (0, 0, {7: 1}),  # int64_data
    10: (1, 8, {11: 1, 15: 2}),  # double_data: DOUBLE, COMPLEX128
    11: (0, 0, {12: 1, 13: 1}),  # uint64_data
}
STRING_DATA, NAME, RAW_DATA, DOC_STRING, DATA_LOCATION = 6, 8, 9, 12, 14
_HIGH = bytes(range(0x80, 0x100))  # continuation bytes: a varint ends at each other byte
_OVERLONG = re.compile(rb"[\x80-\xff]{10}")  # a varint has at most 10 bytes
CHUNK = 1 << 20


def sniff(head: bytes, name: str) -> bool:
    """A ``.pb`` file whose first field is TensorProto's ``dims`` or ``data_type`` (fields are written in order)."""
    if not name.lower().endswith(".pb") or not head:
        return False
    return head[0] in (0x08, 0x0A, 0x10)  # field 1 as a varint or packed, field 2 as a varint


def scan(handle: BinaryIO, size: int, name: str, scan: Scan) -> None:
    shape: dict[str, Any] = {}
    problem = _check(handle, size, shape)
    if problem is None:
        scan.metadata["tensor"] = shape  # data only: no code, no model
        return
    # Not a TensorProto after all: what an unrecognised .pb gets, with the reason.
    scan.format = "unknown"
    scan.issue("format-unknown", Severity.INFO, f"{name}: no known model format matches its content (raw data?)",
               f"not ONNX tensor data: {problem}", verdict="not-inspected")


def _check(handle: BinaryIO, size: int, shape: dict[str, Any]) -> str | None:
    """None when the file is one consistent TensorProto (its dims and data type then in ``shape``), else why not."""
    dims: list[int] = []
    data_type: int | None = None
    stored: dict[int, int] = {}  # data field -> values counted
    raw_bytes: int | None = None
    count = 0
    try:
        handle.seek(0)
        for number, wire, value in fields(handle, size):
            count += 1
            if count > MAX_FIELDS:
                return f"more than {MAX_FIELDS:,} fields"
            if number == 1 and wire == 0:
                dims.append(value)
            elif number == 1 and wire == 2:
                dims.extend(_varints(handle, value, MAX_DIMS + 1))
            elif number == 2 and wire == 0:
                if data_type is not None:
                    return "data_type given twice"
                data_type = value
            elif number in TYPED and wire in (TYPED[number][0], 2):
                unpacked_wire, width, _types = TYPED[number]
                if wire == unpacked_wire:
                    stored[number] = stored.get(number, 0) + 1
                elif width:
                    if value % width:
                        return f"field {number}: {value} bytes is not a whole number of values"
                    stored[number] = stored.get(number, 0) + value // width
                else:
                    stored[number] = stored.get(number, 0) + _count_varints(handle, value)
            elif number == STRING_DATA and wire == 2:
                stored[number] = stored.get(number, 0) + 1
            elif number in (NAME, DOC_STRING) and wire == 2:
                if value > MAX_TEXT:
                    return f"field {number} of {value} bytes"
                text = handle.read(value).decode("utf-8")
                if number == NAME:
                    shape["name"] = text[:200]
            elif number == RAW_DATA and wire == 2:
                if raw_bytes is not None:
                    return "raw_data given twice"
                raw_bytes = value
            elif number == DATA_LOCATION and wire == 0:
                if value != 0:
                    return "data stored outside the file (external data)"
            else:
                return f"field {number} (wire type {wire}) is not a TensorProto field"
            if len(dims) > MAX_DIMS:
                return f"more than {MAX_DIMS} dims"
    except (WireError, UnicodeDecodeError, OSError) as exc:
        return f"not a protobuf message: {exc}"
    shape.update(dims=list(dims), data_type=data_type)
    return _consistent(dims, data_type, stored, raw_bytes)


def _consistent(dims: list[int], data_type: int | None, stored: dict[int, int], raw_bytes: int | None) -> str | None:
    if data_type is None:
        return "no data_type"
    if any(d <= 0 or d >= 1 << 40 for d in dims):
        return "a dim is zero, negative or too large"
    elements = math.prod(dims)  # a scalar has no dims: one element
    sources = len(stored) + (raw_bytes is not None)
    if sources != 1:
        return "no data" if not sources else "data in more than one field"
    if raw_bytes is not None:
        if data_type in NIBBLE_TYPES:
            expected = (elements + 1) // 2
        elif data_type in ITEM_BYTES:
            expected = elements * ITEM_BYTES[data_type]
        else:
            return f"data_type {data_type} has no raw form"
        return None if raw_bytes == expected else f"raw_data holds {raw_bytes} bytes, {expected} expected"
    (number, values), = stored.items()
    if number == STRING_DATA:
        per = 1 if data_type == 8 else 0
    else:
        per = TYPED[number][2].get(data_type, 0)
    if not per:
        return f"field {number} does not store data_type {data_type}"
    return None if values == elements * per else f"{values} values for {elements} elements"


def _varints(handle: BinaryIO, length: int, limit: int) -> list[int]:
    """The varints of a packed field of ``length`` bytes (reading stops once there are more than ``limit``)."""
    end = handle.tell() + length
    out: list[int] = []
    while handle.tell() < end and len(out) <= limit:
        out.append(varint(handle))
    if len(out) > limit:
        handle.seek(end)
    elif handle.tell() != end:
        raise WireError("a packed field runs past its length")
    return out


def _count_varints(handle: BinaryIO, length: int) -> int:
    """How many varints a packed field of ``length`` bytes holds, read in chunks (each varint ends at a byte below
    0x80); raises WireError when the last one is cut or one is longer than 10 bytes."""
    count, left, last, carry = 0, length, 0, b""
    while left:
        chunk = handle.read(min(left, CHUNK))
        if not chunk:
            raise WireError("truncated packed field")
        left -= len(chunk)
        count += len(chunk.translate(None, _HIGH))
        if _OVERLONG.search(carry + chunk):
            raise WireError("varint too long")
        carry, last = chunk[-9:], chunk[-1]
    if length and last >= 0x80:
        raise WireError("a packed field ends inside a varint")
    return count
