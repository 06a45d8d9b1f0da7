"""Declarations in the polyglot IR: imports (ESM, Go, JVM, C#, Rust), bindings, assignments and class fields."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .records import COMMENT_TYPES, STRING_TYPES, Arr, Either, Ident, Member, Unknown, string_value, text

if TYPE_CHECKING:
    from .ir import Builder


# Every node type ``declaration`` handles; any other type returns False with no effect (the IR walk asks this set
# first: most of a file's nodes are not declarations).
DECLARATION_TYPES = frozenset({
    "import_statement", "import_spec", "import_declaration", "import", "import_header", "using_directive",
    "use_declaration", "public_field_definition", "field_definition", "variable_declarator", "const_spec", "var_spec",
    "const_item", "static_item", "let_declaration", "property_declaration", "short_var_declaration",
    "assignment_pattern", "object_assignment_pattern", "required_parameter", "optional_parameter", "assignment_expression", "assignment_statement",
    "assignment",
})


def declaration(b: Builder, n: Any, d: int) -> bool:  # noqa: C901 - one dispatch over node types
    t = n.type
    if t not in DECLARATION_TYPES:
        return False
    line = n.start_point[0] + 1
    if t == "import_statement":  # ESM
        source = n.child_by_field_name("source")
        module = string_value(source) if source is not None else None
        if module:
            b.unit.modules.append(module)
            for ident in _descendants(n, ("identifier",)):
                b.unit.imports[text(ident)] = module
        return True
    if t == "import_spec":  # Go
        path = n.child_by_field_name("path")
        module = string_value(path) if path is not None else None
        if module:
            b.unit.modules.append(module)
            alias = n.child_by_field_name("name")
            b.unit.imports[text(alias) if alias is not None else go_package_name(module)] = module
        return True
    if t in ("import_declaration", "import", "import_header", "using_directive", "use_declaration"):
        if t == "import_declaration" and b.family == "go":
            return False
        body = text(n)
        module = re.sub(r"^(import|using|use|pub use)\s+(static\s+|global::)?", "", body.strip()).rstrip(";").strip()
        module = re.sub(r"\s+", "", module).removesuffix(".*")
        b.unit.modules.append(module)
        sep = "::" if b.family == "rust" else "."
        head, _, tail = module.partition("::{") if b.family == "rust" else (module, "", "")
        names = [x for x in re.split(r"[,{}\s]+", tail) if x] if tail else [module.rsplit(sep, 1)[-1]]
        for name in names:
            local = name.rsplit("::", 1)[-1].split("as", 1)[-1] if " as " not in name else name.split(" as ")[-1]
            b.unit.imports[local] = module if not tail else f"{head}::{name}"
        return True
    if t in ("public_field_definition", "field_definition"):  # class fields: `model = "x"` -> this.model
        name = n.child_by_field_name("name") or n.child_by_field_name("property")
        value = n.child_by_field_name("value")
        if name is not None and value is not None:
            start, end = b.scope()
            b.unit.assigns.append((Member(Ident("this", line, n.start_byte), text(name), line), b.expr(value, d + 1), start, end, line))
            return True
        return False
    if t == "let_declaration" and _tuple_let(b, n, d, line):
        return True
    if t in ("variable_declarator", "const_spec", "var_spec", "const_item", "static_item", "let_declaration", "property_declaration",
             "short_var_declaration", "assignment_pattern", "object_assignment_pattern", "required_parameter", "optional_parameter"):
        names, values = declared(b.family, n)
        for i, name in enumerate(names):
            value = values[i] if i < len(values) else (values[-1] if len(values) == 1 and len(names) == 1 else None)
            if value is not None:
                b.bind(name, b.expr(value, d + 1), line)
        return bool(names) and bool(values)
    if t in ("assignment_expression", "assignment_statement", "assignment"):
        left = n.child_by_field_name("left")
        right = n.child_by_field_name("right")
        if left is None or right is None:
            return False
        if left.type == "expression_list":
            left = left.named_children[0] if left.named_children else left
        if right.type == "expression_list":
            right = right.named_children[0] if right.named_children else right
        target = b.expr(left, d + 1)
        value = b.expr(right, d + 1)
        start, end = b.scope()
        b.unit.assigns.append((target, value, start, end, line))
        if isinstance(target, Ident):
            b.bind(target.name, value, line)
        return True
    return False

def _tuple_let(b: Builder, n: Any, d: int, line: int) -> bool:
    """Rust ``let (repo, file) = match which { A => ("org/a", "a.gguf"), ... }``: each name takes its position of the
    value (of every arm of a choice); ``_`` and nested patterns hold a place and bind nothing."""
    pattern, value = n.child_by_field_name("pattern"), n.child_by_field_name("value")
    if pattern is None or value is None or pattern.type != "tuple_pattern":
        return False
    slots = [c for c in pattern.children if c.type not in ("(", ")", ",") and c.type not in COMMENT_TYPES]
    whole = b.expr(value, d + 1)
    for index, slot in enumerate(slots):
        if slot.type == "identifier":
            b.bind(text(slot), element(whole, index, line), line)
    return True


def element(value: Any, index: int, line: int, depth: int = 0) -> Any:
    """Position ``index`` of a tuple value, through the options of a choice; Unknown when it is not a tuple there."""
    if isinstance(value, Arr):
        return value.items[index] if index < len(value.items) else Unknown(line)
    if isinstance(value, Either) and depth < 20:
        return Either(tuple(element(o, index, line, depth + 1) for o in value.options))
    return Unknown(line)


def declared(family: str, n: Any) -> tuple[list[str], list[Any]]:
    t = n.type
    if t in ("short_var_declaration",):
        left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
        if left is None or right is None:
            return [], []
        return [text(c) for c in left.named_children], list(right.named_children)
    if t in ("const_spec", "var_spec"):
        value = n.child_by_field_name("value")
        names = [text(c) for c in n.children_by_field_name("name")]
        return names, list(value.named_children) if value is not None else []
    if t == "property_declaration" and family == "dotnet":  # C#: `string Model { get; set; } = "x";`, `string Model => "x";`
        name, value = n.child_by_field_name("name"), n.child_by_field_name("value")
        if value is not None and value.type == "arrow_expression_clause":
            value = value.named_children[0] if value.named_children else None
        return ([text(name)], [value]) if name is not None and value is not None and name.type == "identifier" else ([], [])
    if t == "property_declaration":  # Kotlin
        var = next((c for c in n.named_children if c.type == "variable_declaration"), None)
        rest = [c for c in n.named_children if c.type not in ("variable_declaration", "modifiers", "type_constraints")]
        name = next((text(c) for c in var.named_children if c.type in ("identifier", "simple_identifier")), None) if var else None
        return ([name], rest[-1:]) if name and rest else ([], [])
    if t == "let_declaration":
        pattern, value = n.child_by_field_name("pattern"), n.child_by_field_name("value")
        if pattern is None or value is None or pattern.type != "identifier":
            return [], []
        return [text(pattern)], [value]
    if t in ("required_parameter", "optional_parameter"):
        pattern, value = n.child_by_field_name("pattern"), n.child_by_field_name("value")
        if pattern is None or value is None or pattern.type != "identifier":
            return [], []
        return [text(pattern)], [value]
    if t in ("assignment_pattern", "object_assignment_pattern"):  # `f(model = "x")`, `const { model = "x" } = options`
        left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
        ok = left is not None and right is not None and left.type in ("identifier", "shorthand_property_identifier_pattern")
        return ([text(left)], [right]) if ok else ([], [])
    name = n.child_by_field_name("name")
    value = n.child_by_field_name("value")
    if value is None and t == "variable_declarator" and family == "dotnet":
        value = next((c for c in reversed(n.named_children) if c is not name), None)
    if name is None or value is None or name.type not in ("identifier",):
        return [], []
    return [text(name)], [value]

def _descendants(node: Any, types: tuple[str, ...]) -> list[Any]:
    out: list[Any] = []
    stack = list(node.named_children)
    while stack and len(out) < 200:
        n = stack.pop()
        if n.type in types:
            out.append(n)
        elif n.type not in STRING_TYPES:
            stack.extend(n.named_children)
    return out


def go_package_name(module: str) -> str:
    """The package name a Go import path usually binds (``github.com/sashabaranov/go-openai`` -> ``openai``)."""
    parts = module.split("/")
    last = parts[-1]
    if re.fullmatch(r"v\d+", last) and len(parts) > 1:
        last = parts[-2]
    return last.removeprefix("go-").removesuffix("-go").replace("-", "_")
