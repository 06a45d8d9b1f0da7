"""Parse YAML, JSON, TOML and INI into plain trees whose string leaves remember their line (``LStr``)."""

from __future__ import annotations

from typing import Any

MAX_NODES = 200_000
SEARCH_WINDOW = 200  # lines searched forward for a JSON/TOML value (values appear in file order)


class LStr(str):
    """A string leaf with the 1-based line it sits on."""

    line: int | None

    def __new__(cls, value: str, line: int | None) -> LStr:
        obj = super().__new__(cls, value)
        obj.line = line
        return obj


def load_tree(name: str, text: str) -> Any:
    """The document as dicts/lists/LStr, or None when it cannot be parsed (never raises for bad input)."""
    try:
        if name.endswith((".yaml", ".yml")):
            return _yaml(text)
        if name.endswith(".json"):
            import json

            return located(json.loads(text), text.splitlines())
        if name.endswith(".toml"):
            import tomllib

            return located(tomllib.loads(text), text.splitlines())
        if name.endswith((".ini", ".cfg", ".conf")):
            return _ini(text)
    except (ValueError, RecursionError, UnicodeError):
        return None
    except Exception as exc:  # noqa: BLE001 - yaml raises its own error tree
        if exc.__class__.__module__.startswith("yaml"):
            return None
        raise
    return None


def _yaml(text: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    budget = [MAX_NODES]
    docs = [_node(n, budget) for n in yaml.compose_all(text, Loader=loader) if n is not None]
    if not docs:
        return None
    return docs[0] if len(docs) == 1 else docs


def _node(node: Any, budget: list[int], depth: int = 0) -> Any:
    """Compose node -> plain tree; aliases are expanded, so a node budget stops "billion laughs" documents."""
    import yaml

    budget[0] -= 1
    if depth > 60 or budget[0] < 0:
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                out[str(key.value)] = _node(value, budget, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_node(v, budget, depth + 1) for v in node.value]
    if isinstance(node, yaml.ScalarNode):
        # a block scalar (``run: |``) starts on the line after its indicator
        return LStr(str(node.value), node.start_mark.line + (2 if node.style in ("|", ">") else 1))
    return None


def located(data: Any, lines: list[str]) -> Any:
    """Attach lines to JSON/TOML leaves by finding each value's text, scanning forward through the file."""
    cursor = [0]

    def find(value: str) -> int | None:
        if len(value) > 300:
            return None  # long text (prompts, data records) is never an id; do not search for it
        for i in range(cursor[0], min(len(lines), cursor[0] + SEARCH_WINDOW)):
            if value in lines[i]:
                cursor[0] = i
                return i + 1
        return None  # not on a line of its own (escaped, multi-line): no line rather than a rescan

    def walk(item: Any, depth: int) -> Any:
        if depth > 60:
            return None
        if isinstance(item, dict):
            return {str(k): walk(v, depth + 1) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(v, depth + 1) for v in item]
        if isinstance(item, str):
            return LStr(item, find(item) if item else None)
        if isinstance(item, bool):
            return LStr("true" if item else "false", None)
        return item

    return walk(data, 0)


def _ini(text: str) -> Any:
    tree: dict[str, Any] = {}
    section: dict[str, Any] = tree
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = tree.setdefault(line[1:-1].strip(), {})
            continue
        for sep in ("=", ":"):
            if sep in line:
                key, _, value = line.partition(sep)
                section[key.strip()] = LStr(value.strip(), number)
                break
    return tree
