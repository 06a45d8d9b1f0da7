"""A file whose references depend on a sibling module is never answered from the per-file cache alone."""

from __future__ import annotations

from pathlib import Path

from scanner.config import ScanConfig
from scanner.pipeline import run_scan


def _ids(root: Path, cache: Path, clock: object) -> set[str]:
    config = ScanConfig(root=root, offline=True, cache_dir=cache)
    report = run_scan(config, clock=clock)  # type: ignore[arg-type]
    return {r.identifier for r in report.references if r.location.path == "app/main.py"}


def test_edit_of_imported_constant_reaches_a_cached_importer(tmp_path: Path, clock: object) -> None:
    root = tmp_path / "proj"
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "settings.py").write_text('PRIMARY = "Qwen/Qwen2.5-7B-Instruct"\n')
    (root / "app" / "main.py").write_text(
        "from transformers import AutoModel\nfrom .settings import PRIMARY\n\nmodel = AutoModel.from_pretrained(PRIMARY)\n"
    )
    cache = tmp_path / "cache"
    assert _ids(root, cache, clock) == {"Qwen/Qwen2.5-7B-Instruct"}
    (root / "app" / "settings.py").write_text('PRIMARY = "mistralai/Mistral-7B-Instruct-v0.3"\n')  # main.py untouched
    assert _ids(root, cache, clock) == {"mistralai/Mistral-7B-Instruct-v0.3"}
