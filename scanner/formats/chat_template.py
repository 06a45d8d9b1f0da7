"""Jinja chat templates (GGUF tokenizer.chat_template): find sandbox-escape (SSTI) patterns without rendering."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Severity

ESCAPE_DUNDERS = frozenset(
    {
        "__class__",
        "__mro__",
        "__base__",
        "__bases__",
        "__subclasses__",
        "__globals__",
        "__builtins__",
        "__init__",
        "__import__",
        "__dict__",
        "__getattribute__",
        "__code__",
        "__func__",
        "__self__",
        "__loader__",
        "__spec__",
        "__reduce__",
        "__reduce_ex__",
        "__call__",
        "__getitem__",
        "__module__",
        "__closure__",
        "__new__",
    }
)
DUNDER = re.compile(r"__[A-Za-z][A-Za-z0-9_]*__")
OBFUSCATED_UNDERSCORE = re.compile(r"\\x5[fF]|\\u005[fF]|\\137|\\N\{LOW LINE\}|&#95;|%5[fF]")
BUILT_UNDERSCORE = re.compile(r"""['"]_['"]\s*(?:[~+*]|\|\s*(?:join|format|replace))|\|\s*attr\s*\(""")
EXEC_CALL = re.compile(
    r"\.\s*(?:popen|system|spawn[lv]?p?e?|exec[lv]?p?e?|check_output|check_call|getoutput|run|Popen|import_module|load_module|eval|exec)\s*\("
)
SSTI_GLOBALS = re.compile(r"\b(?:lipsum|cycler|joiner|self|config|request|url_for|get_flashed_messages|range|dict)\s*\.\s*_")
RISKY_WORDS = re.compile(r"\b(?:subprocess|os\.(?:popen|system|environ)|__import__|importlib|builtins|getattr|eval|exec)\b")
BLOCK = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
MAX_TEMPLATE = 1 << 20


@dataclass(frozen=True, slots=True)
class TemplateIssue:
    code: str
    severity: Severity
    message: str
    detail: str


def analyse(template: str) -> list[TemplateIssue]:
    """Static checks on the template source and, when it parses, on its Jinja AST (never rendered)."""
    text = template[:MAX_TEMPLATE]
    found: list[TemplateIssue] = []
    blocks = " ".join(BLOCK.findall(text))
    dunders = sorted(set(DUNDER.findall(blocks)))
    bad = [d for d in dunders if d in ESCAPE_DUNDERS]
    if bad:
        found.append(TemplateIssue("template-ssti", Severity.CRITICAL, "chat template reaches Python internals (Jinja sandbox escape)", ", ".join(bad)))
    elif dunders:
        found.append(TemplateIssue("template-dunder", Severity.MEDIUM, "chat template uses dunder names", ", ".join(dunders)))
    for pattern, code, severity, message in (
        (OBFUSCATED_UNDERSCORE, "template-obfuscation", Severity.HIGH, "chat template spells underscores with escapes (hides dunder access)"),
        (BUILT_UNDERSCORE, "template-attr-building", Severity.HIGH, "chat template builds attribute names at run time (|attr, '_' concatenation)"),
        (EXEC_CALL, "template-exec-call", Severity.CRITICAL, "chat template calls a process/code execution method"),
        (SSTI_GLOBALS, "template-ssti-global", Severity.HIGH, "chat template reaches private attributes of Jinja globals"),
        (RISKY_WORDS, "template-risky-name", Severity.MEDIUM, "chat template names modules or functions unrelated to chat formatting"),
    ):
        match = pattern.search(blocks)
        if match:
            found.append(TemplateIssue(code, severity, message, match.group(0)[:120]))
    found.extend(_ast_checks(text))
    return found


def _ast_checks(text: str) -> list[TemplateIssue]:
    try:
        from jinja2 import Environment, nodes
        from jinja2.exceptions import TemplateSyntaxError
    except ImportError:  # pragma: no cover - jinja2 is an install requirement
        return []
    try:
        tree = Environment(extensions=["jinja2.ext.loopcontrols"]).parse(text)  # noqa: S701 - parsed, never rendered
    except (TemplateSyntaxError, RecursionError, ValueError) as exc:
        return [TemplateIssue("template-syntax", Severity.LOW, "chat template does not parse as Jinja", str(exc)[:200])]
    private: list[str] = []
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            private.append(f".{node.attr}")
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str) and node.arg.value.startswith("_"):
            private.append(f"[{node.arg.value!r}]")
        elif isinstance(node, nodes.Filter) and node.name == "attr":
            private.append("|attr(...)")
    if private:
        return [TemplateIssue("template-private-access", Severity.HIGH, "chat template accesses private attributes", ", ".join(sorted(set(private))[:10]))]
    return []
