"""The bypass corpus of issue 14: public scanner-evasion techniques, one small file each, plus benign real layouts.

Classes follow the issue: sniffing, compression, allow-list (exact callables; the allow-list is issue 19's, so these
only need a non-safe verdict here), numpy headers, torch containers, budgets / fail closed, GGUF templates, Keras.
Techniques come from picklescan / modelscan / fickling / ModelAudit advisories and GHSAs (zip CRC and flag-bit
tricks, protocol-0 openings, pip.main, asyncio/idlelib/torch private helpers, numpy runstring, Keras function
references, Jinja string building). Pickles are assembled from opcodes or pickle.dumps of __reduce__ objects; none
is ever loaded."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import pickle
import struct
import tarfile
import zipfile
import zlib
from dataclasses import dataclass

from . import builders as b
from .corpus import _joblib, _keras_config
from .real_templates import REAL_TEMPLATES


@dataclass(frozen=True)
class Bypass:
    name: str
    data: bytes
    label: str  # malicious / benign
    cls: str  # sniffing, compression, allow-list, numpy, torch, fail-closed, gguf, keras, benign layouts...
    technique: str


class _Reduce:
    """pickle.dumps of this writes a call of ``module.name(*args)``; the callable is named, never imported."""

    def __init__(self, module: str, name: str, *args: object) -> None:
        self.target = type("Fake", (), {"_fake_target": (module, name)})
        self.args = args

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return self.target, self.args


class _Pickler(pickle._Pickler):  # type: ignore[name-defined]  # the pure-Python pickler: its save_global can be replaced
    def save_global(self, obj: object, name: str | None = None) -> None:
        target = getattr(obj, "_fake_target", None)
        if target is None:
            super().save_global(obj, name)
            return
        module, qual = target
        if self.proto >= 4:
            self.save(module)
            self.save(qual)
            self.write(pickle.STACK_GLOBAL)
        else:
            self.write(pickle.GLOBAL + f"{module}\n{qual}\n".encode())
        self.memoize(obj)


def dumps(module: str, name: str, *args: object, protocol: int = 4) -> bytes:
    """pickle.dumps output (the real pickler's opcodes, framing and memo) calling module.name(*args)."""
    out = io.BytesIO()
    _Pickler(out, protocol).dump(_Reduce(module, name, *args))
    return out.getvalue()


def p0_call(module: str, name: str, arg: str) -> bytes:
    """Protocol 0 text: ``c<module>\\n<name>\\n(S'<arg>'\\ntR.`` - no PROTO opcode."""
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n(" + b.text_str(arg) + b"tR."


EVIL = b.call("os", "system", b.ustr("id"))
P0_EVIL = p0_call("os", "system", "id")


def _prefixed(prefix: bytes) -> bytes:
    """A protocol-0 payload behind an opening opcode other than PROTO/GLOBAL (the value is popped, then the call)."""
    return prefix + b"0" + P0_EVIL


def _sniffing() -> list[Bypass]:
    big = b"B" + struct.pack("<I", 6000) + b"\x00" * 6000 + b"0" + P0_EVIL  # first opcode's argument > the 4 KiB window
    return [
        Bypass("p0_global.bin", P0_EVIL, "malicious", "sniffing", "protocol 0 text pickle opening with GLOBAL 'c'"),
        Bypass("p0_int.pt", _prefixed(b"I1\n"), "malicious", "sniffing", "opens with INT 'I'"),
        Bypass("p0_none.pth", _prefixed(b"N"), "malicious", "sniffing", "opens with NONE 'N'"),
        Bypass("p0_string.ckpt", _prefixed(b"S'x'\n"), "malicious", "sniffing", "opens with STRING 'S'"),
        Bypass("p0_unicode.joblib", _prefixed(b"Vhello\n"), "malicious", "sniffing", "opens with UNICODE 'V'"),
        Bypass("p1_list.bin", b"]" + b"0" + P0_EVIL, "malicious", "sniffing", "protocol 1 opening EMPTY_LIST ']'"),
        Bypass("p1_dict.pkl", b"}" + b"0" + P0_EVIL, "malicious", "sniffing", "protocol 1 opening EMPTY_DICT '}'"),
        Bypass("p0_mark_inst", b"(S'id'\nios\nsystem\n.", "malicious", "sniffing", "MARK + INST, no extension at all"),
        Bypass("p1_binint.dat", b"K\x01" + b"0" + P0_EVIL, "malicious", "sniffing", "opens with BININT1 'K'"),
        Bypass("long_first_arg.bin", big, "malicious", "sniffing", "first argument longer than the sniff window"),
        Bypass("pickle_as.safetensors", P0_EVIL, "malicious", "sniffing", "protocol 0 pickle named .safetensors"),
        Bypass("pickle_as.gguf", _prefixed(b"N"), "malicious", "sniffing", "pickle named .gguf"),
        Bypass("p2_dumps.model", dumps("os", "system", "id", protocol=2), "malicious", "sniffing", "pickle.dumps(__reduce__) protocol 2"),
        Bypass("p5_dumps.weights", dumps("subprocess", "check_output", ["id"], protocol=5), "malicious", "sniffing", "pickle.dumps protocol 5 (FRAME)"),
    ]


def _lzma_alone(data: bytes, preset: int = 6) -> bytes:
    return lzma.compress(data, format=lzma.FORMAT_ALONE, preset=preset)


def _compression() -> list[Bypass]:
    return [
        Bypass("evil.pkl.gz", gzip.compress(P0_EVIL), "malicious", "compression", "gzip around a protocol 0 pickle"),
        Bypass("evil_bz2.bin", bz2.compress(EVIL), "malicious", "compression", "bz2 (joblib compress='bz2')"),
        Bypass("evil_xz.joblib", lzma.compress(EVIL), "malicious", "compression", "xz (joblib compress='xz')"),
        Bypass("evil_lzma.joblib", _lzma_alone(EVIL), "malicious", "compression", "lzma-alone (joblib compress='lzma')"),
        Bypass("evil_lzma_p1.joblib", _lzma_alone(EVIL, preset=1), "malicious", "compression", "lzma-alone, non-default dictionary size"),
        Bypass("evil_zlib1.pkl", zlib.compress(EVIL, 1), "malicious", "compression", "zlib level 1 (0x78 0x01)"),
        Bypass("evil_zlib_w9.pkl", _zlib_small_window(EVIL), "malicious", "compression", "zlib, 512-byte window (CMF 0x18)"),
        Bypass("evil_zf.joblib", b"ZF0x" + b"%-14x" % len(EVIL) + zlib.compress(EVIL), "malicious", "compression", "joblib < 0.10 'ZF' zlib file"),
        Bypass(
            "evil.lz4", b"\x04\x22\x4d\x18" + b"\x64\x40\xa7" + b"\x00" * 16, "malicious", "compression", "lz4 frame (joblib lz4) without a reader: fail closed"
        ),
        Bypass("evil.zst", b"\x28\xb5\x2f\xfd" + b"\x00" * 32, "malicious", "compression", "zstd stream without a reader: fail closed"),
        Bypass("gzip_in_gzip.pt", gzip.compress(gzip.compress(P0_EVIL)), "malicious", "compression", "gzip of gzip"),
        Bypass(
            "npz_bzip2.npz", _zip_method({"arr_0.npy": b.npy("|O", (1,), EVIL)}, zipfile.ZIP_BZIP2), "malicious", "compression", "npz member stored with bzip2"
        ),
        Bypass(
            "npz_lzma.npz", _zip_method({"arr_0.npy": b.npy("|O", (1,), EVIL)}, zipfile.ZIP_LZMA), "malicious", "compression", "npz member stored with LZMA"
        ),
        Bypass("gzip_bomb.pkl.gz", gzip.compress(b"\x00" * (40 << 20)), "malicious", "compression", "gzip bomb (ratio > 200)"),
    ]


def _zlib_small_window(data: bytes) -> bytes:
    co = zlib.compressobj(9, zlib.DEFLATED, 9)
    return co.compress(data) + co.flush()


def _zip_method(members: dict[str, bytes], method: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def _allow_list() -> list[Bypass]:
    """Callables under trusted-looking packages or stdlib modules that reach code execution (public advisories)."""
    cases = [
        ("numpy.testing._private.utils", "runstring", "numpy runstring (picklescan GHSA)"),
        ("numpy.f2py.crackfortran", "getlincoef", "numpy f2py eval helper"),
        ("torch.utils.bottleneck.__main__", "run_cprofile", "torch bottleneck run_cprofile"),
        ("torch._inductor.codecache", "compile_file", "torch inductor compile_file"),
        ("torch.jit.unsupported_tensor_ops", "execWrapper", "torch execWrapper (exec)"),
        ("asyncio.unix_events", "_UnixSubprocessTransport._start", "asyncio subprocess transport (picklescan GHSA)"),
        ("idlelib.pyshell", "ModifiedInterpreter.runcode", "idlelib runcode"),
        ("code", "InteractiveInterpreter.runcode", "code.InteractiveInterpreter"),
        ("cProfile", "run", "cProfile.run"),
        ("pdb", "Pdb.run", "pdb.Pdb.run"),
        ("pydoc", "pipepager", "pydoc.pipepager shell"),
        ("_posixsubprocess", "fork_exec", "_posixsubprocess.fork_exec"),
        ("pty", "spawn", "pty.spawn"),
        ("ensurepip", "_run_pip", "ensurepip._run_pip"),
        ("pip", "main", "pip.main install"),
        ("operator", "methodcaller", "operator.methodcaller"),
        ("builtins", "breakpoint", "builtins.breakpoint"),
        ("ctypes", "CDLL", "ctypes.CDLL"),
        ("webbrowser", "open", "webbrowser.open"),
        ("urllib.request", "urlopen", "urllib.request.urlopen (download)"),
        ("sklearn.utils._testing", "assert_run_python_script_without_output", "sklearn test helper running a script"),
        ("transformers.dynamic_module_utils", "get_class_from_dynamic_module", "transformers remote code loader"),
        ("keras.src.utils.file_utils", "get_file", "keras get_file via a private module"),
    ]
    return [Bypass(f"allow_{i:02d}.pkl", dumps(mod, name, "id"), "malicious", "allow-list", tech) for i, (mod, name, tech) in enumerate(cases)]


def _numpy() -> list[Bypass]:
    body = EVIL
    huge = b"\x93NUMPY\x02\x00" + struct.pack("<I", (1 << 20) + 16) + b"{'descr': '|O', " + b" " * ((1 << 20) - 1) + b"}\n" + body
    return [
        Bypass("object_word.npy", b.npy("object", (1,), body), "malicious", "numpy", "descr 'object'"),
        Bypass("object_tuple.npy", _npy_literal("('O', (1,))", body), "malicious", "numpy", "descr ('O', (1,))"),
        Bypass("object_struct.npy", _npy_literal("[('a', '<f4'), ('b', '|O')]", body), "malicious", "numpy", "object field in a structured dtype"),
        Bypass("object_nested.npy", _npy_literal("[('a', [('c', 'O', (2,))])]", body), "malicious", "numpy", "object inside a nested structured dtype"),
        Bypass("object_comma.npy", b.npy("i4,O", (1,), body), "malicious", "numpy", "comma-separated format string with O"),
        Bypass("object_o8.npy", b.npy("<O8", (1,), body), "malicious", "numpy", "descr '<O8'"),
        Bypass("huge_header.npy", huge, "malicious", "numpy", "header over 1 MiB (numpy ignores its cap with allow_pickle): fail closed"),
        Bypass("odd_descr.npy", _npy_literal("'x7'", body), "malicious", "numpy", "descr not understood: fail closed"),
    ]


def _npy_literal(descr: str, body: bytes) -> bytes:
    header = ("{'descr': " + descr + ", 'fortran_order': False, 'shape': (1,), }").encode()
    header += b" " * (-(len(header) + 11) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + body


def _legacy(pickles: list[bytes]) -> bytes:
    return b"".join(pickles) + struct.pack("<Q", 4) + b"\x00" * 16


def _torch() -> list[Bypass]:
    magic0 = b"L%dL\n." % 0x1950A86A20F9469CFC6C  # the magic number written by a protocol 0 pickle
    magic2 = b.proto(2) + b"\x8a\x0a" + (0x1950A86A20F9469CFC6C).to_bytes(10, "little") + b.STOP
    state = b.torch_state_pickle()
    keys = b.proto(2) + b.EMPTY_LIST + b.MARK + b.ustr("0") + b.APPENDS + b.STOP
    sysinfo = b.proto(2) + b.EMPTY_DICT + b.STOP
    return [
        Bypass("dotdata_folder.pt", b.torch_zip(EVIL, folder=".data"), "malicious", "torch", "torch zip whose record folder is '.data'"),
        Bypass("any_folder.pt", b.torch_zip(EVIL, folder="weights/v1"), "malicious", "torch", "torch zip with a nested record folder"),
        Bypass("legacy_p0_main.bin", _legacy([magic2, b"I1001\n.", sysinfo, P0_EVIL, keys]), "malicious", "torch", "legacy: later pickles protocol 0"),
        Bypass(
            "legacy_p0_magic.bin",
            _legacy([magic0, b"I1001\n.", sysinfo, state, b"0" * 0 + P0_EVIL]),
            "malicious",
            "torch",
            "legacy: protocol-0 magic, payload in storage keys",
        ),
        Bypass(
            "legacy_keys.pt",
            _legacy([magic2, b.proto(2) + b.bint(233) + b.STOP, sysinfo, state, EVIL]),
            "malicious",
            "torch",
            "legacy: payload in the 5th (storage keys) pickle",
        ),
        Bypass(
            "torch_tar.pt",
            b.tar_bytes({"sys_info": sysinfo, "pickle": EVIL, "storages": b"\x80\x02K\x00.", "tensors": b"\x80\x02K\x00."}),
            "malicious",
            "torch",
            "torch tar format: payload in 'pickle'",
        ),
        Bypass("torch_tar_storages.pt", _torch_tar_storages(), "malicious", "torch", "torch tar format: payload in the second storage record"),
        Bypass("tar_v7.tar", _tar_v7({"weights.bin": P0_EVIL}), "malicious", "torch", "old v7 tar (no ustar magic) holding a pickle"),
        Bypass("tar_any.tar", b.tar_bytes({"README": b"hello", "x/y/z": EVIL}), "malicious", "torch", "tar with the pickle as a later, extension-less member"),
        Bypass(
            "zip_deflate_dotdata.pth",
            _zip_method({".data/data.pkl": EVIL, ".data/version": b"3\n"}, zipfile.ZIP_DEFLATED),
            "malicious",
            "torch",
            "deflated '.data' record",
        ),
    ]


def _torch_tar_storages() -> bytes:
    """storages: count 2, (key, location, FloatStorage) + 4 floats, then a malicious args pickle (torch.load runs it)."""
    args = b.proto(2) + b.MARK + b.ustr("0") + b.ustr("cpu") + b.glob("torch", "FloatStorage") + b.TUPLE + b.STOP
    storages = b"\x80\x02K\x02." + args + struct.pack("<q", 4) + b"\x00" * 16 + EVIL + b"\x80\x02]."
    tensors = b"\x80\x02K\x00."
    sysinfo = b.proto(2) + b.EMPTY_DICT + b.STOP
    return b.tar_bytes({"sys_info": sysinfo, "pickle": b.call("collections", "OrderedDict"), "tensors": tensors, "storages": storages})


def _torch_tar_benign() -> bytes:
    args = b.proto(2) + b.MARK + b.ustr("0") + b.ustr("cpu") + b.glob("torch", "FloatStorage") + b.TUPLE + b.STOP
    storages = b"\x80\x02K\x01." + args + struct.pack("<q", 4) + b"\x00" * 16 + b"\x80\x02]."
    # real files name torch.FloatTensor here, which the allow-list (issue 19) does not hold yet
    targs = b.proto(2) + b.MARK + b.ustr("t0") + b.ustr("0") + b.glob("torch", "FloatStorage") + b.TUPLE + b.STOP
    tensors = b"\x80\x02K\x01." + targs + struct.pack("<ii", 1, 0) + struct.pack("<qqq", 4, 1, 0)
    sysinfo = b.proto(2) + b.EMPTY_DICT + b.STOP
    main = b.proto(2) + b.glob("collections", "OrderedDict") + b.EMPTY_TUPLE + b.REDUCE + b.STOP
    return b.tar_bytes({"sys_info": sysinfo, "pickle": main, "tensors": tensors, "storages": storages})


def _tar_v7(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    raw = bytearray(out.getvalue())
    raw[257:265] = b"\x00" * 8  # drop the ustar magic and version: a v7 header, which tarfile still reads
    raw[148:156] = b" " * 8
    raw[148:156] = b"%06o\x00 " % sum(raw[:512])
    return bytes(raw)


def _fail_closed() -> list[Bypass]:
    broken = b.proto(2) + b.glob("collections", "OrderedDict") + b.EMPTY_TUPLE + b.REDUCE + b"\xff"  # then junk
    enc = bytearray(b.zip_bytes({"archive/data.pkl": EVIL, "archive/version": b"3\n"}, deflate=True))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = bytes(enc).find(signature) + offset
        enc[at] |= 1
    method99 = bytearray(b.zip_bytes({"archive/data.pkl": EVIL}))
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = bytes(method99).find(signature) + offset
        method99[at : at + 2] = struct.pack("<H", 99)
    return [
        Bypass("broken_after_reduce.pkl", broken, "malicious", "fail-closed", "pickle that breaks after a call (loader ran it)"),
        Bypass("truncated.pt", P0_EVIL[:-3], "malicious", "fail-closed", "pickle cut before STOP"),
        Bypass("encrypted_deflated.pt", bytes(enc), "malicious", "fail-closed", "zip member flagged encrypted and deflated"),
        Bypass("aes_method.pt", bytes(method99), "malicious", "fail-closed", "zip member with method 99 (AES)"),
        Bypass("archive.7z", b"7z\xbc\xaf\x27\x1c" + b"\x00" * 40, "malicious", "fail-closed", "7z archive (no reader)"),
        Bypass("unknown_opcode.pkl", b"\x80\x04" + b.glob("os", "system") + b"\xfe", "malicious", "fail-closed", "import then an unknown opcode"),
    ]


def _gguf(template: str, **extra: object) -> bytes:
    kv: dict[str, object] = {"general.architecture": "llama", "general.name": "m", "tokenizer.chat_template": template}
    kv.update(extra)
    return b.gguf(kv)


def _gguf_dupe(first: str, second: str) -> bytes:
    """Two tokenizer.chat_template keys (a placeholder of the same length is renamed after building)."""
    data = b.gguf({"general.architecture": "llama", "tokenizer.chat_template": first, "zokenizer.chat_template": second})
    return data.replace(b"zokenizer.chat_template", b"tokenizer.chat_template", 1)


def _gguf_samples() -> list[Bypass]:
    late = "{{ messages }}" + " " * (1 << 20) + "{{ cycler.__init__.__globals__.os.popen('id').read() }}"
    templates = [
        ("format_c", "{{ cycler|attr('%c%cinit%c%c'|format(95,95,95,95)) }}", "'%c'|format(95) builds underscores"),
        ("tilde", "{{ cycler[('__in' ~ 'it__')] }}", "'__in' ~ 'it__' concatenation"),
        ("join", "{{ lipsum|attr(['_','_','glo','bals','_','_']|join) }}", "|join builds the name"),
        ("set_var", "{% set n = '__glo' + 'bals__' %}{{ lipsum[n]['os'] }}", "name built in a set variable"),
        ("reverse", "{{ cycler['__tini__'[::-1]] }}", "reversed string slice"),
        ("dict_keys", "{{ lipsum|attr(dict(__globals__=1)|list|first) }}", "dict(kw=) key as a name"),
        ("str_format", "{{ lipsum|attr('{}{}'.format('__glob', 'als__')) }}", "str.format call"),
        (
            "runtime_ns",
            "{% set ns = namespace(k='') %}{% for c in [95, 95] %}{% set ns.k = ns.k ~ '%c'|format(c) %}{% endfor %}{{ x[ns.k ~ 'class' ~ ns.k] }}",
            "name built in a loop",
        ),
        ("attr_var", "{{ x|attr(request.args.a) }}", "|attr with a run-time name"),
        ("mro", "{{ ''.__class__.mro()[1].__subclasses__() }}", "mro / __subclasses__"),
        ("escapes", "{{ cycler|attr('\\x5f\\x5finit\\x5f\\x5f') }}", "escaped underscores in a literal"),
        ("gi_frame", "{% for x in range(1) %}{{ x.gi_frame }}{% endfor %}", "generator frame (sandbox-internal attribute)"),
        ("map_attr", "{{ [cycler]|map(attribute='__init__')|list }}", "map(attribute=dunder)"),
    ]
    out = [Bypass(f"tpl_{key}.gguf", _gguf(text), "malicious", "gguf", tech) for key, text, tech in templates]
    out.append(Bypass("tpl_after_1mib.gguf", _gguf(late), "malicious", "gguf", "payload after the first MiB of the template"))
    out.append(
        Bypass(
            "tpl_dupe.gguf",
            _gguf_dupe("{{ cycler.__init__.__globals__ }}", REAL_TEMPLATES["chatml"]),
            "malicious",
            "gguf",
            "duplicate chat_template keys (first copy malicious)",
        )
    )
    out.append(Bypass("tpl_unparsable.gguf", _gguf("{{ x.__class__ }"), "malicious", "gguf", "template jinja2 cannot parse (other renderers may): fail closed"))
    return out


def _keras_zip(config: bytes, *, metadata: bool = True, method: int = zipfile.ZIP_STORED) -> bytes:
    members = {"config.json": config, "model.weights.h5": b"\x89HDF\r\n\x1a\n"}
    if metadata:
        members["metadata.json"] = b'{"keras_version": "3.5.0"}'
    return _zip_method(members, method)


def _keras() -> list[Bypass]:
    lam = _keras_config(lambda_layer=True)
    nested = json.dumps(
        {
            "config": {
                "layers": [
                    {"config": {"layer": {"config": {"function": "x"}, "module": "keras.layers", "class_name": "Lambda"}}, "class_name": "Bidirectional"}
                ]
            },
            "class_name": "Functional",
        }
    ).encode()
    func_ref = json.dumps(
        {
            "class_name": "Sequential",
            "config": {
                "layers": [
                    {
                        "class_name": "Dense",
                        "config": {"activation": {"module": "builtins", "class_name": "function", "config": "exec", "registered_name": "function"}},
                    }
                ]
            },
        }
    ).encode()
    get_file = json.dumps(
        {
            "class_name": "Sequential",
            "config": {
                "layers": [
                    {
                        "class_name": "Dense",
                        "config": {
                            "kernel_initializer": {"module": "keras.utils", "class_name": "function", "config": "get_file", "registered_name": "get_file"}
                        },
                    }
                ]
            },
        }
    ).encode()
    unsafe = json.dumps(
        {
            "class_name": "Sequential",
            "config": {"safe_mode": False, "layers": [{"class_name": "Dense", "module": "keras.config", "config": {"name": "enable_unsafe_deserialization"}}]},
        }
    ).encode()
    decoy = b'{"class_name": "Sequential", "config": {"layers": []}}'
    h5 = b"\x89HDF\r\n\x1a\n" + b"\x00" * 100 + b"model_config\x00" + decoy + b"\x00" * 40 + b"model_config\x00" + lam + b"\x00" * 64
    unreadable = b"\x89HDF\r\n\x1a\n" + b"\x00" * 100 + b"model_config\x00" + b'{"class_name": "Sequential", "config": {"layers": [' + b"\x00" * 64
    return [
        Bypass("no_metadata.keras", _keras_zip(lam, metadata=False), "malicious", "keras", ".keras without metadata.json"),
        Bypass("lzma_config.keras", _keras_zip(lam, method=zipfile.ZIP_LZMA), "malicious", "keras", "LZMA-compressed config.json"),
        Bypass("bzip2_config.keras", _keras_zip(lam, method=zipfile.ZIP_BZIP2), "malicious", "keras", "bzip2-compressed config.json"),
        Bypass("nested_lambda.keras", _keras_zip(nested), "malicious", "keras", "Lambda nested in a wrapper, class_name after config"),
        Bypass("func_ref.keras", _keras_zip(func_ref), "malicious", "keras", "function reference to builtins.exec (CVE-2025-1550 style)"),
        Bypass("get_file.keras", _keras_zip(get_file), "malicious", "keras", "keras.utils.get_file reference"),
        Bypass("unsafe_mode.keras", _keras_zip(unsafe), "malicious", "keras", "safe_mode false / enable_unsafe_deserialization"),
        Bypass("renamed.zip", _keras_zip(lam, metadata=False), "malicious", "keras", "Keras archive named .zip"),
        Bypass("decoy.h5", h5, "malicious", "keras", "HDF5 with a decoy config before the real model_config"),
        Bypass("unreadable.h5", unreadable, "malicious", "keras", "HDF5 model_config that cannot be read: fail closed"),
    ]


def malicious() -> list[Bypass]:
    from .bypass_corpus_c import malicious_c  # issue 19 session 8 (its module imports this one)

    return _sniffing() + _compression() + _allow_list() + _numpy() + _torch() + _fail_closed() + _gguf_samples() + _keras() + malicious_c()


def benign() -> list[Bypass]:
    joblib = _joblib()
    npy = b.npy("<f4", (2, 2), struct.pack("<4f", 1, 2, 3, 4))
    keras_ok = _keras_config()
    h5_ok = b"\x89HDF\r\n\x1a\n" + b"\x00" * 100 + b"model_config\x00" + keras_ok + b"\x00" * 64
    out = [
        Bypass("state_dict.pt", b.torch_zip(b.torch_state_pickle()), "benign", "torch", "torch.save zip (archive/)"),
        Bypass(
            "named_folder.pt",
            b.torch_zip(b.torch_state_pickle(), folder="pytorch_model"),
            "benign",
            "torch",
            "torch.save zip, record folder named after the file",
        ),
        Bypass(
            "serialization_id.pt",
            b.zip_bytes({"m/data.pkl": b.torch_state_pickle(), "m/.data/serialization_id": b"0123456789", "m/data/0": b"\x00" * 16, "m/version": b"3\n"}),
            "benign",
            "torch",
            "torch >= 2.1 zip with .data/serialization_id",
        ),
        Bypass("legacy.bin", b.legacy_torch(b.torch_state_pickle()), "benign", "torch", "legacy torch.save"),
        Bypass("joblib_plain.joblib", joblib, "benign", "joblib", "joblib, no compression"),
        Bypass("joblib_zlib.joblib", zlib.compress(joblib, 3), "benign", "joblib", "joblib compress=('zlib', 3)"),
        Bypass("joblib_gzip.joblib", gzip.compress(joblib), "benign", "joblib", "joblib compress='gzip'"),
        Bypass("joblib_bz2.joblib", bz2.compress(joblib), "benign", "joblib", "joblib compress='bz2'"),
        Bypass("joblib_xz.joblib", lzma.compress(joblib), "benign", "joblib", "joblib compress='xz'"),
        Bypass("joblib_lzma.joblib", _lzma_alone(joblib), "benign", "joblib", "joblib compress='lzma'"),
        Bypass("floats.npy", npy, "benign", "numpy", "numeric npy"),
        Bypass("struct.npy", _npy_literal("[('x', '<f4'), ('y', '<i8', (3,)), ('t', '<M8[ns]')]", b"\x00" * 40), "benign", "numpy", "structured npy"),
        Bypass("stored.npz", b.zip_bytes({"a.npy": npy, "b.npy": npy}), "benign", "numpy", "npz stored"),
        Bypass("deflated.npz", b.zip_bytes({"a.npy": npy}, deflate=True), "benign", "numpy", "np.savez_compressed"),
        Bypass("bzip2.npz", _zip_method({"a.npy": npy}, zipfile.ZIP_BZIP2), "benign", "numpy", "npz with bzip2 members"),
        Bypass("good.keras", _keras_zip(keras_ok), "benign", "keras", ".keras with metadata"),
        Bypass("good_nometa.keras", _keras_zip(keras_ok, metadata=False), "benign", "keras", ".keras without metadata"),
        Bypass("good.h5", h5_ok, "benign", "keras", "HDF5 with a plain model_config"),
        Bypass("weights_only.h5", b"\x89HDF\r\n\x1a\n" + b"\x00" * 4000, "benign", "keras", "HDF5 weights only (no model_config)"),
        Bypass("gz_state.pt.gz", gzip.compress(b.torch_zip(b.torch_state_pickle())), "benign", "compression", "gzip of a torch zip"),
        Bypass("torch_tar_ok.pt", _torch_tar_benign(), "benign", "torch", "torch's tar format (storages, tensors, pickle)"),
        Bypass(
            "safe.tar", b.tar_bytes({"m/model.safetensors": b.safetensors({"a": ("F32", [1], (0, 4))}, b"\x00" * 4)}), "benign", "torch", "tar of safetensors"
        ),
    ]
    for proto in range(6):
        out.append(
            Bypass(
                f"data_p{proto}.pkl",
                pickle.dumps({"w": [1.5, 2], "n": "x", "t": (None, True)}, protocol=proto),
                "benign",
                "sniffing",
                f"plain data pickle protocol {proto}",
            )
        )
    for key, text in REAL_TEMPLATES.items():
        out.append(Bypass(f"{key}.gguf", _gguf(text), "benign", "gguf", f"GGUF with the published {key} chat template"))
    from .bypass_corpus_c import benign_c

    return out + benign_c()


def bypass_corpus() -> list[Bypass]:
    return malicious() + benign()
