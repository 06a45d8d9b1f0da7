"""Mappings and lists loaded from YAML that remember their lines (no PyYAML import: reading them is cheap)."""

from __future__ import annotations

from typing import Any


class LineDict(dict[str, Any]):
    """A mapping loaded from YAML; ``line`` is where it starts, ``key_lines`` where each key sits (1-based)."""

    line: int | None = None
    key_lines: dict[str, int]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_lines = {}

    def line_of(self, key: str) -> int | None:
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    """A sequence loaded from YAML; ``line`` is where it starts, ``item_lines`` where each item starts."""

    line: int | None = None
    item_lines: list[int]

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.item_lines = []


def line_of(node: Any, key: str | None = None) -> int | None:
    """Best-effort line of a loaded node (or of one key inside it)."""
    if isinstance(node, LineDict):
        return node.line_of(key) if key is not None else node.line
    if isinstance(node, LineList):
        return node.line
    return None
