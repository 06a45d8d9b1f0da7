"""JSON codec for the frozen records (Reference, ModelFile, ScanError...): typed decoding, no pickle."""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Mapping
from typing import Any

_HINTS: dict[type, dict[str, Any]] = {}


def encode(obj: Any) -> Any:
    """A JSON-ready value; dataclass fields equal to their default are left out to keep the cache small."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.default is not dataclasses.MISSING and value == f.default and type(value) is type(f.default):
                continue
            if f.default_factory is not dataclasses.MISSING and value == f.default_factory():
                continue
            out[f.name] = encode(value)
        return out
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, (list, tuple)):
        return [encode(v) for v in obj]
    if isinstance(obj, Mapping):
        return {str(k): encode(v) for k, v in obj.items()}
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    raise TypeError(f"cannot encode {type(obj).__name__}")


def decode(tp: Any, value: Any) -> Any:
    """Rebuild a value of type ``tp`` from :func:`encode`'s output; raises TypeError/ValueError on a mismatch."""
    if tp is Any:
        return value
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        if value is None:
            return None
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return decode(options[0], value) if len(options) == 1 else value
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], v) for v in _list(value))
        return tuple(decode(a, v) for a, v in zip(args, _list(value), strict=True))
    if origin is not None and origin in (dict, Mapping, typing.Mapping):
        if not isinstance(value, dict):
            raise TypeError("expected an object")
        return value
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise TypeError(f"expected an object for {tp.__name__}")
        hints = _hints(tp)
        unknown = set(value) - set(hints)
        if unknown:
            raise TypeError(f"unknown fields for {tp.__name__}: {sorted(unknown)}")
        return tp(**{k: decode(hints[k], v) for k, v in value.items()})
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp(value)
    if tp in (str, int, float, bool) and not isinstance(value, tp):
        raise TypeError(f"expected {tp.__name__}")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        module = __import__(cls.__module__, fromlist=["_"])
        hints = typing.get_type_hints(cls, globalns=vars(module))
        hints = {f.name: hints[f.name] for f in dataclasses.fields(cls)}
        _HINTS[cls] = hints
    return hints
