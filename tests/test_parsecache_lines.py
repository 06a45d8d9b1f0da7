"""The built-in policy packs' parsed copy keeps every line number: a warm load is the same tree, and needs no PyYAML."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import pytest

from scanner import parsecache, yamlio
from scanner.policy import load_policy
from scanner.yamllines import LineDict, LineList, line_of

OLD = 1_600_000_000_000_000_000  # 2020: outside the racy window, so the copy may be written

DOC = """\
version: 1
name: "x"
numbers: [1, -2, 3.5, 1e3, 0x1F, true, false, null, ~]
when: 2026-01-02
nested:
  - id: a
    list:
      - {k: v, n: 2}
      - - deep
        - 7
  - plain text
  - 'quoted: yes'
empty_map: {}
empty_list: []
"""


def _file(tmp_path: Path, text: str, name: str = "doc.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(OLD, OLD))
    return path


def _same(a: Any, b: Any) -> bool:
    """Equal values, the same container types and the same lines everywhere."""
    if type(a) is not type(b):
        return False
    if isinstance(a, LineDict):
        return (a.line, a.key_lines, list(a)) == (b.line, b.key_lines, list(b)) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, LineList):
        return (a.line, a.item_lines, len(a)) == (b.line, b.item_lines, len(b)) and all(map(_same, a, b))
    return bool(a == b)


def _loader(path: Path, calls: list[int]) -> Any:
    def parse() -> Any:
        calls.append(1)
        return yamlio.load_yaml_file(path)
    return parse


def test_second_load_is_the_same_tree_with_lines(tmp_path: Path) -> None:
    path, calls = _file(tmp_path, DOC), []
    first = parsecache.load_with_lines(path, _loader(path, calls), tmp_path / "cache")
    second = parsecache.load_with_lines(path, _loader(path, calls), tmp_path / "cache")
    assert calls == [1] and _same(first, second) and _same(second, yamlio.load_yaml_file(path))
    assert line_of(second["nested"][0]["list"][1]) == 9 and second["nested"].item_lines == [6, 11, 12]
    assert line_of(second, "empty_list") == 14 and second["when"] == "2026-01-02"


def test_an_edit_invalidates_and_a_corrupt_copy_is_ignored(tmp_path: Path) -> None:
    path, calls, root = _file(tmp_path, DOC), [], tmp_path / "cache"
    parsecache.load_with_lines(path, _loader(path, calls), root)
    path.write_text(DOC.replace("id: a", "id: b"), encoding="utf-8")
    os.utime(path, ns=(OLD + 10**9, OLD + 10**9))
    assert parsecache.load_with_lines(path, _loader(path, calls), root)["nested"][0]["id"] == "b" and len(calls) == 2
    copy = parsecache.cache_file([path], root)
    for junk in ('{"key": 1}', "[", '{"key": null, "document": {"m": 3}}'):
        copy.write_text(junk, encoding="utf-8")
        assert _same(parsecache.load_with_lines(path, _loader(path, calls), root), yamlio.load_yaml_file(path))
    stored = copy.read_text(encoding="utf-8")  # rewritten by the last load
    key = stored[: stored.index(',"document"')] + ',"document":'
    copy.write_text(key + '{"m": [1, [["a", 1, {"x": 1}]]]}}', encoding="utf-8")  # right key, foreign document
    assert _same(parsecache.load_with_lines(path, _loader(path, calls), root), yamlio.load_yaml_file(path))


@pytest.mark.parametrize("text", ["a: !!binary aGVsbG8=\n", "a: .nan\n", "a: .inf\n", "a: !!set {x, y}\n"])
def test_values_json_cannot_hold_are_parsed_every_time(tmp_path: Path, text: str) -> None:
    path, calls, root = _file(tmp_path, text), [], tmp_path / "cache"
    first = parsecache.load_with_lines(path, _loader(path, calls), root)
    second = parsecache.load_with_lines(path, _loader(path, calls), root)
    assert calls == [1, 1] and not parsecache.cache_file([path], root).exists()
    assert repr(first) == repr(second)


def test_builtin_policy_from_the_copy_equals_the_parsed_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    variables = {"home": "US", "home_countries": ["US"], "trusted_countries": ["US"], "countries_of_concern": ["CN"],
                 "developers_of_concern": [], "providers_of_concern": []}
    parsed = load_policy(("default", "strict"), variables)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("parsed again")

    monkeypatch.setattr(yamlio, "load_yaml_text", refuse)
    cached = load_policy(("default", "strict"), variables)
    assert _view(cached) == _view(parsed) and any(rule.line for rule in cached.rules)


def _view(value: Any) -> Any:
    """A dataclass tree as plain tuples, compiled conditions (functions) left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple((f.name, _view(getattr(value, f.name))) for f in dataclasses.fields(value) if not callable(getattr(value, f.name)))
    if isinstance(value, (tuple, list)):
        return tuple(_view(v) for v in value)
    return value
