"""The bundled registry shipped built: ``scanner/resolve/_built_registry.py``, a module generated from the Registry
the loader makes out of the bundled YAML, whose body calls the entry classes with their values (constants of its
``.pyc``, compiled with the package).

The loader validates ~1,900 entries and cross-checks their references on every run (about 20 ms of an empty scan;
reading a JSON copy of the result back costs 14 ms). The bundled files are ours and validated by the tests, so the
generated module, used only while it was made from exactly the files on disk (their names and SHA-256, as the parsed
copy), gives the same Registry for the cost of importing it. User overlays and the config's additions are still
merged and validated by the loader on top. A missing, stale or foreign module is ignored: the YAML path runs.
Generated and checked by ``tests/resolve/test_built_registry.py``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ..lazyre import LazyPattern
from .entries import (
    Alternative,
    ApiProvider,
    FamilyEntry,
    LicenseEntry,
    LineageEntry,
    ModelSize,
    OllamaEntry,
    OllamaTag,
    OrgEntry,
    PackageEntry,
    Signature,
)
from .registry import Registry

FORMAT = "aiscan-registry-built/1"

_CLASSES = (Alternative, ApiProvider, FamilyEntry, LicenseEntry, LineageEntry, ModelSize, OllamaEntry, OllamaTag,
            OrgEntry, PackageEntry, Signature)
# Registry fields by how their values are kept: plain tables of text, entries keyed by name, lists of entries.
_PLAIN = ("countries", "concern", "concern_vendors", "concern_notes", "groups", "sources", "_names")
_KEYED = {"orgs": OrgEntry, "ollama": OllamaEntry, "packages": PackageEntry, "licenses": LicenseEntry,
          "lineage": LineageEntry}
_LISTED = {"families": FamilyEntry, "providers": ApiProvider, "alternatives": Alternative, "signatures": Signature,
           "model_sizes": ModelSize}
_TRANSIENT = ("_matched", "_matched_for")  # match_name's memo: empty in a fresh registry


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


def module_text(registry: Registry, files: list[list[str]]) -> str:
    """The source of ``_built_registry.py`` for a registry built from the bundled files (``files``: their names and
    SHA-256). Entries shared by several keys (an organisation's aliases, a license's SPDX id) are made once."""
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

    keyed = {name: [(key, ref(entry, cls, f"{name}[{key!r}]")) for key, entry in getattr(registry, name).items()]
             for name, cls in _KEYED.items()}
    listed = {name: [ref(entry, cls, f"{name}[{i}]") for i, entry in enumerate(getattr(registry, name))]
              for name, cls in _LISTED.items()}
    out = ['"""Generated by tests/resolve/test_built_registry.py (AISCAN_REGEN_GOLDEN=1) from rules/registry/*.yaml',
           'through the registry loader: do not edit. See scanner/resolve/built.py."""',
           "# ruff: noqa", "# mypy: ignore-errors",
           "from scanner.lazyre import LazyPattern",
           f"from scanner.resolve.entries import {', '.join(sorted(c.__name__ for c in _CLASSES))}",
           "", f"FORMAT = {FORMAT!r}", f"FILES = {_py(files)}", f"KNOWLEDGE_DATE = {registry.knowledge_date!r}",
           "PLAIN = {"]
    out += [f"    {name!r}: {_py(getattr(registry, name))}," for name in _PLAIN]
    out += ["}", "ENTRIES = ("]
    out += [f"    {text}," for text in entries]
    out += [")", "KEYED = {"]
    out += [f"    {name!r}: {_py(tuple((k, i) for k, i in pairs))}," for name, pairs in keyed.items()]
    out += ["}", "LISTED = {"]
    out += [f"    {name!r}: {_py(tuple(items))}," for name, items in listed.items()]
    out += ["}", ""]
    return "\n".join(out)


def build(module: Any) -> Registry:
    """A fresh Registry from the generated module (its tables copied: the loader may add to them; entries are
    immutable and shared)."""
    registry = Registry()
    registry.knowledge_date = module.KNOWLEDGE_DATE
    for name in _PLAIN:
        setattr(registry, name, dict(module.PLAIN[name]))
    entries = module.ENTRIES
    for name in _KEYED:
        setattr(registry, name, {key: entries[i] for key, i in module.KEYED[name]})
    for name in _LISTED:
        setattr(registry, name, [entries[i] for i in module.LISTED[name]])
    return registry


def read_built(files: Callable[[], list[list[str]]]) -> Registry | None:
    """The built registry when the generated module was made from exactly these files (``files()``: names and
    SHA-256, computed only once the module is imported), else None."""
    try:
        from . import _built_registry as module
    except ImportError:
        return None
    if getattr(module, "FORMAT", None) != FORMAT or getattr(module, "FILES", None) != files():
        return None
    return build(module)

