"""The polyglot IR walks named nodes only: the grammar's tokens (``import``, ``object``, ``function``, punctuation) add
nothing to the IR, and still count towards the node budget."""

from __future__ import annotations

from typing import Any

import pytest

from scanner.discover.polyglot import ir
from scanner.discover.polyglot.grammars import FAMILY, parse
from scanner.discover.polyglot.records import Obj, TooManyNodes


def build(language: str, source: str) -> Any:
    return ir.Builder(FAMILY[language]).build(parse(language, source.encode()).root_node)


def test_go_import_keyword_is_no_module() -> None:
    # the ``import`` keyword token under a Go import_declaration was read as an import of a module named "import"
    unit = build("go", 'package main\n\nimport (\n\t"fmt"\n\topenai "github.com/sashabaranov/go-openai"\n)\n\nimport "os"\n')
    assert unit.modules == ["fmt", "github.com/sashabaranov/go-openai", "os"]
    assert unit.imports == {"fmt": "fmt", "openai": "github.com/sashabaranov/go-openai", "os": "os"}


def test_typescript_object_keyword_is_no_object_literal() -> None:
    # ``object`` as a type is a token named "object", like the object literal node: a type parameter's bound and
    # default (``S extends object = object``) made an empty Obj each
    unit = build("typescript", 'function f<S extends object = object>(a: S) {\n  const c = { model: "gpt-4o" };\n  return c;\n}\n')
    assert [(type(o), o.line, [k for k, _ in o.pairs]) for o in unit.objects] == [(Obj, 2, ["model"])]


def test_kotlin_object_declaration_keeps_its_members() -> None:
    unit = build("kotlin", 'object Models {\n    const val CHAT = "gpt-4o-mini"\n}\n')
    assert not [o for o in unit.objects if not o.pairs and o.type_name is None]
    assert "CHAT" in unit.bindings


class EveryChild(ir.Builder):
    """The walk as it was: every child, tokens included, goes through the statement loop."""

    def _stmt(self, node: Any, depth: int) -> None:
        stack: list[tuple[Any, int, bool | str]] = [(node, depth, False)]
        while stack:
            n, d, mode = stack.pop()
            if mode is True:
                self.scopes.pop()
                self.returning.pop()
                continue
            self.unit.nodes += 1
            if self.unit.nodes > ir.MAX_NODES:
                raise TooManyNodes("over")
            if mode:
                self.bind(f"{mode}()", self.expr(n, d), n.start_point[0] + 1)
                continue
            t = n.type
            if t in ir.SKIP_TYPES or (t in ir.DECLARATION_TYPES and not n.is_named):
                continue  # (tokens named like a declaration or an object literal were the old walk's bugs)
            if t in ir.DECLARATION_TYPES and ir.declaration(self, n, d):
                continue
            if t in ir.SCOPE_TYPES:
                self.returning.append(self._function(n) if t in ir._NAMED_FUNCTION_TYPES and n.is_named else None)
                self.scopes.append((n.start_byte, n.end_byte))
                stack.append((n, d, True))
            if t in ir._EXPRESSION_TYPES and n.is_named:
                self.expr(n, d)
                continue
            returned = self._returned(n, t, n.named_children) if n.is_named else None
            at = (returned[0].start_byte, returned[0].end_byte, returned[0].type) if returned else None
            for child in reversed(n.children):
                same = at is not None and (child.start_byte, child.end_byte, child.type) == at and child.is_named
                stack.append((child, d + 1, returned[1] if same and returned else False))


SOURCES = [
    ("go", "package p\n\nimport \"fmt\"\n\nfunc f(m string) {\n" + "\tg(1, []int{2, 3}, T{A: \"x\"})\n" * 40
     + "\tif m != \"\" { fmt.Println(m) }\n}\n"),
    ("typescript", "import { OpenAI } from 'openai';\nfunction f() {\n" + "  g(1, [2, 3], {a: 4}, () => { h(); });\n" * 40
     + "}\nconst c = new OpenAI();\n"),
    ("java", "class A { void f() { var m = \"gpt-4o\"; for (int i = 0; i < 3; i++) { g(m, new int[]{1}); } } }\n"),
    ("csharp", "class A { void F() { var m = \"gpt-4o\"; if (m != null) { G(m, new { Model = m }); } } }\n"),
    ("rust", "fn main() { let m = \"gpt-4o\"; for i in 0..3 { g(m, vec![1, 2]); } }\n"),
    ("kotlin", "object Models {\n    const val CHAT = \"gpt-4o-mini\"\n}\nfun f() { g(Models.CHAT, listOf(1, 2)) }\n"),
]


@pytest.mark.parametrize("language, source", SOURCES)
def test_named_walk_builds_what_the_every_child_walk_built(language: str, source: str) -> None:
    tree = parse(language, source.encode())
    fast = ir.Builder(FAMILY[language]).build(tree.root_node)
    slow = EveryChild(FAMILY[language]).build(tree.root_node)
    assert fast.nodes == slow.nodes > 0  # tokens are counted as the walk visited them
    assert repr(fast.calls) == repr(slow.calls) and fast.bindings == slow.bindings and fast.assigns == slow.assigns
    assert fast.modules == slow.modules and fast.imports == slow.imports and fast.functions == slow.functions
    assert repr(fast.objects) == repr(slow.objects) and fast.arrays == slow.arrays


@pytest.mark.parametrize("language, source", SOURCES[:2])
def test_tokens_count_towards_the_node_budget(language: str, source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # a budget is exceeded exactly when the count of the walk that visited every token is over it
    tree = parse(language, source.encode())
    total = EveryChild(FAMILY[language]).build(tree.root_node).nodes

    def exceeded(builder: type[ir.Builder]) -> bool:
        try:
            builder(FAMILY[language]).build(tree.root_node)
        except TooManyNodes:
            return True
        return False

    for budget in [*range(1, total + 9, 7), total - 1, total]:
        monkeypatch.setattr(ir, "MAX_NODES", budget)
        assert exceeded(ir.Builder) is (total > budget), budget
