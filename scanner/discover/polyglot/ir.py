"""Builds the polyglot IR from any tree-sitter tree in one pass: expressions here, declarations in declarations.py."""

from __future__ import annotations

from typing import Any

from .declarations import DECLARATION_TYPES, declaration
from .records import (
    COMMENT_TYPES,
    MAX_DEPTH,
    MAX_NODES,
    SCOPE_TYPES,
    SKIP_TYPES,
    STRING_TYPES,
    Arr,
    Call,
    Either,
    Ident,
    Member,
    Obj,
    Str,
    TooManyNodes,
    Unit,
    Unknown,
    string_value,
    text,
)


class Builder:
    """Walks a tree-sitter tree once and fills a Unit."""

    def __init__(self, family: str) -> None:
        self.family = family
        self.unit = Unit()
        self.scopes: list[tuple[int, int]] = []
        # the named function each scope belongs to (None: a file, class or anonymous function), and the bodies whose
        # trailing expression is what the function returns (Rust, Kotlin): ``fn model_id(&self) -> &str { match ... }``
        self.returning: list[str | None] = []
        self.bodies: dict[tuple[int, str], str] = {}

    def build(self, root: Any) -> Unit:
        self.scopes = [(root.start_byte, root.end_byte)]
        self._stmt(root, 0)
        if self.unit.nodes > MAX_NODES:  # counted by expressions after the walk's last check
            raise TooManyNodes(f"more than {MAX_NODES} syntax nodes: not analysed")
        return self.unit

    # --- statements: everything that is not an expression we model is walked for its children -------------------
    def _stmt(self, node: Any, depth: int) -> None:
        # Only named children are walked: anonymous ones are the grammar's tokens (punctuation, keywords), leaves that
        # hold nothing the IR records. They are still counted, as nodes of the file, towards MAX_NODES.
        # A stack entry's mode: False to walk the node, True to leave its scope, a function's name to bind the node's
        # value to it (what the function returns: ``return "x"``, a Rust/Kotlin body's trailing expression).
        unit = self.unit
        stack: list[tuple[Any, int, bool | str]] = [(node, depth, False)]
        while stack:
            n, d, mode = stack.pop()
            if mode is True:
                self.scopes.pop()
                self.returning.pop()
                continue
            unit.nodes += 1
            if unit.nodes > MAX_NODES:
                raise TooManyNodes(f"more than {MAX_NODES} syntax nodes: not analysed")
            if mode:  # bound as "name()": never what the bare name resolves to
                self.bind(f"{mode}()", self.expr(n, d), n.start_point[0] + 1)
                continue
            t = n.type
            if t in SKIP_TYPES:
                continue
            if t in DECLARATION_TYPES and declaration(self, n, d):
                continue
            if t in SCOPE_TYPES:
                self.returning.append(self._function(n) if t in _NAMED_FUNCTION_TYPES else None)
                self.scopes.append((n.start_byte, n.end_byte))
                stack.append((n, d, True))
            if t in _EXPRESSION_TYPES:
                self.expr(n, d)
                continue
            named = n.named_children
            unit.nodes += n.child_count - len(named)
            if unit.nodes > MAX_NODES:
                raise TooManyNodes(f"more than {MAX_NODES} syntax nodes: not analysed")
            d += 1
            value, function = self._returned(n, t, named) or (None, False)
            stack.extend([(child, d, function if child is value else False) for child in reversed(named)])

    def _returned(self, n: Any, t: str, named: list[Any]) -> tuple[Any, str] | None:
        """The child of ``n`` that is the value the enclosing named function returns, and that function's name."""
        function = self.returning[-1] if self.returning else None
        if function is None or not named:
            return None
        if t in _RETURN_TYPES or (t == "jump_expression" and n.children and n.children[0].type == "return"):
            value = named[-1]
            if value.type == "expression_list" and value.named_child_count != 1:
                return None  # Go: return "x", nil (a single value is read through the list)
            return value, function
        last = named[-1]
        if self.bodies.get((n.start_byte, t)) != function or last.type not in _EXPR_KIND:
            return None
        if last.type == "expression_statement" and (last.text or b"").rstrip().endswith(b";"):
            return None  # a statement (``foo();``); a block-like ``match``/``if`` without ``;`` is the block's value
        return last, function  # the trailing expression of a Rust block / Kotlin expression body

    def _function(self, n: Any) -> str | None:
        """A named function or method and the names of its parameters, in order (``run(model)`` called with a literal);
        returns its name (None when it has none), whose returned values are bound to it."""
        name = n.child_by_field_name("name")
        if name is None:
            return None
        function = text(name)
        body = n.child_by_field_name("body")
        if body is None:  # Kotlin's function_body is no field
            body = next((c for c in n.named_children if c.type == "function_body"), None)
        if body is not None and (body.type == "block" and self.family == "rust" or body.type == "arrow_expression_clause"
                                 or body.type == "function_body" and not any(c.type == "block" for c in body.named_children)):
            self.bodies[(body.start_byte, body.type)] = function  # Rust's block, Kotlin's ``= expression``, C#'s ``=> expression``
        self._parameters(n, function)
        return function

    def _parameters(self, n: Any, function: str) -> None:
        params = n.child_by_field_name("parameters")
        if params is None:
            return
        names: list[str] = []
        for p in params.named_children:
            if p.type in COMMENT_TYPES:
                continue
            if p.type == "identifier":
                names.append(text(p))
                continue
            found = p.children_by_field_name("name") or [x for x in (p.child_by_field_name("pattern"),) if x is not None]
            if not found or any(x.type != "identifier" for x in found):
                return  # a destructured, rest or receiver parameter: positions are not followed
            names.extend(text(x) for x in found)
        if names:
            self.unit.functions.setdefault(function, []).append((n.start_byte, n.end_byte, names))

    def scope(self) -> tuple[int, int]:
        return self.scopes[-1]

    def bind(self, name: str, value: Any, line: int) -> None:
        start, end = self.scope()
        self.unit.bindings.setdefault(name, []).append((start, end, value, line))

    # --- expressions ----------------------------------------------------------------------------------------------
    def expr(self, n: Any, d: int) -> Any:  # noqa: C901 - one dispatch over node types
        line = n.start_point[0] + 1
        if d > MAX_DEPTH:
            return Unknown(line)
        t = n.type
        self.unit.nodes += 1
        kind = _EXPR_KIND.get(t, _OTHER)
        if kind == _STRING:
            value = string_value(n)
            return Str(value, line) if value is not None else Unknown(line)
        if kind == _IDENT:
            return Ident(text(n), line, n.start_byte)
        if kind == _WRAPPER:
            kids = [c for c in n.named_children if c.type not in COMMENT_TYPES]
            return self.expr(kids[-1], d + 1) if kids else Unknown(line)
        if kind == _MEMBER:
            return self._member(n, d, line)
        if kind == _CHOICE:
            op = n.child_by_field_name("operator")
            op_text = text(op) if op is not None else ""
            kids = [c for c in n.named_children if c.type not in COMMENT_TYPES]
            if t in ("ternary_expression", "conditional_expression", "if_expression"):
                kids = kids[1:]
            elif t == "binary_expression" and op_text not in ("??", "||", "?:", "or"):
                for k in kids:
                    self.expr(k, d + 1)
                return Unknown(line)
            return Either(tuple(self.expr(k, d + 1) for k in kids))
        if kind == _CALL:
            return self._call(n, d, line)
        if kind == _MATCH:
            return self._match(n, d)
        if kind == _OBJECT:
            return self._object(n, d, line, None)
        if kind == _ARRAY:
            items = tuple(self.expr(c, d + 1) for c in n.named_children if c.type not in COMMENT_TYPES)
            arr = Arr(items, line)
            if t != "tuple_expression":  # a tuple is a record of different fields (repo, file, revision), not a list
                self.unit.arrays.append(arr)
            return arr
        if kind == _FUNCTION:
            self.scopes.append((n.start_byte, n.end_byte))
            self.returning.append(None)  # its returns are the anonymous function's, not the enclosing one's
            try:
                body = n.child_by_field_name("body")
                if body is not None:
                    if body.type in _EXPRESSION_TYPES:
                        self.expr(body, d + 1)
                    else:
                        self._stmt(body, d + 1)
                for param in n.children_by_field_name("parameters"):
                    self._stmt(param, d + 1)
            finally:
                self.scopes.pop()
                self.returning.pop()
            return Unknown(line)
        # anything else: walk for calls inside, value unknown
        self._walk(n, d)
        return Unknown(line)

    def _walk(self, n: Any, d: int) -> None:
        """Every named child of ``n``, for the calls, objects and bindings inside (its value is not modelled)."""
        for child in n.named_children:
            self._walk_one(child, d + 1)

    def _match(self, n: Any, d: int) -> Any:
        """``match`` (Rust), ``switch`` expressions (C#, Java 14+) and ``when`` (Kotlin): any of their arms' values
        (``let model_id = match which { Which::L7b => "meta-llama/Llama-2-7b-hf", ... }``). The subject, patterns and
        arms whose value is a block of several statements are walked as any other node (value unknown)."""
        arms = n.child_by_field_name("body") if n.type in ("match_expression", "switch_expression") else None
        options: list[Any] = []
        for child in n.named_children:
            if child.type in COMMENT_TYPES:
                continue
            if child.type in _ARM_TYPES:
                options.append(self._arm(child, d + 1))
            elif arms is not None and child.start_byte == arms.start_byte and child.type == arms.type:
                for arm in arms.named_children:
                    if arm.type in _ARM_TYPES:
                        options.append(self._arm(arm, d + 2))
                    elif arm.type not in COMMENT_TYPES:
                        self._walk_one(arm, d + 2)
            else:
                self._walk_one(child, d + 1)
        return Either(tuple(options)) if options else Unknown(n.start_point[0] + 1)

    def _arm(self, arm: Any, d: int) -> Any:
        """The value of one arm: its ``value`` field (Rust) or last named child, through a block that holds only it."""
        value = arm.child_by_field_name("value")
        kids = [c for c in arm.named_children if c.type not in COMMENT_TYPES]
        if value is None:
            value = kids[-1] if kids else None
        for other in kids:
            if value is None or other.start_byte != value.start_byte or other.type != value.type:
                self._walk_one(other, d + 1)  # patterns, guards, Java's case labels
        if value is None:
            return Unknown(arm.start_point[0] + 1)
        inner = value
        while inner.type in _ARM_BLOCKS:
            body = [c for c in inner.named_children if c.type not in COMMENT_TYPES]
            if len(body) != 1:
                self._walk_one(inner, d + 1)
                return Unknown(inner.start_point[0] + 1)
            inner = body[0]
        return self.expr(inner, d + 1)

    def _walk_one(self, node: Any, d: int) -> None:
        t = node.type
        if t in SKIP_TYPES:
            return
        if t in _EXPRESSION_TYPES:
            self.expr(node, d)
        else:
            self._stmt(node, d)

    def _member(self, n: Any, d: int, line: int) -> Any:
        t = n.type
        if t in ("subscript_expression", "index_expression", "element_access_expression"):
            obj = n.child_by_field_name("object") or n.child_by_field_name("operand") or n.child_by_field_name("expression")
            index = n.child_by_field_name("index")
            key = self.expr(index, d + 1) if index is not None else Unknown(line)
            base = self.expr(obj, d + 1) if obj is not None else Unknown(line)
            return Member(base, key.value, line) if isinstance(key, Str) else Unknown(line)
        kids = [c for c in n.named_children if c.type not in COMMENT_TYPES and c.type not in ("type_arguments", "type_argument_list")]
        if t in ("generic_name", "generic_type") and kids:
            return self.expr(kids[0], d + 1)
        if len(kids) < 2:
            return self.expr(kids[0], d + 1) if kids else Unknown(line)
        last = kids[-1]
        if last.type == "navigation_suffix":
            last = last.named_children[-1] if last.named_children else last
        return Member(self.expr(kids[0], d + 1), text(last).lstrip("."), line)

    def _args(self, node: Any | None, d: int) -> list[tuple[str | None, Any]]:
        out: list[tuple[str | None, Any]] = []
        if node is None:
            return out
        for c in node.named_children:
            if c.type in COMMENT_TYPES:
                continue
            name = None
            value = c
            if c.type == "argument":  # C#: name: value
                label = c.child_by_field_name("name")
                kids = [k for k in c.named_children if k.type not in COMMENT_TYPES and k is not label and k.type != "name_colon"]
                colon = next((k for k in c.named_children if k.type == "name_colon"), None)
                if colon is not None:
                    label = colon.named_children[0] if colon.named_children else None
                name = text(label) if label is not None else None
                value = kids[-1] if kids else c
            elif c.type == "value_argument":  # Kotlin: name = value
                kids = [k for k in c.named_children if k.type not in COMMENT_TYPES]
                if len(kids) == 2 and any(text(k) == "=" for k in c.children):
                    name, value = text(kids[0]), kids[1]
                elif kids:
                    value = kids[-1]
            out.append((name, self.expr(value, d + 1)))
        return out

    def _call(self, n: Any, d: int, line: int) -> Any:
        t = n.type
        new = t in ("new_expression", "object_creation_expression", "implicit_object_creation_expression")
        if t == "method_invocation":  # Java
            obj, name = n.child_by_field_name("object"), n.child_by_field_name("name")
            callee: Any = Member(self.expr(obj, d + 1), text(name), line) if obj is not None and name is not None else (
                Ident(text(name), line, n.start_byte) if name is not None else Unknown(line))
            args_node = n.child_by_field_name("arguments")
        elif t in ("new_expression",):
            ctor = n.child_by_field_name("constructor")
            callee = self.expr(ctor, d + 1) if ctor is not None else Unknown(line)
            args_node = n.child_by_field_name("arguments")
        elif t in ("object_creation_expression", "implicit_object_creation_expression"):
            typ = n.child_by_field_name("type")
            callee = self.expr(typ, d + 1) if typ is not None else _implicit_type(n, line)
            args_node = n.child_by_field_name("arguments") or next((c for c in n.named_children if c.type == "argument_list"), None)
        else:
            fn = n.child_by_field_name("function")
            kids = [c for c in n.named_children if c.type not in COMMENT_TYPES]
            if fn is None and kids:
                fn = kids[0]
            callee = self.expr(fn, d + 1) if fn is not None else Unknown(line)
            args_node = n.child_by_field_name("arguments") or next(
                (c for c in n.named_children if c.type in ("value_arguments", "call_suffix", "argument_list", "arguments")), None)
            if args_node is not None and args_node.type == "call_suffix":
                args_node = next((c for c in args_node.named_children if c.type == "value_arguments"), None)
        call = Call(callee=callee, args=[], line=line, pos=n.start_byte, new=new, scope=self.scope())
        call.args = self._args(args_node, d)
        init = n.child_by_field_name("initializer") if t == "object_creation_expression" else None
        if init is not None:
            obj = self._object(init, d, line, callee)
            call.args.extend((k, v) for k, v in obj.pairs)
        for _, value in call.args:
            if isinstance(value, (Call, Obj)) and value.owner is None:
                value.owner = call
        self.unit.calls.append(call)
        return call

    def _object(self, n: Any, d: int, line: int, type_name: Any) -> Obj:
        pairs: list[tuple[str, Any]] = []
        body = n
        if n.type == "composite_literal":
            typ = n.child_by_field_name("type")
            type_name = self.expr(typ, d + 1) if typ is not None else None
            body = n.child_by_field_name("body") or n
        elif n.type == "struct_expression":
            name = n.child_by_field_name("name")
            type_name = self.expr(name, d + 1) if name is not None else None
            body = n.child_by_field_name("body") or n
        items: list[Any] = []
        for c in body.named_children:
            ct = c.type
            if ct in COMMENT_TYPES:
                continue
            if ct in ("pair", "keyed_element", "field_initializer", "assignment_expression", "anonymous_object_member_declarator"):
                key = c.child_by_field_name("key") or c.child_by_field_name("field") or c.child_by_field_name("left")
                value = c.child_by_field_name("value") or c.child_by_field_name("right")
                kids = [k for k in c.named_children if k.type not in COMMENT_TYPES]
                if key is None and len(kids) >= 2:
                    key, value = kids[0], kids[-1]
                if key is None or value is None:
                    continue
                key_text = string_value(key) if key.type in STRING_TYPES else text(key)
                if key.type == "literal_element":
                    inner = key.named_children[0] if key.named_children else key
                    key_text = string_value(inner) if inner.type in STRING_TYPES else text(inner)
                if key_text is None:
                    continue
                pairs.append((key_text.strip("[]"), self.expr(value, d + 1)))
            elif ct in ("shorthand_property_identifier", "shorthand_field_identifier"):
                pairs.append((text(c), Ident(text(c), c.start_point[0] + 1, c.start_byte)))
            elif ct in ("literal_value", "field_initializer_list"):
                inner = self._object(c, d + 1, line, type_name)
                pairs.extend(inner.pairs)
            else:
                items.append(self.expr(c, d + 1))
        obj = Obj(pairs=pairs, line=line, pos=n.start_byte, type_name=type_name, scope=self.scope())
        for _, value in pairs:
            if isinstance(value, (Call, Obj)) and value.owner is None:
                value.owner = obj
        if items and not pairs:
            arr = Obj(pairs=[(str(i), v) for i, v in enumerate(items)], line=line, pos=n.start_byte, type_name=type_name, scope=self.scope())
            self.unit.objects.append(arr)
            return arr
        self.unit.objects.append(obj)
        return obj


# Declarations of named functions and methods whose parameters are followed from the file's own calls.
_NAMED_FUNCTION_TYPES = frozenset({"function_declaration", "generator_function_declaration", "method_declaration", "function_item",
                                   "method_definition"})
_EXPRESSION_TYPES = frozenset({
    "call_expression", "new_expression", "method_invocation", "invocation_expression", "object_creation_expression",
    "implicit_object_creation_expression", "object", "composite_literal", "struct_expression", "array", "array_expression",
    "member_expression", "selector_expression", "binary_expression", "ternary_expression", "await_expression",
    "parenthesized_expression", "conditional_expression",
})


def _implicit_type(n: Any, line: int) -> Any:
    """C# ``new(...)``: the type named by the declaration or the method's return type around it."""
    p = n.parent
    for _ in range(6):
        if p is None:
            break
        typ = p.child_by_field_name("type") or p.child_by_field_name("returns")
        if typ is not None and p.type in ("variable_declaration", "method_declaration", "field_declaration", "local_declaration_statement",
                                          "property_declaration", "local_function_statement"):
            return Ident(text(typ).rsplit(".", 1)[-1], line, typ.start_byte)
        p = p.parent
    return Unknown(line)


# What ``Builder.expr`` does with a node, by its type (the first group naming a type wins, as the chain of tests did).
_OTHER, _STRING, _IDENT, _WRAPPER, _MEMBER, _CHOICE, _CALL, _OBJECT, _ARRAY, _FUNCTION, _MATCH = range(11)
# The arms of a match/switch/when expression, and the blocks an arm's value may sit in alone
_ARM_TYPES = frozenset({"match_arm", "switch_expression_arm", "when_entry", "switch_rule"})
_RETURN_TYPES = frozenset({"return_statement", "return_expression"})
_ARM_BLOCKS = frozenset({"block", "control_structure_body", "statements", "expression_statement", "yield_statement"})
_EXPR_KIND: dict[str, int] = {}
for _kind, _types in ((_STRING, " ".join(sorted(STRING_TYPES))),
                      (_IDENT, "identifier property_identifier field_identifier type_identifier shorthand_property_identifier "
                               "simple_identifier package_identifier predefined_type"),
                      (_WRAPPER, "parenthesized_expression as_expression satisfies_expression non_null_expression await_expression "
                                 "expression_list literal_element value_argument argument type_assertion cast_expression "
                                 "try_expression reference_expression postfix_unary_expression checked_expression expression_statement "
                                 "parenthesized_type spread_element return_statement"),
                      (_MEMBER, "member_expression selector_expression field_access member_access_expression field_expression "
                                "scoped_identifier qualified_type navigation_expression qualified_identifier scoped_type_identifier "
                                "generic_name generic_type qualified_name subscript_expression index_expression "
                                "element_access_expression"),
                      (_CHOICE, "binary_expression ternary_expression conditional_expression elvis_expression if_expression"),
                      (_CALL, "call_expression new_expression method_invocation invocation_expression object_creation_expression "
                              "implicit_object_creation_expression"),
                      (_OBJECT, "object composite_literal struct_expression initializer_expression "
                                "anonymous_object_creation_expression"),
                      (_ARRAY, "array array_expression array_creation_expression collection_literal "
                               "implicit_array_creation_expression tuple_expression"),
                      (_FUNCTION, "arrow_function function_expression closure_expression lambda_expression func_literal function"),
                      (_MATCH, "match_expression switch_expression when_expression")):
    for _type in _types.split():
        _EXPR_KIND.setdefault(_type, _kind)
