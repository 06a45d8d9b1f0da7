"""dumps_indent2 is json.dumps(indent=2, ensure_ascii=False), byte for byte, on random values and on a real report."""

from __future__ import annotations

import enum
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanner.report.jsonfast import dumps_indent2


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 4


class Name(str):
    pass


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(), st.sampled_from(["\u2028", "\x00", '"\\', "é中🙂", "\ud800"]),
    st.sampled_from([Level.LOW, Level.HIGH, Name("sub"), -0.0, math.nan]),
)
keys = st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none())
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.lists(inner, max_size=3).map(tuple),
                            st.dictionaries(keys, inner, max_size=5)),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(values)
def test_same_text_as_json_dumps(value: Any) -> None:
    assert dumps_indent2(value) == json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("value", [{}, [], (), {"a": {}}, {"a": []}, [[], {}], "", 0, 1.5, None, True, {1: 2, None: 3, 2.5: 4, False: 5}])
def test_edge_values(value: Any) -> None:
    assert dumps_indent2(value) == json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("value", [{"a": object()}, [b"bytes"], {(1, 2): 3}, {1, 2}])
def test_same_errors(value: Any) -> None:
    with pytest.raises(TypeError):
        json.dumps(value, indent=2, ensure_ascii=False)
    with pytest.raises(TypeError):
        dumps_indent2(value)


def test_report_of_an_example_is_unchanged(tmp_path: Any) -> None:
    from pathlib import Path

    from scanner.config import build_config
    from scanner.pipeline import run_scan
    from scanner.report.json_report import JsonReporter
    from scanner.serialize import report_dict

    root = Path(__file__).resolve().parents[2] / "examples" / "rag-service"
    report = run_scan(build_config(root, config_path=None, cli={"offline": True}))
    text = JsonReporter().render(report)
    assert text == json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
    assert json.loads(text)["references"]
