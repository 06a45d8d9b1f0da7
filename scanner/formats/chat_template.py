"""Jinja chat templates (GGUF tokenizer.chat_template): parsed with jinja2's own parser, never rendered.

The whole template is parsed (up to MAX_TEMPLATE characters; beyond, or unparseable, it is reported as not
analysed and the caller fails closed). On the AST: string expressions are folded to constants (``~``, ``+``,
``%``, ``|format``, ``|join``, ``|replace``, ``|reverse``, ``.format``/``.join`` calls, ``dict(k=...)`` keys,
``{% set %}`` names), then every attribute or item name, every ``|attr``/``map``/``selectattr`` name, is checked
with jinja2.sandbox's own rules (``is_internal_attribute``, ``modifies_known_mutable``); a name that is built at
run time and cannot be folded is itself a finding, since real templates never compute attribute names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from ..models import Severity
from ..records import record

MAX_TEMPLATE = 4 << 20  # characters parsed (real templates are under 64 KiB); a longer one is not analysed: fail closed
MAX_FOLD = 4096  # longest string built by constant folding
ESCAPE_DUNDERS = frozenset(
    {
        "__class__", "__mro__", "__base__", "__bases__", "__subclasses__", "__globals__", "__builtins__", "__init__",
        "__import__", "__dict__", "__getattribute__", "__code__", "__func__", "__self__", "__loader__", "__spec__",
        "__reduce__", "__reduce_ex__", "__call__", "__getitem__", "__module__", "__closure__", "__new__", "__getattr__",
        "__setattr__", "__class_getitem__", "__wrapped__", "__kwdefaults__", "__defaults__", "__objclass__",
    }
)  # fmt: skip
DUNDER = re.compile(r"__[A-Za-z_][A-Za-z0-9_]*__")
EXEC_METHODS = frozenset(
    {
        "popen", "system", "spawnl", "spawnv", "execl", "execv", "execve", "check_output", "check_call", "getoutput", "Popen",
        "import_module", "load_module", "eval", "exec", "run", "call",
    }
)  # fmt: skip
RISKY_NAMES = frozenset(
    {"os", "subprocess", "builtins", "__builtins__", "__import__", "importlib", "getattr", "eval", "exec", "open", "sys", "globals", "locals", "compile"}
)
ATTR_FILTERS = frozenset({"attr", "map", "selectattr", "rejectattr", "sort", "groupby", "sum", "unique", "min", "max", "dictsort"})
BUILD_FILTERS = frozenset(
    {"format", "join", "replace", "reverse", "string", "first", "last", "list", "lower", "upper", "title", "capitalize", "trim", "center"}
)
NOT_ANALYSED = "template-not-analysed"  # the caller fails closed on this code


@record(frozen=True, slots=True)
class TemplateIssue:
    code: str
    severity: Severity
    message: str
    detail: str


@lru_cache(maxsize=1)
def _samples() -> tuple[Any, ...]:
    """One object of each type jinja2.sandbox.is_internal_attribute distinguishes (function, method, type, ...)."""
    def gen() -> Iterator[int]:
        yield 0

    def fn() -> None:
        return None

    class _Any:
        def method(self) -> None:
            return None

    # code, frame and traceback objects refuse every attribute: not a statement about the name, so left out
    return (fn, _Any().method, str, gen())


@lru_cache(maxsize=4096)
def sandbox_refuses(attr: str) -> bool:
    """True when jinja2's SandboxedEnvironment refuses ``attr`` on some object type (or it is private)."""
    from jinja2.sandbox import is_internal_attribute

    return attr.startswith("_") or any(is_internal_attribute(obj, attr) for obj in _samples())


@lru_cache(maxsize=4096)
def mutates(attr: str) -> bool:
    """True when the ImmutableSandboxedEnvironment (transformers, llama-cpp-python) refuses the call."""
    from collections import deque

    from jinja2.sandbox import modifies_known_mutable

    samples: tuple[object, ...] = ([], {}, set(), deque())
    return any(modifies_known_mutable(obj, attr) for obj in samples)


def analyse(template: str) -> list[TemplateIssue]:
    """Parse the whole template with jinja2 and check it; never rendered."""
    if len(template) > MAX_TEMPLATE:
        return [TemplateIssue(NOT_ANALYSED, Severity.MEDIUM, f"chat template longer than {MAX_TEMPLATE} characters was not analysed", str(len(template)))]
    try:
        from jinja2 import Environment, nodes
        from jinja2.exceptions import TemplateSyntaxError
        from jinja2.ext import Extension
    except ImportError:  # pragma: no cover - jinja2 is an install requirement
        return [TemplateIssue(NOT_ANALYSED, Severity.MEDIUM, "jinja2 is not installed: chat template not analysed", "")]

    class _Generation(Extension):  # transformers' AssistantTracker tag: {% generation %}...{% endgeneration %}
        tags = {"generation"}

        def parse(self, parser: Any) -> Any:
            lineno = next(parser.stream).lineno
            body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
            return nodes.Scope(body, lineno=lineno)

    try:
        env = Environment(extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do", _Generation])  # noqa: S701 - parsed only
        tree = env.parse(template)
    except (TemplateSyntaxError, RecursionError, ValueError, MemoryError) as exc:
        return [TemplateIssue(NOT_ANALYSED, Severity.MEDIUM, "chat template does not parse as Jinja (another renderer may still run it)", str(exc)[:200])]
    try:
        return _Checker(nodes).run(tree)
    except RecursionError:
        return [TemplateIssue(NOT_ANALYSED, Severity.MEDIUM, "chat template nests too deeply to analyse", "")]


class _Checker:
    """One pass over the AST: fold string expressions, check names, collect issues."""

    def __init__(self, nodes: Any) -> None:
        self.n = nodes
        self.env: dict[str, Any] = {}
        self.built_names: set[str] = set()  # set names (or ns.attr) assigned a string built at run time
        self.found: dict[str, tuple[Severity, str, set[str]]] = {}

    def add(self, code: str, severity: Severity, message: str, detail: str) -> None:
        old = self.found.get(code)
        if old is None:
            self.found[code] = (severity, message, {detail[:120]})
        elif len(old[2]) < 10:
            old[2].add(detail[:120])

    def run(self, tree: Any) -> list[TemplateIssue]:
        n = self.n
        for _ in range(2):  # twice: a set name may be used to build another one set earlier in the source
            for assign in tree.find_all(n.Assign):
                target = assign.target
                key = target.name if isinstance(target, n.Name) else f"{target.name}.{target.attr}" if isinstance(target, n.NSRef) else None
                if key is None:
                    continue
                value = self.fold(assign.node)
                if value is not None and isinstance(target, n.Name):
                    self.env[key] = value
                elif self.built(assign.node):
                    self.built_names.add(key)
        for node in tree.find_all(n.Node):
            self.visit(node)
        found = sorted(self.found.items(), key=lambda item: (-int(item[1][0]), item[0]))
        return [TemplateIssue(code, sev, msg, ", ".join(sorted(details))) for code, (sev, msg, details) in found]

    def visit(self, node: Any) -> None:  # noqa: C901 - one dispatch over node types
        n = self.n
        if isinstance(node, n.Getattr):
            self.check_name(node.attr, "attribute")
        elif isinstance(node, n.Getitem):
            self.check_key(node.arg, "item")
        elif isinstance(node, (n.Filter, n.Test)) and node.name in ATTR_FILTERS:
            for arg in list(node.args) + [kw.value for kw in node.kwargs]:
                self.check_key(arg, f"|{node.name} argument", strict=node.name == "attr")
        elif isinstance(node, n.Call):
            if isinstance(node.node, n.Getattr) and node.node.attr in EXEC_METHODS:
                self.add("template-exec-call", Severity.CRITICAL, "chat template calls a process/code execution method", f".{node.node.attr}()")
            if isinstance(node.node, n.Getattr) and mutates(node.node.attr):
                self.add("template-mutation", Severity.MEDIUM, "chat template mutates a list/dict (the immutable sandbox refuses it)", f".{node.node.attr}()")
            for kw in node.kwargs:
                if kw.key.startswith("_"):
                    self.add("template-dunder-keyword", Severity.HIGH, "chat template builds a private name as a keyword argument", kw.key)
        elif isinstance(node, n.Name) and node.name in RISKY_NAMES and node.ctx == "load":
            self.add("template-risky-name", Severity.MEDIUM, "chat template names modules or functions unrelated to chat formatting", node.name)
        elif isinstance(node, (n.Include, n.Import, n.FromImport, n.Extends)):
            self.add("template-loads-templates", Severity.MEDIUM, "chat template includes or imports other templates", type(node).__name__)
        elif isinstance(node, n.Const) and isinstance(node.value, str):
            self.check_const(node.value)
        if isinstance(node, (n.Concat, n.Add, n.Mod, n.Filter, n.Call)) and self.built(node):
            value = self.fold(node)
            if isinstance(value, str) and DUNDER.search(value):
                self.check_const(value, built=True)

    def check_const(self, value: str, *, built: bool = False) -> None:
        for dunder in DUNDER.findall(value) if built or DUNDER.fullmatch(value) else ():
            severity = Severity.CRITICAL if dunder in ESCAPE_DUNDERS else Severity.HIGH
            self.add("template-dunder", severity, "chat template spells a dunder name (Python internals, sandbox escape)", dunder)
        if not built and re.fullmatch(r"__\w+|\w+__", value) and not DUNDER.fullmatch(value):
            self.add("template-dunder-pieces", Severity.MEDIUM, "chat template holds pieces of a dunder name", value)

    def check_name(self, name: str, where: str) -> None:
        if name in ESCAPE_DUNDERS:
            self.add("template-ssti", Severity.CRITICAL, f"chat template reaches Python internals via {where} access (Jinja sandbox escape)", name)
        elif sandbox_refuses(name):
            self.add("template-private-access", Severity.HIGH, f"chat template {where} access the Jinja sandbox refuses", name)

    def check_key(self, arg: Any, where: str, *, strict: bool = False) -> None:
        value = self.fold(arg)
        if isinstance(value, str):
            self.check_name(value, where)
        elif isinstance(value, list):
            for item in value[:64]:
                if isinstance(item, str):
                    self.check_name(item, where)
        elif value is None and (strict or self.built(arg)):
            self.add("template-runtime-name", Severity.HIGH, f"chat template computes an {where} name at run time", type(arg).__name__)

    def built(self, node: Any, depth: int = 0) -> bool:
        """Whether ``node`` builds a string (concatenation, formatting, joining), directly or through a set name."""
        n = self.n
        if depth > 50:
            return True
        if isinstance(node, (n.Concat, n.Mod)):
            return True
        if isinstance(node, n.Add):  # '+' builds a string unless a side is a number (a counter)
            return not any(isinstance(self.fold(side, depth + 1), int) for side in (node.left, node.right))
        if isinstance(node, n.Filter):
            return node.name in BUILD_FILTERS or node.name == "attr" or (node.node is not None and self.built(node.node, depth + 1))
        if isinstance(node, n.Call) and isinstance(node.node, n.Getattr):
            return node.node.attr in ("format", "join", "replace", "format_map")
        if isinstance(node, n.Name):
            return isinstance(self.env.get(node.name), str) or node.name in self.built_names
        if isinstance(node, n.Getattr) and isinstance(node.node, n.Name):
            return f"{node.node.name}.{node.attr}" in self.built_names
        return False

    def fold(self, node: Any, depth: int = 0) -> Any:  # noqa: C901, PLR0911, PLR0912 - a small constant evaluator
        """The constant value of a string/int/list expression, or None when it depends on run-time data."""
        n = self.n
        if depth > 50 or node is None:
            return None
        if isinstance(node, n.Const):
            return node.value if isinstance(node.value, (str, int)) and not isinstance(node.value, bool) else None
        if isinstance(node, n.Name):
            return self.env.get(node.name)
        if isinstance(node, (n.List, n.Tuple)):
            items = [self.fold(item, depth + 1) for item in node.items[:256]]
            return None if any(i is None for i in items) else items
        if isinstance(node, n.Concat):
            parts = [self.fold(p, depth + 1) for p in node.nodes]
            return _cap("".join(str(p) for p in parts)) if all(isinstance(p, (str, int)) for p in parts) else None
        if isinstance(node, n.Add):
            left, right = self.fold(node.left, depth + 1), self.fold(node.right, depth + 1)
            if isinstance(left, str) and isinstance(right, str):
                return _cap(left + right)
            return left + right if isinstance(left, int) and isinstance(right, int) and abs(left) + abs(right) < 1 << 32 else None
        if isinstance(node, n.Mul):
            left, right = self.fold(node.left, depth + 1), self.fold(node.right, depth + 1)
            if isinstance(left, str) and isinstance(right, int) and 0 <= right * len(left) <= MAX_FOLD:
                return left * right
            return None
        if isinstance(node, n.Neg):
            value = self.fold(node.node, depth + 1)
            return -value if isinstance(value, int) else None
        if isinstance(node, n.Mod):
            return _percent(self.fold(node.left, depth + 1), self.fold(node.right, depth + 1))
        if isinstance(node, n.Getitem):
            return _index(self.fold(node.node, depth + 1), node.arg, self, depth)
        if isinstance(node, n.Filter):
            return self._filter(node, depth)
        if isinstance(node, n.Call):
            return self._call(node, depth)
        return None

    def _filter(self, node: Any, depth: int) -> Any:
        value = self.fold(node.node, depth + 1)
        args = [self.fold(a, depth + 1) for a in node.args]
        if value is None or any(a is None for a in args):
            return None
        name = node.name
        if name == "format":
            return _percent(value, args if len(args) != 1 else args[0])
        if name == "join" and isinstance(value, list):
            sep = args[0] if args and isinstance(args[0], str) else ""
            return _cap(sep.join(str(v) for v in value))
        if name == "replace" and isinstance(value, str) and len(args) >= 2 and all(isinstance(a, str) for a in args[:2]):
            return _cap(value.replace(args[0], args[1], 64))
        if name in ("reverse", "list", "first", "last", "string", "lower", "upper", "trim"):
            seq = list(value) if isinstance(value, str) and name in ("list", "first", "last") else value
            if name == "reverse" and isinstance(value, (str, list)):
                return value[::-1]
            if name in ("first", "last") and isinstance(seq, list) and seq:
                return seq[0] if name == "first" else seq[-1]
            if name == "list":
                return seq if isinstance(seq, list) else None
            if isinstance(value, str):
                return {"string": value, "lower": value.lower(), "upper": value.upper(), "trim": value.strip()}.get(name)
        return None

    def _call(self, node: Any, depth: int) -> Any:
        n = self.n
        if isinstance(node.node, n.Name) and node.node.name == "dict":
            return [kw.key for kw in node.kwargs]
        if not isinstance(node.node, n.Getattr):
            return None
        target = self.fold(node.node.node, depth + 1)
        args = [self.fold(a, depth + 1) for a in node.args]
        if not isinstance(target, str) or any(a is None for a in args):
            return None
        attr = node.node.attr
        if attr == "join" and args and isinstance(args[0], list):
            return _cap(target.join(str(v) for v in args[0]))
        if attr == "format" and re.fullmatch(r"(?:[^{}]|\{\d*\})*", target):
            try:
                return _cap(target.format(*args))
            except (IndexError, ValueError):
                return None
        if attr == "replace" and len(args) >= 2 and all(isinstance(a, str) for a in args[:2]):
            return _cap(target.replace(args[0], args[1], 64))
        if attr in ("lower", "upper", "strip") and not args:
            return getattr(target, attr)()
        return None


def _cap(text: str) -> str | None:
    return text if len(text) <= MAX_FOLD else None


def _percent(fmt: Any, args: Any) -> str | None:
    """Python %-formatting of constants, only for plain %c/%s/%d/%x/%% (no widths: no huge strings)."""
    if not isinstance(fmt, str) or not re.fullmatch(r"(?:[^%]|%[csdxo%])*", fmt):
        return None
    values = tuple(args) if isinstance(args, list) else (args,)
    try:
        return _cap(fmt % values)
    except (TypeError, ValueError, OverflowError):
        return None


def _index(value: Any, arg: Any, checker: _Checker, depth: int) -> Any:
    n = checker.n
    if not isinstance(value, (str, list)):
        return None
    if isinstance(arg, n.Slice):
        bounds = [checker.fold(x, depth + 1) if x is not None else None for x in (arg.start, arg.stop, arg.step)]
        if any(x is not None and not isinstance(x, int) for x in bounds) or bounds[2] == 0:
            return None
        return value[slice(*bounds)]
    key = checker.fold(arg, depth + 1)
    if isinstance(key, int) and -len(value) <= key < len(value):
        return value[key]
    return None

