"""The built-in policy packs ship parsed with their line numbers (rules/parsed_policies.json): a first scan with an
empty cache, every CI run, imports no PyYAML for them. The copy of a pack is used only while it was built from
exactly the bytes on disk (SHA-256); a stale or corrupt copy is ignored. Regenerate after editing a pack:

    AISCAN_REGEN_GOLDEN=1 python -m pytest tests/policy/test_shipped_policies.py
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from scanner import parsecache
from scanner.data import SHIPPED_POLICIES, rules_dir
from scanner.policy import load_policy
from scanner.policy import loader as policy_loader
from scanner.yamlio import load_yaml_file

from ..test_parsecache_lines import _same  # equal values and lines, all the way down
from .helpers import variables


def _packs() -> list[Path]:
    return sorted(rules_dir().glob("*.yaml"))


def test_the_shipped_copy_is_built_from_the_current_packs() -> None:
    target = rules_dir() / SHIPPED_POLICIES
    if os.environ.get("AISCAN_REGEN_GOLDEN"):
        assert parsecache.write_shipped_lines(_packs(), load_yaml_file, target)
    stored = json.loads(target.read_text(encoding="utf-8"))
    assert sorted(stored["files"]) == [p.name for p in _packs()], "stale: AISCAN_REGEN_GOLDEN=1 pytest " + __file__
    for pack in _packs():
        digest, _ = stored["files"][pack.name]
        assert digest == parsecache.digest_file(pack), "stale: AISCAN_REGEN_GOLDEN=1 pytest " + __file__
        assert _same(parsecache._shipped_lines(pack, target), load_yaml_file(pack)), pack.name


def test_a_first_load_with_an_empty_cache_parses_no_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("AISCAN_NO_CACHE", raising=False)

    def refuse(*_: object) -> object:
        raise AssertionError("a built-in pack was parsed")

    monkeypatch.setattr(policy_loader, "_parse", refuse)
    shipped = [_shape(load_policy((pack.stem,), variables())) for pack in _packs()]
    monkeypatch.undo()
    monkeypatch.setenv("AISCAN_NO_CACHE", "1")  # the same packs from the YAML itself
    parsed = [_shape(load_policy((pack.stem,), variables())) for pack in _packs()]
    assert shipped == parsed


def _shape(policy: object) -> str:
    """The policy's repr with compiled conditions' addresses blanked (rules, lines, sources, overrides compared)."""
    return re.sub(r" at 0x[0-9a-f]+", "", repr(policy))


def test_a_stale_or_corrupt_copy_is_ignored(tmp_path: Path) -> None:
    pack = tmp_path / "mine.yaml"
    pack.write_text("version: 1\nrules:\n  - id: X-1\n    severity: low\n", encoding="utf-8")
    shipped = tmp_path / "copy.json"
    assert parsecache.write_shipped_lines([pack], load_yaml_file, shipped)
    calls: list[int] = []

    def parse() -> Any:
        calls.append(1)
        return load_yaml_file(pack)

    assert _same(parsecache.load_with_lines(pack, parse, tmp_path / "c1", shipped), load_yaml_file(pack))
    assert calls == []  # the copy answered
    pack.write_text("version: 1\nrules:\n  - id: X-2\n    severity: low\n", encoding="utf-8")  # edited: stale copy
    assert parsecache.load_with_lines(pack, parse, tmp_path / "c2", shipped)["rules"][0]["id"] == "X-2"
    assert calls == [1]
    for corrupt in ("{not json", '{"format": "1-lines", "files": {"mine.yaml": "x"}}', '{"format": "other", "files": {}}'):
        shipped.write_text(corrupt, encoding="utf-8")
        assert parsecache.load_with_lines(pack, parse, tmp_path / f"c{len(calls) + 2}", shipped)["rules"][0]["id"] == "X-2"
    assert len(calls) == 4
