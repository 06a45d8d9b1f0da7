"""``list(ast.walk(tree))`` without the generator chain, shared by the passes that walk a whole module."""

from __future__ import annotations

import ast

_AST = ast.AST


def bfs(node: ast.AST) -> list[ast.AST]:
    """Every node under ``node`` (itself first) in exactly the order ``ast.walk`` yields them.

    ``ast.walk`` pops a deque and extends it with ``iter_child_nodes`` (a generator over ``iter_fields``, another
    generator): about 1 µs of interpreter work per node. Appending to the list being read does the same breadth-first
    walk (the same ``_fields`` order, AST values and AST items of list fields, missing fields skipped) in one loop.
    """
    out: list[ast.AST] = [node]
    append = out.append
    for current in out:  # the list grows while it is read: breadth-first, as ast.walk's deque
        for name in current._fields:
            try:
                value = getattr(current, name)
            except AttributeError:
                continue
            if isinstance(value, _AST):
                append(value)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, _AST):
                        append(item)
    return out


def node_types_outside(*kinds: type) -> frozenset[type]:
    """Every node class of ``ast`` that is not (a subclass of) one of ``kinds``: a node whose exact type is in this set
    fails ``isinstance(node, kinds)``, so a pass that only reacts to ``kinds`` may skip it on one set lookup."""
    return frozenset(cls for cls in vars(ast).values()
                     if isinstance(cls, type) and issubclass(cls, ast.AST) and not issubclass(cls, kinds))


class Nodes:
    """The walk of one module, computed on first use and then shared (the tree must not change in between)."""

    __slots__ = ("_nodes", "tree")

    def __init__(self, tree: ast.AST) -> None:
        self.tree = tree
        self._nodes: list[ast.AST] | None = None

    def all(self) -> list[ast.AST]:
        if self._nodes is None:
            self._nodes = bfs(self.tree)
        return self._nodes
