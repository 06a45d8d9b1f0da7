"""Property tests: model-file inspection (every registered inspector) on malformed headers, archives and opcode soup."""

from __future__ import annotations

import pytest
from hypothesis import given

from scanner.formats import INSPECTORS, inspect_path
from scanner.models import ModelFile

from .strategies import FUZZ, MAGIC_SEEDS, MODEL_CONTENT, bounded

VERDICTS = {"safe", "suspicious", "unsafe", "error", "not-inspected"}


def inspector_name(inspector: object) -> str:
    return str(getattr(inspector, "format", type(inspector).__name__))


@pytest.mark.parametrize("inspector", INSPECTORS, ids=inspector_name)
def test_every_inspector_is_reachable(inspector: object) -> None:
    """A new inspector must sniff one of MAGIC_SEEDS (add its magic there), so the fuzzing below covers it."""
    assert any(inspector.sniff(head.ljust(600, b"\0"), name) for name, head in MAGIC_SEEDS), (  # type: ignore[attr-defined]
        f"{inspector_name(inspector)}: add a (name, magic) pair it sniffs to MAGIC_SEEDS")


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_inspection_survives_hostile_model_files(tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("fuzz-formats")

    @FUZZ
    @given(case=MODEL_CONTENT)
    def check(case: tuple[str, bytes]) -> None:
        name, data = case
        path = root / name
        path.write_bytes(data)
        with bounded(f"inspect {name}"):
            result = inspect_path(path, name, len(data))
        if result is None:
            return
        assert isinstance(result, ModelFile)
        assert result.path == name and result.size == len(data)
        assert result.verdict in VERDICTS
        crashed = [i for i in result.issues if i.code == "inspect-error"]
        assert not crashed, f"an inspector raised instead of reporting a malformed {name}: {crashed[0].message}"

    check()
