"""Follow string values through Python source: constants, f-strings, env defaults, containers, attributes, parameters."""

from __future__ import annotations

import ast
import itertools
import math
from dataclasses import field

from ...records import record
from ..cutshort import cut_short
from .bindings import Binding, Bindings, Scope, dotted

__all__ = ["Binding", "Program", "Scope", "Val", "dotted"]

MAX_DEPTH = 10
MAX_VALUES = 48
MAX_CONTAINERS = 256
MAX_MEMO = 262_144  # answers kept per file (each at most MAX_VALUES values): ~100 MB at worst, far less in practice
ENV_GETTERS = frozenset({"getenv", "get", "environ.get", "os.getenv", "os.environ.get", "setdefault"})


@record(frozen=True, slots=True)
class Val:
    """One value an expression may take: a string, an env var with no default (slot), or a function parameter."""

    text: str | None = None
    slot: str | None = None
    node: ast.AST | None = None  # the string constant it came from (to avoid reporting a constant twice)
    param: tuple[str, str] | None = None  # (function name, parameter name): the value comes from callers


@record(frozen=False, slots=True)
class Program(Bindings):
    """What one parse of a file tells about its values; built once, queried by the analyser.

    Answers are memoised by (node, scope, depth): the same attribute or name is reached through many paths (a test
    file binding ``self.x`` 500 times made the search exponential in MAX_DEPTH). The depth is part of the key, so a
    memoised answer is exactly the one the search would give again."""

    memo: dict[tuple[int, int, int], tuple[Val, ...]] = field(default_factory=dict)
    containers_memo: dict[tuple[int, int, int], tuple[ast.AST, ...]] = field(default_factory=dict)
    named_memo: dict[tuple[str, str, int, int], tuple[Val, ...]] = field(default_factory=dict)
    attr_owners: dict[str, dict[int, list[Binding]]] = field(default_factory=dict)

    def lookup(self, name: str, scope: Scope | None) -> list[Binding]:
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            scope = scope.parent
        return []

    def values(self, expr: ast.AST, scope: Scope, depth: int = 0) -> list[Val]:
        """Every string (or env slot, or caller-supplied parameter) ``expr`` may evaluate to."""
        if depth > MAX_DEPTH:
            return []
        key = (id(expr), id(scope), depth)
        known = self.memo.get(key)
        if known is None:
            found = self._values(expr, scope, depth)
            if len(found) > MAX_VALUES:
                _capped(f"an expression on line {getattr(expr, 'lineno', '?')} may hold more than {MAX_VALUES} values")
            known = tuple(found[:MAX_VALUES])
            if len(self.memo) < MAX_MEMO:
                self.memo[key] = known
        return list(known)

    def _values(self, expr: ast.AST, scope: Scope, depth: int) -> list[Val]:
        if isinstance(expr, ast.Constant):
            return [Val(text=expr.value, node=expr)] if isinstance(expr.value, str) else []
        if isinstance(expr, ast.Name):
            return self._named(("name", expr.id, id(scope), depth), expr.id, scope, depth)
        if isinstance(expr, ast.JoinedStr):
            return self._joined(expr, scope, depth)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Div):  # Path(root) / "name"
            return _concat([self.values(expr.left, scope, depth + 1), [Val(text="/")], self.values(expr.right, scope, depth + 1)])
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return _concat([self.values(expr.left, scope, depth + 1), self.values(expr.right, scope, depth + 1)])
        if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
            vals = [v for operand in expr.values for v in self.values(operand, scope, depth + 1)]
            concrete = [v for v in vals if v.text is not None]
            return concrete or vals
        if isinstance(expr, ast.IfExp):
            return self.values(expr.body, scope, depth + 1) + self.values(expr.orelse, scope, depth + 1)
        if isinstance(expr, ast.Attribute):
            return self._attribute(expr, scope, depth)
        if isinstance(expr, ast.Subscript):
            return self._subscript(expr, scope, depth)
        if isinstance(expr, ast.Call):
            return self._call(expr, scope, depth)
        if isinstance(expr, ast.Starred):
            return self.elements(expr.value, scope, depth + 1)
        return []

    def _bound(self, bindings: list[Binding], depth: int, name: str, scope: Scope) -> list[Val]:
        out: list[Val] = []
        for how, node, where in bindings:
            where = where or scope
            if how == "param":
                out.append(Val(param=(where_name(bindings, scope), name)))
            elif how == "expr":
                out.extend(self.values(node, where, depth + 1))
            elif how in ("elements", "item"):
                out.extend(self.elements(node, where, depth + 1) if how == "elements" else self.values(node, where, depth + 1))
            elif how == "values":
                out.extend(self._dict_part(node, where, depth + 1, values=True))
            elif how == "keys":
                out.extend(self._dict_part(node, where, depth + 1, values=False))
            elif how.startswith("unpack:"):
                index = int(how.rsplit(":", 1)[1])
                for unpacked in self._tuples(node, where, depth + 1):
                    if len(unpacked.elts) > index:
                        out.extend(self.values(unpacked.elts[index], where, depth + 1))
            elif how.startswith("tuple-elements:"):
                index = int(how.rsplit(":", 1)[1])
                for container in self._containers(node, where, depth + 1):
                    for elt in getattr(container, "elts", []):
                        if isinstance(elt, (ast.Tuple, ast.List)) and len(elt.elts) > index:
                            out.extend(self.values(elt.elts[index], where, depth + 1))
        return out

    def _joined(self, expr: ast.JoinedStr, scope: Scope, depth: int) -> list[Val]:
        parts: list[list[Val]] = []
        for piece in expr.values:
            if isinstance(piece, ast.Constant) and isinstance(piece.value, str):
                parts.append([Val(text=piece.value)])
            elif isinstance(piece, ast.FormattedValue):
                vals = [v for v in self.values(piece.value, scope, depth + 1) if v.text is not None]
                if not vals:
                    return []
                parts.append(vals)
        return _concat(parts)

    def _attribute(self, expr: ast.Attribute, scope: Scope, depth: int) -> list[Val]:
        if isinstance(expr.value, ast.Name) and expr.value.id in self.imports:
            return []  # module attribute (TextEmbedding.Models.x): not followed
        own = isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls")
        return self._named(("self" if own else "attr", expr.attr, id(scope), depth), expr.attr, scope, depth)

    def _attribute_bindings(self, attr: str, own: bool, scope: Scope) -> list[Binding]:
        bindings = self.attrs.get(attr, [])
        if own and len(bindings) > 1:
            # self.model_name set in several classes of the file: the class the use sits in (or its own fields) decides
            mine = _owner(scope)
            by_owner = self.attr_owners.get(attr)
            if by_owner is None:  # grouped once per attribute: n classes each using self.name stay linear
                by_owner = self.attr_owners[attr] = {}
                for b in bindings:
                    if b[2] is not None:
                        by_owner.setdefault(id(_owner(b[2])), []).append(b)
            same = by_owner.get(id(mine), []) if mine is not None else []
            if same:
                bindings = same
        return bindings

    def _named(self, key: tuple[str, str, int, int], name: str, scope: Scope, depth: int) -> list[Val]:
        """The values of a name or attribute: they depend on its bindings, the scope and the depth, not on which use
        asks, so ``self.m = self.m`` written 1,000 times in one method is searched once per depth, not per use."""
        known = self.named_memo.get(key)
        if known is None:
            kind = key[0]
            bindings = self.lookup(name, scope) if kind == "name" else self._attribute_bindings(name, kind == "self", scope)
            found = self._bound(bindings, depth, name, scope)
            if len(found) > MAX_VALUES:
                _capped(f"{name!r} may hold more than {MAX_VALUES} values")
            known = tuple(found[:MAX_VALUES])
            if len(self.named_memo) < MAX_MEMO:
                self.named_memo[key] = known
        return list(known)

    def _subscript(self, expr: ast.Subscript, scope: Scope, depth: int) -> list[Val]:
        base = expr.value
        if _dotted(base) in ("os.environ", "environ"):
            key = self.values(expr.slice, scope, depth + 1)
            return [v for k in key if k.text for v in self._env_set(k.text, scope, depth) or [Val(slot=k.text)]]
        keys = [v.text for v in self.values(expr.slice, scope, depth + 1) if v.text is not None]
        out: list[Val] = self._keyed(base, keys, depth)
        for container in self._containers(base, scope, depth + 1):
            if isinstance(container, ast.Dict):
                for k, v in zip(container.keys, container.values, strict=True):
                    if not keys or (isinstance(k, ast.Constant) and k.value in keys):
                        out.extend(self.values(v, scope, depth + 1))
            elif isinstance(container, (ast.List, ast.Tuple)):
                index = expr.slice.value if isinstance(expr.slice, ast.Constant) else None
                elts = container.elts
                if isinstance(index, int) and -len(elts) <= index < len(elts):
                    elts = [elts[index]]
                for elt in elts:
                    out.extend(self.values(elt, scope, depth + 1))
        return out

    def _call(self, expr: ast.Call, scope: Scope, depth: int) -> list[Val]:
        name = _dotted(expr.func)
        last = name.rsplit(".", 1)[-1]
        if last in ("getenv", "get", "setdefault") and (name in ENV_GETTERS or name.endswith(("environ.get", "os.getenv", "environ.setdefault"))
                                                       or self.imports.get(name) == "os.getenv"):
            if last == "get" and not name.endswith("environ.get"):
                return self._mapping_get(expr, scope, depth) if isinstance(expr.func, ast.Attribute) else []
            keys = [v.text for v in self.values(expr.args[0], scope, depth + 1)] if expr.args else []
            default = expr.args[1] if len(expr.args) > 1 else next((k.value for k in expr.keywords if k.arg == "default"), None)
            if default is not None:
                vals = [v for v in self.values(default, scope, depth + 1) if v.text]
                if vals:
                    return vals
            return [v for k in keys if k for v in self._env_set(k, scope, depth) or [Val(slot=k)]]
        if name.endswith("path.join") and expr.args:  # os.path.join(MODEL_ROOT, "bert-base-chinese")
            parts = [self.values(a, scope, depth + 1) for a in expr.args]
            return [Val(text=v.text.replace("//", "/")) for v in _concat([p for i, part in enumerate(parts)
                                                                            for p in ([part] if i == 0 else [[Val(text="/")], part])])
                    if v.text]
        if last in ("str", "field", "Field", "strip", "lower", "environ_get", "Path", "PurePath", "PosixPath", "Option", "Argument") \
                or name == "os.path.expanduser":  # typer.Option(default, "--flag")
            arg = next((k.value for k in expr.keywords if k.arg == "default"), expr.args[0] if expr.args else None)
            if last in ("strip", "lower") and isinstance(expr.func, ast.Attribute):
                arg = expr.func.value
            return self.values(arg, scope, depth + 1) if arg is not None else []
        if last == "get" and isinstance(expr.func, ast.Attribute):
            return self._mapping_get(expr, scope, depth)
        return []

    def _keyed(self, base: ast.AST, keys: list[str], depth: int) -> list[Val]:
        """``current_app.config["X"]`` after ``app.config["X"] = v`` / ``app.config.setdefault("X", v)`` in this file."""
        if not isinstance(base, ast.Attribute) or not keys:
            return []
        out: list[Val] = []
        for key, value, where in self.keyed.get(base.attr, []):
            if any(k.text in keys for k in self.values(key, where, depth + 1)):
                out.extend(self.values(value, where, depth + 1))
        return out

    def _env_set(self, name: str, scope: Scope, depth: int) -> list[Val]:
        """Values this file puts in ``os.environ[name]`` (assignment or ``setdefault``) before reading it back."""
        out: list[Val] = []
        for key, value, where in self.env_sets:
            if any(k.text == name for k in self.values(key, where, depth + 1)):
                out.extend(v for v in self.values(value, where, depth + 1) if v.text)
        return out

    def _mapping_get(self, expr: ast.Call, scope: Scope, depth: int) -> list[Val]:
        if not isinstance(expr.func, ast.Attribute):
            return []
        keys = [v.text for v in self.values(expr.args[0], scope, depth + 1)] if expr.args else []
        out: list[Val] = self._keyed(expr.func.value, [k for k in keys if k], depth)
        for container in self._containers(expr.func.value, scope, depth + 1):
            if isinstance(container, ast.Dict):
                for k, v in zip(container.keys, container.values, strict=True):
                    if isinstance(k, ast.Constant) and k.value in keys:
                        out.extend(self.values(v, scope, depth + 1))
        if not out and len(expr.args) > 1:
            out = self.values(expr.args[1], scope, depth + 1)
        return out

    def _containers(self, expr: ast.AST, scope: Scope, depth: int) -> list[ast.AST]:
        """The literal containers (dict, list, tuple, set) a name or attribute is bound to."""
        if depth > MAX_DEPTH:
            return []
        key = (id(expr), id(scope), depth)
        known = self.containers_memo.get(key)
        if known is None:
            # each container once, at most MAX_CONTAINERS: ten names each bound ten times to the next would else
            # list the same literal 10**10 times
            unique = tuple({id(c): c for c in self._bound_containers(expr, scope, depth)}.values())
            if len(unique) > MAX_CONTAINERS:
                _capped(f"a subscript on line {getattr(expr, 'lineno', '?')} may read more than {MAX_CONTAINERS} containers")
            known = unique[:MAX_CONTAINERS]
            if len(self.containers_memo) < MAX_MEMO:
                self.containers_memo[key] = known
        return list(known)

    def _bound_containers(self, expr: ast.AST, scope: Scope, depth: int) -> list[ast.AST]:
        if isinstance(expr, (ast.Dict, ast.List, ast.Tuple, ast.Set)):
            return [expr]
        bindings: list[Binding] = []
        if isinstance(expr, ast.Name):
            bindings = self.lookup(expr.id, scope)
        elif isinstance(expr, ast.Attribute):
            bindings = self.attrs.get(expr.attr, [])
        elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr in ("values", "keys", "items", "copy"):
            return self._containers(expr.func.value, scope, depth + 1)
        elif isinstance(expr, ast.Call) and _dotted(expr.func) in ("list", "tuple", "sorted", "set", "reversed") and expr.args:
            return self._containers(expr.args[0], scope, depth + 1)
        out: list[ast.AST] = []
        for how, node, where in bindings:
            if how == "expr":
                out.extend(self._containers(node, where or scope, depth + 1))
        return out

    def _tuples(self, expr: ast.AST, scope: Scope, depth: int) -> list[ast.Tuple | ast.List]:
        """Literal tuples an expression that is unpacked may be: itself bound to one, or an item of a dict/list of them."""
        found = self._containers(expr.value if isinstance(expr, ast.Subscript) else expr, scope, depth)
        if isinstance(expr, ast.Subscript):
            found = [item for c in found for item in (c.values if isinstance(c, ast.Dict) else getattr(c, "elts", []))]
        return [c for c in found if isinstance(c, (ast.Tuple, ast.List))]

    def elements(self, expr: ast.AST, scope: Scope, depth: int = 0) -> list[Val]:
        """Values produced by iterating ``expr`` (list items, dict keys, ``.values()``)."""
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "values":
            return self._dict_part(expr.func.value, scope, depth, values=True)
        out: list[Val] = []
        for container in self._containers(expr, scope, depth):
            if isinstance(container, ast.Dict):
                out.extend(v for k in container.keys if k is not None for v in self.values(k, scope, depth + 1))
            elif isinstance(container, (ast.List, ast.Tuple, ast.Set)):
                for elt in container.elts:
                    out.extend(self.values(elt, scope, depth + 1))
        if not out and not isinstance(expr, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
            out = [v for v in self.values(expr, scope, depth + 1) if v.param is not None]
        return out

    def _dict_part(self, expr: ast.AST, scope: Scope, depth: int, *, values: bool) -> list[Val]:
        out: list[Val] = []
        for container in self._containers(expr, scope, depth):
            if isinstance(container, ast.Dict):
                for k, v in zip(container.keys, container.values, strict=True):
                    node = v if values else k
                    if node is not None:
                        out.extend(self.values(node, scope, depth + 1))
        return out



def where_name(bindings: list[Binding], scope: Scope) -> str:
    """Name of the function owning a parameter binding."""
    s: Scope | None = scope
    while s is not None:
        for entries in s.names.values():
            if entries is bindings:
                return s.name
        s = s.parent
    return scope.name


def _capped(what: str) -> None:
    """A value search stopped at its bound: the file is reported as not fully analysed (and read by the fallback)."""
    cut_short("value-cap", f"{what}: the rest were not followed")


def _owner(scope: Scope | None) -> Scope | None:
    """The innermost class scope around ``scope`` (a method's class), or None at module level."""
    while scope is not None and not scope.is_class:
        scope = scope.parent
    return scope


def _concat(parts: list[list[Val]]) -> list[Val]:
    if any(not p for p in parts) or any(v.text is None for p in parts for v in p):
        return []
    out = []
    if math.prod(len(p) for p in parts) > MAX_VALUES:
        _capped(f"a string built from parts may take more than {MAX_VALUES} values")
    for combo in itertools.islice(itertools.product(*parts), MAX_VALUES):
        out.append(Val(text="".join(v.text or "" for v in combo)))
    return out


_dotted = dotted
