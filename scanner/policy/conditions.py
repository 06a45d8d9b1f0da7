"""Condition operators (a dispatch table, never eval) and the combinators that build `when` trees."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from .base import Condition

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet

Operator = Callable[[Any, Any], bool]


def get_field(data: Mapping[str, Any], path: str | tuple[str, ...]) -> Any:
    """Dotted lookup; through a list of mappings it collects every item's value (``lineage.origin.country``).

    A missing key or a null on the way gives None.
    """
    current: Any = data
    for part in path.split(".") if isinstance(path, str) else path:
        if type(current) is dict or isinstance(current, Mapping):  # the exact-type test skips the slow ABC check
            current = current.get(part)
        elif isinstance(current, (list, tuple)):
            values = [item.get(part) for item in current if isinstance(item, Mapping)]
            current = [v for value in values for v in (value if isinstance(value, (list, tuple)) else [value]) if v is not None]
        else:
            return None
        if current is None:
            return None
    return current


def _items(actual: Any) -> list[Any]:
    return list(actual) if isinstance(actual, (list, tuple)) else [actual]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _compare(test: Callable[[Any, Any], bool]) -> Operator:
    """Numbers compare as numbers; otherwise two strings compare as text (ISO dates sort correctly)."""

    def op(actual: Any, expected: Any) -> bool:
        for item in _items(actual):
            if isinstance(item, str) and isinstance(expected, str):
                if test(item, expected):
                    return True
                continue
            a, b = _number(item), _number(expected)
            if a is not None and b is not None and test(a, b):
                return True
        return False

    return op


def _in(actual: Any, expected: Any) -> bool:
    """Scalar: member of the list. List field: any of its items is a member."""
    return any(item is not None and item in expected for item in _items(actual))


def _contains(actual: Any, expected: Any) -> bool:
    """String field: case-insensitive substring. List field: holds the value (or any of a list of values)."""
    if actual is None:
        return False
    if isinstance(actual, str):
        return any(isinstance(e, str) and e.lower() in actual.lower() for e in _items(expected))
    return any(e in actual for e in _items(expected))


def _matches(actual: Any, expected: re.Pattern[str]) -> bool:
    return any(isinstance(item, str) and expected.search(item) is not None for item in _items(actual))


def _exists(actual: Any, expected: bool) -> bool:
    present = actual is not None and actual != "" and actual != [] and actual != {}
    return present == expected


def _version(actual: Any, expected: SpecifierSet) -> bool:
    """A pinned version (``1.2.3`` or ``==1.2.3``) that satisfies the specifier set; anything else is False."""
    from packaging.version import InvalidVersion, Version

    for item in _items(actual):
        text = str(item).strip() if item is not None else ""
        text = text[2:].strip() if text.startswith("==") and "," not in text and "*" not in text else text
        try:
            if expected.contains(Version(text), prereleases=True):
                return True
        except InvalidVersion:
            continue
    return False


OPERATORS: dict[str, Operator] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "in": _in,
    "not_in": lambda a, b: not _in(a, b),
    "contains": _contains,
    "matches": _matches,
    "exists": _exists,
    "gt": _compare(lambda a, b: a > b),
    "gte": _compare(lambda a, b: a >= b),
    "lt": _compare(lambda a, b: a < b),
    "lte": _compare(lambda a, b: a <= b),
    "version": _version,
}


def prepare_value(op: str, value: Any) -> Any:
    """Check and compile an operator's value at load time; raises ValueError with the message to show."""
    if op == "matches":
        if not isinstance(value, str):
            raise ValueError("'matches' needs a regular expression string")
        try:
            return re.compile(value)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {value!r}: {exc}") from None
    if op == "version":
        if not isinstance(value, str):
            raise ValueError("'version' needs a version specifier string such as '>=1.0,<2'")
        from packaging.specifiers import InvalidSpecifier, SpecifierSet

        try:
            return SpecifierSet(value)
        except InvalidSpecifier:
            raise ValueError(f"invalid version specifier {value!r}") from None
    if op in ("in", "not_in"):
        if not isinstance(value, (list, tuple)):
            raise ValueError(f"'{op}' needs a list (or a $variable that holds one)")
        return frozenset(value) if all(isinstance(v, (str, int, float, bool)) for v in value) else tuple(value)
    if op == "exists" and not isinstance(value, bool):
        raise ValueError("'exists' needs true or false")
    if op in ("gt", "gte", "lt", "lte") and (isinstance(value, bool) or not isinstance(value, (int, float, str))):
        raise ValueError(f"'{op}' needs a number or a string")
    if op == "contains" and (value is None or isinstance(value, Mapping)):
        raise ValueError("'contains' needs a string, a value or a list of values")
    return value


def leaf(field: str, op: str, value: Any) -> Condition:
    func = OPERATORS[op]
    parts = tuple(field.split("."))

    def check(data: Mapping[str, Any]) -> bool:
        return bool(func(get_field(data, parts), value))

    return check


def all_of(children: list[Condition]) -> Condition:
    return lambda data: all(c(data) for c in children)


def any_of(children: list[Condition]) -> Condition:
    return lambda data: any(c(data) for c in children)


def not_(child: Condition) -> Condition:
    return lambda data: not child(data)
