"""Inspection inside the file engine: content decides the format, model files become model-file references."""

from __future__ import annotations

from pathlib import Path

from scanner.discover.engine import scan_one
from scanner.discover.walker import WalkEntry
from scanner.formats import inspect_path, is_candidate
from scanner.models import RefKind
from tests.formats import builders as b
from tests.formats.make_example_gguf import TARGET, build


def _one(root: Path, rel: str):  # type: ignore[no-untyped-def]
    outcome = scan_one(root, WalkEntry(relpath=rel, size=(root / rel).stat().st_size), max_file_size=1 << 20, want_digest=False)
    assert outcome.result is not None
    return outcome.result


def test_example_gguf_is_current_and_carries_its_lineage() -> None:
    assert TARGET.read_bytes() == build()
    result = inspect_path(TARGET, "models/assistant.Q4_K_M.gguf", TARGET.stat().st_size)
    assert result is not None and result.format == "gguf" and result.verdict == "safe"
    assert result.metadata["base_models"] == ["Qwen/Qwen2.5-0.5B-Instruct"]
    assert result.metadata["organization"] == "Example Corp"
    assert result.sha256 is not None and len(result.sha256) == 64


def test_pickle_behind_an_opaque_name_is_found(tmp_path: Path) -> None:
    (tmp_path / "weights.dat").write_bytes(b.call("os", "system", b.ustr("id")))
    result = _one(tmp_path, "weights.dat")
    assert result.model_file is not None and result.model_file.verdict == "unsafe"
    assert [r.kind for r in result.references] == [RefKind.MODEL_FILE]


def test_pickles_behind_source_and_config_names_are_inspected(tmp_path: Path) -> None:
    """Files read for other reasons (.json, .py, .yaml) are checked by content too: torch.load takes any name."""
    (tmp_path / "settings.json").write_bytes(b"cos\nsystem\n(S'id'\ntR.")
    (tmp_path / "helper.py").write_bytes(b.call("os", "system", b.ustr("id")))
    (tmp_path / "plain.py").write_text("import os\nprint(os.getcwd())\n")
    (tmp_path / "notes.json").write_text('{"N.B.": "not a pickle"}')
    for rel in ("settings.json", "helper.py"):
        found = _one(tmp_path, rel).model_file
        assert found is not None and found.verdict == "unsafe", rel
    assert _one(tmp_path, "plain.py").model_file is None
    assert _one(tmp_path, "notes.json").model_file is None


def test_raw_bin_is_reported_not_inspected_and_plain_zip_is_no_model(tmp_path: Path) -> None:
    (tmp_path / "pytorch_model.bin").write_bytes(b"\x01\x02\x03\x04" * 100)
    raw = _one(tmp_path, "pytorch_model.bin").model_file
    assert raw is not None and raw.verdict == "not-inspected" and raw.format == "unknown"
    (tmp_path / "docs.zip").write_bytes(b.zip_bytes({"a.txt": b"hello"}))
    docs = _one(tmp_path, "docs.zip")
    assert docs.model_file is None and docs.references == ()
    (tmp_path / "weights.zip").write_bytes(b.zip_bytes({"model.safetensors": b.safetensors({"w": ("F32", [1], (0, 4))}, b"\x00" * 4)}))
    packed = _one(tmp_path, "weights.zip")
    assert packed.model_file is not None and packed.model_file.metadata["contains"] == ["zip", "safetensors"]
    assert [r.kind for r in packed.references] == [RefKind.MODEL_FILE]


def test_folder_config_and_card_feed_metadata(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "config.json").write_text('{"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "_name_or_path": "Qwen/Qwen2.5-7B"}')
    (folder / "README.md").write_text("---\nlicense: other\nlicense_name: qwen\nbase_model: Qwen/Qwen2.5-7B\n---\n# card\n")
    st = b.safetensors({"w": ("F32", [1], (0, 4))}, b"\x00" * 4)
    (folder / "model.safetensors").write_bytes(st)
    result = inspect_path(folder / "model.safetensors", "m/model.safetensors", len(st))
    assert result is not None
    meta = result.metadata
    assert meta["architecture"] == "Qwen2ForCausalLM" and meta["license"] == "other" and meta["license_name"] == "qwen"
    assert meta["base_models"] == ["Qwen/Qwen2.5-7B"] and meta["hf_repo"] == "Qwen/Qwen2.5-7B"
    assert meta["metadata_sources"] == ["config.json", "model-card"]


def test_candidate_names() -> None:
    assert is_candidate("models/weights.dat") and is_candidate("ckpt/model") and is_candidate("a/b.tar.gz")
    assert not is_candidate("Dockerfile") and not is_candidate("src/app.py") and not is_candidate(".env")
