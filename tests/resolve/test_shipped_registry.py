"""The bundled registry ships parsed (rules/registry/parsed.json): a first scan with an empty cache, every CI run,
parses no YAML. The copy is used only while it was built from exactly the files on disk (names and SHA-256); a stale
or corrupt copy is ignored. Regenerate after editing the registry:

    AISCAN_REGEN_GOLDEN=1 python -m pytest tests/resolve/test_shipped_registry.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scanner import parsecache
from scanner.data import SHIPPED_REGISTRY as SHIPPED_FILE
from scanner.data import registry_dir
from scanner.resolve import registry as registry_module
from scanner.resolve.registry import _display, load_registry
from scanner.yamlio import load_yaml_file


def _paths() -> list[Path]:
    directory = registry_dir()
    return [directory / "countries.yaml", *(p for p in sorted(directory.glob("*.yaml")) if p.name != "countries.yaml")]


def test_the_shipped_copy_is_built_from_the_current_registry() -> None:
    paths = _paths()
    target = registry_dir() / SHIPPED_FILE
    if os.environ.get("AISCAN_REGEN_GOLDEN"):
        assert parsecache.write_shipped(paths, [_display(p) for p in paths], target)
    stored = json.loads(target.read_text(encoding="utf-8"))
    assert stored["files"] == parsecache._digests(paths), "stale: AISCAN_REGEN_GOLDEN=1 pytest " + __file__
    assert stored["documents"] == [json.loads(json.dumps(load_yaml_file(p, display=_display(p)))) for p in paths]


def test_a_first_scan_with_an_empty_cache_parses_no_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("AISCAN_NO_CACHE", raising=False)

    def refuse(*_: object) -> list[object]:
        raise AssertionError("the YAML was parsed")

    monkeypatch.setattr(parsecache, "_parse_all", refuse)
    shipped = load_registry()
    monkeypatch.undo()
    monkeypatch.setenv("AISCAN_NO_CACHE", "1")  # the same registry from the YAML itself
    assert shipped == load_registry()


def test_a_stale_or_corrupt_copy_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AISCAN_NO_CACHE", raising=False)
    source = tmp_path / "a.yaml"
    source.write_text("organizations:\n  acme: {developer: Acme, country: US}\n", encoding="utf-8")
    shipped = tmp_path / "parsed.json"
    assert parsecache.write_shipped([source], ["a.yaml"], shipped)
    fresh = tmp_path / "cache1"
    assert parsecache.load_yaml_files([source], ["a.yaml"], fresh, shipped) == (
        [{"organizations": {"acme": {"developer": "Acme", "country": "US"}}}], True)
    source.write_text("organizations:\n  acme: {developer: Evil, country: XX}\n", encoding="utf-8")  # edited after
    documents, from_copy = parsecache.load_yaml_files([source], ["a.yaml"], tmp_path / "cache2", shipped)
    assert not from_copy and documents[0]["organizations"]["acme"]["developer"] == "Evil"
    shipped.write_text("{not json", encoding="utf-8")
    documents, from_copy = parsecache.load_yaml_files([source], ["a.yaml"], tmp_path / "cache3", shipped)
    assert not from_copy and documents[0]["organizations"]["acme"]["country"] == "XX"


def test_the_copy_is_package_data() -> None:
    setup = (Path(registry_module.__file__).resolve().parents[2] / "setup.cfg").read_text(encoding="utf-8")
    assert "scanner.rules.registry = *.yaml, parsed.json" in setup


@pytest.mark.parametrize("name", ["api_providers.yaml", "organizations.yaml"])
def test_detectors_read_the_shipped_copy_exactly_as_safe_load_would(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    from scanner import data

    expected = yaml.load((registry_dir() / name).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)  # noqa: S506
    # the same tree, except that YAML dates (knowledge_date) stay text, as the registry loader reads them; the
    # detectors (providers, orgs) read no date
    assert data._shipped()[name][1] == _dates_as_text(expected)
    data._shipped.cache_clear()
    monkeypatch.setattr(data, "SHIPPED_REGISTRY", "missing.json")
    assert data.load_registry_yaml(name) == expected  # no copy: parsed
    data._shipped.cache_clear()


def _dates_as_text(value: object) -> object:
    import datetime

    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


def test_an_edited_registry_file_is_parsed_not_taken_from_the_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from scanner import data

    copy = tmp_path / "rules" / "registry"
    shutil.copytree(registry_dir(), copy)
    (copy / "api_providers.yaml").write_text("api_providers: []\n", encoding="utf-8")
    monkeypatch.setattr(data, "registry_dir", lambda: copy)
    data._shipped.cache_clear()
    try:
        assert data.load_registry_yaml("api_providers.yaml") == {"api_providers": []}
        assert data.load_registry_yaml("organizations.yaml") == data._shipped()["organizations.yaml"][1]
    finally:
        data._shipped.cache_clear()
