"""Value following over the polyglot IR: bindings by innermost scope, object members, ``this.x``, env defaults, wrappers."""

from __future__ import annotations

from typing import Any

from .records import Call, Either, Ident, Member, Obj, Str, Unit

MAX_FOLLOW = 6  # hops through bindings, members and wrappers
_WRAPPERS = frozenset({"String.from", "to_string", "toString", "into", "to_owned", "unwrap_or", "unwrap_or_else", "getOrDefault", "orElse",
                       "or", "Some", "valueOf", "ModelId", "String", "str", "trim", "toLowerCase", "parse", "Uri", "URL", "new URL"})


def _names(callee: Any) -> tuple[list[str], Any]:
    """Names along a callee chain, outermost first, and its root (an Ident, a Call or something else)."""
    names: list[str] = []
    node = callee
    for _ in range(32):
        if isinstance(node, Member):
            names.append(node.name)
            node = node.obj
        elif isinstance(node, Call):
            node = node.callee
        else:
            break
    if isinstance(node, Ident):
        names.append(node.name)
    return names, node


def _last(callee: Any) -> str:
    if isinstance(callee, Member):
        return callee.name
    if isinstance(callee, Ident):
        return callee.name
    return ""


class Values:
    """Which strings an IR expression can hold, in one file."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit
        self.parameters: set[int] = set()  # ids of the bindings made by calls (they follow values to slots, name nothing)
        self._bind_parameters()

    def _bind_parameters(self) -> None:
        """``async function run(model) {... model: model ...}`` called as ``run("qwen3")`` in the same file: the parameter
        holds what the calls pass (any of them), unless the function is declared more than once under that name."""
        if not self.unit.functions:
            return
        passed: dict[tuple[str, int], list[Any]] = {}
        for call in self.unit.calls:
            if call.new or not isinstance(call.callee, Ident):
                continue
            declared = self.unit.functions.get(call.callee.name)
            if declared is None or len(declared) != 1:
                continue
            params = declared[0][2]
            positional = [v for kw, v in call.args if kw is None]
            for i, value in enumerate(positional[:len(params)]):
                if not isinstance(value, Ident) or value.name != params[i]:
                    passed.setdefault((call.callee.name, i), []).append(value)
        for (name, i), values in passed.items():
            start, end, params = self.unit.functions[name][0]
            binding = (start, end, values[0] if len(values) == 1 else Either(tuple(values)), getattr(values[0], "line", 0))
            self.unit.bindings.setdefault(params[i], []).append(binding)
            self.parameters.add(id(binding))

    def resolve(self, name: str, pos: int) -> Any:
        best = None
        for start, end, value, _ in self.unit.bindings.get(name, ()):
            if start <= pos <= end and (best is None or end - start < best[1] - best[0]):
                best = (start, end, value)
        if best is None:
            found = self.unit.bindings.get(name)
            return found[0][2] if found and len(found) == 1 else None
        return best[2]

    def values(self, node: Any, depth: int = 0) -> list[Str]:
        if depth > MAX_FOLLOW or node is None:
            return []
        if isinstance(node, Str):
            return [node]
        if isinstance(node, Ident):
            bound = self.resolve(node.name, node.pos)
            return [] if bound is None or bound is node else self.values(bound, depth + 1)
        if isinstance(node, Either):
            return [v for o in node.options for v in self.values(o, depth + 1)]
        if isinstance(node, Member):
            if isinstance(node.obj, Ident) and node.obj.name in ("this", "self", "s", "c"):
                return [v for t, val, _, _, _ in self.unit.assigns
                        if isinstance(t, Member) and t.name == node.name and isinstance(t.obj, Ident) and t.obj.name == node.obj.name
                        for v in self.values(val, depth + 1)]
            if isinstance(node.obj, Ident):
                bound = self.resolve(node.obj.name, node.obj.pos)
                if isinstance(bound, Obj):
                    return [v for k, val in bound.pairs if k == node.name for v in self.values(val, depth + 1)]
            return []
        if isinstance(node, Call):
            names, _ = _names(node.callee)
            last = names[0] if names else ""
            joined = ".".join(reversed(names[:2]))
            if last in _WRAPPERS or joined in _WRAPPERS:
                out = [v for _, a in node.args[-1:] for v in self.values(a, depth + 1)]
                if not out and isinstance(node.callee, Member):
                    out = self.values(node.callee.obj, depth + 1)
                return out
            returned = self.unit.bindings.get(f"{last}()") if last else None
            if returned:  # a function of this file: what it returns (``version.repo()``, ``default_model()``)
                return [v for binding in returned[:16] for v in self.values(binding[2], depth + 1)]
        return []
