"""Every operator and combinator of the rule language, on the JSON shape of constructed records."""

from __future__ import annotations

import re
from typing import Any

import pytest
from packaging.specifiers import SpecifierSet

from scanner.models import FileIssue, LineageHop, Origin, Severity
from scanner.policy.conditions import OPERATORS, all_of, any_of, get_field, leaf, not_, prepare_value
from scanner.serialize import file_dict, model_dict

from .helpers import CN, US, model, model_file

DATA: dict[str, Any] = {
    "id": "Qwen/Qwen2.5-7B", "size": 2048, "ratio": 0.5, "flag": True, "empty": "", "none": None,
    "tags": ["a", "b"], "origin": {"country": "CN", "developer": "Alibaba Cloud"}, "version": "1.4.2", "spec": "==2.0.0",
    "date": "2026-05-01", "lineage": [{"origin": {"country": "US"}}, {"origin": {"country": "CN"}}],
}


def check(field: str, op: str, value: Any) -> bool:
    return leaf(field, op, prepare_value(op, value))(DATA)


def test_get_field_walks_mappings_and_lists() -> None:
    assert get_field(DATA, "origin.country") == "CN"
    assert get_field(DATA, "lineage.origin.country") == ["US", "CN"]
    assert get_field(DATA, "origin.missing") is None
    assert get_field(DATA, "none.deeper") is None
    assert get_field(DATA, "id.deeper") is None


@pytest.mark.parametrize(("field", "op", "value", "expected"), [
    ("origin.country", "eq", "CN", True),
    ("origin.country", "eq", "cn", False),  # exact
    ("flag", "eq", True, True),
    ("none", "eq", None, True),
    ("origin.country", "ne", "US", True),
    ("origin.country", "ne", "CN", False),
    ("none", "ne", "CN", True),
    ("origin.country", "in", ["CN", "RU"], True),
    ("origin.country", "in", ["US"], False),
    ("none", "in", ["CN"], False),
    ("tags", "in", ["b", "z"], True),  # list field: any item
    ("lineage.origin.country", "in", ["CN"], True),
    ("origin.country", "not_in", ["US"], True),
    ("origin.country", "not_in", ["CN"], False),
    ("none", "not_in", ["CN"], True),
    ("tags", "not_in", ["a"], False),
    ("id", "contains", "qwen", True),  # strings: case-insensitive substring
    ("id", "contains", "llama", False),
    ("tags", "contains", "a", True),
    ("tags", "contains", "z", False),
    ("tags", "contains", ["z", "b"], True),
    ("none", "contains", "a", False),
    ("id", "matches", r"^qwen/", False),
    ("id", "matches", r"(?i)^qwen/", True),
    ("id", "matches", r"Qwen2\.5", True),
    ("tags", "matches", "^b$", True),
    ("size", "matches", "2048", False),  # only strings match
    ("origin.country", "exists", True, True),
    ("none", "exists", True, False),
    ("empty", "exists", False, True),
    ("missing.path", "exists", False, True),
    ("tags", "exists", True, True),
    ("size", "gt", 1000, True),
    ("size", "gt", 2048, False),
    ("size", "gte", 2048, True),
    ("size", "lt", 4096, True),
    ("size", "lte", 2047, False),
    ("ratio", "lt", 1, True),
    ("size", "gt", "100", True),  # a numeric string compares as a number
    ("date", "gt", "2026-01-01", True),  # two strings compare as text: ISO dates work
    ("date", "lte", "2025-12-31", False),
    ("none", "gt", 0, False),
    ("flag", "gt", 0, False),  # booleans are not numbers
    ("version", "version", ">=1.4,<2", True),
    ("version", "version", "<1.4", False),
    ("spec", "version", "==2.*", True),  # '==X' pins are read as versions
    ("id", "version", ">=1", False),  # not a version
    ("none", "version", ">=1", False),
])
def test_operator(field: str, op: str, value: Any, expected: bool) -> None:
    assert check(field, op, value) is expected


def test_every_operator_is_tested() -> None:
    cases = test_operator.pytestmark[0].args[1]  # type: ignore[attr-defined]
    assert {op for _, op, _, _ in cases} == set(OPERATORS)


def test_combinators() -> None:
    yes = leaf("origin.country", "eq", "CN")
    no = leaf("origin.country", "eq", "US")
    assert all_of([yes, yes])(DATA) and not all_of([yes, no])(DATA)
    assert any_of([no, yes])(DATA) and not any_of([no, no])(DATA)
    assert not_(no)(DATA) and not not_(yes)(DATA)
    assert not_(any_of([no, all_of([yes, not_(no)])]))(DATA) is False


@pytest.mark.parametrize(("op", "value", "message"), [
    ("matches", "(", "invalid regular expression '(': missing ), unterminated subpattern at position 0"),
    ("matches", 3, "'matches' needs a regular expression string"),
    ("version", "=>1", "invalid version specifier '=>1'"),
    ("version", 1, "'version' needs a version specifier string such as '>=1.0,<2'"),
    ("in", "CN", "'in' needs a list (or a $variable that holds one)"),
    ("not_in", "CN", "'not_in' needs a list (or a $variable that holds one)"),
    ("exists", "yes", "'exists' needs true or false"),
    ("gt", [1], "'gt' needs a number or a string"),
    ("lte", True, "'lte' needs a number or a string"),
    ("contains", None, "'contains' needs a string, a value or a list of values"),
])
def test_bad_values_are_rejected_at_load(op: str, value: Any, message: str) -> None:
    with pytest.raises(ValueError) as exc:
        prepare_value(op, value)
    assert str(exc.value) == message


def test_values_are_compiled_at_load() -> None:
    assert isinstance(prepare_value("matches", "^a"), re.Pattern)
    assert isinstance(prepare_value("version", ">=1"), SpecifierSet)
    assert prepare_value("in", ["CN", "RU"]) == frozenset({"CN", "RU"})


def test_fields_address_the_serialized_records() -> None:
    hop = LineageHop(child="x/ft", parent="Qwen/Qwen2.5-7B", relation="finetune", source="card", origin=CN)
    data = model_dict(model("x/ft", origin=US, base=CN, lineage=(hop,), formats=("pickle",)))
    assert leaf("lineage.origin.country", "in", frozenset({"CN"}))(data)
    assert leaf("base.country", "eq", "CN")(data)
    assert leaf("formats", "contains", "pickle")(data)
    issue = FileIssue(code="pickle-dangerous-import", severity=Severity.CRITICAL, message="os.system")
    fdata = file_dict(model_file(verdict="unsafe", issues=(issue,)))
    assert leaf("issues.code", "in", frozenset({"pickle-dangerous-import"}))(fdata)
    assert leaf("issues.severity", "eq", ["critical"])(fdata)
    assert not leaf("origin.country", "eq", "CN")(model_dict(model(origin=Origin())))
