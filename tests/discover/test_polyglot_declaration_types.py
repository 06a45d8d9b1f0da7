"""The polyglot IR walk asks DECLARATION_TYPES before calling ``declaration`` on a node: the set must name exactly the
node types ``declaration`` compares ``t`` with (read from its source), or a new declaration kind would be skipped."""

from __future__ import annotations

import ast
import inspect

from scanner.discover.polyglot import declarations


def test_the_set_names_every_type_declaration_handles() -> None:
    tree = ast.parse(inspect.getsource(declarations.declaration))
    compared = {c.value for node in ast.walk(tree) if isinstance(node, ast.Compare)
                and isinstance(node.left, ast.Name) and node.left.id == "t"
                for comp in node.comparators for c in ast.walk(comp)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    assert compared == declarations.DECLARATION_TYPES
