"""GGUF string arrays (vocabularies, merges) are skipped a chunk at a time: exactly where, and with exactly the errors,
that skipping one string at a time gives, whatever the chunk size, byte order, version, truncation or lying length."""

from __future__ import annotations

import io
import struct

from hypothesis import given, settings
from hypothesis import strategies as st

from scanner.formats import gguf_fmt
from scanner.formats.gguf_fmt import GGUFError, _Reader
from scanner.resolve.localfiles import gguf_metadata

from . import builders as b
from .test_headers import CountingReader


def _one_by_one(data: bytes, endian: str, version: int, n: int) -> tuple[int, str]:
    reader = _Reader(io.BytesIO(data), len(data), endian, version)
    try:
        for _ in range(n):
            reader.string(cap=0)
    except GGUFError as error:
        return -1, str(error)
    return reader.h.tell(), ""


def _chunked(data: bytes, endian: str, version: int, n: int) -> tuple[int, str]:
    reader = _Reader(io.BytesIO(data), len(data), endian, version)
    try:
        reader.skip_strings(n)
    except GGUFError as error:
        return -1, str(error)
    return reader.h.tell(), ""


def _strings(lengths: list[int], endian: str, version: int) -> bytes:
    fmt = endian + ("I" if version == 1 else "Q")
    return b"".join(struct.pack(fmt, n) + bytes([65 + i % 26]) * n for i, n in enumerate(lengths))


@settings(max_examples=400, deadline=None)
@given(lengths=st.lists(st.integers(0, 40), max_size=60), extra=st.integers(-12, 3), cut=st.integers(0, 30),
       lie=st.one_of(st.none(), st.integers(0, 59)), chunk=st.sampled_from([1, 3, 7, 8, 9, 16, 64, 1 << 20]),
       endian=st.sampled_from(["<", ">"]), version=st.sampled_from([1, 2, 3]))
def test_chunked_skip_equals_one_string_at_a_time(lengths: list[int], extra: int, cut: int, lie: int | None, chunk: int,
                                                  endian: str, version: int) -> None:
    data = _strings(lengths, endian, version)
    if lie is not None and lie < len(lengths):  # one length field says far more than the file holds
        width = 4 if version == 1 else 8
        offset = sum(width + n for n in lengths[:lie])
        data = data[:offset] + struct.pack(endian + ("I" if version == 1 else "Q"), 2**31 - 1) + data[offset + width:]
    data = data[:max(0, len(data) - cut)] + b"\x00" * max(0, -extra)  # truncated, or trailing bytes
    n = max(0, len(lengths) + min(extra, 0) // 4 + max(extra, 0))  # fewer, as many or more strings than written
    saved, gguf_fmt.SKIP_CHUNK = gguf_fmt.SKIP_CHUNK, chunk
    try:
        assert _chunked(data, endian, version, n) == _one_by_one(data, endian, version, n)
    finally:
        gguf_fmt.SKIP_CHUNK = saved


def test_long_strings_are_sought_over_not_read() -> None:
    data = _strings([200_000] * 40, "<", 3) + b"tail"
    handle = CountingReader(data)
    reader = _Reader(handle, len(data), "<", 3)
    reader.skip_strings(40)
    assert reader.h.tell() == len(data) - 4 and handle.read_bytes < 64 * 1024


def test_a_real_sized_vocabulary_is_skipped_to_the_next_key(tmp_path: object) -> None:
    tokens = [f"tok{i}" for i in range(150_000)]
    data = b.gguf({"general.architecture": "qwen2", "tokenizer.ggml.tokens": tokens, "tokenizer.ggml.model": "after-vocab"})
    path = tmp_path / "m.gguf"  # type: ignore[operator]
    path.write_bytes(data)
    meta = gguf_metadata(path)
    assert meta["tokenizer.ggml.token_count"] == 150_000
    assert meta["tokenizer.ggml.model"] == "after-vocab" and meta["general.architecture"] == "qwen2"
