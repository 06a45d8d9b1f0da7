"""bfs() walks exactly as ast.walk (same nodes, same order), and the shared walk is computed once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from scanner.discover.python.astwalk import Nodes, bfs

SOURCES = sorted((Path(__file__).resolve().parents[2] / "scanner").rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES[::7], ids=lambda p: p.name)
def test_same_order_as_ast_walk(path: Path) -> None:
    tree = ast.parse(path.read_bytes())
    expected = list(ast.walk(tree))
    got = bfs(tree)
    assert len(got) == len(expected)
    assert all(a is b for a, b in zip(got, expected, strict=True))


def test_subtree_and_missing_fields() -> None:
    call = ast.Call(func=ast.Name(id="f", ctx=ast.Load()), args=[ast.Constant(1), "not a node"])  # keywords missing
    del call.args[1]
    partial = ast.Call(func=ast.Name(id="g", ctx=ast.Load()))  # args and keywords never set
    tree = ast.Module(body=[ast.Expr(call), ast.Expr(partial)], type_ignores=[])
    assert [type(n) for n in bfs(tree)] == [type(n) for n in ast.walk(tree)]
    sub = tree.body[0]
    assert bfs(sub) == list(ast.walk(sub))


def test_nodes_computed_once() -> None:
    tree = ast.parse("x = [1, 2]\n")
    nodes = Nodes(tree)
    first = nodes.all()
    assert nodes.all() is first
    assert first == list(ast.walk(tree))
