"""Load and validate policy files: every problem is collected with its file, line and rule id."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..data import rules_dir
from ..errors import PolicyError, Problem, ValidationError
from ..models import Severity
from ..yamlio import LineDict, LineList, load_yaml_file
from .base import SUBJECTS, Condition, Policy, Rule
from .conditions import OPERATORS, all_of, any_of, leaf, not_, prepare_value

TOP_KEYS = frozenset({"version", "extends", "rules", "overrides", "ignore", "description", "name"})
RULE_KEYS = frozenset({"id", "title", "subject", "severity", "when", "message", "remediation", "reference", "paths", "contexts", "enabled"})
CONTEXTS = frozenset({"code", "config", "infra", "notebook", "test", "docs"})


def builtin_packs() -> dict[str, Path]:
    return {p.stem: p for p in sorted(rules_dir().glob("*.yaml"))}


def resolve_policy_ref(ref: str) -> Path:
    packs = builtin_packs()
    if ref in packs:
        return packs[ref]
    path = Path(ref)
    if not path.is_file():
        raise PolicyError([Problem(ref, None, "", f"no such policy file or built-in pack (built-in: {', '.join(packs)})")])
    return path


def load_policy(refs: tuple[str, ...], variables: Mapping[str, Any]) -> Policy:
    """Load the given packs/files (default pack when none) and compile their rules."""
    refs = refs or ("default",)
    problems: list[Problem] = []
    rules: dict[str, Rule] = {}
    overrides: list[tuple[Mapping[str, Any], str]] = []
    ignores: list[Mapping[str, Any]] = []
    seen: set[Path] = set()
    for ref in refs:
        try:
            _load_file(resolve_policy_ref(ref), variables, rules, overrides, ignores, problems, seen)
        except ValidationError as exc:
            problems.extend(exc.problems)
    for override, source in overrides:
        rid = str(override.get("id"))
        if rid not in rules:
            problems.append(Problem(source, _line(override), f"overrides[{rid}]", "unknown rule id"))
            continue
        changes: dict[str, Any] = {}
        if "severity" in override:
            try:
                changes["severity"] = Severity.parse(str(override["severity"]))
            except ValueError as exc:
                problems.append(Problem(source, _line(override), f"overrides[{rid}]", str(exc)))
        if "enabled" in override:
            changes["enabled"] = bool(override["enabled"])
        import dataclasses

        rules[rid] = dataclasses.replace(rules[rid], **changes)
    if problems:
        raise PolicyError(problems)
    return Policy(rules=tuple(rules.values()), ignores=tuple(ignores), sources=refs, variables=variables)


def _load_file(
    path: Path,
    variables: Mapping[str, Any],
    rules: dict[str, Rule],
    overrides: list[tuple[Mapping[str, Any], str]],
    ignores: list[Mapping[str, Any]],
    problems: list[Problem],
    seen: set[Path],
) -> None:
    resolved = path.resolve()
    if resolved in seen:
        return
    seen.add(resolved)
    display = _display(path)
    data = load_yaml_file(path, display=display)
    if not isinstance(data, dict):
        problems.append(Problem(display, 1, "", "a policy must be a mapping with 'version' and 'rules'"))
        return
    for key in data:
        if key not in TOP_KEYS:
            problems.append(Problem(display, _line(data, key), key, f"unknown key (allowed: {', '.join(sorted(TOP_KEYS))})"))
    if data.get("version", 1) != 1:
        problems.append(Problem(display, _line(data, "version"), "version", "only version 1 is supported"))
    for parent in data.get("extends") or []:
        try:
            parent_path = resolve_policy_ref(str(parent)) if not str(parent).endswith((".yaml", ".yml")) else (path.parent / str(parent))
            _load_file(parent_path, variables, rules, overrides, ignores, problems, seen)
        except ValidationError as exc:
            problems.extend(exc.problems)
    raw_rules = data.get("rules") or []
    if not isinstance(raw_rules, list):
        problems.append(Problem(display, _line(data, "rules"), "rules", "must be a list"))
        raw_rules = []
    for index, raw in enumerate(raw_rules):
        rule = _compile_rule(raw, index, display, variables, problems)
        if rule is not None:
            rules[rule.id] = rule
    for item in data.get("overrides") or []:
        if isinstance(item, dict) and "id" in item:
            overrides.append((item, display))
        else:
            problems.append(Problem(display, _line(item), "overrides", "each override needs an 'id'"))
    for item in data.get("ignore") or []:
        if isinstance(item, dict) and "id" in item:
            ignores.append(item)
        else:
            problems.append(Problem(display, _line(item), "ignore", "each ignore entry needs an 'id'"))


def _compile_rule(raw: Any, index: int, source: str, variables: Mapping[str, Any], problems: list[Problem]) -> Rule | None:
    where = f"rules[{index}]"
    if not isinstance(raw, dict):
        problems.append(Problem(source, _line(raw), where, "a rule must be a mapping"))
        return None
    rid = str(raw.get("id") or "")
    label = f"rule {rid}" if rid else where
    before = len(problems)
    for key in raw:
        if key not in RULE_KEYS:
            problems.append(Problem(source, _line(raw, key), label, f"unknown key '{key}' (allowed: {', '.join(sorted(RULE_KEYS))})"))
    for key in ("id", "title", "subject", "severity", "when", "message"):
        if key not in raw:
            problems.append(Problem(source, _line(raw), label, f"missing '{key}'"))
    subject = str(raw.get("subject", ""))
    if "subject" in raw and subject not in SUBJECTS:
        problems.append(Problem(source, _line(raw, "subject"), label, f"unknown subject '{subject}' (allowed: {', '.join(SUBJECTS)})"))
    severity = Severity.INFO
    if "severity" in raw:
        try:
            severity = Severity.parse(str(raw["severity"]))
        except ValueError as exc:
            problems.append(Problem(source, _line(raw, "severity"), label, str(exc)))
    condition = _compile_condition(raw.get("when"), f"{label}.when", source, variables, problems, _line(raw, "when")) if "when" in raw else None
    paths = raw.get("paths") or {}
    contexts = tuple(str(c) for c in raw.get("contexts") or ())
    for ctx in contexts:
        if ctx not in CONTEXTS:
            problems.append(Problem(source, _line(raw, "contexts"), label, f"unknown context '{ctx}'"))
    if len(problems) > before or condition is None:
        return None
    return Rule(
        id=rid, title=str(raw["title"]), subject=subject, severity=severity, when=condition,
        message=str(raw["message"]), remediation=str(raw.get("remediation", "")), reference=str(raw.get("reference", "")),
        include=tuple(paths.get("include") or ()), exclude=tuple(paths.get("exclude") or ()), contexts=contexts,
        enabled=bool(raw.get("enabled", True)), source=source,
    )


def _compile_condition(node: Any, where: str, source: str, variables: Mapping[str, Any], problems: list[Problem], line: int | None) -> Condition | None:
    line = _line(node) or line
    if not isinstance(node, dict):
        problems.append(Problem(source, line, where, "a condition must be a mapping"))
        return None
    combinators = [k for k in ("all", "any", "not") if k in node]
    if combinators:
        if len(node) != 1:
            problems.append(Problem(source, line, where, f"'{combinators[0]}' must stand alone in its mapping"))
            return None
        key = combinators[0]
        if key == "not":
            child = _compile_condition(node["not"], f"{where}.not", source, variables, problems, line)
            return not_(child) if child else None
        items = node[key]
        if not isinstance(items, list) or not items:
            problems.append(Problem(source, line, f"{where}.{key}", "needs a non-empty list of conditions"))
            return None
        item_lines = items.item_lines if isinstance(items, LineList) else [line] * len(items)
        children = [_compile_condition(c, f"{where}.{key}[{i}]", source, variables, problems, item_lines[i]) for i, c in enumerate(items)]
        if any(c is None for c in children):
            return None
        compiled = [c for c in children if c is not None]
        return all_of(compiled) if key == "all" else any_of(compiled)
    unknown = [k for k in node if k not in ("field", "op", "value")]
    if unknown:
        problems.append(Problem(source, line, where, f"unknown key(s) {', '.join(map(str, unknown))} (a condition has field, op, value; or all/any/not)"))
        return None
    field, op = node.get("field"), node.get("op")
    if not isinstance(field, str) or not field:
        problems.append(Problem(source, line, where, "missing 'field'"))
        return None
    if op not in OPERATORS:
        problems.append(Problem(source, line, where, f"unknown operator {op!r} (allowed: {', '.join(OPERATORS)})"))
        return None
    value = node.get("value", True if op == "exists" else None)
    try:
        value = prepare_value(op, substitute(value, variables))
    except (KeyError, ValueError) as exc:
        problems.append(Problem(source, line, where, str(exc).strip('"')))
        return None
    return leaf(field, op, value)


def substitute(value: Any, variables: Mapping[str, Any]) -> Any:
    """Replace ``$name`` strings (also inside lists) with configured values; unknown names are errors."""
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


def _line(node: Any, key: str | None = None) -> int | None:
    if isinstance(node, LineDict):
        return node.line_of(key) if key else node.line
    if isinstance(node, LineList):
        return node.line
    return None


def _display(path: Path) -> str:
    try:
        if path.resolve().is_relative_to(rules_dir().resolve()):
            return f"rules/{path.name}"
    except OSError:
        pass
    return str(path)
