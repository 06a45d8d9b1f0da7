"""The records of the polyglot IR (strings, names, members, calls, objects, arrays, bindings, imports) and literal helpers."""

from __future__ import annotations

import re
from dataclasses import field
from typing import Any

from ...records import record

MAX_NODES = 300_000  # a file with more syntax nodes than this is not analysed (fail closed)
MAX_DEPTH = 300  # deeper nesting is left as Unknown (recursion bound)


class TooManyNodes(ValueError):
    """More than MAX_NODES syntax nodes (a generated data table): a gap of the file's bytes, cached like a syntax error."""

STRING_TYPES = frozenset({"string", "template_string", "interpreted_string_literal", "raw_string_literal", "string_literal",
                          "verbatim_string_literal"})
INTERPOLATION_TYPES = frozenset({"template_substitution", "interpolation", "interpolated_string_expression", "string_interpolation"})
COMMENT_TYPES = frozenset({"comment", "line_comment", "block_comment", "multiline_comment"})
SKIP_TYPES = COMMENT_TYPES | frozenset({"jsx_text", "jsx_attribute", "type_annotation", "type_arguments", "decorator",
                                        "annotation", "marker_annotation", "attribute_list"})
SCOPE_TYPES = frozenset({"function_declaration", "function_expression", "arrow_function", "method_definition", "function",
                         "generator_function_declaration", "method_declaration", "constructor_declaration", "function_item",
                         "func_literal", "local_function_statement", "lambda_expression", "closure_expression",
                         "anonymous_function", "lambda_literal", "function_literal"})
_QUOTED = re.compile(r'^[@$]?(?:r#*|b|c)?("""|"|\'|`)(.*)\1#*$', re.S)


@record(frozen=True, slots=True)
class Str:
    value: str
    line: int


@record(frozen=True, slots=True)
class Ident:
    name: str
    line: int
    pos: int


@record(frozen=True, slots=True)
class Member:
    obj: Any
    name: str
    line: int


@record(frozen=False, slots=True)
class Call:
    callee: Any
    args: list[tuple[str | None, Any]]
    line: int
    pos: int
    new: bool = False
    owner: Call | Obj | None = None  # the call (or object) this one is an argument of
    scope: tuple[int, int] = (0, 0)


@record(frozen=False, slots=True)
class Obj:
    pairs: list[tuple[str, Any]]
    line: int
    pos: int
    type_name: Any = None  # Go composite literal / Rust struct / C# object initializer type
    owner: Call | Obj | None = None
    scope: tuple[int, int] = (0, 0)


@record(frozen=True, slots=True)
class Arr:
    items: tuple[Any, ...]
    line: int


@record(frozen=True, slots=True)
class Either:
    """``a ?? b``, ``a || b``, ``c ? a : b``: any of the options."""

    options: tuple[Any, ...]


@record(frozen=True, slots=True)
class Unknown:
    line: int = 0


@record(frozen=False, slots=True)
class Unit:
    """What one file holds, in IR."""

    calls: list[Call] = field(default_factory=list)
    objects: list[Obj] = field(default_factory=list)
    bindings: dict[str, list[tuple[int, int, Any, int]]] = field(default_factory=dict)  # name -> (scope start, end, value, line)
    assigns: list[tuple[Any, Any, int, int, int]] = field(default_factory=list)  # (target, value, scope start, end, line)
    arrays: list[Arr] = field(default_factory=list)  # array literals of strings (model lists)
    imports: dict[str, str] = field(default_factory=dict)  # local name -> module
    modules: list[str] = field(default_factory=list)  # every imported module, in order
    functions: dict[str, list[tuple[int, int, list[str]]]] = field(default_factory=dict)  # name -> (start, end, parameter names)
    nodes: int = 0


def text(node: Any) -> str:
    return (node.text or b"").decode("utf-8", errors="replace")


def string_value(node: Any) -> str | None:
    """The value of a string literal node, or None when it interpolates."""
    if any(c.type in INTERPOLATION_TYPES for c in node.children):
        return None
    raw = text(node)
    m = _QUOTED.match(raw)
    return m.group(2) if m else None
