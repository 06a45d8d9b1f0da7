"""The bundled registry also ships built (scanner/resolve/_built_registry.py, made by scanner/resolve/built.py): a
scan imports the entries instead of validating the YAML again. Same Registry, value for value and type for type; user
overlays and config additions still go through the loader; a stale, corrupt or foreign copy is ignored.

Regenerate after editing the registry:
    AISCAN_REGEN_GOLDEN=1 python -m pytest tests/resolve/test_built_registry.py
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from scanner.data import registry_dir
from scanner.errors import RegistryError
from scanner.lazyre import LazyPattern
from scanner.resolve import built, loader
from scanner.resolve import registry as registry_module
from scanner.resolve.registry import Registry, load_registry

TARGET = Path(built.__file__).with_name("_built_registry.py")
ENTRIES = Path(built.__file__).with_name("_built_entries.py")  # the tables an empty scan does not read, loaded on first use


def _paths() -> list[Path]:
    directory = registry_dir()
    return [directory / "countries.yaml", *(p for p in sorted(directory.glob("*.yaml")) if p.name != "countries.yaml")]


def _from_yaml(monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> Registry:
    with monkeypatch.context() as m:
        m.setenv("AISCAN_NO_CACHE", "1")
        return load_registry(**kwargs)


def _same(a: Any, b: Any, where: str = "registry") -> None:
    """Equal and of the same type all the way down (== alone takes 1 for 1.0 and True)."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, LazyPattern):
        assert (a.pattern, a.flags) == (b.pattern, b.flags), where  # compiled on first use (shared between loads)
        assert (a._prefilter, a.literal) == (b._prefilter, b.literal), where
    elif dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            _same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, dict):
        assert list(a) == list(b), f"{where}: keys or their order differ"
        for key in a:
            _same(a[key], b[key], f"{where}[{key!r}]")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), f"{where}: lengths differ"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def test_the_built_copy_is_current(monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = _from_yaml(monkeypatch)
    for target, expected in zip((TARGET, ENTRIES), built.module_texts(fresh, built.file_digests(_paths())), strict=True):
        if os.environ.get("AISCAN_REGEN_GOLDEN"):
            target.write_text(expected, encoding="utf-8")
        assert target.read_text(encoding="utf-8") == expected, "stale: AISCAN_REGEN_GOLDEN=1 pytest " + __file__


def test_a_scan_takes_the_built_copy_and_gets_the_same_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AISCAN_NO_CACHE", raising=False)

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the registry was built from YAML")

    expected = _from_yaml(monkeypatch)
    with monkeypatch.context() as m:
        m.setattr(registry_module, "load_yaml_files", refuse)
        m.setattr(loader.Loader, "merge", refuse)  # no bundled section validated again
        got = load_registry()
    _same(got, expected)
    assert len(got.orgs) > 300 and len(got.families) > 100 and got.countries_of_concern("US")
    # aliases share one entry, as the loader made them
    shared = [key for key, entry in got.licenses.items() if entry.key != key]
    assert shared and all(got.licenses[key] is got.licenses[got.licenses[key].key] for key in shared
                          if got.licenses[key].key in got.licenses)


def test_user_additions_are_validated_on_top_of_the_built_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AISCAN_NO_CACHE", raising=False)
    overlay = tmp_path / "ours.yaml"
    overlay.write_text("organizations:\n  - namespace: acme-ai\n    developer: Acme\n    country: DE\n    kind: company\n"
                       "families:\n  - family: acme\n    developer: Acme\n    country: DE\n    patterns: ['^acme-']\n"
                       "    org: acme-ai\n    license: apache-2.0\n", encoding="utf-8")
    extra = {"lineage": [{"model": "acme-ai/acme-7b", "base": "Qwen/Qwen2.5-7B"}]}
    got = load_registry(overlays=[overlay], extra=extra)
    _same(got, _from_yaml(monkeypatch, overlays=[overlay], extra=extra))
    assert got.org("acme-ai") is not None and got.lineage_of("acme-ai/acme-7b") is not None
    assert got.families[0].family == "acme"  # user families come first, as from the YAML

    overlay.write_text("families:\n  - family: acme\n    developer: Acme\n    country: DE\n    patterns: ['^acme-']\n"
                       "    org: no-such-org\n", encoding="utf-8")
    with pytest.raises(RegistryError) as err:
        load_registry(overlays=[overlay])
    problem = err.value.problems[0]
    assert problem.file == str(overlay) and problem.line == 2 and "unknown org 'no-such-org'" in problem.message
    with pytest.raises(RegistryError) as err:
        load_registry(extra={"organizations": [{"namespace": "x", "developer": "X", "country": "ZZ", "kind": "company"}]})
    assert "config:registry" in str(err.value)


def _copy_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "rules" / "registry"
    shutil.copytree(registry_dir(), copy)
    monkeypatch.setattr(registry_module, "registry_dir", lambda: copy)
    monkeypatch.delenv("AISCAN_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return copy


def test_an_edited_registry_file_is_loaded_not_the_built_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = _copy_registry(tmp_path, monkeypatch)
    orgs = copy / "organizations.yaml"
    text = orgs.read_text(encoding="utf-8")
    line = "{namespace: Qwen, developer: Alibaba Cloud (Qwen team), country: CN,"
    assert line in text
    orgs.write_text(text.replace(line, line.replace("CN", "FR"), 1), encoding="utf-8")
    got = load_registry(copy)
    assert got.org("Qwen").country == "FR"


def test_a_stale_or_foreign_module_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scanner.resolve import _built_registry as module

    digests = built.file_digests(_paths())
    assert built.read_built(lambda: digests) is not None
    monkeypatch.setattr(module, "FORMAT", "aiscan-registry-built/0")
    assert built.read_built(lambda: digests) is None
    monkeypatch.undo()
    stale = [[name, "0" * 64] if name == "lineage.yaml" else [name, digest] for name, digest in digests]
    assert built.read_built(lambda: stale) is None
    import scanner.resolve

    monkeypatch.setitem(__import__("sys").modules, "scanner.resolve._built_registry", None)  # missing: ImportError
    monkeypatch.delattr(scanner.resolve, "_built_registry")
    assert built.read_built(lambda: digests) is None
    monkeypatch.delenv("AISCAN_NO_CACHE", raising=False)
    _same(load_registry(), _from_yaml(monkeypatch))


def test_the_other_tables_load_on_first_read_and_a_stale_entries_module_falls_back_to_yaml(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``_built_entries.py`` is read when a lazy table is first read; missing, of another format or made from other
    files than ``_built_registry.py``, the tables come from the YAML through the loader: the same registry either way."""
    from scanner.resolve import _built_entries as heavy
    from scanner.resolve.registry import LAZY_TABLES

    monkeypatch.delenv("AISCAN_NO_CACHE", raising=False)
    expected = _from_yaml(monkeypatch)
    got = load_registry()
    assert got._pending is not None and got.providers and got.countries  # read by every scan: set at once
    with pytest.raises(AttributeError, match="'Registry' object has no attribute 'nothing'"):
        got.nothing  # noqa: B018
    assert len(got.orgs) > 300 and got._pending is None  # the first read filled them all
    _same(got, expected)
    assert all(Registry.__dict__[name].__get__(got) is not None for name in LAZY_TABLES)  # plain slots now
    assigned = load_registry()
    assigned.signatures = []  # assigned before any lazy table was read: kept when the others load
    assert assigned.families and assigned.signatures == [] and len(assigned.orgs) > 300

    def refuse() -> Registry:
        raise AssertionError("the YAML was loaded")

    monkeypatch.setattr(registry_module, "bundled_from_yaml", refuse)
    _same(load_registry(), expected)  # a current module: not the YAML
    monkeypatch.undo()
    monkeypatch.delenv("AISCAN_NO_CACHE", raising=False)
    calls: list[int] = []
    real = registry_module.bundled_from_yaml

    def counted() -> Registry:
        calls.append(1)
        return real()

    monkeypatch.setattr(registry_module, "bundled_from_yaml", counted)
    for attribute, value in (("FILES", [["organizations.yaml", "0" * 64]]), ("FORMAT", "aiscan-registry-built/0")):
        with monkeypatch.context() as m:
            m.setattr(heavy, attribute, value)
            _same(load_registry(), expected)
    import scanner.resolve

    with monkeypatch.context() as m:
        m.setitem(__import__("sys").modules, "scanner.resolve._built_entries", None)  # missing: ImportError
        m.delattr(scanner.resolve, "_built_entries")
        _same(load_registry(), expected)
    assert len(calls) == 3


def test_two_loads_share_no_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader adds the user's entries to the tables: one load must not see another's additions."""
    monkeypatch.delenv("AISCAN_NO_CACHE", raising=False)
    first = load_registry(extra={"lineage": [{"model": "acme-ai/x-7b", "base": "Qwen/Qwen2.5-7B"}]})
    assert first.lineage_of("acme-ai/x-7b") is not None
    assert load_registry().lineage_of("acme-ai/x-7b") is None


def test_every_entry_value_can_be_written() -> None:
    with pytest.raises(TypeError):
        built._py(object())
    with pytest.raises(ValueError, match="compiled"):
        built._py(LazyPattern("x", 2, __import__("re").compile("x", 2)))
    assert eval(built._py((frozenset({"b", "a"}), {"k": (1, 2.0, None, True)}, [])), {}) == \
        (frozenset({"a", "b"}), {"k": (1, 2.0, None, True)}, [])  # noqa: S307
