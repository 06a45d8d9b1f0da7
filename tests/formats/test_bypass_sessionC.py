"""Issue 19 session 8 (bypassC): crafted model files aiscan called safe; each class flagged for the reason it is
malicious, the benign twins stay safe, a whole folder of them scans through the CLI, and the new readers are bounded."""

from __future__ import annotations

import gzip
import json
import pickle
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import main
from scanner.formats import inspect_path
from scanner.formats.nemo_cfg import resolve
from scanner.formats.pickle_joblib import itemsize, span
from scanner.formats.tf_fmt import graph_ops, text_ops
from scanner.models import ModelFile
from tests.formats.bypass_corpus import EVIL, Bypass
from tests.formats.bypass_corpus_c import benign_c, malicious_c

MALICIOUS = malicious_c()
BENIGN = benign_c()
# the issue each attack must raise: the reason, not just any non-safe verdict
EXPECTED = {
    "c_build_class.pkl": "pickle-global-mutation",
    "c_build_ns.pkl": "pickle-global-mutation",
    "c_setitems_class.pkl": "pickle-global-mutation",
    "c_appends_class.pkl": "pickle-global-mutation",
    "c_multi_member.pkl.gz": "pickle-dangerous-import",
    "c_split_member.pkl.gz": "pickle-dangerous-import",
    "c_multi_stream.bz2": "pickle-dangerous-import",
    "c_multi_stream.xz": "pickle-dangerous-import",
    "c_multi_stream_zlib.pkl": "pickle-dangerous-import",
    "c_hardlink_config.nemo": "nemo-unsafe-target",
    "c_symlink_config.nemo": "nemo-unsafe-target",
    "c_link_storages.pt": "pickle-dangerous-import",
    "c_sparse_pickle.pt": "pickle-dangerous-import",
    "c_two_storage_types.pt": "torch-tar-unreadable",
    "c_joblib_unicode.joblib": "pickle-dangerous-import",
    "c_joblib_datetime.joblib": "pickle-dangerous-import",
    "c_joblib_void_state.joblib": "joblib-array-unsized",
    "c_h5_key_order.h5": "keras-lambda",
    "c_h5_escaped_keys.h5": "keras-lambda",
    "c_h5_decoy_flood.h5": "h5-too-many-configs",
    "c_polyglot.keras": "keras-lambda",
    "c_polyglot_st.keras": "zip-prepended-data",
    "c_tf_write_file.keras": "keras-unsafe-reference",
    "sm_varint/saved_model.pb": "tf-dangerous-op",
    "sm_tag/saved_model.pb": "tf-dangerous-op",
    "sm_quote/saved_model.pbtxt": "tf-dangerous-op",
    "sm_escape/saved_model.pbtxt": "tf-dangerous-op",
    "c_training_info.onnx": "onnx-external-data-escape",
    "c_local_function.onnx": "onnx-custom-domain",
    "c_sparse_initializer.onnx": "onnx-external-data-escape",
    "c_interpolated_target.nemo": "nemo-unsafe-target",
    "c_env_target.nemo": "nemo-unknown-target",
}


def _inspect(tmp_path: Path, sample: Bypass) -> ModelFile:
    path = tmp_path / sample.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(sample.data)
    result = inspect_path(path, sample.name, len(sample.data), named_as_model=True)
    assert result is not None, sample.technique
    return result


def test_every_attack_has_its_reason() -> None:
    assert {s.name for s in MALICIOUS} == set(EXPECTED)
    assert len({s.cls for s in MALICIOUS}) >= 10


@pytest.mark.parametrize("sample", MALICIOUS, ids=lambda s: s.name)
def test_attack_is_flagged_for_its_reason(tmp_path: Path, sample: Bypass) -> None:
    result = _inspect(tmp_path, sample)
    assert result.verdict in ("unsafe", "suspicious"), (sample.technique, result.format, result.verdict, result.issues)
    assert EXPECTED[sample.name] in {i.code for i in result.issues}, (sample.technique, result.issues)


@pytest.mark.parametrize("sample", BENIGN, ids=lambda s: s.name)
def test_benign_twin_is_safe(tmp_path: Path, sample: Bypass) -> None:
    result = _inspect(tmp_path, sample)
    assert result.verdict == "safe", (sample.technique, result.format, result.issues)
    assert all(i.severity.label in ("info", "low") for i in result.issues)


def test_folder_scan_through_the_cli(tmp_path: Path) -> None:
    """The attacks and their twins in one project folder: a full offline scan lists each with its verdict."""
    for sample in MALICIOUS + BENIGN:
        path = tmp_path / "models" / sample.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(sample.data)
    out = CliRunner().invoke(main, ["scan", str(tmp_path), "--offline", "--format", "json"], catch_exceptions=False)
    assert out.exit_code in (0, 1), out.stderr
    verdicts = {f["path"]: f["verdict"] for f in json.loads(out.stdout)["files"]}
    for sample in MALICIOUS:
        assert verdicts.get(f"models/{sample.name}") in ("unsafe", "suspicious"), (sample.name, verdicts.get(f"models/{sample.name}"))
    for sample in BENIGN:
        assert verdicts.get(f"models/{sample.name}") == "safe", (sample.name, verdicts.get(f"models/{sample.name}"))


def test_numpy_itemsizes() -> None:
    assert [itemsize(c) for c in ("<f4", "|b1", "<U10", "|S7", "V12", "<M8[ns]", "<m8", "d", "?", "<c16")] == [4, 1, 40, 7, 12, 8, 8, 8, 1, 16]
    assert itemsize("<U10", 40) == 40 and itemsize("<U10", 400) is None  # a state that disagrees is not guessed
    assert itemsize("<f4", -1) == 4  # non-flexible kinds: numpy ignores the state's elsize
    assert [itemsize(c) for c in ("<f4[ns]", "x8", "<h2", "", "<U")] == [None, None, None, None, None]
    assert span("<f8", (2, 3)).length == 48
    assert span("<f8", (2, "3")).length is None and span("<f8", None).length is None


def test_interpolation_resolution() -> None:
    doc = {"a": {"b": "os"}, "n": 3, "t": "${a.b}.system", "flag": True}
    assert resolve("${a.b}.system", doc) == "os.system"
    assert resolve("nemo.${t}", doc) == "nemo.os.system"  # nested: a value that interpolates again
    assert resolve("x${n}", doc) == "x3"
    assert resolve("${oc.env:X}", doc) is None and resolve("${.rel}", doc) is None and resolve("${missing}", doc) is None
    assert resolve("${flag}", doc) is None
    assert resolve("plain.Target", doc) == "plain.Target"
    looping = {"a": "${a}"}
    assert resolve("${a}", looping) is None  # self-reference: stops after MAX_RESOLVE substitutions


def test_savedmodel_readers() -> None:
    assert text_ops(b"node { op: \"Py\" 'Func' } node { op : \"\\x52eadFile\" }") == {"PyFunc", "ReadFile"}
    ops, error = graph_ops(b"\x12\x07\x12\x05\x0a\x03\x0a\x01\x78")  # meta graph -> graph def -> node without op
    assert ops == set() and error is None
    assert graph_ops(b"\x12\xff\xff\xff\xff\x0f")[1] is not None  # a length past the end: reported, not read


def test_many_gzip_members_are_bounded(tmp_path: Path) -> None:
    """20,000 empty members then a pickle: read to the end in linear time."""
    data = gzip.compress(b"") * 20_000 + gzip.compress(EVIL)
    path = tmp_path / "members.pkl.gz"
    path.write_bytes(data)
    started = time.perf_counter()
    result = inspect_path(path, path.name, len(data), named_as_model=True)
    assert result is not None and result.verdict == "unsafe"
    assert time.perf_counter() - started < 20


def test_pickle_after_stop_and_classic_gadgets_stay_flagged(tmp_path: Path) -> None:
    """Classes the brief lists that aiscan already caught: recorded so they stay caught."""
    from tests.formats import builders as b
    from tests.formats.bypass_corpus import dumps

    samples = {
        "after_stop.pkl": pickle.dumps({"a": 1}, protocol=4) + EVIL,
        "memo_stack_global.pkl": b.proto(4) + b.ustr("os") + b.MEMOIZE + b.ustr("system") + b.MEMOIZE + b.POP + b.POP + b"h\x00h\x01"
        + b.STACK_GLOBAL + b.ustr("id") + b.TUPLE1 + b.REDUCE + b.STOP,
        "ext1.pkl": b.proto(2) + b"\x82\x01" + b.ustr("id") + b.TUPLE1 + b.REDUCE + b.STOP,
        "obj.pkl": b"(" + b.glob("os", "system") + b.text_str("id") + b"o.",
        "dill.pkl": dumps("dill._dill", "_create_function", "x"),
        "cloudpickle.pkl": dumps("cloudpickle.cloudpickle", "_make_function", "x"),
    }
    gadgets = [("pydoc", "locate"), ("lib2to3.main", "main"), ("torch.utils.cpp_extension", "load_inline"), ("timeit", "timeit"),
               ("venv", "create"), ("distutils.spawn", "spawn"), ("runpy", "run_path"), ("importlib", "import_module"),
               ("torch._C", "_load_for_lite_interpreter"), ("operator", "attrgetter"), ("functools", "partial"),
               ("asyncio.subprocess", "create_subprocess_exec"), ("code", "interact"), ("builtins", "getattr")]
    samples.update({f"gadget_{i}.pkl": dumps(m, n, "x") for i, (m, n) in enumerate(gadgets)})
    for name, data in samples.items():
        result = _inspect(tmp_path, Bypass(name, data, "malicious", "pickle", name))
        assert result.verdict in ("unsafe", "suspicious"), (name, result.issues)


def test_tar_link_chains_and_dot_names(tmp_path: Path) -> None:
    """Links resolve as tarfile resolves them: './' prefixes, a symbolic link to a hard link to the file, and a link to
    nothing fails closed (what a loader reads under the name is unknown)."""
    import io
    import tarfile

    from tests.formats import builders as b
    from tests.formats.bypass_corpus_c import WEIGHTS

    cfg = b"encoder:\n  _target_: os.system\n"
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tf:
        for name, data in {"./docs/notes.txt": cfg, "./model_weights.ckpt": WEIGHTS}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        for name, kind, target in (("./hard", tarfile.LNKTYPE, "docs/notes.txt"), ("./model_config.yaml", tarfile.SYMTYPE, "hard")):
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            tf.addfile(info)
    chained = _inspect(tmp_path, Bypass("chain.nemo", out.getvalue(), "malicious", "tar-links", "chain"))
    assert chained.verdict == "unsafe" and "nemo-unsafe-target" in {i.code for i in chained.issues}
    from tests.formats.bypass_corpus_c import tar_with

    dangling = tar_with({"model_weights.ckpt": b.torch_zip(b.torch_state_pickle())}, {"model_config.yaml": "missing.yaml"}, tarfile.SYMTYPE)
    result = _inspect(tmp_path, Bypass("dangling.nemo", dangling, "malicious", "tar-links", "dangling"))
    assert result.verdict == "suspicious" and "tar-link-unresolved" in {i.code for i in result.issues}
