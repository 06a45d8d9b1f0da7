"""Every generated sample: malicious flagged, benign safe, malformed reported as error; formats by content."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.formats import inspect_path
from scanner.formats.base import EXEC_FORMATS
from tests.formats.corpus import Sample, corpus

SAMPLES = corpus()


def _inspect(tmp_path: Path, sample: Sample):  # type: ignore[no-untyped-def]
    path = tmp_path / sample.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(sample.data)
    result = inspect_path(path, sample.name, len(sample.data), named_as_model=True)
    assert result is not None
    return result


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.label == "malicious"], ids=lambda s: s.name)
def test_malicious_samples_are_flagged(tmp_path: Path, sample: Sample) -> None:
    result = _inspect(tmp_path, sample)
    assert result.verdict in ("unsafe", "suspicious"), (sample.technique, result)
    assert result.format == sample.fmt
    assert result.issues


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.label == "benign"], ids=lambda s: s.name)
def test_benign_samples_are_safe(tmp_path: Path, sample: Sample) -> None:
    result = _inspect(tmp_path, sample)
    assert result.verdict == "safe", (sample.technique, result.issues)
    assert result.format == sample.fmt
    assert all(i.severity.label in ("info", "low") for i in result.issues)


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.label == "malformed"], ids=lambda s: s.name)
def test_malformed_samples_are_errors_not_crashes(tmp_path: Path, sample: Sample) -> None:
    result = _inspect(tmp_path, sample)
    # a broken file that cannot run code is an error; one that can (a pickle) fails closed
    assert result.verdict == ("suspicious" if sample.fmt in EXEC_FORMATS else "error")
    assert result.format == sample.fmt
    assert not any(i.code == "inspect-error" for i in result.issues)  # handled by the inspector, not the crash net


def test_pickle_formats_can_execute_code_even_when_benign(tmp_path: Path) -> None:
    by_name = {s.name: s for s in SAMPLES}
    assert _inspect(tmp_path, by_name["plain_dict_p0.pkl"]).can_execute_code
    assert _inspect(tmp_path, by_name["state_dict.pt"]).can_execute_code
    assert not _inspect(tmp_path, by_name["model.safetensors"]).can_execute_code
    assert not _inspect(tmp_path, by_name["assistant.gguf"]).can_execute_code


def test_dangerous_import_is_named(tmp_path: Path) -> None:
    by_name = {s.name: s for s in SAMPLES}
    memo = _inspect(tmp_path, by_name["memo_stack_global.pkl"])
    assert [i.detail for i in memo.issues if i.code == "pickle-dangerous-import"] == ["posix.system (call,import)"]
    chain = _inspect(tmp_path, by_name["getattr_chain.pkl"])
    assert any(i.detail.startswith("builtins.getattr") for i in chain.issues)
    second = _inspect(tmp_path, by_name["second_pickle.pkl"])
    assert "pickle #2" in second.issues[0].message
