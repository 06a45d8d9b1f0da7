"""Behaviour of every record class as canonical text, one line per fact (run by test_records_differential.py).

``python -m tests.records_probe`` imports every ``scanner`` module, finds every dataclass defined there (and the
probe classes below, which use the field flags and options the scanner's classes do not), and prints, for each:
the class (``vars`` keys, docstring, ``__slots__``, ``__match_args__``, parameters, fields with flags), the
signature of the class and of ``__init__`` (read before any instance is built), the generated methods' names, then
for several instances (defaults and factories, an equal twin, one instance per init field changed): repr, hash,
equality and order against the first instance and against another class, ``replace``, ``asdict``, ``astuple``, a
pickle round trip, copy, deepcopy, assignment to and deletion of a field and of a non-field. Memory addresses are
blanked. The first line (not compared) counts the classes, the decorated ones, those whose ``__repr__`` comes from
scanner/records.py and those that still held record's deferred ``__init__`` when found.
"""

import copy
import dataclasses
import importlib
import inspect
import json
import pickle
import pkgutil
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import KW_ONLY, field
from typing import Any, ClassVar

import scanner
from scanner.records import record

# Probe classes (no ``from __future__ import annotations`` here: real annotation objects, unlike scanner's strings).


@record(frozen=True, slots=True)
class Empty:
    pass


@record(frozen=True, slots=True)
class One:
    a: int


@record(frozen=True, slots=True, order=True)
class Flags:
    """Every field flag."""

    a: int
    b: str = field(default="b", compare=False)
    c: int = field(default=3, hash=False)
    d: int = field(default=4, compare=False, hash=True)
    e: int = field(default=5, repr=False)
    f: list[int] = field(default_factory=list, compare=False, hash=False)
    g: int = field(default=7, init=False)
    h: tuple[int, ...] = field(default_factory=tuple, init=False)


@record(frozen=True, slots=True, kw_only=True)
class KwBase:
    x: int
    y: int = 2


@record(frozen=True, slots=True)
class KwMix(KwBase):
    z: int
    w: int = field(default=9, kw_only=True)
    v: int = 0


@record(frozen=True, slots=True)
class WithKwOnlyMarker:
    a: int
    _: KW_ONLY
    b: int = 2
    c: int = 3


@record(frozen=False, slots=True)
class Mutable:
    a: int
    b: list[int] = field(default_factory=list)
    c: dict[str, int] = field(default_factory=dict, repr=False)


@record(frozen=False, slots=True, order=True)
class MutableChild(Mutable):
    d: int = 1


@record(frozen=False, slots=True)
class PostInit:
    a: int
    b: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.b = len(str(self.a))


@record(frozen=True, slots=True, eq=False)
class NoEq:
    a: int


@record(frozen=True, slots=True)
class SelfField:
    self: int
    other: str = "o"


@record(frozen=True, slots=True, match_args=False)
class NoMatch:
    a: int


@record(frozen=True)
class NotSlotted:
    a: int = 0


@record(frozen=True, slots=True)
class WithClassVar:
    k: ClassVar[int] = 5
    a: int = 1
    nested: One | None = None


class Plain:
    """A non-dataclass base with a method."""

    def twice(self) -> int:
        return 2


@record(frozen=True, slots=True, kw_only=True, order=True)
class OnPlain(Plain):
    a: int
    b: str = ""


class PlainSubclass(Flags):
    """Not decorated: inherits the record's methods (and gets a __dict__)."""


class PlainSubclassOfUnslotted(NotSlotted):
    pass


PROBES = (Empty, One, Flags, KwBase, KwMix, WithKwOnlyMarker, Mutable, MutableChild, PostInit, NoEq, SelfField, NoMatch,
          NotSlotted, WithClassVar, OnPlain, PlainSubclass, PlainSubclassOfUnslotted)

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def text(value: Any) -> str:
    return _ADDRESS.sub(" at 0x?", repr(value))


def outcome(action: Callable[[], Any]) -> str:
    """``action()``'s repr, or its exception's type and message."""
    try:
        return text(action())
    except Exception as exc:  # noqa: BLE001 - the error is the fact recorded
        return f"raises {type(exc).__name__}: {_ADDRESS.sub(' at 0x?', str(exc))}"


PROBLEMS: list[str] = []  # modules that could not be imported (printed after the first line)


def record_classes() -> Iterator[type]:
    seen: set[type] = set()
    for info in pkgutil.walk_packages(scanner.__path__, "scanner.", onerror=lambda name: PROBLEMS.append(f"cannot walk {name}")):
        if info.name.endswith("__main__"):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError as exc:  # a missing optional dependency: the same in both runs
            PROBLEMS.append(f"cannot import {info.name}: {exc}")
            continue
        stack = [v for v in vars(module).values() if isinstance(v, type) and v.__module__ == info.name]
        while stack:
            cls = stack.pop(0)
            if cls in seen:
                continue
            seen.add(cls)
            stack.extend(v for v in vars(cls).values() if isinstance(v, type) and v.__module__ == info.name)
            if dataclasses.is_dataclass(cls):
                yield cls
    yield from PROBES


def describe_function(fn: Any) -> str:
    if fn is None:
        return "None"
    return " ".join((getattr(fn, "__module__", "?") or "?", getattr(fn, "__qualname__", "?"),
                     outcome(lambda: str(inspect.signature(fn)))))


METHODS = ("__repr__", "__eq__", "__hash__", "__lt__", "__le__", "__gt__", "__ge__", "__setattr__", "__delattr__",
           "__getstate__", "__setstate__", "__post_init__")


def describe_class(cls: type) -> Iterator[str]:
    name = f"{cls.__module__}.{cls.__qualname__}"
    # Signatures first: record's __init__ is compiled on its first lookup.
    yield f"{name} signature {outcome(lambda: str(inspect.signature(cls)))}"
    init = cls.__init__
    yield f"{name} __init__ {describe_function(init)} defaults {text(init.__defaults__)} " \
          f"kwdefaults {text(init.__kwdefaults__)} annotations {text(init.__annotations__)}"
    yield f"{name} vars {sorted(vars(cls))}"
    yield f"{name} mro {[c.__qualname__ for c in cls.__mro__]}"
    yield f"{name} doc {cls.__doc__!r}"
    for attr in ("__slots__", "__match_args__", "__dataclass_params__"):
        yield f"{name} {attr} {outcome(lambda attr=attr: getattr(cls, attr))}"
    for f in cls.__dataclass_fields__.values():  # inherited by a plain subclass
        yield (f"{name} field {f.name} type={text(f.type)} default={text(f.default)} factory={text(f.default_factory)} "
               f"init={f.init} repr={f.repr} hash={f.hash} compare={f.compare} kw_only={text(f.kw_only)} "
               f"metadata={dict(f.metadata)} kind={f._field_type}")
    for method in METHODS:
        yield f"{name} method {method} {describe_function(getattr(cls, method, 'absent'))}"


def build(cls: type, changed: str | None = None, twin: bool = False) -> Any:
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        if f.name == changed:
            kwargs[f.name] = f"~{f.name}"
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            kwargs[f.name] = f.name
    return cls(**kwargs)


def hashed_names(x: Any) -> list[str]:
    """The fields dataclasses puts in the hashed tuple."""
    return [f.name for f in dataclasses.fields(x) if (f.compare if f.hash is None else f.hash)]


class Other:
    """Not a record: comparisons with it must give NotImplemented (then False or TypeError)."""


def describe_instance(label: str, x: Any, base: Any) -> Iterator[str]:
    first = next((f.name for f in dataclasses.fields(x)), None)
    facts: dict[str, Callable[[], Any]] = {
        "repr": lambda: repr(x),
        # hash values of None and of identity-hashed objects differ between processes: compared through relations
        "hash is of the compared fields": lambda: hash(x) == hash(tuple(getattr(x, n) for n in hashed_names(x))),
        "hash is identity": lambda: hash(x) == object.__hash__(x),
        "hash==base": lambda: hash(x) == hash(base),
        "==base": lambda: x == base,
        "!=base": lambda: x != base,
        "base==": lambda: base == x,
        "==self": lambda: x == x,  # noqa: PLR0124
        "==other": lambda: x == Other(),
        "__eq__(other)": lambda: x.__eq__(Other()),
        "<base": lambda: x < base,
        "<=base": lambda: x <= base,
        ">base": lambda: x > base,
        ">=base": lambda: x >= base,
        "<other": lambda: x < Other(),
        "__lt__(other)": lambda: type(x).__lt__(x, Other()),
        "replace": lambda: dataclasses.replace(x),
        "replace first": lambda: dataclasses.replace(x, **({first: "r"} if first else {})),
        "asdict": lambda: dataclasses.asdict(x),
        "astuple": lambda: dataclasses.astuple(x),
        "pickle": lambda: (pickle.loads(pickle.dumps(x)), pickle.loads(pickle.dumps(x)) == x),
        "copy": lambda: (copy.copy(x), copy.copy(x) == x),
        "deepcopy": lambda: (copy.deepcopy(x), copy.deepcopy(x) == x),
        "__getstate__": lambda: x.__getstate__(),
        "__dict__": lambda: x.__dict__,
        "match_args values": lambda: tuple(getattr(x, a) for a in getattr(type(x), "__match_args__", ())),
    }
    for fact, action in facts.items():
        yield f"  {label} {fact}: {outcome(action)}"
    for f in dataclasses.fields(x):
        target = copy.copy(x)
        yield f"  {label} set {f.name}: {outcome(lambda f=f: setattr(target, f.name, 'set'))} -> {outcome(lambda: target)}"
        target = copy.copy(x)
        yield f"  {label} del {f.name}: {outcome(lambda f=f: delattr(target, f.name))} -> {outcome(lambda: target)}"
    target = copy.copy(x)
    yield f"  {label} set other: {outcome(lambda: setattr(target, 'not_a_field', 1))}"
    yield f"  {label} del other: {outcome(lambda: delattr(target, 'not_a_field'))}"


def describe(cls: type) -> Iterator[str]:
    yield from describe_class(cls)
    base = outcome(lambda: build(cls))
    if base.startswith("raises"):
        yield f"  build: {base}"
        return
    base_obj = build(cls)
    yield from describe_instance("base", base_obj, base_obj)
    yield from describe_instance("twin", build(cls), base_obj)
    for f in dataclasses.fields(cls):
        if f.init:
            yield from describe_instance(f"~{f.name}", build(cls, changed=f.name), base_obj)
    for method in METHODS:  # after use: record's compiled methods replaced its stand-ins
        yield f"{cls.__qualname__} method after use {method} {describe_function(getattr(cls, method, 'absent'))}"


def class_errors() -> Iterator[str]:
    """Errors raised while building a class, as dataclasses raises them."""

    def default_first() -> type:
        class C:
            a: int = 0
            b: int
        return record(frozen=True, slots=True)(C)

    def order_without_eq() -> type:
        class C:
            a: int
        return record(frozen=True, slots=True, order=True, eq=False)(C)

    def frozen_on_mutable() -> type:
        class C(Mutable):
            z: int = 0
        return record(frozen=True, slots=True)(C)

    def mutable_on_frozen() -> type:
        class C(One):
            z: int = 0
        return record(frozen=False, slots=True)(C)

    def field_without_annotation() -> type:
        class C:
            a = field(default=1)
        return record(frozen=True, slots=True)(C)

    for case in (default_first, order_without_eq, frozen_on_mutable, mutable_on_frozen, field_without_annotation):
        yield f"class error {case.__name__}: {outcome(case)}"


def main() -> None:
    classes = list(record_classes())
    deferred = sum(type(vars(c).get("__init__")).__name__ == "_DeferredInit" for c in classes)
    by_record = sum(getattr(vars(c).get("__repr__"), "__code__", None) is not None
                    and vars(c)["__repr__"].__code__.co_filename.endswith("records.py") for c in classes)
    decorated = sum("__dataclass_fields__" in vars(c) for c in classes)  # not the plain subclasses
    print(json.dumps({"plain": scanner.records.PLAIN, "classes": len(classes), "decorated": decorated,
                      "deferred_init": deferred, "built_by_record": by_record}))
    for problem in PROBLEMS:
        print(problem)
    for cls in classes:
        for line in describe(cls):
            print(line)
    for line in class_errors():
        print(line)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
