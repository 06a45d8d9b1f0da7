"""scanner.records.record on small classes: dataclass semantics, built lazily (test_records_differential.py compares
every class of the scanner with dataclasses.dataclass)."""

from __future__ import annotations

import builtins
import copy
import dataclasses
import inspect
import pickle
from collections.abc import Iterator
from dataclasses import InitVar, field
from typing import Any

import pytest

from scanner import records
from scanner.records import record


@record(frozen=True, slots=True, kw_only=True)
class Base:
    a: int
    b: str = "b"


@record(frozen=True, slots=True)
class Child(Base):
    c: int
    d: list[int] = field(default_factory=list, compare=False)
    e: int = field(default=5, kw_only=True)


@record(frozen=True, slots=True, order=True)
class Version:
    major: int
    minor: int = 0
    label: str = field(default="", compare=False)
    weight: int = field(default=1, hash=False)
    tag: str = field(default="", compare=False, hash=True)


@record(frozen=False, slots=True)
class Counter:
    name: str
    seen: list[str] = field(default_factory=list)
    total: int = field(default=0, init=False)
    doubled: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        self.total = len(self.seen)
        self.doubled = 2 * self.total


@record(frozen=True, slots=True)
class Point:
    x: int
    y: int = 0


@record(frozen=True, slots=True)
class OtherPoint:
    x: int
    y: int = 0


def test_inherited_and_kw_only_fields_in_init_order() -> None:
    assert str(inspect.signature(Child)) == "(c: 'int', d: 'list[int]' = <factory>, *, a: 'int', b: 'str' = 'b', e: 'int' = 5) -> None"
    child = Child(3, a=1)
    assert (child.a, child.b, child.c, child.d, child.e) == (1, "b", 3, [], 5)
    assert Child.__match_args__ == ("c", "d")
    with pytest.raises(TypeError):
        Child(1, 2, 3)  # type: ignore[misc]
    assert repr(child) == "Child(a=1, b='b', c=3, d=[], e=5)"
    assert Child.__doc__ == "Child(c: 'int', d: 'list[int]' = <factory>, *, a: 'int', b: 'str' = 'b', e: 'int' = 5)"


def test_default_factory_gives_a_new_value_each_time() -> None:
    first, second = Child(1, a=0), Child(1, a=0)
    assert first.d == [] and first.d is not second.d
    assert Child(1, [7], a=0).d == [7]


def test_init_false_fields_and_post_init() -> None:
    counter = Counter("c", ["x", "y"])
    assert (counter.total, counter.doubled) == (2, 4)
    assert repr(counter) == "Counter(name='c', seen=['x', 'y'], total=2)"
    with pytest.raises(TypeError):
        Counter("c", [], 3)  # type: ignore[call-arg]
    counter.name = "renamed"  # not frozen
    assert counter.name == "renamed"
    assert Counter.__hash__ is None  # eq and not frozen: unhashable, like dataclasses


def test_order_compares_the_compared_fields_as_tuples() -> None:
    assert Version(1, 2) < Version(1, 3) <= Version(1, 3) < Version(2)
    assert Version(1, 2, label="z") <= Version(1, 2, label="a") and not Version(1, 2, label="z") < Version(1, 2, label="a")
    assert sorted([Version(2), Version(1, 5), Version(1)]) == [Version(1), Version(1, 5), Version(2)]
    with pytest.raises(TypeError, match="'<' not supported between instances of 'Version' and 'Point'"):
        Version(1) < Point(1)  # noqa: B015
    assert Version.__lt__(Version(1), Point(1)) is NotImplemented


def test_hash_follows_compare_and_hash_flags() -> None:
    base = Version(1, 2, label="x", weight=3, tag="t")
    assert hash(base) == hash((1, 2, "t"))  # dataclasses' tuple: compared fields unless hash=False, and hash=True ones
    assert hash(base) == hash(Version(1, 2, label="other", weight=3, tag="t"))  # compare=False, hash unset: out
    assert hash(base) != hash(Version(1, 2, label="x", weight=3, tag="u"))  # compare=False, hash=True: in
    assert base == Version(1, 2, label="x", weight=3, tag="u")  # but not compared
    assert base != Version(1, 2, label="x", weight=4, tag="t")  # hash=False is still compared
    assert hash(Point(4)) == hash((4, 0))


def test_eq_with_another_class_is_not_implemented() -> None:
    assert Point(1, 2) == Point(1, 2) and Point(1, 2) != Point(2, 1)
    assert Point.__eq__(Point(1), OtherPoint(1)) is NotImplemented
    assert Point(1) != OtherPoint(1) and Point(1) != (1, 0)
    assert Child(1, a=0) == Child(1, [9], a=0)  # d is compare=False


def test_slots_no_dict_frozen_errors_and_pickling() -> None:
    point = Point(1, 2)
    assert Point.__slots__ == ("x", "y") and not hasattr(point, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'x'"):
        point.x = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'y'"):
        del point.y  # type: ignore[misc]
    for clone in (pickle.loads(pickle.dumps(point)), copy.copy(point), copy.deepcopy(point)):
        assert clone == point and clone is not point
    assert dataclasses.replace(point, y=5) == Point(1, 5)
    assert dataclasses.asdict(Child(1, a=0)) == {"a": 0, "b": "b", "c": 1, "d": [], "e": 5}
    assert Point.__dataclass_params__.frozen and Point.__dataclass_params__.eq  # what dataclasses records


@pytest.mark.skipif(records.PLAIN, reason="AISCAN_PLAIN_RECORDS=1: record is dataclasses.dataclass")
def test_no_exec_until_a_method_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """Building a class compiles nothing; the first construction compiles __init__, the first comparison the
    comparison methods and __hash__ together; later uses compile nothing."""
    compiled: list[str] = []
    real_compile = builtins.compile

    def counting_compile(source: Any, *args: Any, **kwargs: Any) -> Any:
        compiled.append(source if isinstance(source, str) else "?")
        return real_compile(source, *args, **kwargs)

    real_exec = builtins.exec

    def counting_exec(source: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(source, str):  # dataclasses' own exec of a text
            compiled.append(source)
        return real_exec(source, *args, **kwargs)

    monkeypatch.setattr(builtins, "compile", counting_compile)
    monkeypatch.setattr(builtins, "exec", counting_exec)

    @record(frozen=True, slots=True, order=True)
    class Lazy:
        a: int
        b: str = ""

    assert compiled == []
    assert type(vars(Lazy)["__init__"]).__name__ == "_DeferredInit"
    assert "compiled" in vars(Lazy)["__eq__"].__code__.co_freevars  # a stand-in
    one, two = Lazy(1), Lazy(1, "x")
    assert len(compiled) == 1 and "def __init__(self,a:_type_a,b:_type_b=_dflt_b)" in compiled[0]
    assert vars(Lazy)["__init__"] is Lazy.__init__ and inspect.isfunction(Lazy.__init__)  # in the stand-in's place
    assert one < two and one != two and len({one, two}) == 2
    assert len(compiled) == 2 and all(f"def {m}(self" in compiled[1] for m in ("__eq__", "__lt__", "__ge__", "__hash__"))
    assert "compiled" not in vars(Lazy)["__eq__"].__code__.co_freevars  # the real method replaced the stand-in
    assert Lazy(2) > one and hash(Lazy(2)) == hash((2, ""))
    assert len(compiled) == 2


def test_signature_and_doc_before_first_use() -> None:
    @record(frozen=True, slots=True, kw_only=True)
    class Sig:
        a: int
        b: tuple[str, ...] = ()

    assert Sig.__doc__ == "Sig(*, a: 'int', b: 'tuple[str, ...]' = ())"  # no inspect.signature needed for this
    assert str(inspect.signature(Sig)) == "(*, a: 'int', b: 'tuple[str, ...]' = ()) -> None"
    assert Sig.__init__.__annotations__ == {"a": "int", "b": "tuple[str, ...]", "return": None}


def test_class_errors_are_raised_when_the_class_is_built() -> None:
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
        @record(frozen=True, slots=True)
        class Bad:
            a: int = 0
            b: int

    with pytest.raises(TypeError, match="cannot inherit frozen dataclass from a non-frozen one"):
        @record(frozen=True, slots=True)
        class FrozenOnMutable(Counter):
            extra: int = 0

    with pytest.raises(ValueError, match="eq must be true if order is true"):
        @record(frozen=True, slots=True, order=True, eq=False)
        class NoEq:
            a: int


def _classes_left_to_dataclasses() -> Iterator[type]:
    @record(frozen=True, slots=True)
    class OwnEq:
        a: int

        def __eq__(self, other: object) -> bool:
            return True

        def __hash__(self) -> int:
            return 0

    yield OwnEq

    @record(frozen=True, slots=True)
    class WithInitVar:
        a: int
        scale: InitVar[int] = 1

        def __post_init__(self, scale: int) -> None:
            object.__setattr__(self, "a", self.a * scale)

    yield WithInitVar


def test_classes_record_does_not_reproduce_go_to_dataclasses() -> None:
    own_eq, init_var = _classes_left_to_dataclasses()
    assert own_eq(1) == own_eq(2) and hash(own_eq(1)) == 0
    assert init_var(2, 3).a == 6
    for cls in (own_eq, init_var):
        assert vars(cls)["__setattr__"].__code__.co_filename == "<string>"  # generated by dataclasses
        assert inspect.isfunction(vars(cls)["__init__"])
