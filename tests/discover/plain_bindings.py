"""The plain (pre-fast-path) statement and expression walks of ``Bindings``, kept as the reference of a differential test."""

from __future__ import annotations

import ast

from scanner.discover.python.bindings import CLI_OPTIONS, Bindings, Scope, dotted

_EXPR_FIELDS: dict[type, tuple[str, ...]] = {}
_LOAD = ast.Load()


class PlainBindings(Bindings):
    """``Bindings`` walking statements with ``ast.iter_child_nodes`` and expressions with filtered list fields."""

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
        # Dispatch on the exact node type and walk only the fields that can hold sub-expressions (precomputed per
        # type): this pass runs over every expression of every file, and isinstance chains cost more than the parse.
        stack: list[ast.AST] = [expr]
        fields_of = _EXPR_FIELDS
        while stack:
            node = stack.pop()
            t = type(node)
            if t is ast.Call:
                self.calls.append((node, scope))  # type: ignore[arg-type]
                func = node.func  # type: ignore[attr-defined]
                if type(func) is ast.Attribute and func.attr in CLI_OPTIONS:
                    self._cli_default(node, scope)  # type: ignore[arg-type]
                elif type(func) is ast.Attribute and func.attr == "setdefault" and len(node.args) == 2:  # type: ignore[attr-defined]
                    if dotted(func.value) in ("os.environ", "environ"):
                        self.env_sets.append((node.args[0], node.args[1], scope))  # type: ignore[attr-defined]
                    elif isinstance(func.value, ast.Attribute):
                        self.keyed[func.value.attr].append((node.args[0], node.args[1], scope))  # type: ignore[attr-defined]
            elif t is ast.Dict:
                self.dicts.append((node, scope))  # type: ignore[arg-type]
            elif t is ast.List or t is ast.Tuple or t is ast.Set:
                if isinstance(getattr(node, "ctx", None) or _LOAD, ast.Load):
                    self.lists.append(node)  # type: ignore[arg-type]
            elif t is ast.ListComp or t is ast.SetComp or t is ast.GeneratorExp or t is ast.DictComp:
                for gen in node.generators:  # type: ignore[attr-defined]
                    self._bind_iter(gen.target, gen.iter, scope)
            elif t is ast.NamedExpr:
                self._bind(node.target, node.value, scope, in_class=False)  # type: ignore[attr-defined]
            elif t is ast.Constant or t is ast.Name:
                continue
            fields = fields_of.get(t)
            if fields is None:
                fields = fields_of[t] = tuple(f for f in t._fields if f not in ("ctx", "op", "ops"))
            for name in fields:
                child = getattr(node, name, None)
                if type(child) is list:
                    stack.extend(c for c in child if isinstance(c, ast.AST))
                elif isinstance(child, ast.AST):
                    stack.append(child)

