"""What names a local model file: not an extension alone (``EXT = ".bin"``, appended to a name) and not a glob."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.discover.ids import local_model_path

from .helpers import scan


@pytest.mark.parametrize("text, path", [
    (".bin", None), (".GGUF", None), ("models/.pt", None), ("*.safetensors", None), ("models/*.gguf", None),
    ("model-0000?-of-00002.safetensors", None), ("ckpt/[ab].pt", None),
    ("x.bin", "x.bin"), ("./models/ggml-base.en.bin", "models/ggml-base.en.bin"), (".cache/m.gguf", ".cache/m.gguf"),
])
def test_local_model_paths(text: str, path: str | None) -> None:
    assert local_model_path(text) == path


def test_an_extension_constant_is_not_a_model_file(tmp_path: Path) -> None:
    refs = scan(tmp_path, {
        "download.go": 'package main\n\nconst srcExt = ".bin"\n\nfunc URLForModel(model string) string {\n'
                       '\tif filepath.Ext(model) != srcExt {\n\t\tmodel += srcExt\n\t}\n\treturn model\n}\n\n'
                       '',
        "load.py": 'EXT = ".gguf"\nfor f in glob.glob("*.safetensors"):\n    load_file(f)\n'
                   'Llama(model_path=name + EXT)\nLlama(model_path="weights/phi-3.gguf")\n',
    })
    ids = {r.identifier for r in refs}
    assert "weights/phi-3.gguf" in ids
    assert not ids & {".bin", ".gguf", "*.safetensors"}
