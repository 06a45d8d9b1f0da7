"""Property tests: every registered detector, on any bytes under any name it claims, returns References or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scanner.discover import DETECTORS, SourceFile
from scanner.models import Reference

from .strategies import CANDIDATE_NAMES, CONTENT, FUZZ, bounded

SAMPLE = b'from transformers import AutoModel\nAutoModel.from_pretrained("org/model")\nmodel: org/model\n'


def claimed_names(detector: object, root: Path) -> list[str]:
    names = []
    for name in CANDIDATE_NAMES:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(SAMPLE)
        if detector.wants(SourceFile(root=root, relpath=name, size=len(SAMPLE))):  # type: ignore[attr-defined]
            names.append(name)
    return names


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-detectors")


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.name)
def test_every_detector_is_reachable(detector: object, fuzz_root: Path) -> None:
    """A new detector must claim one of CANDIDATE_NAMES (add its file name there), so the fuzzing below covers it."""
    assert claimed_names(detector, fuzz_root / "reach"), f"{detector.name}: add a file name it claims to CANDIDATE_NAMES"  # type: ignore[attr-defined]


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.name)
def test_detector_survives_hostile_content(detector: object, fuzz_root: Path) -> None:
    names = claimed_names(detector, fuzz_root / "names")

    @FUZZ
    @given(name=st.sampled_from(names or ["none.py"]), data=CONTENT)
    def check(name: str, data: bytes) -> None:
        path = fuzz_root / "case" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        src = SourceFile(root=fuzz_root / "case", relpath=name, size=len(data))
        with bounded(f"{detector.name} on {name}"):  # type: ignore[attr-defined]
            if not detector.wants(src):  # type: ignore[attr-defined]
                return
            found = list(detector.detect(src))  # type: ignore[attr-defined]
        for ref in found:
            assert isinstance(ref, Reference)
            assert ref.location.path == name
            assert ref.identifier and ref.identifier == ref.identifier.strip()
            assert ref.location.line is None or ref.location.line >= 1
            assert len(ref.evidence) <= 200

    check()
