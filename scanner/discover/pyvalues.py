"""Follow string values through Python source: constants, f-strings, env defaults, containers, attributes, parameters."""

from __future__ import annotations

import ast
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

MAX_DEPTH = 10
MAX_VALUES = 48
ENV_GETTERS = frozenset({"getenv", "get", "environ.get", "os.getenv", "os.environ.get", "setdefault"})


@dataclass(frozen=True, slots=True)
class Val:
    """One value an expression may take: a string, an env var with no default (slot), or a function parameter."""

    text: str | None = None
    slot: str | None = None
    node: ast.AST | None = None  # the string constant it came from (to avoid reporting a constant twice)
    param: tuple[str, str] | None = None  # (function name, parameter name): the value comes from callers


Binding = tuple[str, ast.AST, "Scope | None"]  # (how, expression, scope the expression lives in)


@dataclass(slots=True)
class Scope:
    """Names bound in a module, class or function body."""

    name: str
    parent: Scope | None
    names: dict[str, list[Binding]] = field(default_factory=lambda: defaultdict(list))
    params: tuple[str, ...] = ()
    is_class: bool = False


@dataclass(slots=True)
class Program:
    """What one parse of a file tells about its values; built once, queried by the analyser."""

    module: Scope
    attrs: dict[str, list[Binding]] = field(default_factory=lambda: defaultdict(list))
    imports: dict[str, str] = field(default_factory=dict)
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = field(default_factory=dict)
    inits: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = field(default_factory=dict)  # class name -> __init__
    calls: list[tuple[ast.Call, Scope]] = field(default_factory=list)
    dicts: list[tuple[ast.Dict, Scope]] = field(default_factory=list)
    scopes: list[Scope] = field(default_factory=list)
    returns: list[tuple[str, ast.expr, Scope]] = field(default_factory=list)
    env_sets: list[tuple[ast.expr, ast.expr, Scope]] = field(default_factory=list)  # os.environ["X"] = value

    # ---- building -------------------------------------------------------------------------------
    @classmethod
    def build(cls, tree: ast.Module) -> Program:
        program = cls(module=Scope("<module>", None))
        program.scopes.append(program.module)
        program._body(tree.body, program.module, in_class=False)
        return program

    def _body(self, body: list[ast.stmt], scope: Scope, *, in_class: bool) -> None:
        for stmt in body:
            self._stmt(stmt, scope, in_class=in_class)

    def _stmt(self, stmt: ast.stmt, scope: Scope, *, in_class: bool) -> None:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            qualified = f"{scope.name}.{stmt.name}" if scope.is_class else stmt.name
            self.functions[qualified] = stmt
            inner = Scope(qualified, scope)
            args = stmt.args
            positional = [*args.posonlyargs, *args.args]
            inner.params = tuple(a.arg for a in positional + args.kwonlyargs)
            defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
            for arg, default in zip(positional + args.kwonlyargs, defaults + list(args.kw_defaults), strict=False):
                inner.names[arg.arg].append(("param", arg, scope))
                if default is not None:
                    inner.names[arg.arg].append(("expr", default, scope))
            for deco in stmt.decorator_list:
                self._expr(deco, scope)
            for default in [*args.defaults, *[d for d in args.kw_defaults if d is not None]]:
                self._expr(default, scope)
            self.scopes.append(inner)
            self._body(stmt.body, inner, in_class=False)
            return
        if isinstance(stmt, ast.ClassDef):
            inner = Scope(stmt.name, scope, is_class=True)
            for item in stmt.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == "__init__":
                    self.inits[stmt.name] = item
            self.scopes.append(inner)
            for base in stmt.bases + [k.value for k in stmt.keywords]:
                self._expr(base, scope)
            self._body(stmt.body, inner, in_class=True)
            return
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            for alias in stmt.names:
                if isinstance(stmt, ast.Import):
                    local = alias.asname or alias.name.split(".")[0]
                    self.imports[local] = alias.name if alias.asname else alias.name.split(".")[0]
                else:
                    module = "." * stmt.level + (stmt.module or "")
                    self.imports[alias.asname or alias.name] = f"{module}.{alias.name}" if module else alias.name
            return
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                self._bind(target, stmt.value, scope, in_class=in_class)
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            self._bind(stmt.target, stmt.value, scope, in_class=in_class)
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            self._bind_iter(stmt.target, stmt.iter, scope)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for withitem in stmt.items:
                if withitem.optional_vars is not None:
                    self._bind(withitem.optional_vars, withitem.context_expr, scope, in_class=in_class)
        elif isinstance(stmt, ast.Return) and stmt.value is not None:
            self.returns.append((scope.name, stmt.value, scope))
        for child in ast.iter_child_nodes(stmt):
            if isinstance(child, ast.stmt):
                self._stmt(child, scope, in_class=in_class and False)
            elif isinstance(child, ast.expr):
                self._expr(child, scope)
            elif isinstance(child, (ast.excepthandler, ast.match_case, ast.withitem)):
                for sub in ast.iter_child_nodes(child):
                    if isinstance(sub, ast.stmt):
                        self._stmt(sub, scope, in_class=False)
                    elif isinstance(sub, ast.expr):
                        self._expr(sub, scope)

    def _expr(self, expr: ast.expr, scope: Scope) -> None:
        stack: list[ast.AST] = [expr]
        while stack:
            node = stack.pop()
            if isinstance(node, ast.Call):
                self.calls.append((node, scope))
            elif isinstance(node, ast.Dict):
                self.dicts.append((node, scope))
            elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
                for gen in node.generators:
                    self._bind_iter(gen.target, gen.iter, scope)
            elif isinstance(node, ast.NamedExpr):
                self._bind(node.target, node.value, scope, in_class=False)
            elif isinstance(node, (ast.Constant, ast.Name)):
                continue
            for name in node._fields:
                child = getattr(node, name, None)
                if isinstance(child, ast.AST):
                    if not isinstance(child, (ast.expr_context, ast.operator, ast.cmpop, ast.unaryop, ast.boolop)):
                        stack.append(child)
                elif isinstance(child, list):
                    stack.extend(c for c in child if isinstance(c, ast.AST))

    def _bind(self, target: ast.expr, value: ast.expr, scope: Scope, *, in_class: bool) -> None:
        if isinstance(target, ast.Name):
            scope.names[target.id].append(("expr", value, scope))
            if in_class:
                self.attrs[target.id].append(("expr", value, scope))
        elif isinstance(target, ast.Attribute):
            self.attrs[target.attr].append(("expr", value, scope))
        elif isinstance(target, (ast.Tuple, ast.List)):
            if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
                for t, v in zip(target.elts, value.elts, strict=True):
                    self._bind(t, v, scope, in_class=in_class)
        elif isinstance(target, ast.Subscript) and _dotted(target.value) in ("os.environ", "environ"):
            self.env_sets.append((target.slice, value, scope))
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            scope.names[target.value.id].append(("item", value, scope))

    def _bind_iter(self, target: ast.expr, iterable: ast.expr, scope: Scope) -> None:
        if isinstance(target, ast.Name):
            scope.names[target.id].append(("elements", iterable, scope))
            return
        if not isinstance(target, ast.Tuple) or len(target.elts) != 2:
            return
        first, second = target.elts
        call = iterable if isinstance(iterable, ast.Call) else None
        if call and isinstance(call.func, ast.Attribute) and call.func.attr == "items":
            self._bind_name(first, "keys", call.func.value, scope)
            self._bind_name(second, "values", call.func.value, scope)
        elif call and isinstance(call.func, ast.Name) and call.func.id == "enumerate" and call.args:
            self._bind_name(second, "elements", call.args[0], scope)
        elif call and isinstance(call.func, ast.Name) and call.func.id == "zip":
            for t, arg in zip(target.elts, call.args, strict=False):
                self._bind_name(t, "elements", arg, scope)
        else:
            for t in target.elts:
                self._bind_name(t, "tuple-elements", iterable, scope)

    @staticmethod
    def _bind_name(target: ast.expr, how: str, expr: ast.expr, scope: Scope) -> None:
        if isinstance(target, ast.Name):
            scope.names[target.id].append((how, expr, scope))

    # ---- querying -------------------------------------------------------------------------------
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
        out = self._values(expr, scope, depth)
        return out[:MAX_VALUES]

    def _values(self, expr: ast.AST, scope: Scope, depth: int) -> list[Val]:
        if isinstance(expr, ast.Constant):
            return [Val(text=expr.value, node=expr)] if isinstance(expr.value, str) else []
        if isinstance(expr, ast.Name):
            return self._bound(self.lookup(expr.id, scope), depth, expr.id, scope)
        if isinstance(expr, ast.JoinedStr):
            return self._joined(expr, scope, depth)
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
            elif how == "tuple-elements":
                for elt in self._containers(node, where, depth + 1):
                    if isinstance(elt, (ast.Tuple, ast.List)):
                        for sub in elt.elts:
                            out.extend(self.values(sub, where, depth + 1))
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
        return self._bound(self.attrs.get(expr.attr, []), depth, expr.attr, scope)

    def _subscript(self, expr: ast.Subscript, scope: Scope, depth: int) -> list[Val]:
        base = expr.value
        if _dotted(base) in ("os.environ", "environ"):
            key = self.values(expr.slice, scope, depth + 1)
            return [Val(slot=k.text) for k in key if k.text]
        keys = [v.text for v in self.values(expr.slice, scope, depth + 1) if v.text is not None]
        out: list[Val] = []
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
                return self._mapping_get(expr, scope, depth)
            keys = [v.text for v in self.values(expr.args[0], scope, depth + 1)] if expr.args else []
            default = expr.args[1] if len(expr.args) > 1 else next((k.value for k in expr.keywords if k.arg == "default"), None)
            if default is not None:
                vals = [v for v in self.values(default, scope, depth + 1) if v.text]
                if vals:
                    return vals
            return [Val(slot=k) for k in keys if k]
        if last in ("str", "field", "Field", "strip", "lower", "environ_get") or name == "os.path.expanduser":
            arg = next((k.value for k in expr.keywords if k.arg == "default"), expr.args[0] if expr.args else None)
            if last in ("strip", "lower") and isinstance(expr.func, ast.Attribute):
                arg = expr.func.value
            return self.values(arg, scope, depth + 1) if arg is not None else []
        if last == "get" and isinstance(expr.func, ast.Attribute):
            return self._mapping_get(expr, scope, depth)
        return []

    def _mapping_get(self, expr: ast.Call, scope: Scope, depth: int) -> list[Val]:
        assert isinstance(expr.func, ast.Attribute)
        keys = [v.text for v in self.values(expr.args[0], scope, depth + 1)] if expr.args else []
        out: list[Val] = []
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


def _concat(parts: list[list[Val]]) -> list[Val]:
    if any(not p for p in parts) or any(v.text is None for p in parts for v in p):
        return []
    out = []
    for combo in itertools.islice(itertools.product(*parts), MAX_VALUES):
        out.append(Val(text="".join(v.text or "" for v in combo)))
    return out


def _dotted(expr: ast.AST) -> str:
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        inner = _dotted(expr.value)
        return f"{inner}.{expr.attr}" if inner else expr.attr
    return ""


dotted = _dotted
