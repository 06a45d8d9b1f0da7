"""``record``: ``dataclasses.dataclass`` for aiscan's records, with no ``exec`` until a generated method is used.

On CPython 3.11 `dataclasses` compiles every generated method (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__``, ``__delattr__``, four order methods) with its own ``exec`` and computes a missing docstring with
``inspect.signature``: ~1.3 ms a frozen slotted class, ~80 ms for the 62 classes an empty scan imports (issue 19).

``record`` lets ``dataclasses.dataclass`` do the field work while generating no method (``init=False, repr=False,
eq=False, frozen=False``: no ``exec``), so ``__dataclass_fields__``, ``fields``, ``replace``, ``asdict``,
``is_dataclass``, ``__slots__`` and ``__match_args__`` are the real ones. It then adds ``__init__``, compiled by one
``exec`` when first looked up (``_DeferredInit``: most classes an empty scan imports are never built) from the very
text dataclasses would generate (same signature, annotations, defaults, ``__post_init__`` call, frozen
assignments through ``object.__setattr__``). ``__eq__``, the order methods and ``__hash__`` are dataclasses' own text
too, compiled together by one more ``exec`` the first time one of them is called (most classes an empty scan imports
are never compared). ``__repr__`` and the frozen ``__setattr__``/``__delattr__`` are closures with the same results
and messages; ``__getstate__``/``__setstate__`` are dataclasses' own functions.

The texts of every record class of the scanner are also compiled ahead, with the package, in
``scanner/_record_code.py`` (generated and checked by ``tests/test_record_code.py``, keyed by each text's SHA-256):
a method whose text is there is made from that code object with its class module's globals, so a scan runs no
``compile`` of its own (36 compiles, 16 ms, on an empty scan before); any other text is compiled as above.

A class this module does not reproduce exactly (InitVar fields, its own ``__eq__``/``__setattr__``/... in the body,
``unsafe_hash``, ``weakref_slot``) goes to ``dataclasses.dataclass`` unchanged. ``AISCAN_PLAIN_RECORDS=1`` makes every
``record`` a plain ``dataclasses.dataclass`` call: ``tests/test_records_differential.py`` compares both for every
record class of the scanner.
"""

from __future__ import annotations

import _thread
import abc
import dataclasses
import functools
import inspect
import os
import sys
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar, dataclass_transform, overload

_T = TypeVar("_T")

# Read once at import: the differential test sets it in a subprocess. Also plain on Pythons whose dataclasses the
# differential probe was not run against (it gave identical texts on 3.11.7, 3.12.1 and 3.13.0; 3.14 generates
# annotations lazily).
PLAIN = os.environ.get("AISCAN_PLAIN_RECORDS", "") not in ("", "0") or sys.version_info >= (3, 14)

_MISSING: Any = dataclasses.MISSING
# The sentinel dataclasses puts as the default of a field with a default_factory (its repr is "<factory>").
_HAS_DEFAULT_FACTORY: Any = vars(dataclasses)["_HAS_DEFAULT_FACTORY"]
# dataclasses' own pickling state of frozen slotted classes (a list of the field values; set back by object.__setattr__).
_GETSTATE: Callable[..., Any] = vars(dataclasses)["_dataclass_getstate"]
_SETSTATE: Callable[..., Any] = vars(dataclasses)["_dataclass_setstate"]

# Methods a class body may define that dataclasses would keep, refuse or mix with its own: left to dataclasses.
_OWN_METHODS = frozenset({"__init__", "__repr__", "__eq__", "__hash__", "__lt__", "__le__", "__gt__", "__ge__",
                          "__setattr__", "__delattr__", "__getstate__", "__setstate__", "__slots__"})

_ORDER = (("__lt__", "<"), ("__le__", "<="), ("__gt__", ">"), ("__ge__", ">="))

# The method texts of every class built so far, with its module, as thunks (computed only by method_texts).
_TEXTS: list[tuple[str, Callable[[], str]]] = []
GENERATOR = 1  # bump when generated_module's layout changes: an older scanner/_record_code.py is then ignored


@overload
def record(cls: type[_T], /) -> type[_T]: ...


@overload
def record(cls: None = None, /, *, init: bool = True, repr: bool = True, eq: bool = True, order: bool = False,
           unsafe_hash: bool = False, frozen: bool = True, match_args: bool = True, kw_only: bool = False,
           slots: bool = False, weakref_slot: bool = False) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: type[Any] | None = None, /, *, init: bool = True, repr: bool = True, eq: bool = True,
           order: bool = False, unsafe_hash: bool = False, frozen: bool = True, match_args: bool = True,
           kw_only: bool = False, slots: bool = False, weakref_slot: bool = False) -> Any:
    """``dataclasses.dataclass`` with the same arguments, except that ``frozen`` defaults to True."""
    options = {"init": init, "repr": repr, "eq": eq, "order": order, "unsafe_hash": unsafe_hash, "frozen": frozen,
               "match_args": match_args, "kw_only": kw_only, "slots": slots, "weakref_slot": weakref_slot}

    def wrap(klass: type[Any]) -> type[Any]:
        if PLAIN or not init or unsafe_hash or weakref_slot or not _reproducible(klass):
            return dataclasses.dataclass(klass, **options)
        return _build(klass, init=init, repr=repr, eq=eq, order=order, frozen=frozen, match_args=match_args,
                      kw_only=kw_only, slots=slots)

    return wrap if cls is None else wrap(cls)


def _reproducible(cls: type[Any]) -> bool:
    """False when the class defines a method dataclasses would generate, or any class of its MRO annotates an
    InitVar (conservatively, by name when the annotation is a string)."""
    if not _OWN_METHODS.isdisjoint(cls.__dict__):
        return False
    for klass in cls.__mro__:
        for annotation in klass.__dict__.get("__annotations__", {}).values():
            if annotation is dataclasses.InitVar or isinstance(annotation, dataclasses.InitVar) \
                    or (isinstance(annotation, str) and "InitVar" in annotation):
                return False
    return True


def _build(cls: type[Any], *, init: bool, repr: bool, eq: bool, order: bool, frozen: bool,
           match_args: bool, kw_only: bool, slots: bool) -> type[Any]:
    if order and not eq:
        raise ValueError("eq must be true if order is true")
    # Below a dataclass base, dataclasses itself handles frozenness: its checks that frozen and non-frozen classes do
    # not inherit from each other read the bases' parameters, and it builds __setattr__/__delattr__/__getstate__.
    has_dataclass_bases = any(getattr(b, "__dataclass_fields__", None) is not None for b in cls.__mro__[1:])
    frozen_by_dataclasses = frozen and has_dataclass_bases
    no_doc = not cls.__doc__
    if no_doc:
        cls.__doc__ = cls.__name__  # placeholder: dataclasses would run inspect.signature on a class without __init__
    new: type[Any] = dataclasses.dataclass(cls, init=False, repr=False, eq=False, order=False, unsafe_hash=False,
                                           frozen=frozen_by_dataclasses, match_args=match_args, kw_only=kw_only,
                                           slots=slots)
    params = new.__dataclass_params__  # what dataclasses.dataclass(cls, **options) would have recorded
    params.init, params.repr, params.eq, params.order, params.frozen = init, repr, eq, order, frozen

    fields = dataclasses.fields(new)  # inherited ones first, in dataclasses' order (no InitVar: see _reproducible)
    if init:  # dataclasses checks this while building the class, record's __init__ is compiled later
        _check_defaults(fields)
    methods: dict[str, Callable[..., Any]] = {}  # named like dataclasses' generated methods (qualname, module)
    shared: dict[str, Callable[..., Any] | None] = {}  # set as they are
    deferred_init: _DeferredInit | None = None
    if init:
        has_post_init = hasattr(new, "__post_init__")
        deferred_init = _DeferredInit(new, lambda: _init_fn(new, fields, frozen=frozen, slots=slots,
                                                            post_init=has_post_init))
        _TEXTS.append((new.__module__, lambda: _init_text(fields, frozen=frozen, slots=slots, post_init=has_post_init)[0]))
    if repr:
        methods["__repr__"] = _repr_fn(tuple(f.name for f in fields if f.repr))
    if eq:
        # dataclasses' hash table for unsafe_hash=False and no __hash__ in the class body (see _reproducible)
        hashed = [f.name for f in fields if (f.compare if f.hash is None else f.hash)] if frozen else None
        methods.update(_compare_fns(new, [f.name for f in fields if f.compare], hashed, order=order))
        if not frozen:
            shared["__hash__"] = None
    if frozen and not frozen_by_dataclasses:
        methods["__setattr__"], methods["__delattr__"] = _frozen_fns(cls, tuple(f.name for f in fields))
        if slots:  # dataclasses' pickling support for frozen slotted classes
            shared["__getstate__"], shared["__setstate__"] = _GETSTATE, _SETSTATE
    for name, fn in methods.items():
        fn.__qualname__ = f"{new.__qualname__}.{name}"
        fn.__module__ = new.__module__
        fn.__annotations__ = {}  # dataclasses' generated methods are not annotated (inspect.signature shows none)
        setattr(new, name, fn)
    for name, value in shared.items():
        setattr(new, name, value)
    if deferred_init is not None:
        new.__init__ = deferred_init
    if no_doc:
        new.__doc__ = (new.__name__ + _text_signature(fields)).replace(" -> None", "")
    abc.update_abstractmethods(new)
    return new


def _init_text(fields: Sequence[dataclasses.Field[Any]], *, frozen: bool, slots: bool,
               post_init: bool) -> tuple[str, dict[str, Any]]:
    """dataclasses' ``__init__`` source text (its ``_init_fn``, ``_field_init``, ``_init_param`` and ``_create_fn`` of
    CPython 3.11) and the values its ``__create_fn__`` takes."""
    std = [f for f in fields if f.init and not f.kw_only]
    kw = [f for f in fields if f.init and f.kw_only]
    self_name = "__dataclass_self__" if any(f.name == "self" for f in fields) else "self"
    local: dict[str, Any] = {f"_type_{f.name}": f.type for f in fields}
    local.update({"MISSING": _MISSING, "_HAS_DEFAULT_FACTORY": _HAS_DEFAULT_FACTORY,
                  "__dataclass_builtins_object__": object})
    body: list[str] = []
    for f in fields:
        default_name = f"_dflt_{f.name}"
        if f.default_factory is not _MISSING:
            local[default_name] = f.default_factory
            value = f"{default_name}() if {f.name} is _HAS_DEFAULT_FACTORY else {f.name}" if f.init \
                else f"{default_name}()"
        elif f.init:
            if f.default is not _MISSING:
                local[default_name] = f.default
            value = f.name
        elif slots and f.default is not _MISSING:
            local[default_name] = f.default
            value = default_name
        else:
            continue  # read from the class attribute holding the default
        body.append(f"__dataclass_builtins_object__.__setattr__({self_name},{f.name!r},{value})" if frozen
                    else f"{self_name}.{f.name}={value}")
    if post_init:
        body.append(f"{self_name}.__post_init__()")
    params = [_init_param(f) for f in std]
    if kw:
        params += ["*", *(_init_param(f) for f in kw)]
    local["_return_type"] = None
    lines = "\n".join(f"  {line}" for line in body or ["pass"])
    text = (f"def __create_fn__({', '.join(local)}):\n def __init__({','.join([self_name, *params])})->_return_type:\n"
            f"{lines}\n return __init__")
    return text, local


def _init_fn(cls: type[Any], fields: Sequence[dataclasses.Field[Any]], *, frozen: bool, slots: bool,
             post_init: bool) -> Callable[..., None]:
    """dataclasses' ``__init__`` for ``cls`` (see :func:`_init_text`)."""
    text, local = _init_text(fields, frozen=frozen, slots=slots, post_init=post_init)
    fn: Callable[..., None] = _create_fn(cls, text)(**local)
    fn.__qualname__ = f"{cls.__qualname__}.__init__"
    return fn


def _create_fn(cls: type[Any], text: str) -> Callable[..., Any]:
    """The ``__create_fn__`` that ``text`` defines, with the globals of ``cls``'s module (as dataclasses' ``exec``
    gives them). Its code comes from ``scanner/_record_code.py`` when that module holds this very text (compiled with
    the package, like any module: no ``exec`` at run time), else from one ``compile`` + ``exec`` of the text."""
    module = sys.modules.get(cls.__module__)
    scope: dict[str, Any] = module.__dict__ if module else {}
    made = _precompiled().get(_key(text)) if _precompiled() else None
    if made is not None:
        return types.FunctionType(made.__code__, scope, "__create_fn__")
    namespace: dict[str, Any] = {}
    # dont_inherit: this module's `from __future__ import annotations` must not turn the annotations into strings.
    exec(compile(text, "<string>", "exec", dont_inherit=True), scope, namespace)  # noqa: S102
    create: Callable[..., Any] = namespace["__create_fn__"]
    return create


@functools.cache
def _precompiled() -> Mapping[str, Callable[..., Any]]:
    """Method texts -> their ``__create_fn__``, compiled ahead (``scanner/_record_code.py``, written by
    ``tests/test_record_code.py``); empty when that module is missing or was written by another generator version."""
    try:
        from . import _record_code
    except ImportError:
        return {}
    code: Any = _record_code.CODE  # typed by its generator, not by mypy (the module is not checked)
    table: Mapping[str, Callable[..., Any]] = code
    return table if getattr(_record_code, "GENERATOR", None) == GENERATOR else {}


def _key(text: str) -> str:
    from .sha import sha256  # the same digest as hashlib's, without loading OpenSSL

    return sha256(text.encode()).hexdigest()


def method_texts(package: str = "scanner") -> list[str]:
    """The ``__create_fn__`` texts of the record classes of ``package`` built so far (``__init__`` and the comparison
    methods; classes of other modules, e.g. tests', are left out)."""
    return sorted({text() for module, text in list(_TEXTS) if module == package or module.startswith(package + ".")})


def generated_module(texts: Iterable[str]) -> str:
    """The source of ``scanner/_record_code.py`` for these texts: each one verbatim but for its function's name, keyed
    by the SHA-256 of the text, so a text that changes in any way misses and is compiled at run time instead."""
    out = ['"""Generated by tests/test_record_code.py (``AISCAN_REGEN_GOLDEN=1 python -m pytest tests/test_record_code.py``)',
           "from scanner/records.py's method texts: do not edit. No ``from __future__`` import: the texts are compiled as",
           '``exec`` compiles them there (``dont_inherit=True``)."""',
           "# ruff: noqa", "# mypy: ignore-errors", "", f"GENERATOR = {GENERATOR}", ""]
    keys: list[str] = []
    for i, text in enumerate(sorted(set(texts))):
        head = "def __create_fn__("
        if not text.startswith(head):
            raise ValueError(f"not a method text: {text[:40]!r}")
        out += ["", f"def _m{i}(" + text[len(head):], ""]
        keys.append(f'    "{_key(text)}": _m{i},')
    return "\n".join([*out, "", "CODE = {", *keys, "}", ""])


class _DeferredInit:
    """A record's ``__init__`` until it is first looked up: most record classes an empty scan imports are never built,
    and compiling ``__init__`` is most of what a record class costs. Any lookup through the class or an instance
    (``Cls(...)``, ``super().__init__``, ``Cls.__init__``, ``inspect.signature(Cls)``) compiles it, puts the function
    in the class in this object's place and returns it (bound for an instance), so only ``vars(Cls)["__init__"]``
    read before the first lookup can tell."""

    __slots__ = ("build", "fn", "owner")

    def __init__(self, owner: type[Any], build: Callable[[], Callable[..., None]]) -> None:
        self.owner = owner
        self.build = build
        self.fn: Callable[..., None] | None = None

    def __get__(self, obj: Any, objtype: type[Any] | None = None) -> Any:
        fn = self.fn
        if fn is None:
            fn = self.fn = self.build()
            if self.owner.__dict__.get("__init__") is self:
                type.__setattr__(self.owner, "__init__", fn)
        return fn if obj is None else fn.__get__(obj, objtype)


def _check_defaults(fields: Sequence[dataclasses.Field[Any]]) -> None:
    """dataclasses' TypeError for a positional parameter without default after one with a default."""
    seen_default: dataclasses.Field[Any] | None = None
    for f in fields:
        if f.init and not f.kw_only:
            if not (f.default is _MISSING and f.default_factory is _MISSING):
                seen_default = f
            elif seen_default is not None:
                named = f" {seen_default.name!r}" if sys.version_info >= (3, 13) else ""  # 3.13 names it
                raise TypeError(f"non-default argument {f.name!r} follows default argument{named}")


def _init_param(f: dataclasses.Field[Any]) -> str:
    if f.default is not _MISSING:
        return f"{f.name}:_type_{f.name}=_dflt_{f.name}"
    if f.default_factory is not _MISSING:
        return f"{f.name}:_type_{f.name}=_HAS_DEFAULT_FACTORY"
    return f"{f.name}:_type_{f.name}"


def _text_signature(fields: Sequence[dataclasses.Field[Any]]) -> str:
    """``str(inspect.signature(cls))`` for the generated ``__init__``, without building a Signature."""
    params: list[str] = []
    star = False
    for f in [f for f in fields if f.init and not f.kw_only] + [f for f in fields if f.init and f.kw_only]:
        if f.kw_only and not star:
            params.append("*")
            star = True
        text = f"{f.name}: {inspect.formatannotation(f.type)}"
        if f.default is not _MISSING:
            text += f" = {f.default!r}"
        elif f.default_factory is not _MISSING:
            text += f" = {_HAS_DEFAULT_FACTORY!r}"
        params.append(text)
    return f"({', '.join(params)}) -> None"


def _repr_fn(names: tuple[str, ...]) -> Callable[[Any], str]:
    running: set[tuple[int, int]] = set()  # dataclasses' _recursive_repr: "..." for an object inside itself

    def __repr__(self: Any) -> str:
        key = id(self), _thread.get_ident()
        if key in running:
            return "..."
        running.add(key)
        try:
            name: str = self.__class__.__qualname__
            return name + "(" + ", ".join([f"{n}={getattr(self, n)!r}" for n in names]) + ")"
        finally:
            running.discard(key)

    return __repr__


def _compare_fns(cls: type[Any], compared: list[str], hashed: list[str] | None, *,
                 order: bool) -> dict[str, Callable[..., Any]]:
    """Stand-ins for dataclasses' ``__eq__``, order methods and ``__hash__``. The first call of any of them compiles
    all of them from dataclasses' own text (``_cmp_fn``, ``_hash_fn``) in one ``exec``, puts them on the class in place
    of the stand-ins and goes on with the real one: records are compared and hashed in hot paths, where bytecode
    reading slots beats any generic method (attrgetter closures measured 1.5-1.7x slower), and most classes an
    empty scan imports are never compared or hashed."""
    texts = {"__eq__": _cmp_text("__eq__", "==", compared)}
    if order:
        texts.update((name, _cmp_text(name, op, compared)) for name, op in _ORDER)
    if hashed is not None:
        texts["__hash__"] = f" def __hash__(self):\n  return hash({_tuple_text('self', hashed)})"
    _TEXTS.append((cls.__module__, lambda: _compare_text(texts)))
    real: dict[str, Callable[..., Any]] = {}
    stand_ins: dict[str, Callable[..., Any]] = {}

    def compiled(name: str) -> Callable[..., Any]:
        if not real:
            made = dict(zip(texts, _create_fn(cls, _compare_text(texts))(), strict=True))
            for method_name, fn in made.items():
                fn.__qualname__ = f"{cls.__qualname__}.{method_name}"
                if cls.__dict__.get(method_name) is stand_ins[method_name]:  # not replaced meanwhile
                    setattr(cls, method_name, fn)
            real.update(made)
        return real[name]

    for name in texts:
        stand_ins[name] = _stand_in(name, compiled)
    return stand_ins


def _compare_text(texts: Mapping[str, str]) -> str:
    return "def __create_fn__():\n" + "\n".join(texts.values()) + f"\n return {','.join(texts)},"


def _stand_in(name: str, compiled: Callable[[str], Callable[..., Any]]) -> Callable[..., Any]:
    if name == "__hash__":
        def one(self: Any) -> Any:
            return compiled(name)(self)
        one.__name__ = name
        return one

    def two(self: Any, other: Any) -> Any:
        return compiled(name)(self, other)
    two.__name__ = name
    return two


def _cmp_text(name: str, op: str, names: list[str]) -> str:
    """dataclasses' ``_cmp_fn`` body, indented as ``_create_fn`` does."""
    return (f" def {name}(self,other):\n  if other.__class__ is self.__class__:\n"
            f"   return {_tuple_text('self', names)}{op}{_tuple_text('other', names)}\n  return NotImplemented")


def _tuple_text(obj: str, names: list[str]) -> str:
    """dataclasses' ``_tuple_str``: a tuple even for one field or none."""
    return f"({','.join([f'{obj}.{n}' for n in names])},)" if names else "()"


def _frozen_fns(cls: type[Any], names: tuple[str, ...]) -> tuple[Callable[..., None], Callable[..., None]]:
    """dataclasses' frozen ``__setattr__``/``__delattr__``. ``cls`` is the class as written, like the ``cls`` these
    methods close over in dataclasses: with slots=True that class is replaced, so (on 3.11) a name that is not a field
    reaches ``super(cls, self)`` and fails with its TypeError, exactly as there."""

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __setattr__, __delattr__
