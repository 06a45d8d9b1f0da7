"""Compile one YAML rule (and its `when` tree) into a Rule, collecting every problem with its line."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..errors import Problem
from ..models import Severity
from ..yamllines import LineDict, LineList, line_of
from .base import CONTEXTS, SUBJECTS, Condition, Rule
from .conditions import OPERATORS, all_of, any_of, leaf, not_, prepare_value
from .schema import BOOL, LIST, MAPPING, NUMBER, FieldSchema, field_schema

RULE_KEYS = ("id", "title", "description", "subject", "severity", "when", "message", "remediation", "reference", "paths", "contexts", "enabled")
REQUIRED_KEYS = ("id", "title", "subject", "severity", "when", "message")
CONDITION_KEYS = ("field", "op", "value")
PATHS_KEYS = ("include", "exclude")
RULE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)(?:\|[^{}]*)?\}")


class RuleCompiler:
    """Compiles rules of one file; problems are appended to the shared list, never raised."""

    def __init__(self, source: str, variables: Mapping[str, Any], problems: list[Problem]) -> None:
        self.source = source
        self.variables = variables
        self.problems = problems

    def problem(self, line: int | None, where: str, message: str) -> None:
        self.problems.append(Problem(self.source, line, where, message))

    def compile(self, raw: Any, index: int, line: int | None) -> Rule | None:
        if not isinstance(raw, dict):
            self.problem(line, f"rules[{index}]", "a rule must be a mapping")
            return None
        rid = raw.get("id")
        label = f"rule {rid}" if isinstance(rid, str) and rid else f"rules[{index}]"
        before = len(self.problems)
        for key in raw:
            if key not in RULE_KEYS:
                self.problem(line_of(raw, key), label, f"unknown key '{key}' (allowed: {', '.join(RULE_KEYS)})")
        for key in REQUIRED_KEYS:
            if key not in raw:
                self.problem(line_of(raw), label, f"missing '{key}'")
        for key in ("id", "title", "message", "remediation", "reference", "description"):
            if key in raw and not (isinstance(raw[key], str) and raw[key].strip()):
                self.problem(line_of(raw, key), label, f"'{key}' must be a non-empty string")
        if isinstance(rid, str) and rid and not RULE_ID.match(rid):
            self.problem(line_of(raw, "id"), label, "invalid rule id (letters, digits, '-', '_' and '.', starting with a letter)")
        subject = raw.get("subject")
        if "subject" in raw and subject not in SUBJECTS:
            self.problem(line_of(raw, "subject"), label, f"unknown subject {subject!r} (allowed: {', '.join(SUBJECTS)})")
            subject = None
        severity = self._severity(raw, label)
        condition = None
        if "when" in raw and subject in SUBJECTS:
            condition = self.condition(raw["when"], label, "when", str(subject), line_of(raw, "when"))
        if isinstance(raw.get("message"), str) and subject in SUBJECTS:
            self._placeholders(raw["message"], str(subject), label, line_of(raw, "message"))
        include, exclude = self._paths(raw.get("paths"), label, line_of(raw, "paths"))
        contexts = self._contexts(raw.get("contexts"), label, line_of(raw, "contexts"))
        enabled = raw.get("enabled", True)
        if not isinstance(enabled, bool):
            self.problem(line_of(raw, "enabled"), label, "'enabled' must be true or false")
        if len(self.problems) > before or condition is None or severity is None:
            return None
        return Rule(
            id=str(rid), title=str(raw["title"]).strip(), subject=str(subject), severity=severity, when=condition,
            message=str(raw["message"]).strip(), remediation=str(raw.get("remediation", "")).strip(),
            reference=str(raw.get("reference", "")).strip(), include=include, exclude=exclude, contexts=contexts,
            enabled=bool(enabled), source=self.source, line=line_of(raw),
        )

    def _severity(self, raw: Mapping[str, Any], label: str) -> Severity | None:
        if "severity" not in raw:
            return None
        try:
            return Severity.parse(str(raw["severity"]))
        except ValueError as exc:
            self.problem(line_of(raw, "severity"), label, str(exc))
            return None

    def _placeholders(self, message: str, subject: str, label: str, line: int | None) -> None:
        schema = field_schema(subject)
        for name in PLACEHOLDER.findall(message):
            if not schema.allows(name):
                self.problem(line, label, f"unknown field '{name}' in message for subject {subject}{_hint(schema.suggestions(name))}")

    def _string_list(self, value: Any, label: str, key: str, line: int | None) -> tuple[str, ...] | None:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.problem(line, label, f"'{key}' must be a list of strings")
            return None
        return tuple(value)

    def _paths(self, node: Any, label: str, line: int | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if node is None:
            return (), ()
        if not isinstance(node, dict):
            self.problem(line, label, "'paths' must be a mapping with 'include' and/or 'exclude'")
            return (), ()
        for key in node:
            if key not in PATHS_KEYS:
                self.problem(line_of(node, key), label, f"unknown key 'paths.{key}' (allowed: include, exclude)")
        include = self._string_list(node.get("include"), label, "paths.include", line_of(node, "include"))
        exclude = self._string_list(node.get("exclude"), label, "paths.exclude", line_of(node, "exclude"))
        return include or (), exclude or ()

    def _contexts(self, node: Any, label: str, line: int | None) -> tuple[str, ...]:
        values = self._string_list(node, label, "contexts", line) or ()
        for ctx in values:
            if ctx not in CONTEXTS:
                self.problem(line, label, f"unknown context '{ctx}' (allowed: {', '.join(CONTEXTS)})")
        return values

    def condition(self, node: Any, label: str, where: str, subject: str, line: int | None) -> Condition | None:
        line = line_of(node) or line
        at = f"{label}, {where}"
        if not isinstance(node, dict) or not node:
            self.problem(line, at, "a condition must be a mapping: {field, op, value} or one of all/any/not")
            return None
        combinators = [k for k in ("all", "any", "not") if k in node]
        if combinators:
            key = combinators[0]
            if len(node) != 1:
                others = ", ".join(str(k) for k in node if k != key)
                self.problem(line, at, f"'{key}' must stand alone in its mapping (also found: {others})")
                return None
            if key == "not":
                child = self.condition(node["not"], label, f"{where}.not", subject, line_of(node, "not"))
                return not_(child) if child else None
            return self._combine(key, node[key], label, where, subject, line_of(node, key))
        return self._leaf(node, label, where, subject, line)

    def _combine(self, key: str, items: Any, label: str, where: str, subject: str, line: int | None) -> Condition | None:
        if not isinstance(items, list) or not items:
            self.problem(line, f"{label}, {where}.{key}", "needs a non-empty list of conditions")
            return None
        lines = items.item_lines if isinstance(items, LineList) else [line] * len(items)
        children = [self.condition(c, label, f"{where}.{key}[{i}]", subject, lines[i]) for i, c in enumerate(items)]
        if any(c is None for c in children):
            return None
        compiled = [c for c in children if c is not None]
        return all_of(compiled) if key == "all" else any_of(compiled)

    def _leaf(self, node: LineDict | dict[str, Any], label: str, where: str, subject: str, line: int | None) -> Condition | None:
        at = f"{label}, {where}"
        ok = True
        for key in node:
            if key not in CONDITION_KEYS:
                self.problem(line_of(node, key), at, f"unknown key '{key}' (a condition has field, op, value; or all/any/not)")
                ok = False
        field, op = node.get("field"), node.get("op")
        schema = field_schema(subject)
        if not isinstance(field, str) or not field:
            self.problem(line, at, "missing 'field'")
            ok = False
        elif not schema.allows(field):
            self.problem(line_of(node, "field"), at, f"unknown field '{field}' for subject {subject}{_hint(schema.suggestions(field))}")
            ok = False
        if op is None:
            self.problem(line, at, "missing 'op'")
            return None
        if op not in OPERATORS:
            self.problem(line_of(node, "op"), at, f"unknown operator '{op}' (allowed: {', '.join(OPERATORS)})")
            return None
        if "value" not in node and op != "exists":
            self.problem(line, at, f"missing 'value' for '{op}'")
            return None
        value = node.get("value", True)
        try:
            value = substitute(value, self.variables)
            misfit = value_misfit(str(field), schema, str(op), value) if ok else None
            if misfit:
                raise ValueError(misfit)
            value = prepare_value(str(op), value)
        except (KeyError, ValueError) as exc:
            self.problem(line_of(node, "value"), at, str(exc.args[0]))
            return None
        return leaf(str(field), str(op), value) if ok else None


def _fits(kind: str, value: Any) -> bool:
    if value is None or kind == LIST:
        return True
    if kind == BOOL:
        return isinstance(value, bool)
    if kind == NUMBER:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, str)


def value_misfit(field: str, schema: FieldSchema, op: str, value: Any) -> str | None:
    """Why a value cannot match what the field holds (a typo that would silently never match), or None."""
    kind = schema.kind(field)
    if kind is None or op == "exists":
        return None
    if kind == MAPPING:
        depth = field.count(".") + 1
        children = sorted(p for p in schema.paths if p.startswith(field + ".") and p.count(".") == depth)
        return f"field '{field}' is a mapping; address one of its fields: {', '.join(children) or field + '.<key>'}"
    if op in ("matches", "version", "contains") and kind in (BOOL, NUMBER):
        return f"'{op}' needs a text or list field; '{field}' holds {kind}"
    if op in ("eq", "ne") and kind == LIST and value is not None and not isinstance(value, list):
        return f"field '{field}' is a list; '{op}' compares the whole list: use contains, in or not_in to test its items"
    if op in ("gt", "gte", "lt", "lte") and kind == BOOL:
        return f"'{op}' needs a number or text field; '{field}' holds {kind}"
    items = value if op in ("in", "not_in", "contains") and isinstance(value, list) else [value]
    if op in ("matches", "version"):
        return None
    for item in items:
        if not _fits(kind, item):
            hint = "; YAML reads unquoted yes/no/on/off/true/false as booleans: quote text" if isinstance(item, bool) else ""
            return f"value {item!r} does not fit field '{field}' ({kind}){hint}"
    return None


def substitute(value: Any, variables: Mapping[str, Any]) -> Any:
    """Replace ``$name`` strings (also inside lists, where a list variable is spliced in); unknown names raise."""
    if isinstance(value, str) and value.startswith("$"):
        name = value[1:]
        if name not in variables:
            raise KeyError(f"unknown variable ${name} (known: {', '.join('$' + v for v in sorted(variables))})")
        return variables[name]
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            sub = substitute(item, variables)
            if isinstance(item, str) and item.startswith("$") and isinstance(sub, (list, tuple)):
                out.extend(sub)
            else:
                out.append(sub)
        return out
    return value


def _hint(suggestions: list[str]) -> str:
    return f" (did you mean: {', '.join(suggestions)}?)" if suggestions else ""
