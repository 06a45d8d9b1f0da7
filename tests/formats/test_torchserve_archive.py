"""TorchServe model archives (``.mar``): the server extracts the zip, puts it on ``sys.path`` and imports the handler
its manifest names, so Python members run when the model is loaded. Such an archive was called safe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.formats import builders as b

STATE = b.torch_zip(b.torch_state_pickle())
MANIFEST = "MAR-INF/MANIFEST.json"


def manifest(handler: str | None = "handler.py", **model: str) -> bytes:
    body = {"modelName": "m", "serializedFile": "model.pt", **model}
    if handler is not None:
        body["handler"] = handler
    return json.dumps({"createdOn": "01/01/2026", "runtime": "python", "model": body, "archiverVersion": "0.12.0"}).encode()


def inspect(tmp_path: Path, name: str, members: dict[str, bytes]):  # type: ignore[no-untyped-def]
    return b.inspected(tmp_path, name, b.zip_bytes(members, deflate=True))


codes = b.issue_codes


def test_archive_with_a_handler_file_runs_code_on_load(tmp_path: Path) -> None:
    found = inspect(tmp_path, "model.mar", {MANIFEST: manifest(), "handler.py": b"import os\n", "model.pt": STATE})
    assert found.format == "torchserve-mar" and found.verdict == "unsafe" and found.can_execute_code
    assert "torchserve-code" in codes(found) and "handler.py" in next(i.message for i in found.issues if i.code == "torchserve-code")


def test_builtin_handler_and_safe_weights_stay_safe(tmp_path: Path) -> None:
    for handler in ("image_classifier", "ts.torch_handler.text_classifier"):
        found = inspect(tmp_path, "resnet.mar", {MANIFEST: manifest(handler), "model.pt": STATE, "index_to_name.json": b"{}"})
        assert found.verdict == "safe" and found.can_execute_code and not codes(found) - {"torchscript-code"}, handler


@pytest.mark.parametrize("handler", ["builtins:exec", "os:system", "subprocess", "my_pkg.handlers:handle"])
def test_handler_outside_the_archive_is_flagged(tmp_path: Path, handler: str) -> None:
    found = inspect(tmp_path, "m.mar", {MANIFEST: manifest(handler), "model.pt": STATE})
    assert found.verdict == "unsafe" and "torchserve-handler" in codes(found)


def test_attacker_variants(tmp_path: Path) -> None:
    # no manifest at all, under the .mar name: its Python still counts
    assert "torchserve-code" in codes(inspect(tmp_path, "a.mar", {"handler.py": b"x", "model.pt": STATE}))
    # code as a compiled module or a native extension, named by the handler as module:function
    found = inspect(tmp_path, "b.mar", {MANIFEST: manifest("h:handle"), "h.cpython-311.so": b"\x7fELF", "model.pt": STATE})
    assert found.verdict == "unsafe" and "torchserve-code" in codes(found)
    # a broken or hostile manifest: fail closed, the members are still inspected
    for bad in (b"{", b"[]" * 3, json.dumps({"model": "x"}).encode(), b"\xff\xfe", b"[" * 100_000):
        found = inspect(tmp_path, "c.mar", {MANIFEST: bad, "model.pt": b.call("os", "system", b.ustr("id"))})
        assert found.verdict == "unsafe", bad[:10]  # the pickle member decides; the manifest adds its own issue
        found = inspect(tmp_path, "d.mar", {MANIFEST: bad, "model.pt": STATE})
        assert found.verdict in ("suspicious", "unsafe") and found.verdict != "safe", bad[:10]
    # a requirements.txt is installed by pip when per-model dependencies are on
    assert "torchserve-requirements" in codes(inspect(tmp_path, "e.mar", {MANIFEST: manifest("image_classifier"),
                                                                          "requirements.txt": b"evil-pkg\n", "model.pt": STATE}))


def test_a_plain_zip_with_python_is_not_a_torchserve_archive(tmp_path: Path) -> None:
    found = inspect(tmp_path, "weights.zip", {"model.pt": STATE, "convert.py": b"print(1)\n"})
    assert found.format != "torchserve-mar" and "torchserve-code" not in codes(found)
