"""Collect what a Python module binds: names per scope, attributes, imports, calls, dicts, returns (one pass)."""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import field
from typing import Self

from ...records import record

Binding = tuple[str, ast.AST, "Scope | None"]  # (how, expression, scope the expression lives in)


_EXPR_FIELDS: dict[type, tuple[str, ...]] = {}  # node type -> fields that may hold sub-expressions (not ctx/op)
_LOAD = ast.Load()
_NONE = type(None)
# What ``_expr`` does at a node of exactly this type (0, absent: walk its fields); one lookup instead of a chain of tests.
_LEAF, _CALL, _DICT, _SEQUENCE, _COMPREHENSION, _NAMED = 1, 2, 3, 4, 5, 6
_ACTIONS: dict[type, int] = {ast.Name: _LEAF, ast.Constant: _LEAF, _NONE: _LEAF, ast.Call: _CALL, ast.Dict: _DICT,
                             ast.List: _SEQUENCE, ast.Tuple: _SEQUENCE, ast.Set: _SEQUENCE, ast.ListComp: _COMPREHENSION,
                             ast.SetComp: _COMPREHENSION, ast.GeneratorExp: _COMPREHENSION, ast.DictComp: _COMPREHENSION,
                             ast.NamedExpr: _NAMED}
_STMT, _EXPR, _HOLDER, _OTHER = 1, 2, 3, 4  # what a child of a statement is to the walk


def _kind(node: object) -> int:
    """The walk's kind of a node (by isinstance, as the plain walk asked), memoised per exact type in ``_KIND``."""
    if isinstance(node, ast.stmt):
        kind = _STMT
    elif isinstance(node, ast.expr):
        kind = _EXPR
    elif isinstance(node, (ast.excepthandler, ast.match_case, ast.withitem)):
        kind = _HOLDER
    else:
        kind = _OTHER
    _KIND[type(node)] = kind
    return kind


_KIND: dict[type, int] = {}


def _children(node: ast.AST) -> list[ast.AST]:
    """``list(ast.iter_child_nodes(node))``: AST values and AST items of list fields, in ``_fields`` order."""
    out: list[ast.AST] = []
    for name in node._fields:
        try:
            value = getattr(node, name)
        except AttributeError:
            continue
        if isinstance(value, ast.AST):
            out.append(value)
        elif isinstance(value, list):
            out.extend(item for item in value if isinstance(item, ast.AST))
    return out


@record(frozen=False, slots=True)
class Scope:
    """Names bound in a module, class or function body."""

    name: str
    parent: Scope | None
    names: dict[str, list[Binding]] = field(default_factory=lambda: defaultdict(list))
    params: tuple[str, ...] = ()
    is_class: bool = False


@record(frozen=False, slots=True)
class Bindings:
    """What one parse of a file binds; ``values.Program`` adds the value queries."""

    module: Scope
    attrs: dict[str, list[Binding]] = field(default_factory=lambda: defaultdict(list))
    imports: dict[str, str] = field(default_factory=dict)
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = field(default_factory=dict)
    inits: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = field(default_factory=dict)  # class name -> __init__
    calls: list[tuple[ast.Call, Scope]] = field(default_factory=list)
    dicts: list[tuple[ast.Dict, Scope]] = field(default_factory=list)
    lists: list[ast.List | ast.Tuple | ast.Set] = field(default_factory=list)
    scopes: list[Scope] = field(default_factory=list)
    returns: list[tuple[str, ast.expr, Scope]] = field(default_factory=list)
    env_sets: list[tuple[ast.expr, ast.expr, Scope]] = field(default_factory=list)  # os.environ["X"] = value
    fields: dict[str, list[str]] = field(default_factory=dict)  # class without __init__ -> annotated fields, in order
    keyed: dict[str, list[tuple[ast.expr, ast.expr, Scope]]] = field(default_factory=lambda: defaultdict(list))  # app.config["X"] = v

    # ---- building -------------------------------------------------------------------------------
    @classmethod
    def build(cls, tree: ast.Module) -> Self:
        program = cls(module=Scope("<module>", None))
        program.scopes.append(program.module)
        program._body(tree.body, program.module, in_class=False)
        program._record_fields()
        return program

    def _record_fields(self) -> None:
        """``Spec(repo="org/name")`` of a class defined here without ``__init__`` (dataclass, NamedTuple, pydantic):
        each keyword (or positional argument, by field order) becomes the attribute it initialises (``spec.repo``)."""
        for call, scope in self.calls:
            name = call.func.id if isinstance(call.func, ast.Name) else None
            fields = self.fields.get(name or "")
            if fields is None:
                continue
            for kw in call.keywords:
                if kw.arg is not None:
                    self.attrs[kw.arg].append(("expr", kw.value, scope))
            for field_name, arg in zip(fields, call.args, strict=False):
                if not isinstance(arg, ast.Starred):
                    self.attrs[field_name].append(("expr", arg, scope))

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
            if stmt.name not in self.inits:
                self.fields[stmt.name] = [i.target.id for i in stmt.body if isinstance(i, ast.AnnAssign) and isinstance(i.target, ast.Name)]
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
        for child in _children(stmt):  # = ast.iter_child_nodes(stmt)
            kind = _KIND.get(type(child)) or _kind(child)
            if kind == _STMT:
                self._stmt(child, scope, in_class=False)  # type: ignore[arg-type]
            elif kind == _EXPR:
                self._expr(child, scope)  # type: ignore[arg-type]
            elif kind == _HOLDER:
                for sub in _children(child):
                    kind = _KIND.get(type(sub)) or _kind(sub)
                    if kind == _STMT:
                        self._stmt(sub, scope, in_class=False)  # type: ignore[arg-type]
                    elif kind == _EXPR:
                        self._expr(sub, scope)  # type: ignore[arg-type]

    def _expr(self, expr: ast.expr, scope: Scope) -> None:
        # Dispatch on the exact node type and walk only the fields that can hold sub-expressions (precomputed per
        # type): this pass runs over every expression of every file, and isinstance chains cost more than the parse.
        stack: list[ast.AST] = [expr]
        fields_of = _EXPR_FIELDS
        actions = _ACTIONS
        while stack:
            node = stack.pop()
            t = type(node)
            action = actions.get(t, 0)
            if action == 0:
                pass  # any other node: only its fields are walked
            elif action == _LEAF:
                continue  # Name, Constant; None: a ``**x`` entry of Dict.keys (list fields are pushed whole)
            elif action == _CALL:
                self.calls.append((node, scope))  # type: ignore[arg-type]
                func = node.func  # type: ignore[attr-defined]
                if type(func) is ast.Attribute and func.attr in CLI_OPTIONS:
                    self._cli_default(node, scope)  # type: ignore[arg-type]
                elif type(func) is ast.Attribute and func.attr == "setdefault" and len(node.args) == 2:  # type: ignore[attr-defined]
                    if dotted(func.value) in ("os.environ", "environ"):
                        self.env_sets.append((node.args[0], node.args[1], scope))  # type: ignore[attr-defined]
                    elif isinstance(func.value, ast.Attribute):
                        self.keyed[func.value.attr].append((node.args[0], node.args[1], scope))  # type: ignore[attr-defined]
            elif action == _DICT:
                self.dicts.append((node, scope))  # type: ignore[arg-type]
            elif action == _SEQUENCE:
                if isinstance(getattr(node, "ctx", None) or _LOAD, ast.Load):
                    self.lists.append(node)  # type: ignore[arg-type]
            elif action == _COMPREHENSION:
                for gen in node.generators:  # type: ignore[attr-defined]
                    self._bind_iter(gen.target, gen.iter, scope)
            elif action == _NAMED:
                self._bind(node.target, node.value, scope, in_class=False)  # type: ignore[attr-defined]
            fields = fields_of.get(t)
            if fields is None:
                fields = fields_of[t] = tuple(f for f in t._fields if f not in ("ctx", "op", "ops")) if issubclass(t, ast.AST) else ()
            for name in fields:
                child = getattr(node, name, None)
                if type(child) is list:
                    stack.extend(child)  # items that are not nodes are popped and dropped: the order of nodes is kept
                elif isinstance(child, ast.AST):
                    stack.append(child)

    def _cli_default(self, call: ast.Call, scope: Scope) -> None:
        """``parser.add_argument("--dataset", default=X)``: ``args.dataset`` is X (also ``dest=``, click options)."""
        default = next((k.value for k in call.keywords if k.arg == "default"), None)
        if default is None:
            return
        for name in cli_names(call):
            self.attrs[name].append(("expr", default, scope))

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
            elif isinstance(value, (ast.Name, ast.Attribute, ast.Subscript)):
                for index, t in enumerate(target.elts):  # vendor, model = CANDIDATES[name]
                    self._bind_name(t, f"unpack:{index}", value, scope)
        elif isinstance(target, ast.Subscript) and dotted(target.value) in ("os.environ", "environ"):
            self.env_sets.append((target.slice, value, scope))
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Attribute):
            self.keyed[target.value.attr].append((target.slice, value, scope))
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
            for index, t in enumerate(target.elts):
                self._bind_name(t, f"tuple-elements:{index}", iterable, scope)

    @staticmethod
    def _bind_name(target: ast.expr, how: str, expr: ast.expr, scope: Scope) -> None:
        if isinstance(target, ast.Name):
            scope.names[target.id].append((how, expr, scope))

    # ---- querying -------------------------------------------------------------------------------


CLI_OPTIONS = frozenset({"add_argument", "option", "Option", "argument"})


def cli_names(call: ast.Call) -> list[str]:
    """Attribute names an argparse/click option is read back as (``--model-name`` -> ``model_name``, ``dest=``)."""
    flags = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    names = [f.lstrip("-").replace("-", "_") for f in flags if f.startswith("--")] or [f.lstrip("-").replace("-", "_") for f in flags]
    for kw in call.keywords:
        if kw.arg == "dest" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
            names.append(kw.value.value)
    return [n for n in names if n.isidentifier()]


def dotted(expr: ast.AST) -> str:
    """``a.b.c`` for a Name/Attribute chain, else ""."""
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        inner = dotted(expr.value)
        return f"{inner}.{expr.attr}" if inner else expr.attr
    return ""
