"""Field paths a rule may address, derived from the serializers (the JSON report shape) so they never drift."""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

from .. import models
from ..records import record
from ..serialize import file_dict, gap_dict, model_dict, package_dict, reference_dict

OPEN = "*"  # marks a free-form mapping (extra, metadata): any sub-path is accepted


# What a field holds, for value checks: bool, number, text, list (a list field, or a path through a list of
# mappings, which collects one value per item), mapping.
BOOL, NUMBER, TEXT, LIST, MAPPING = "true/false", "a number", "text", "a list", "a mapping"


@record(frozen=True, slots=True)
class FieldSchema:
    """The dotted paths of one subject; ``open_prefixes`` accept any deeper path (free-form mappings)."""

    paths: frozenset[str]
    open_prefixes: frozenset[str]
    kinds: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def kind(self, path: str) -> str | None:
        """What the field holds (BOOL, NUMBER, TEXT, LIST, MAPPING), or None for free-form sub-paths."""
        return self.kinds.get(path)

    def allows(self, path: str) -> bool:
        if path in self.paths:
            return True
        return any(path.startswith(prefix + ".") for prefix in self.open_prefixes)

    def suggestions(self, path: str) -> list[str]:
        import difflib

        return difflib.get_close_matches(path, sorted(self.paths), n=3, cutoff=0.6)


def _sample_value(hint: Any) -> Any:
    """A representative value for a type hint: one element for tuples of records, a filled record for records."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _sample_value(next(a for a in args if a is not type(None)))
    if origin is tuple:
        return (_sample_value(args[0]),) if args else ()
    if origin is not None and isinstance(origin, type) and issubclass(origin, Mapping):
        return {}
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint):
            return sample(hint)
        if issubclass(hint, enum.Enum):
            return next(iter(hint))
        if hint is bool:
            return True
        if hint in (int, float):
            return hint(1)
        if hint is str:
            return "x"
    return None


@functools.cache
def sample(cls: type) -> Any:
    """A record of ``cls`` with every field filled (nested records and one item per tuple of records)."""
    hints = typing.get_type_hints(cls, vars(models))
    values = {f.name: _sample_value(hints[f.name]) for f in dataclasses.fields(cls) if f.init}
    return cls(**values)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, (int, float)):
        return NUMBER
    if isinstance(value, Mapping):
        return MAPPING
    if isinstance(value, (list, tuple)):
        return LIST
    return TEXT


def _walk(value: Any, prefix: str, schema: dict[str, str], open_prefixes: set[str], *, collected: bool = False) -> None:
    if prefix:
        schema[prefix] = LIST if collected and not isinstance(value, Mapping) else _kind(value)
    if isinstance(value, Mapping):
        if not value and prefix:
            open_prefixes.add(prefix)
        for key, item in value.items():
            _walk(item, f"{prefix}.{key}" if prefix else str(key), schema, open_prefixes, collected=collected)
    elif isinstance(value, (list, tuple)):
        for item in value:  # a list of mappings: a path into it addresses every item (and collects a list)
            if isinstance(item, Mapping):
                for key, sub in item.items():
                    _walk(sub, f"{prefix}.{key}", schema, open_prefixes, collected=True)


_SERIALIZERS: dict[str, tuple[type, Callable[[Any], Mapping[str, Any]]]] = {
    "model": (models.Model, model_dict),
    "package": (models.Package, package_dict),
    "file": (models.ModelFile, file_dict),
    "reference": (models.Reference, reference_dict),
    "coverage": (models.FileGap, gap_dict),
}


@functools.cache
def field_schema(subject: str) -> FieldSchema:
    """The allowed ``field`` paths of a subject: ``_fields.py``'s copy while it was made from this very code, else
    :func:`derive_schema` (a few ms a scan: sample records built through ``typing.get_type_hints``)."""
    stored = _stored_schemas()
    if stored is not None and subject in stored:
        paths, open_prefixes, kinds = stored[subject]
        return FieldSchema(frozenset(paths), frozenset(open_prefixes), dict(kinds))
    return derive_schema(subject)


def derive_schema(subject: str) -> FieldSchema:
    """The allowed ``field`` paths of a subject, from serializing a fully populated sample record."""
    cls, serializer = _SERIALIZERS[subject]
    kinds: dict[str, str] = {}
    open_prefixes: set[str] = set()
    _walk(serializer(sample(cls)), "", kinds, open_prefixes)
    return FieldSchema(frozenset(kinds), frozenset(open_prefixes), kinds)


def source_digest() -> str:
    """SHA-256 of the code the schemas are derived from: the records, their serializers and this module."""
    from pathlib import Path

    from .. import serialize
    from ..sha import sha256

    h = sha256()
    for path in (models.__file__, serialize.__file__, __file__):
        h.update(Path(path).read_bytes() + b"\0")
    return h.hexdigest()


@functools.cache
def _stored_schemas() -> Mapping[str, tuple[Any, Any, Any]] | None:
    """``scanner/policy/_fields.py`` (written by tests/policy/test_field_schema_copy.py) when made from the code on
    disk, else None."""
    try:
        from . import _fields

        if _fields.DIGEST == source_digest():
            table: Mapping[str, tuple[Any, Any, Any]] = _fields.SCHEMAS
            return table
    except (ImportError, AttributeError, OSError):
        pass
    return None


def stored_module_text() -> str:
    """The source of ``_fields.py`` for the code on disk."""
    lines = ['"""Generated by tests/policy/test_field_schema_copy.py (AISCAN_REGEN_GOLDEN=1): the field paths of each',
             'rule subject, derived from the code whose SHA-256 is DIGEST (scanner/policy/schema.py). Do not edit."""',
             "# ruff: noqa", "", f"DIGEST = {source_digest()!r}", "SCHEMAS = {"]
    for subject in _SERIALIZERS:
        schema = derive_schema(subject)
        lines.append(f"    {subject!r}: ({tuple(sorted(schema.paths))!r}, {tuple(sorted(schema.open_prefixes))!r}, "
                     f"{dict(sorted(schema.kinds.items()))!r}),")
    return "\n".join([*lines, "}", ""])
