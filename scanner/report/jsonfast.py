"""json.dumps(value, indent=2, ensure_ascii=False), byte for byte, without the pure-Python generator chain.

CPython's C encoder is used only when ``indent`` is None; with an indent every chunk of output climbs a stack of
generators (one per nesting level). On a 1,250-model report that was ~0.5 s, more than the warm scan itself. This
writer keeps json's exact rules (string escaping by the C ``encode_basestring``, ``float.__repr__``/``int.__repr__``
for subclasses, NaN/Infinity, key coercion of bool/None/int/float, ``[]``/``{}`` for empty containers, tuples as
lists) and appends to one list, recursing once per container. ``tests/report/test_jsonfast.py`` compares it with
``json.dumps`` on random values.
"""

from __future__ import annotations

import json.encoder
from typing import Any

_ENCODE = json.encoder.encode_basestring  # the C version when available, as json.dumps(ensure_ascii=False) uses
_INF = float("inf")


def _float(value: float) -> str:
    if value != value:  # noqa: PLR0124 - NaN
        return "NaN"
    if value == _INF:
        return "Infinity"
    if value == -_INF:
        return "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return _ENCODE(key)
    if isinstance(key, float):
        return _ENCODE(_float(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return _ENCODE(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _scalar(value: Any) -> str | None:
    """The JSON text of a non-container value, or None for a list/tuple/dict."""
    if isinstance(value, str):
        return _ENCODE(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, (list, tuple, dict)):
        return None
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def dumps_indent2(value: Any) -> str:
    """The text ``json.dumps(value, indent=2, ensure_ascii=False)`` returns."""
    out: list[str] = []
    append = out.append
    encode = _ENCODE

    def write(obj: Any, pad: str) -> None:
        if isinstance(obj, dict):
            if not obj:
                append("{}")
                return
            inner = pad + "  "
            first = True
            for key, item in obj.items():
                append(("{\n" if first else ",\n") + inner + (encode(key) if isinstance(key, str) else _key(key)) + ": ")
                first = False
                member(item, inner)
            append("\n" + pad + "}")
        elif isinstance(obj, (list, tuple)):
            if not obj:
                append("[]")
                return
            inner = pad + "  "
            first = True
            for item in obj:
                append(("[\n" if first else ",\n") + inner)
                first = False
                member(item, inner)
            append("\n" + pad + "]")
        else:
            text = _scalar(obj)
            if text is None:  # pragma: no cover - containers are handled above
                raise TypeError(type(obj).__name__)
            append(text)

    def member(item: Any, pad: str) -> None:
        """One member: exact types first (a report is mostly str, int, None, bool), subclasses through ``_scalar``."""
        t = type(item)
        if t is str:
            append(encode(item))
        elif t is dict or t is list or t is tuple:
            write(item, pad)
        elif item is None:
            append("null")
        elif item is True:
            append("true")
        elif item is False:
            append("false")
        elif t is int:
            append(int.__repr__(item))
        else:
            text = _scalar(item)
            if text is None:
                write(item, pad)
            else:
                append(text)

    write(value, "")
    return "".join(out)
