"""Locating JSON/TOML values on their lines stays linear: a minified one-line JSON of thousands of ids was searched
from the start of its (only) line for every value (quadratic); each search now starts where the last value ended."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from scanner.discover import configtree
from scanner.discover.configtree import located


class _Line(str):
    scanned = 0

    def find(self, sub: str, start: int | None = None, end: int | None = None) -> int:  # type: ignore[override]
        lo = start or 0
        hi = len(self) if end is None else min(end, len(self))
        at = super().find(sub, lo, hi)
        _Line.scanned += (at + len(sub) if at >= 0 else hi) - lo
        return at

    def __contains__(self, sub: object) -> bool:  # a whole-line search
        _Line.scanned += len(self)
        return super().__contains__(sub)  # type: ignore[operator]


def _leaves(tree: object) -> list[object]:
    if isinstance(tree, dict):
        return [leaf for v in tree.values() for leaf in _leaves(v)]
    if isinstance(tree, list):
        return [leaf for v in tree for leaf in _leaves(v)]
    return [tree]


def test_a_minified_json_is_searched_once_not_once_per_value() -> None:
    data = {"models": [{"name": f"org{i}/Model-{i}-7B", "base": f"Qwen/Qwen2-{i}B"} for i in range(5000)]}
    text = json.dumps(data)
    _Line.scanned = 0
    tree = located(json.loads(text), [_Line(text), _Line("a\nb")])  # a line holding a newline: line-by-line search
    assert all(getattr(leaf, "line", None) == 1 for leaf in _leaves(tree))
    assert _Line.scanned <= 2 * len(text), _Line.scanned  # was ~ values x line length (quadratic)


def test_values_that_are_never_found_cost_a_bounded_search() -> None:
    text = json.dumps({"v": ["caf\u00e9-\"quoted\"" + str(i) for i in range(3000)]})  # escaped in the file: never found
    _Line.scanned = 0
    located(json.loads(text), [_Line(text), _Line("a\nb")])
    assert _Line.scanned <= 3000 * ((1 << 16) + 300)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Qwen/Qwen2-7B", "x", "gpt-4o", "a/b", "{", "}", '"', ", ", ": ", "k"]), max_size=40)
       .map("".join), st.lists(st.sampled_from(["Qwen/Qwen2-7B", "x", "gpt-4o", "a/b", "k", "b"]), max_size=12),
       st.integers(1, 5))
def test_joined_search_and_line_by_line_search_agree(text: str, values: list[str], cut: int) -> None:
    lines = [text[i:i + cut * 3] for i in range(0, len(text), cut * 3)] or [""]
    window = configtree._Window(lines)
    line, column = 0, 0
    for value in values:
        stop = min(len(lines), line + configtree.SEARCH_WINDOW)
        joined = window.find(value, line, column, stop)
        assert joined == configtree._line_by_line(lines, value, line, column, stop), (lines, value, line, column)
        if joined is not None:
            line, column = joined


def test_pretty_printed_values_get_their_own_lines() -> None:
    text = json.dumps({"a": "Qwen/Qwen2-7B", "b": ["x", "Qwen/Qwen2-7B", "deepseek-ai/DeepSeek-R1"]}, indent=2)
    tree = located(json.loads(text), text.splitlines())
    assert [leaf.line for leaf in _leaves(tree)] == [2, 4, 5, 6]  # type: ignore[attr-defined]
