"""Condition operators (a dispatch table, never eval) and the compiler from YAML `when` trees."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from .base import Condition

_MISSING = object()


def get_field(data: Mapping[str, Any], path: str) -> Any:
    """Dotted lookup (``origin.country``, ``license.flags``); a missing key gives a sentinel, not an error."""
    current: Any = data
    for part in path.split("."):
        if isinstance(current, Mapping) and part in current:
            current = current[part]
        else:
            return _MISSING
    return current


def _num(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _cmp(test: Callable[[float, float], bool]) -> Callable[[Any, Any], bool]:
    def op(actual: Any, expected: Any) -> bool:
        a, b = _num(actual), _num(expected)
        if a is not None and b is not None:
            return test(a, b)
        if isinstance(actual, str) and isinstance(expected, str):
            return test(float(actual > expected) - float(actual < expected), 0.0)
        return False

    return op


def _contains(actual: Any, expected: Any) -> bool:
    if isinstance(actual, str):
        return isinstance(expected, str) and expected.lower() in actual.lower()
    if isinstance(actual, (list, tuple, set, frozenset)):
        expected_items = expected if isinstance(expected, (list, tuple)) else [expected]
        return any(item in actual for item in expected_items)
    return False


def _in(actual: Any, expected: Any) -> bool:
    if actual is None:
        return False
    if isinstance(actual, (list, tuple)):
        return any(a in expected for a in actual)
    return actual in expected


def _version(actual: Any, expected: Any) -> bool:
    if not isinstance(actual, str) or not actual:
        return False
    if actual.startswith("=="):
        actual = actual[2:]
    try:
        return Version(actual) in expected
    except InvalidVersion:
        return False


OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "in": _in,
    "not_in": lambda a, b: not _in(a, b),
    "contains": _contains,
    "matches": lambda a, b: isinstance(a, str) and b.search(a) is not None,
    "exists": lambda a, b: (a is not None and a != "" and a != []) == bool(b),
    "gt": _cmp(lambda a, b: a > b),
    "gte": _cmp(lambda a, b: a >= b),
    "lt": _cmp(lambda a, b: a < b),
    "lte": _cmp(lambda a, b: a <= b),
    "version": _version,
}


def prepare_value(op: str, value: Any) -> Any:
    """Compile what can be compiled at load time; raises ValueError with a message for bad values."""
    if op == "matches":
        if not isinstance(value, str):
            raise ValueError("'matches' needs a regular expression string")
        try:
            return re.compile(value)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {value!r}: {exc}") from None
    if op == "version":
        try:
            return SpecifierSet(str(value))
        except InvalidSpecifier:
            raise ValueError(f"invalid version specifier {value!r}") from None
    if op in ("in", "not_in") and not isinstance(value, (list, tuple, set, frozenset)):
        raise ValueError(f"'{op}' needs a list (or a $variable that holds one)")
    if op == "exists" and not isinstance(value, bool):
        raise ValueError("'exists' needs true or false")
    return value


def leaf(field: str, op: str, value: Any) -> Condition:
    func = OPERATORS[op]
    missing_result = op == "exists" and value is False or op in ("ne", "not_in") and False

    def check(data: Mapping[str, Any]) -> bool:
        actual = get_field(data, field)
        if actual is _MISSING:
            return bool(missing_result)
        return bool(func(actual, value))

    return check


def all_of(children: list[Condition]) -> Condition:
    return lambda data: all(c(data) for c in children)


def any_of(children: list[Condition]) -> Condition:
    return lambda data: any(c(data) for c in children)


def not_(child: Condition) -> Condition:
    return lambda data: not child(data)
