"""Locating JSON/TOML values on their lines stays linear: a minified one-line JSON of thousands of ids was searched
from the start of its (only) line for every value (quadratic); each search now starts where the last value ended."""

from __future__ import annotations

import json

import pytest
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


def _eager_lines(tree: object) -> list[object]:
    return [getattr(leaf, "line", None) for leaf in _leaves(tree)]


_VALUES = ["Qwen/Qwen2-7B", "gpt-4o", "", "a b", "x" * 400, "é/ü", 'q"uote', "Qwen/Qwen2-7B"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["model", "name", "prompt", "x"]), st.sampled_from(_VALUES)), max_size=25),
       st.booleans(), st.randoms(use_true_random=False))
def test_lines_found_on_demand_match_finding_them_all_in_order(pairs: list[tuple[str, str]], minified: bool, rnd: object) -> None:
    """Leaves find their lines when asked, in any order, and get the answers of a search of every leaf in document
    order (the search cursor only moves forward): asking backwards or skipping leaves changes nothing."""
    data = {"items": [{k: v} for k, v in pairs], "tail": [v for _, v in pairs]}
    text = json.dumps(data, ensure_ascii=False) if minified else json.dumps(data, indent=2, ensure_ascii=False)
    lines = text.split("\n")
    forward = _eager_lines(located(json.loads(text), lines))
    shuffled_tree = located(json.loads(text), lines)
    leaves = _leaves(shuffled_tree)
    order = list(range(len(leaves)))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    asked = {i: getattr(leaves[i], "line", None) for i in order}
    assert [asked[i] for i in range(len(leaves))] == forward


def test_a_data_file_naming_no_model_is_never_searched(monkeypatch: pytest.MonkeyPatch) -> None:
    """A few hundred KB of prompts: the walk asks no leaf for its line, so no value is searched for; a document that
    names a model searches only up to that leaf."""
    from scanner.discover.configwalk import walk_tree

    searched: list[str] = []
    real = configtree._Locator._find
    monkeypatch.setattr(configtree._Locator, "_find", lambda self, value: searched.append(value) or real(self, value))
    rows = [{"instruction": f"Write a poem about the sea, number {i}.", "input": "", "output": "The sea is wide " * 20} for i in range(2000)]
    text = json.dumps(rows, indent=2)
    assert list(walk_tree(located(json.loads(text), text.split("\n")))) == []
    assert searched == []
    text = json.dumps({"model_name_or_path": "Qwen/Qwen2-7B", "rows": rows}, indent=2)
    hits = list(walk_tree(located(json.loads(text), text.split("\n"))))
    assert [(h.identifier, h.line) for h in hits] == [("Qwen/Qwen2-7B", 2)]
    assert searched == ["Qwen/Qwen2-7B"]


def test_a_leaf_copied_or_pickled_is_a_plain_leaf_with_its_line() -> None:
    import copy
    import pickle

    text = '{\n  "a": "x",\n  "model": "Qwen/Qwen2-7B"\n}'
    tree = located(json.loads(text), text.split("\n"))
    for clone in (pickle.loads(pickle.dumps(tree["model"])), copy.deepcopy(tree["model"]), copy.copy(tree["model"])):
        assert type(clone) is configtree.LStr and clone == "Qwen/Qwen2-7B" and clone.line == 3
