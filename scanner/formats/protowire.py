"""Minimal protobuf wire-format walker: yields fields, skips large payloads by seeking (no protobuf dependency)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO


class WireError(ValueError):
    pass


def varint(handle: BinaryIO) -> int:
    result = shift = 0
    for _ in range(10):
        byte = handle.read(1)
        if not byte:
            raise WireError("truncated varint")
        result |= (byte[0] & 0x7F) << shift
        if byte[0] < 0x80:
            return result
        shift += 7
    raise WireError("varint too long")


def fields(handle: BinaryIO, end: int) -> Iterator[tuple[int, int, int]]:
    """Yield (field number, wire type, value) up to ``end``; for length-delimited fields value is the length and
    the handle sits at the payload: the caller reads it or leaves it (the walker then seeks past it)."""
    while handle.tell() < end:
        key = varint(handle)
        number, wire = key >> 3, key & 7
        if wire == 0:
            yield number, wire, varint(handle)
        elif wire == 1:
            handle.seek(8, 1)
            yield number, wire, 0
        elif wire == 5:
            handle.seek(4, 1)
            yield number, wire, 0
        elif wire == 2:
            length = varint(handle)
            start = handle.tell()
            if start + length > end:
                raise WireError(f"field {number} of {length} bytes runs past its message")
            yield number, wire, length
            handle.seek(start + length)
        else:
            raise WireError(f"unsupported wire type {wire}")
        if number == 0:
            raise WireError("field number 0")


def text(handle: BinaryIO, length: int, cap: int = 4096) -> str:
    return handle.read(min(length, cap)).decode("utf-8", "replace")
