"""A file whose gap follows from its bytes (syntax error, invalid JSON) is cached; timeouts and failures are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.config import ScanConfig
from scanner.discover.engine import scan_files


def _project(root: Path) -> None:
    (root / "app").mkdir(parents=True)
    (root / "app" / "broken.py").write_text('from transformers import AutoModel\nm = AutoModel.from_pretrained("Qwen/Qwen2.5-7B"\n')
    (root / "app" / "bad.json").write_text('{"model": "meta-llama/Llama-3.1-8B", \n')
    (root / "app" / "ok.py").write_text('from transformers import AutoModel\nm = AutoModel.from_pretrained("Qwen/Qwen2.5-7B")\n')


def _view(out: object) -> tuple[object, ...]:
    return (sorted((r.identifier, r.location.path, r.location.line) for r in out.references),  # type: ignore[attr-defined]
            sorted((e.path, e.message) for e in out.errors),  # type: ignore[attr-defined]
            out.coverage)  # type: ignore[attr-defined]


def test_stable_gaps_are_answered_from_the_cache(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    _project(root)
    config = ScanConfig(root=root, offline=True, cache_dir=tmp_path / "cache")
    first = scan_files(config, workers=1, use_cache=True)
    assert first.stats.scanned == 3
    assert {g.reason for g in first.coverage.not_analysed} == {"syntax-error", "invalid-json"}
    second = scan_files(config, workers=1, use_cache=True)
    assert second.stats.scanned == 0
    assert _view(second) == _view(first)  # the fallback's references, the errors and the coverage entries come back
    (root / "app" / "broken.py").write_text('from transformers import AutoModel\nm = AutoModel.from_pretrained("Qwen/Qwen2.5-7B")\n')
    third = scan_files(config, workers=1, use_cache=True)
    assert third.stats.scanned == 1
    assert {g.reason for g in third.coverage.not_analysed} == {"invalid-json"}


def test_timeouts_and_detector_failures_are_analysed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scanner.discover.python.detector import PythonDetector

    root = tmp_path / "proj"
    _project(root)
    (root / "app" / "bad.json").unlink()

    def boom(self: PythonDetector, src: object) -> list[object]:
        raise RuntimeError("transient")

    monkeypatch.setattr(PythonDetector, "detect", boom)
    config = ScanConfig(root=root, offline=True, cache_dir=tmp_path / "cache")
    first = scan_files(config, workers=1, use_cache=True)
    assert first.stats.scanned == 2 and {g.reason for g in first.coverage.not_analysed} == {"detector-error"}
    second = scan_files(config, workers=1, use_cache=True)
    assert second.stats.scanned == 2  # never cached: the next scan tries again
