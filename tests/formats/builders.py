"""Byte-level builders for model files (pickle opcodes, zip, tar, GGUF, safetensors, npy, ONNX wire format).

Nothing here imports torch, numpy or onnx: every sample is assembled from its published format so the tests can
make malicious files without any framework, and so no sample is ever loaded."""

from __future__ import annotations

import io
import json
import struct
import tarfile
import zipfile
from typing import Any

# ---------------------------------------------------------------- pickle opcodes


def proto(n: int) -> bytes:
    return b"\x80" + bytes([n])


def glob(module: str, name: str) -> bytes:
    """GLOBAL (protocol 0 text form; valid in every protocol)."""
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def inst(module: str, name: str) -> bytes:
    return b"i" + module.encode() + b"\n" + name.encode() + b"\n"


def ustr(text: str) -> bytes:
    raw = text.encode("utf-8")
    return b"\x8c" + bytes([len(raw)]) + raw if len(raw) < 256 else b"X" + struct.pack("<I", len(raw)) + raw


def text_str(text: str) -> bytes:
    """Protocol-0 STRING with repr quoting."""
    return b"S" + repr(text).encode() + b"\n"


def binbytes(data: bytes) -> bytes:
    return b"C" + bytes([len(data)]) + data if len(data) < 256 else b"B" + struct.pack("<I", len(data)) + data


def bint(n: int) -> bytes:
    return b"K" + bytes([n]) if 0 <= n < 256 else b"J" + struct.pack("<i", n)


def binput(i: int) -> bytes:
    return b"q" + bytes([i])


def binget(i: int) -> bytes:
    return b"h" + bytes([i])


MARK, TUPLE, TUPLE1, TUPLE2, TUPLE3, REDUCE, BUILD, STOP = b"(", b"t", b"\x85", b"\x86", b"\x87", b"R", b"b", b"."
EMPTY_DICT, EMPTY_TUPLE, SETITEMS, SETITEM, OBJ, NEWOBJ, STACK_GLOBAL, MEMOIZE, POP = b"}", b")", b"u", b"s", b"o", b"\x81", b"\x93", b"\x94", b"0"
NEWFALSE, NEWTRUE, NONE, BINPERSID, EMPTY_LIST, APPENDS = b"\x89", b"\x88", b"N", b"Q", b"]", b"e"


def call(module: str, name: str, *args: bytes, protocol: int = 2) -> bytes:
    """A complete pickle calling module.name(*args) (args are opcode fragments pushing one value each)."""
    return proto(protocol) + glob(module, name) + MARK + b"".join(args) + TUPLE + REDUCE + STOP


def torch_state_pickle(extra: bytes = b"") -> bytes:
    """data.pkl of a real-looking state dict: OrderedDict of _rebuild_tensor_v2 over persistent storages."""
    tensor = (
        glob("torch._utils", "_rebuild_tensor_v2")
        + MARK
        + MARK
        + ustr("storage")
        + glob("torch", "FloatStorage")
        + ustr("0")
        + ustr("cpu")
        + bint(4)
        + TUPLE
        + BINPERSID
        + bint(0)
        + bint(2)
        + bint(2)
        + TUPLE2
        + bint(2)
        + bint(1)
        + TUPLE2
        + NEWFALSE
        + glob("collections", "OrderedDict")
        + EMPTY_TUPLE
        + REDUCE
        + TUPLE
        + REDUCE
    )
    return proto(2) + glob("collections", "OrderedDict") + EMPTY_TUPLE + REDUCE + MARK + ustr("linear.weight") + tensor + SETITEMS + extra + STOP


def legacy_torch(main: bytes) -> bytes:
    """torch.save's legacy layout: magic number, protocol, sys_info, the object, storage keys, raw storage bytes."""
    magic = proto(2) + b"\x8a\x0a" + (0x1950A86A20F9469CFC6C).to_bytes(10, "little") + STOP
    version = proto(2) + bint(233) + STOP
    sysinfo = proto(2) + EMPTY_DICT + MARK + ustr("little_endian") + NEWTRUE + SETITEMS + STOP
    keys = proto(2) + EMPTY_LIST + MARK + ustr("0") + APPENDS + STOP
    return magic + version + sysinfo + main + keys + struct.pack("<Q", 4) + b"\x00" * 16


# ---------------------------------------------------------------- containers


def zip_bytes(members: dict[str, bytes], *, deflate: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def torch_zip(data_pkl: bytes, folder: str = "archive", pkl_name: str = "data.pkl") -> bytes:
    return zip_bytes(
        {f"{folder}/{pkl_name}": data_pkl, f"{folder}/data/0": struct.pack("<4f", 1, 2, 3, 4), f"{folder}/version": b"3\n", f"{folder}/byteorder": b"little"}
    )


def tar_bytes(members: dict[str, bytes], mode: str = "w") -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode=mode) as tf:  # type: ignore[call-overload]
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return out.getvalue()


# ---------------------------------------------------------------- tensors and headers


def npy(descr: str, shape: tuple[int, ...], body: bytes) -> bytes:
    header = repr({"descr": descr, "fortran_order": False, "shape": shape}).encode()
    header += b" " * (63 - (10 + len(header)) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + body


def safetensors(tensors: dict[str, tuple[str, list[int], tuple[int, int]]], data: bytes, metadata: dict[str, str] | None = None) -> bytes:
    header: dict[str, Any] = {k: {"dtype": d, "shape": s, "data_offsets": list(o)} for k, (d, s, o) in tensors.items()}
    if metadata is not None:
        header["__metadata__"] = metadata
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw)) + raw + data


def _gguf_str(text: str) -> bytes:
    raw = text.encode()
    return struct.pack("<Q", len(raw)) + raw


def gguf(kv: dict[str, Any], n_tensor_floats: int = 4) -> bytes:
    """GGUF v3: strings, ints (uint32), floats, bools and arrays (of ints or strings) as values; one F32 tensor."""
    out = [b"GGUF", struct.pack("<I", 3), struct.pack("<Q", 1), struct.pack("<Q", len(kv))]
    for key, value in kv.items():
        out.append(_gguf_str(key))
        out.append(_gguf_value(value))
    out.append(_gguf_str("token_embd.weight") + struct.pack("<I", 1) + struct.pack("<Q", n_tensor_floats) + struct.pack("<I", 0) + struct.pack("<Q", 0))
    body = b"".join(out)
    body += b"\x00" * (-len(body) % 32)
    return body + struct.pack(f"<{n_tensor_floats}f", *range(n_tensor_floats))


def _gguf_value(value: Any) -> bytes:
    if isinstance(value, bool):
        return struct.pack("<I", 7) + struct.pack("<?", value)
    if isinstance(value, int):
        return struct.pack("<I", 4) + struct.pack("<I", value)
    if isinstance(value, float):
        return struct.pack("<I", 6) + struct.pack("<f", value)
    if isinstance(value, str):
        return struct.pack("<I", 8) + _gguf_str(value)
    if isinstance(value, list):
        if value and isinstance(value[0], str):
            return struct.pack("<I", 9) + struct.pack("<I", 8) + struct.pack("<Q", len(value)) + b"".join(_gguf_str(v) for v in value)
        return struct.pack("<I", 9) + struct.pack("<I", 5) + struct.pack("<Q", len(value)) + b"".join(struct.pack("<i", v) for v in value)
    raise TypeError(value)


# ---------------------------------------------------------------- protobuf (ONNX, SavedModel)


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def pb_field(number: int, payload: bytes | int | str) -> bytes:
    if isinstance(payload, int):
        return _varint(number << 3) + _varint(payload)
    raw = payload.encode() if isinstance(payload, str) else payload
    return _varint(number << 3 | 2) + _varint(len(raw)) + raw


def onnx_model(*, location: str | None = None, node_domain: str = "", opset_domains: tuple[str, ...] = ("",)) -> bytes:
    tensor = pb_field(1, 4) + pb_field(2, 1) + pb_field(8, "w")
    if location is not None:
        tensor += pb_field(13, pb_field(1, "location") + pb_field(2, location)) + pb_field(14, 1)
    else:
        tensor += pb_field(9, struct.pack("<4f", 1, 2, 3, 4))
    node = pb_field(1, "x") + pb_field(1, "w") + pb_field(2, "y") + pb_field(4, "MatMul" if not node_domain else "EvilOp")
    if node_domain:
        node += pb_field(7, node_domain)
    graph = pb_field(1, node) + pb_field(2, "g") + pb_field(5, tensor)
    model = pb_field(1, 8) + pb_field(2, "pytorch") + pb_field(3, "2.4") + pb_field(7, graph)
    for domain in opset_domains:
        model += pb_field(8, pb_field(1, domain) + pb_field(2, 17))
    return model


def saved_model(ops: list[str]) -> bytes:
    nodes = b"".join(pb_field(1, pb_field(1, f"n{i}") + pb_field(2, op)) for i, op in enumerate(ops))
    meta_graph = pb_field(2, nodes)
    return pb_field(1, 1) + pb_field(2, meta_graph)


# ---------------------------------------------------------------- inspecting what was built


def inspected(tmp_path: Any, name: str, data: bytes) -> Any:
    """``data`` written as ``tmp_path/name`` and inspected as a model file named so (it must be recognised as one)."""
    from scanner.formats import inspect_path

    (tmp_path / name).write_bytes(data)
    found = inspect_path(tmp_path / name, name, len(data))
    assert found is not None
    return found


def issue_codes(found: Any) -> set[str]:
    return {i.code for i in found.issues}
