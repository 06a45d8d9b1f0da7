"""JSON codec for the frozen records (Reference, ModelFile, ScanError...): typed decoding, no pickle."""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

_HINTS: dict[type, dict[str, Any]] = {}


_Spec = tuple[tuple[str, Any, Any], ...]  # (name, default, default_factory) of each field, in order
_SPECS: dict[type, _Spec | None] = {}  # per exact type: its fields if instances are dataclasses, else None


def _spec(obj: Any) -> _Spec | None:
    """``dataclasses.fields(obj)`` as (name, default, factory) when ``obj`` is a dataclass instance, else None; read
    once per type (a class itself, an instance of a metaclass, is never cached: whether it is a dataclass varies)."""
    tp = type(obj)
    if tp in _SPECS:
        return _SPECS[tp]
    spec = tuple((f.name, f.default, f.default_factory) for f in dataclasses.fields(obj)) \
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type) else None
    if not isinstance(obj, type):
        _SPECS[tp] = spec
    return spec


def encode(obj: Any) -> Any:
    """A JSON-ready value; dataclass fields equal to their default are left out to keep the cache small."""
    spec = _spec(obj)
    if spec is not None:
        out: dict[str, Any] = {}
        missing = dataclasses.MISSING
        for name, default, factory in spec:
            value = getattr(obj, name)
            if default is not missing and value == default and type(value) is type(default):
                continue
            if factory is not missing and value == factory():
                continue
            out[name] = encode(value)
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
    return _decoder(tp)(value)


@functools.cache
def _decoder(tp: Any) -> Callable[[Any], Any]:
    """One decoding function per type, built once (the warm path decodes thousands of cached results)."""
    if tp is Any:
        return _identity
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(options) != 1:
            return _identity
        inner = _decoder(options[0])
        return lambda value: None if value is None else inner(value)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda value: tuple(item(v) for v in _list(value))
        items = [_decoder(a) for a in args]
        return lambda value: tuple(d(v) for d, v in zip(items, _list(value), strict=True))
    if origin is not None and origin in (dict, Mapping, typing.Mapping):
        return _mapping
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp
    if tp in (str, int, float, bool):
        def scalar(value: Any) -> Any:
            if not isinstance(value, tp):
                raise TypeError(f"expected {tp.__name__}")
            return value

        return scalar
    return _identity


def _dataclass_decoder(cls: type) -> Callable[[Any], Any]:
    fields: dict[str, Callable[[Any], Any]] = {}

    def decode_fields(value: Any) -> Any:
        if not fields:
            fields.update({name: _decoder(hint) for name, hint in _hints(cls).items()})
        if not isinstance(value, dict):
            raise TypeError(f"expected an object for {cls.__name__}")
        try:
            return cls(**{k: fields[k](v) for k, v in value.items()})
        except KeyError as exc:
            raise TypeError(f"unknown field for {cls.__name__}: {exc}") from None

    return decode_fields


def _identity(value: Any) -> Any:
    return value


def _mapping(value: Any) -> Any:
    if not isinstance(value, dict):
        raise TypeError("expected an object")
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
