"""A Keras config node naming a registered class without a module: Keras imports nothing for it (it looks the name up
among the classes the loading program registered), so it is noted, not suspicious; a node naming a module is still
an import of custom code, and unsafe names stay unsafe whatever field carries them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scanner.formats import inspect_path
from tests.formats import builders as b


def _keras(tmp_path: Path, layer: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    config = {"module": None, "class_name": "Model", "registered_name": "mine>Model",
              "config": {"name": "m", "layers": [layer]}}
    path = tmp_path / "model.keras"
    path.write_bytes(b.zip_bytes({"config.json": json.dumps(config).encode(), "metadata.json": b"{}",
                                  "model.weights.h5": b"\x89HDF\r\n\x1a\n"}))
    mf = inspect_path(path, "model.keras", path.stat().st_size, named_as_model=True)
    assert mf is not None and mf.format == "keras"
    return mf.verdict, [(i.code, i.severity.name) for i in mf.issues]


def test_a_registered_name_without_a_module_imports_nothing(tmp_path: Path) -> None:
    verdict, issues = _keras(tmp_path, {"module": None, "class_name": "NestedDense", "registered_name": "pkg>NestedDense",
                                        "config": {"units": 3}})
    assert verdict == "safe"
    assert ("keras-registered-object", "INFO") in issues and all(code != "keras-custom-object" for code, _ in issues)


@pytest.mark.parametrize("layer, code, verdict", [
    ({"module": "evil_pkg.layers", "class_name": "Dense", "registered_name": "evil_pkg>Dense", "config": {}},
     "keras-custom-object", "suspicious"),
    ({"module": None, "class_name": "function", "registered_name": "builtins>eval", "config": "eval"},
     "keras-unsafe-reference", "unsafe"),
    ({"module": None, "class_name": "Lambda", "registered_name": "pkg>Lambda", "config": {"function": "x"}},
     "keras-lambda", "unsafe"),
])
def test_imports_and_unsafe_names_keep_their_verdict(layer: dict[str, Any], code: str, verdict: str, tmp_path: Path) -> None:
    got, issues = _keras(tmp_path, layer)
    assert got == verdict and code in {c for c, _ in issues}
