"""Strings that classify model names rather than name a model: prefix lists, ``startswith``/``==``/``in`` checks.

``any(m.startswith(p) for p in ["gpt-", "o1"])``, ``name.startswith("deepseek-chat")``, ``model == "qwen-max"`` and
``"gpt-4" in model`` say which names the code *supports*; they load nothing. Such strings become ``mention`` records;
one that names a provider's family (``startswith("deepseek")``) carries that provider: the code supports it.
"""

from __future__ import annotations

import ast
import re
from itertools import islice

from ...models import RefKind
from ..base import Hit, line_at
from ..providers import provider_for_name
from .astwalk import Nodes, bfs, node_types_outside
from .textgate import folded

_PREFIX_CALLS = frozenset({"startswith", "endswith", "removeprefix", "removesuffix"})
MAX_NODES = 200_000
MAX_TEXT = 2_000_000  # characters; the text check is a regex pass, kept well inside the per-file time budget


_WORDS = (r"(?:gpt|chatgpt|o[134]|claude|gemini|gemma|qwen|qwq|deepseek|glm|llama|mistral|mixtral|codestral|command|grok|"
          r"kimi|moonshot|ernie|doubao|hunyuan|yi-|phi|text-embedding|whisper|dall-e|tts|sonar|jamba|nova|titan)")
# A file writes a support check when a prefix call or a comparison meets a model-ish string literal.
_SHAPES = re.compile(r"(?i)\.(?:startswith|endswith|removeprefix|removesuffix)\(|[=!]=\s*[rbf]?['\"]" + _WORDS +
                     r"|['\"]" + _WORDS + r"[^'\"\n]{0,60}['\"]\s*(?:[=!]=|(?:not\s+)?in\s)")


def support_strings(tree: ast.Module, text: str = "", nodes: Nodes | None = None) -> dict[tuple[int, str], str]:
    """(line, text) of every string in a support position -> how it is used (``startswith``, ``==``, ``in``, ``prefix-list``).
    ``text``: the source, to skip the walk when no such shape is written at all; ``nodes``: the module's shared walk."""
    if len(text) > MAX_TEXT or text and not _has_shapes(text):
        return {}  # (a multi-megabyte module is generated code: not worth a second walk)
    module_lists: dict[str, ast.expr] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, (ast.List, ast.Tuple, ast.Set)):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    module_lists[target.id] = stmt.value
    out: dict[tuple[int, str], str] = {}
    walked = nodes.all() if nodes is not None and nodes.tree is tree else bfs(tree)
    skip = _NOT_SUPPORT
    for node in islice(walked, MAX_NODES - 1):  # the budget: at most MAX_NODES - 1 nodes are looked at
        if type(node) in skip:
            continue  # (exact: such a node is none of the shapes below)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _PREFIX_CALLS:
            for arg in node.args:
                _mark(arg, node.func.attr, out, module_lists)
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(op, (ast.Eq, ast.NotEq, ast.In, ast.NotIn)) for op in node.ops) and not all(_literal(s) for s in sides):
                for side in sides:  # a named list on the right of ``in`` is a catalogue being consulted: left alone
                    _mark(side, "in" if any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops) else "==", out, {})
        elif isinstance(node, (ast.GeneratorExp, ast.ListComp, ast.SetComp)):
            gens = [g for g in node.generators if isinstance(g.target, ast.Name) and _listed(g.iter, module_lists)]
            if not gens or not _classifies(node.elt):
                continue
            uses = {n.id for n in ast.walk(node.elt) if isinstance(n, ast.Name)}
            for gen in gens:
                if isinstance(gen.target, ast.Name) and gen.target.id in uses:
                    _mark(gen.iter, "prefix-list", out, module_lists)
        elif isinstance(node, ast.For) and isinstance(node.target, ast.Name) and _listed(node.iter, module_lists) and len(node.body) <= 20:
            body = ast.Module(body=node.body, type_ignores=[])
            if _classifies(body) and any(isinstance(n, ast.Name) and n.id == node.target.id for n in ast.walk(body)):
                _mark(node.iter, "prefix-list", out, module_lists)
    return out


_NOT_SUPPORT = node_types_outside(ast.Call, ast.Compare, ast.GeneratorExp, ast.ListComp, ast.SetComp, ast.For)


def _has_shapes(text: str) -> bool:
    """``_SHAPES.search(text)``, answered without the regex when a prefix call is written (the common case)."""
    lowered = folded(text)
    if lowered is not None:
        if any(call in lowered for call in _PREFIX_CALL_TEXT):
            return True  # exact: the first alternative of _SHAPES is this literal, read case-insensitively
        if _QUOTED_WORD.search(lowered) is None:
            return False  # exact: the two other alternatives need a quote followed by one of _WORDS
    return _SHAPES.search(text) is not None


_PREFIX_CALL_TEXT = tuple(f".{name}(" for name in sorted(_PREFIX_CALLS))
_QUOTED_WORD = re.compile(r"['\"]" + _WORDS)  # on lower-cased text (textgate), so without IGNORECASE


def _listed(expr: ast.expr, module_lists: dict[str, ast.expr]) -> bool:
    """A literal list of strings, or a module-level one by name: what a prefix loop iterates over."""
    if isinstance(expr, ast.Name):
        return expr.id in module_lists
    return isinstance(expr, (ast.List, ast.Tuple, ast.Set)) and any(
        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in expr.elts)


def _literal(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Constant) or isinstance(expr, (ast.List, ast.Tuple, ast.Set)) and all(
        isinstance(e, ast.Constant) for e in expr.elts)


def _classifies(expr: ast.AST) -> bool:
    """Whether ``expr`` tests a string against another (a prefix call or an ``in``/``==`` comparison)."""
    for node in ast.walk(expr):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _PREFIX_CALLS:
            return True
        if isinstance(node, ast.Compare) and any(isinstance(op, (ast.Eq, ast.In, ast.NotIn)) for op in node.ops):
            return True
    return False


def _mark(expr: ast.expr, how: str, out: dict[tuple[int, str], str], module_lists: dict[str, ast.expr]) -> None:
    if isinstance(expr, ast.Name) and expr.id in module_lists:
        expr = module_lists[expr.id]
    items = expr.elts if isinstance(expr, (ast.List, ast.Tuple, ast.Set)) else [expr]
    for item in items:
        if isinstance(item, ast.Constant) and isinstance(item.value, str) and 0 < len(item.value) <= 100:
            out.setdefault((item.lineno, item.value), how)


# Family stems whose provider the name patterns cannot tell from the stem alone.
_FAMILIES = {"gpt": "openai", "chatgpt": "openai", "qwen": "dashscope", "qwq": "dashscope", "claude": "anthropic",
             "gemini": "google", "deepseek": "deepseek", "grok": "xai", "mistral": "mistral", "command": "cohere",
             "glm": "zhipu", "moonshot": "moonshot", "kimi": "moonshot", "ernie": "qianfan", "doubao": "volcengine"}


def family_provider(prefix: str) -> str | None:
    """The provider whose models a name prefix selects (``deepseek`` -> deepseek, ``gpt-`` -> openai), or None."""
    stem = prefix.rstrip("-_.").lower()
    from ..providers import LITELLM_PREFIXES

    return _FAMILIES.get(stem) or provider_for_name(stem + "-x") or LITELLM_PREFIXES.get(stem)


def to_mentions(hits: list[Hit], support: dict[tuple[int, str], str], text: str) -> list[Hit]:
    """Model hits whose string sits in a support position become mentions; provider families named there join."""
    if not support:
        return hits
    texts_by_line: dict[int, set[str]] = {}
    for line, value in support:
        texts_by_line.setdefault(line, set()).add(value)
    out: list[Hit] = []
    mentioned: set[tuple[int, str]] = set()
    for hit in hits:
        values = texts_by_line.get(hit.line or -1, set())
        if hit.kind in (RefKind.API_MODEL, RefKind.HF_MODEL, RefKind.OLLAMA, RefKind.MODELSCOPE_MODEL) and any(
                v == hit.identifier or v.endswith("/" + hit.identifier) for v in values):
            continue  # re-emitted below as a mention
        out.append(hit)
    for (line, value), how in sorted(support.items()):
        provider = provider_for_name(value)
        if provider is None and how in ("startswith", "prefix-list") and value[:1].isalpha():
            provider = family_provider(value)  # a family prefix: "deepseek", "gpt-", "claude-"
        if provider is None or (line, value) in mentioned:
            continue
        mentioned.add((line, value))
        out.append(Hit(kind=RefKind.MENTION, identifier=value, line=line, via=f"support:{how}", evidence=line_at(text, line),
                       provider=provider, confidence="low"))
    return out
