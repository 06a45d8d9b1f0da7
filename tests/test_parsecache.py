"""The JSON copy of the parsed registry: reused while unchanged, invalidated by any edit, never trusted for errors."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from scanner import parsecache
from scanner.errors import RegistryError
from scanner.resolve import load_registry

BUNDLED = Path(__file__).resolve().parents[1] / "rules" / "registry"
OLD = 1_600_000_000_000_000_000  # 2020: outside the racy window, so the copy may be written


def _registry_copy(tmp_path: Path) -> Path:
    directory = tmp_path / "registry"
    shutil.copytree(BUNDLED, directory)
    for path in directory.iterdir():
        os.utime(path, ns=(OLD, OLD))
    return directory


def _loads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record whether each load_yaml_files call was answered from the JSON copy."""
    seen: list[bool] = []
    real = parsecache.load_yaml_files

    def spy(paths: object, displays: object, cache_root: object, shipped: object = None) -> object:
        # the user cache alone: the shipped copy (tests/resolve/test_shipped_registry.py) would answer the first load
        docs, cached = real(paths, displays, cache_root)  # type: ignore[arg-type]
        seen.append(cached)
        return docs, cached

    monkeypatch.setattr("scanner.resolve.registry.load_yaml_files", spy)
    return seen


def test_second_load_comes_from_the_copy_and_equals_the_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = _registry_copy(tmp_path)
    seen = _loads(monkeypatch)
    first = load_registry(directory)
    second = load_registry(directory)
    assert seen == [False, True]
    assert second == first
    assert second.orgs and second.families and second.knowledge_date == first.knowledge_date


def test_an_edited_registry_file_invalidates_the_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = _registry_copy(tmp_path)
    seen = _loads(monkeypatch)
    before = load_registry(directory)
    target = next(p for p in sorted(directory.glob("*.yaml")) if p.name != "countries.yaml")
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [line for line in lines if not line.startswith("knowledge_date:")]
    target.write_text("knowledge_date: 2999-01-01\n" + "".join(lines), encoding="utf-8")
    os.utime(target, ns=(OLD + 10, OLD + 10))  # even with an old mtime: size/ctime/inode still differ
    after = load_registry(directory)
    assert seen == [False, False]
    assert after.knowledge_date == "2999-01-01" != before.knowledge_date


def test_a_new_registry_file_invalidates_the_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = _registry_copy(tmp_path)
    seen = _loads(monkeypatch)
    load_registry(directory)
    (directory / "zz_extra.yaml").write_text("knowledge_date: '2998-02-02'\n", encoding="utf-8")
    assert load_registry(directory).knowledge_date == "2998-02-02"
    assert seen == [False, False]


def test_a_corrupt_copy_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = _registry_copy(tmp_path)
    first = load_registry(directory)
    copies = list((Path(os.environ["XDG_CACHE_HOME"]) / "aiscan" / "parsed").glob("*.json"))
    assert copies
    for copy in copies:
        copy.write_text('{"key": [1, 2', encoding="utf-8")
    seen = _loads(monkeypatch)
    assert load_registry(directory) == first
    assert seen == [False]


def test_problems_from_a_cached_load_keep_their_lines(tmp_path: Path) -> None:
    directory = _registry_copy(tmp_path)
    (directory / "zz_bad.yaml").write_text("organizations:\n  - namespace: acme\n    country: ZZZ\n", encoding="utf-8")
    os.utime(directory / "zz_bad.yaml", ns=(OLD, OLD))
    messages = []
    for _ in range(2):  # the second load reads the JSON copy, which has no lines: the YAML is parsed again
        with pytest.raises(RegistryError) as err:
            load_registry(directory)
        messages.append([str(p) for p in err.value.problems])
    assert messages[0] == messages[1]
    assert any("zz_bad.yaml:2" in m or "zz_bad.yaml:3" in m for m in messages[0]), messages[0]


def test_no_cache_env_and_unwritable_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = _registry_copy(tmp_path)
    paths = sorted(directory.glob("*.yaml"))
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x", encoding="utf-8")
    docs, cached = parsecache.load_yaml_files(paths, [p.name for p in paths], blocker)  # cannot mkdir under a file
    assert not cached and len(docs) == len(paths)
    monkeypatch.setenv("AISCAN_NO_CACHE", "1")
    root = tmp_path / "c"
    for _ in range(2):
        assert parsecache.load_yaml_files(paths, [p.name for p in paths], root)[1] is False
    assert not root.exists()


def test_recently_modified_files_are_not_copied(tmp_path: Path) -> None:
    path = tmp_path / "fresh.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    root = tmp_path / "c"
    for _ in range(2):
        docs, cached = parsecache.load_yaml_files([path], ["fresh.yaml"], root)
        assert docs == [{"a": 1}] and not cached
