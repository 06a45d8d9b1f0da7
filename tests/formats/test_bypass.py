"""Issue 14's bypass corpus: every malicious file is flagged (never safe, not-inspected or error), benign layouts stay safe."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.formats import inspect_path
from scanner.models import ModelFile
from tests.formats.bypass_corpus import Bypass, benign, malicious

MALICIOUS = malicious()
BENIGN = benign()


def _inspect(tmp_path: Path, sample: Bypass) -> ModelFile:
    path = tmp_path / sample.name
    path.parent.mkdir(parents=True, exist_ok=True)  # saved_model.pb samples sit in a folder of their own
    path.write_bytes(sample.data)
    result = inspect_path(path, sample.name, len(sample.data), named_as_model=True)
    assert result is not None, sample.technique
    return result


def test_corpus_size_and_spread() -> None:
    assert len(MALICIOUS) >= 60 and len(BENIGN) >= 30
    assert {s.cls for s in MALICIOUS} >= {"sniffing", "compression", "allow-list", "numpy", "torch", "fail-closed", "gguf", "keras"}
    assert len({s.name for s in MALICIOUS + BENIGN}) == len(MALICIOUS) + len(BENIGN)


@pytest.mark.parametrize("sample", MALICIOUS, ids=lambda s: s.name)
def test_malicious_is_flagged(tmp_path: Path, sample: Bypass) -> None:
    result = _inspect(tmp_path, sample)
    assert result.verdict in ("unsafe", "suspicious"), (sample.technique, result.format, result.verdict, result.issues)


@pytest.mark.parametrize("sample", BENIGN, ids=lambda s: s.name)
def test_benign_layout_is_safe(tmp_path: Path, sample: Bypass) -> None:
    result = _inspect(tmp_path, sample)
    assert result.verdict == "safe", (sample.technique, result.format, result.issues)
    assert all(i.severity.label in ("info", "low") for i in result.issues)
