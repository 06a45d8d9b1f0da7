"""Files up to ``IN_MEMORY`` bytes are read once and inspected from that copy: the verdict, the sha256 and the
handling of a file that changed since it was listed are those of the file-handle path."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pytest

from scanner import formats
from scanner.formats import IN_MEMORY, inspect_path

EVIL = b"\x80\x04\x8c\x02os\x94\x8c\x06system\x94\x93\x94\x8c\x02id\x94\x85\x94R\x94."


@pytest.mark.parametrize("size", [len(EVIL), IN_MEMORY, IN_MEMORY + 1, 3 * IN_MEMORY])
def test_same_verdict_and_hash_on_both_sides_of_the_threshold(tmp_path: Path, size: int) -> None:
    path = tmp_path / "model.pkl"
    data = EVIL + b"\x00" * (size - len(EVIL))  # the pickle, then bytes a loader never reads
    path.write_bytes(data)
    result = inspect_path(path, "model.pkl", size)
    assert result is not None and result.verdict == "unsafe" and result.sha256 == hashlib.sha256(data).hexdigest()
    assert any("os.system" in (i.message + i.detail) for i in result.issues)


def test_a_file_grown_since_listed_is_read_as_it_is_now(tmp_path: Path) -> None:
    path = tmp_path / "model.pkl"
    data = pickle.dumps({"w": [1.0] * 10}) + EVIL * 3
    path.write_bytes(data)
    result = inspect_path(path, "model.pkl", 20, named_as_model=True)  # listed at 20 bytes: the inspector's limit
    assert result is not None and result.sha256 == hashlib.sha256(data).hexdigest()  # the hash: what is there now


def test_a_file_shrunk_since_listed_is_hashed_as_it_is_and_fails_closed(tmp_path: Path) -> None:
    path = tmp_path / "model.pkl"
    path.write_bytes(EVIL[:-6])  # cut inside the pickle: a loader fails there, after importing os.system
    result = inspect_path(path, "model.pkl", len(EVIL))
    assert result is not None and result.verdict in ("unsafe", "suspicious")
    assert result.sha256 == hashlib.sha256(EVIL[:-6]).hexdigest()


def test_small_files_are_opened_and_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "model.pkl"
    path.write_bytes(pickle.dumps({"coef_": [0.5] * 40, "name": "m"}))
    reads: list[int] = []
    real_open = open

    class Counting:
        def __init__(self, handle):  # type: ignore[no-untyped-def]
            self._h = handle

        def read(self, n: int = -1) -> bytes:
            reads.append(n)
            return self._h.read(n)

        def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
            return getattr(self._h, name)

        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *exc: object) -> None:
            self._h.close()

    monkeypatch.setattr(formats, "open", lambda p, mode="r": Counting(real_open(p, mode)), raising=False)
    result = inspect_path(path, "model.pkl", path.stat().st_size)
    assert result is not None and result.verdict == "safe"
    assert reads == [path.stat().st_size + 1]
