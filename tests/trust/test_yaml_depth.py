"""Deeply nested YAML is refused before any recursive composer sees it.

PyYAML composes recursively: in C for libyaml, where the builds shipped with PyYAML 6.0 have no depth limit and
overflow the C stack (the process dies with SIGSEGV, found by the lower-bounds CI job on ``[`` * 64K in an
``environment.yml``), and in Python, where it raises RecursionError. Every reader of untrusted YAML calls
``yamlio.check_depth`` first; these tests prove the check is exact and that no reader hands deep text to PyYAML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from scanner.discover.configtree import load_tree
from scanner.discover.deps import _conda
from scanner.errors import ValidationError
from scanner.resolve.hub_local import card_metadata
from scanner.yamlio import MAX_DEPTH, TooDeep, check_depth, load_yaml_text

DEEP = {
    "flow": "[" * 5000 + "]" * 5000,
    "flow, unclosed": "[" * 64 * 1024,
    "flow with spaces and lines": "[ a,\n" * 3000,
    "flow mappings": "{a: " * 3000 + "}" * 3000,
    "block sequences by indent": "".join(" " * i + "-\n" for i in range(400)) + " " * 400 + "x\n",
    "block mappings by indent": "".join(" " * i + "a:\n" for i in range(400)),
    "compact sequences": "- " * 32 * 1024,
    "complex keys": "? " * 3000 + "x",
    "CR line breaks": "".join(" " * i + "a:\r" for i in range(400)),
    "U+2028 line breaks": "".join(" " * i + "a:\u2028" for i in range(400)),
}


def _nested(depth: int, style: str) -> Any:
    value: Any = "x"
    for level in range(depth):
        value = [value] if (style == "list" or (style == "mixed" and level % 2)) else {"k": value}
    return value


def _depth(text: str, *, until_error: bool = False) -> int:
    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        if not until_error:
            raise
    return deepest


@pytest.mark.parametrize("text", DEEP.values(), ids=DEEP.keys())
def test_deep_shapes_are_refused(text: str) -> None:
    try:
        check_depth(text)
    except TooDeep:
        return
    # Only a parser that refuses the text itself may pass it on: recent libyaml stops at 1,000 flow levels while
    # scanning, before any event (and before the composer), so the loaders report its error instead.
    with pytest.raises(yaml.YAMLError, match="nesting depth"):
        _depth(text)


@pytest.mark.parametrize("style", ["list", "dict", "mixed"])
@pytest.mark.parametrize("flow", [True, False, None])
def test_the_limit_is_exact(style: str, flow: bool | None) -> None:
    at_limit = yaml.safe_dump(_nested(MAX_DEPTH, style), default_flow_style=flow, width=10**6)
    check_depth(at_limit)
    assert yaml.load(at_limit, Loader=yaml.CSafeLoader) is not None
    with pytest.raises(TooDeep):
        check_depth(yaml.safe_dump(_nested(MAX_DEPTH + 1, style), default_flow_style=flow, width=10**6))


@settings(max_examples=150, deadline=None)
@given(depth=st.integers(1, MAX_DEPTH + 40), style=st.sampled_from(["list", "dict", "mixed"]),
       flow=st.sampled_from([True, False, None]), indent=st.integers(2, 9), prefix=st.sampled_from(["", "top:\n", "- "]))
def test_the_fast_path_never_passes_a_deep_document(depth: int, style: str, flow: bool | None, indent: int,
                                                    prefix: str) -> None:
    body = yaml.safe_dump(_nested(depth, style), default_flow_style=flow, indent=indent, width=10**6)
    text = prefix + body if prefix != "top:\n" else prefix + "".join("  " + line + "\n" for line in body.splitlines())
    try:
        real = _depth(text)
    except yaml.YAMLError:
        return  # the prefix made it invalid: the loaders report that themselves
    if real > MAX_DEPTH:
        with pytest.raises(TooDeep):
            check_depth(text)
    else:
        check_depth(text)


def test_real_configs_pass_and_stay_cheap() -> None:
    root = Path(__file__).resolve().parents[2]
    for path in [*root.joinpath("rules").rglob("*.yaml"), *root.joinpath("examples").rglob("*.y*ml")]:
        check_depth(path.read_text(encoding="utf-8"))


@pytest.fixture
def composers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every PyYAML entry point called with text deeper than the limit (none may be)."""
    seen: list[str] = []
    for name in ("load", "safe_load", "compose", "compose_all", "load_all", "safe_load_all"):
        real = getattr(yaml, name)

        def spy(stream: Any, *args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            if isinstance(stream, str) and _depth(stream, until_error=True) > MAX_DEPTH:
                seen.append(_name)
            return _real(stream, *args, **kwargs)

        monkeypatch.setattr(yaml, name, spy)
    return seen


@pytest.mark.parametrize("text", DEEP.values(), ids=DEEP.keys())
def test_no_reader_hands_deep_text_to_pyyaml(tmp_path: Path, composers: list[str], text: str) -> None:
    with pytest.raises(ValidationError) as error:
        load_yaml_text(text, source="policy.yaml")
    assert "nested deeper" in str(error.value) or "invalid YAML" in str(error.value)

    problems: list[str] = []
    assert load_tree("a.yaml", text, problems) is None
    assert problems  # named in the scan's errors; the coverage rule reports the file

    assert list(_conda(text)) == []
    assert card_metadata(f"---\n{text}\n---\n# card\n") == {}
    assert composers == []


def test_the_refusal_names_the_line() -> None:
    text = "ok: 1\nlist:\n" + "".join(" " * (i + 2) + "-\n" for i in range(300))
    with pytest.raises(ValidationError) as error:
        load_yaml_text(text, source="rules/pack.yaml")
    problem = error.value.problems[0]
    assert problem.file == "rules/pack.yaml" and problem.line is not None and problem.line > 100
    assert "nested deeper than 128 levels" in problem.message
