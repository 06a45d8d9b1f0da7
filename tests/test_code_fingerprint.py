"""The file cache's tool fingerprint: remembered under the code's stat signatures, recomputed on any edit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scanner import filecache

OLD = 1_600_000_000_000_000_000


@pytest.fixture()
def code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    files = [tmp_path / "pkg" / "mod.py", tmp_path / "rules" / "pack.yaml"]
    for path in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {path.name}\n", encoding="utf-8")
        os.utime(path, ns=(OLD, OLD))
    monkeypatch.setattr(filecache, "code_files", lambda: [(p.name, p) for p in files])
    return files


def _hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = filecache._content_digest

    def spy(files: list[tuple[str, Path]]) -> str:
        seen.append(real(files))
        return seen[-1]

    monkeypatch.setattr(filecache, "_content_digest", spy)
    return seen


def test_unchanged_code_is_not_rehashed(code: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hashed = _hashes(monkeypatch)
    first = filecache.code_fingerprint(tmp_path / "memo")
    assert filecache.code_fingerprint(tmp_path / "memo") == first
    assert len(hashed) == 1


@pytest.mark.parametrize("which", [0, 1], ids=["code", "rules"])
def test_an_edit_changes_the_fingerprint_even_with_the_old_mtime(
    code: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: int
) -> None:
    memo = tmp_path / "memo"
    first = filecache.code_fingerprint(memo)
    code[which].write_text("# changed\n", encoding="utf-8")  # same size as before for mod.py
    os.utime(code[which], ns=(OLD, OLD))  # a tool that restores mtimes: ctime still moves
    hashed = _hashes(monkeypatch)
    assert filecache.code_fingerprint(memo) != first
    assert len(hashed) == 1
    assert filecache.tool_fingerprint({}, memo) != filecache.tool_fingerprint({"max_file_size": 1}, memo)


def test_a_corrupt_memo_is_ignored_and_no_memo_for_fresh_edits(code: list[Path], tmp_path: Path) -> None:
    memo = tmp_path / "memo"
    truth = filecache.code_fingerprint(None)
    memo.mkdir()
    (memo / "code-fingerprint.json").write_text("{not json", encoding="utf-8")
    assert filecache.code_fingerprint(memo) == truth
    (memo / "code-fingerprint.json").unlink()
    code[0].write_text("# edited just now\n", encoding="utf-8")  # inside the racy window: never remembered
    assert filecache.code_fingerprint(memo) != truth
    assert not (memo / "code-fingerprint.json").exists()


def test_the_real_fingerprint_covers_code_and_rules() -> None:
    names = {name for name, _ in filecache.code_files()}
    assert "filecache.py" in names and "discover/engine.py" in names
    assert any(name.startswith("registry/") and name.endswith(".yaml") for name in names)


def test_code_files_are_in_path_order_within_each_base() -> None:
    """The digest hashes the files in this order: the order of pathlib's sorted rglob (by path parts) per base."""
    files = filecache.code_files()
    code = [name for name, path in files if path.endswith(".py")]
    rules = [name for name, path in files if path.endswith(".yaml")]
    assert [name for name, _ in files] == code + rules
    for names in (code, rules):
        assert names == sorted(names, key=lambda n: n.split("/"))
