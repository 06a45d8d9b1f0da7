"""The bundled registry shipped built: ``scanner/resolve/_built_registry.py``, a module generated from the Registry
the loader makes out of the bundled YAML, whose body calls the entry classes with their values (constants of its
``.pyc``, compiled with the package).

The loader validates ~1,900 entries and cross-checks their references on every run (about 20 ms of an empty scan;
reading a JSON copy of the result back costs 14 ms). The bundled files are ours and validated by the tests, so the
generated module, used only while it was made from exactly the files on disk (their names and BLAKE2b
digests), gives the same Registry for the cost of importing it. User overlays and the config's additions are still
merged and validated by the loader on top. A missing, stale or foreign module is ignored: the YAML path runs.
Generated and checked by ``tests/resolve/test_built_registry.py``.

It is two modules: ``_built_registry.py`` holds what every scan reads (countries, groups, concern lists, the API
providers: 25 KB), ``_built_entries.py`` the other tables (``registry.LAZY_TABLES``: organisations, families, packages,
licenses, lineage, ...: 270 KB), which a built Registry leaves unset until one is first read (``Registry.__getattr__``).
An empty scan never imports the second (issue 19: ~6 ms). It is used only when generated with the first (same FORMAT
and FILES); otherwise those tables come from the YAML through the loader.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from ..lazyre import LazyPattern
from ..sha import blake2b
from . import entries as e
from .registry import LAZY_TABLES, Registry

FORMAT = "aiscan-registry-built/2"  # 2: two modules (the second imported on first use), FILES by BLAKE2b

_CLASSES = (e.Alternative, e.ApiProvider, e.FamilyEntry, e.LicenseEntry, e.LineageEntry, e.ModelSize, e.OllamaEntry, e.OllamaTag,
            e.OrgEntry, e.PackageEntry, e.Signature)
# Registry fields by how their values are kept: plain tables of text, entries keyed by name, lists of entries.
_PLAIN = ("countries", "concern", "concern_vendors", "concern_notes", "groups", "sources", "_names")
_KEYED = {"orgs": e.OrgEntry, "ollama": e.OllamaEntry, "packages": e.PackageEntry, "licenses": e.LicenseEntry,
          "lineage": e.LineageEntry}
_LISTED = {"families": e.FamilyEntry, "providers": e.ApiProvider, "alternatives": e.Alternative, "signatures": e.Signature,
           "model_sizes": e.ModelSize}
_TRANSIENT = ("_matched", "_matched_for", "_pending")  # match_name's memo, lazy tables: empty in a fresh registry


def _is_default(f: dataclasses.Field[Any], value: Any) -> bool:
    return f.default is not dataclasses.MISSING and type(value) is type(f.default) and value == f.default


def _py(value: Any) -> str:
    """Python source that evaluates to ``value`` (records as positional calls, trailing defaults left out)."""
    if isinstance(value, LazyPattern):
        if value._compiled is not None:
            raise ValueError(f"pattern {value.pattern!r} is compiled: only the bundled (lazy) registry can ship")
        if not value._prefilter:
            return f"LazyPattern({value.pattern!r}, {int(value.flags)})"
        return f"LazyPattern({value.pattern!r}, {int(value.flags)}, prefilter=True, literal={value.literal!r})"
    if type(value) in _CLASSES:
        fields = [f for f in dataclasses.fields(value) if f.init]
        if any(f.kw_only for f in fields):
            raise TypeError(f"{type(value).__name__}: keyword-only fields cannot ship positionally")
        while fields and _is_default(fields[-1], getattr(value, fields[-1].name)):
            fields.pop()
        return f"{type(value).__name__}({', '.join(_py(getattr(value, f.name)) for f in fields)})"
    if type(value) is tuple:
        return "(" + "".join(f"{_py(v)}, " for v in value) + ")" if value else "()"
    if type(value) is list:
        return "[" + ", ".join(_py(v) for v in value) + "]"
    if type(value) is frozenset:
        return f"frozenset({_py(tuple(sorted(value)))})" if value else "frozenset()"
    if type(value) is dict:
        return "{" + ", ".join(f"{_py(k)}: {_py(v)}" for k, v in value.items()) + "}"
    if value is None or type(value) in (str, int, float, bool):
        return repr(value)
    raise TypeError(f"cannot ship a {type(value).__name__} in the built registry")


def module_texts(registry: Registry, files: list[list[str]]) -> tuple[str, str]:
    """The sources of ``_built_registry.py`` and ``_built_entries.py`` for a registry built from the bundled files
    (``files``: their names and BLAKE2b digests, :func:`file_digests`). The first holds what an empty scan reads (the plain tables, the API
    providers), the second every other table (``registry.LAZY_TABLES``), imported when one is first read. Entries
    shared by several keys (an organisation's aliases, a license's SPDX id) are made once: the first module's entries
    are numbered first, the second's go on from there."""
    for name in _TRANSIENT:
        if getattr(registry, name):
            raise ValueError(f"{name} must be empty in a registry to ship")
    entries: list[str] = []
    index: dict[int, int] = {}

    def ref(entry: Any, cls: type[Any], where: str) -> int:
        if type(entry) is not cls:
            raise TypeError(f"{where} is a {type(entry).__name__}, not a {cls.__name__}")
        if id(entry) not in index:
            index[id(entry)] = len(entries)
            entries.append(_py(entry))
        return index[id(entry)]

    def listed(names: list[str]) -> dict[str, list[int]]:
        return {name: [ref(entry, _LISTED[name], f"{name}[{i}]") for i, entry in enumerate(getattr(registry, name))]
                for name in names}

    light = listed([name for name in _LISTED if name not in LAZY_TABLES])
    first = len(entries)
    keyed = {name: [(key, ref(entry, cls, f"{name}[{key!r}]")) for key, entry in getattr(registry, name).items()]
             for name, cls in _KEYED.items()}
    heavy = listed([name for name in _LISTED if name in LAZY_TABLES])
    head = ["# ruff: noqa", "# mypy: ignore-errors", "from scanner.lazyre import LazyPattern",
            f"from scanner.resolve.entries import {', '.join(sorted(c.__name__ for c in _CLASSES))}",
            "", f"FORMAT = {FORMAT!r}", f"FILES = {_py(files)}"]
    out = ['"""Generated by tests/resolve/test_built_registry.py (AISCAN_REGEN_GOLDEN=1) from rules/registry/*.yaml',
           'through the registry loader: do not edit. See scanner/resolve/built.py."""', *head,
           f"KNOWLEDGE_DATE = {registry.knowledge_date!r}", "PLAIN = {"]
    out += [f"    {name!r}: {_py(getattr(registry, name))}," for name in _PLAIN if name not in LAZY_TABLES]
    out += ["}", "ENTRIES = ("]
    out += [f"    {text}," for text in entries[:first]]
    out += [")", "LISTED = {"]
    out += [f"    {name!r}: {_py(tuple(items))}," for name, items in light.items()]
    out += ["}", ""]
    rest = ['"""Generated with _built_registry.py, whose tables a scan reads first: the others, numbered on from its',
            'entries (see scanner/resolve/built.py). Do not edit."""', *head, "ENTRIES = ("]
    rest += [f"    {text}," for text in entries[first:]]
    rest += [")", "KEYED = {"]
    rest += [f"    {name!r}: {_py(tuple((k, i) for k, i in pairs))}," for name, pairs in keyed.items()]
    rest += ["}", "LISTED = {"]
    rest += [f"    {name!r}: {_py(tuple(items))}," for name, items in heavy.items()]
    rest += ["}", "PLAIN = {"]
    rest += [f"    {name!r}: {_py(getattr(registry, name))}," for name in _PLAIN if name in LAZY_TABLES]
    rest += ["}", ""]
    return "\n".join(out), "\n".join(rest)


def build(module: Any) -> Registry:
    """A fresh Registry from the generated module (its tables copied: the loader may add to them; entries are
    immutable and shared). The tables of ``LAZY_TABLES`` are left unset, filled by :func:`_fill` when first read."""
    registry = Registry()
    registry.knowledge_date = module.KNOWLEDGE_DATE
    for name, table in module.PLAIN.items():
        setattr(registry, name, dict(table))
    entries = module.ENTRIES
    for name, items in module.LISTED.items():
        setattr(registry, name, [entries[i] for i in items])
    for name in LAZY_TABLES:
        delattr(registry, name)
    registry._pending = _fill
    return registry


def _fill(registry: Registry) -> None:
    """Set the lazy tables of a built registry from ``_built_entries.py``; from the bundled YAML through the loader
    when that module is missing or was not generated with ``_built_registry.py`` (same FORMAT and FILES)."""
    from . import _built_registry as light

    heavy: Any
    try:
        from . import _built_entries as heavy
    except ImportError:
        heavy = None
    if heavy is None or getattr(heavy, "FORMAT", None) != FORMAT or getattr(heavy, "FILES", None) != light.FILES:
        from .registry import bundled_from_yaml

        source = bundled_from_yaml()
        _set_unset(registry, {name: getattr(source, name) for name in LAZY_TABLES})
        return
    entries = light.ENTRIES + heavy.ENTRIES
    tables: dict[str, Any] = {name: {key: entries[i] for key, i in heavy.KEYED[name]} for name in _KEYED}
    tables.update((name, [entries[i] for i in items]) for name, items in heavy.LISTED.items())
    tables.update((name, dict(table)) for name, table in heavy.PLAIN.items())
    _set_unset(registry, tables)


def _set_unset(registry: Registry, tables: Mapping[str, Any]) -> None:
    """Set the tables whose slot is still unset: one assigned before any lazy table was read keeps its value."""
    for name, value in tables.items():
        try:
            Registry.__dict__[name].__get__(registry, Registry)  # the slot itself (never Registry.__getattr__)
        except AttributeError:
            setattr(registry, name, value)


def file_digests(paths: Iterable[Path]) -> list[list[str]]:
    """(name, BLAKE2b-256 of the bytes) of the files a built registry was made from: checked on every scan, so the
    fastest hash Python has without OpenSSL (~250 KB: 0.3 ms; SHA-256 without OpenSSL 0.9 ms)."""
    return [[p.name, blake2b(p.read_bytes(), digest_size=32).hexdigest()] for p in paths]


def read_built(files: Callable[[], list[list[str]]]) -> Registry | None:
    """The built registry when the generated module was made from exactly these files (``files()``: names and
    BLAKE2b digests, computed only once the module is imported), else None."""
    try:
        from . import _built_registry as module
    except ImportError:
        return None
    if getattr(module, "FORMAT", None) != FORMAT or getattr(module, "FILES", None) != files():
        return None
    return build(module)
