"""Every validation error of a policy file: exact message with file:line and rule id; all collected, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import main
from scanner.errors import PolicyError
from scanner.policy import load_policy

from .helpers import variables

RULE = """\
version: 1
rules:
  - id: ORG-001
    title: Chinese model
    subject: model
    severity: high
    when: {field: origin.country, op: in, value: [CN]}
    message: "{id} is Chinese"
"""


def problems(tmp_path: Path, text: str, **kwargs: object) -> list[str]:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as exc:
        load_policy((str(path),), variables(), **kwargs)  # type: ignore[arg-type]
    return [str(p).replace(str(tmp_path) + "/", "") for p in exc.value.problems]


def swap(old: str, new: str) -> str:
    assert old in RULE
    return RULE.replace(old, new)


LOOKUP = "(allowed: eq, ne, in, not_in, contains, matches, exists, gt, gte, lt, lte, version)"
RULE_KEYS = "(allowed: id, title, description, subject, severity, when, message, remediation, reference, paths, contexts, enabled)"


@pytest.mark.parametrize(("text", "expected"), [
    (RULE + "colour: red\n", "p.yaml:9: unknown key 'colour' (allowed: version, name, description, extends, rules, overrides, ignore)"),
    (RULE.replace("version: 1", "version: 2"), "p.yaml:1: unsupported version 2 (supported: 1)"),
    (RULE + "    colour: red\n", f"p.yaml:9: rule ORG-001: unknown key 'colour' {RULE_KEYS}"),
    (swap("    title: Chinese model\n", ""), "p.yaml:3: rule ORG-001: missing 'title'"),
    (swap("severity: high", "severity: severe"), "p.yaml:6: rule ORG-001: unknown severity 'severe' (expected one of: info, low, medium, high, critical)"),
    (swap("subject: model", "subject: modle"), "p.yaml:5: rule ORG-001: unknown subject 'modle' (allowed: model, package, file, reference, coverage)"),
    (swap("op: in", "op: equals"), f"p.yaml:7: rule ORG-001, when: unknown operator 'equals' {LOOKUP}"),
    (swap("field: origin.country", "field: origin.contry"),
     "p.yaml:7: rule ORG-001, when: unknown field 'origin.contry' for subject model (did you mean: origin.country, lineage.origin.country, origin.source?)"),
    (swap("field: origin.country", "field: verdict"), "p.yaml:7: rule ORG-001, when: unknown field 'verdict' for subject model"),
    (swap("value: [CN]", "value: $countries_of_concen"),
     "p.yaml:7: rule ORG-001, when: unknown variable $countries_of_concen (known: $EU, $FVEY, $countries_of_concern, $developers_of_concern, $home, "
     "$home_countries, $providers_of_concern, $trusted_countries)"),
    (swap("op: in, value: [CN]", "op: matches, value: '[CN'"),
     "p.yaml:7: rule ORG-001, when: invalid regular expression '[CN': unterminated character set at position 0"),
    (swap("op: in, value: [CN]", "op: version, value: '=>1'"), "p.yaml:7: rule ORG-001, when: invalid version specifier '=>1'"),
    (swap("op: in, value: [CN]", "op: in, value: CN"), "p.yaml:7: rule ORG-001, when: 'in' needs a list (or a $variable that holds one)"),
    (swap("op: in, value: [CN]", "op: in"), "p.yaml:7: rule ORG-001, when: missing 'value' for 'in'"),
    (swap("{field: origin.country, op: in, value: [CN]}", "{field: origin.country, value: [CN]}"), "p.yaml:7: rule ORG-001, when: missing 'op'"),
    (swap("{field: origin.country, op: in, value: [CN]}", "{op: eq, value: CN}"), "p.yaml:7: rule ORG-001, when: missing 'field'"),
    (swap("value: [CN]}", "value: [CN], weight: 2}"), "p.yaml:7: rule ORG-001, when: unknown key 'weight' (a condition has field, op, value; or all/any/not)"),
    (swap("    when: {field: origin.country, op: in, value: [CN]}\n",
          "    when:\n      any:\n        - {field: id, op: eq, value: a}\n        - {field: id, op: gte}\n"),
     "p.yaml:10: rule ORG-001, when.any[1]: missing 'value' for 'gte'"),
    (swap("    when: {field: origin.country, op: in, value: [CN]}\n", "    when:\n      all: []\n"),
     "p.yaml:8: rule ORG-001, when.all: needs a non-empty list of conditions"),
    (swap("    when: {field: origin.country, op: in, value: [CN]}\n", "    when:\n      not: {field: id, op: eq, value: a}\n      any: []\n"),
     "p.yaml:8: rule ORG-001, when: 'any' must stand alone in its mapping (also found: not)"),
    (swap("    when: {field: origin.country, op: in, value: [CN]}\n", "    when: [origin.country]\n"),
     "p.yaml:7: rule ORG-001, when: a condition must be a mapping: {field, op, value} or one of all/any/not"),
    (swap("op: in, value: [CN]", "op: eq, value: 'false'").replace("origin.country", "pinned"),
     "p.yaml:7: rule ORG-001, when: value 'false' does not fit field 'pinned' (true/false)"),
    (swap("op: in, value: [CN]", "op: eq, value: NO"),
     "p.yaml:7: rule ORG-001, when: value False does not fit field 'origin.country' (text); YAML reads unquoted yes/no/on/off/true/false as booleans: quote text"),  # noqa: E501
    (swap("op: in, value: [CN]", "op: in, value: [CN, 1]"), "p.yaml:7: rule ORG-001, when: value 1 does not fit field 'origin.country' (text)"),
    (swap("field: origin.country, op: in, value: [CN]", "field: formats, op: eq, value: pickle"),
     "p.yaml:7: rule ORG-001, when: field 'formats' is a list; 'eq' compares the whole list: use contains, in or not_in to test its items"),
    (swap("field: origin.country, op: in, value: [CN]", "field: origin, op: eq, value: CN"),
     "p.yaml:7: rule ORG-001, when: field 'origin' is a mapping; address one of its fields: origin.confidence, origin.country, origin.developer, origin.source"),  # noqa: E501
    (swap("field: origin.country, op: in, value: [CN]", "field: pinned, op: contains, value: x"),
     "p.yaml:7: rule ORG-001, when: 'contains' needs a text or list field; 'pinned' holds true/false"),
    (swap("subject: model", "subject: file").replace('"{id} is Chinese"', '"{path}"').replace("field: origin.country, op: in, value: [CN]", "field: size, op: gt, value: big"),  # noqa: E501
     "p.yaml:7: rule ORG-001, when: value 'big' does not fit field 'size' (a number)"),
    (swap('"{id} is Chinese"', '"{id} from {origin.contry}"'),
     "p.yaml:8: rule ORG-001: unknown field 'origin.contry' in message for subject model (did you mean: origin.country, lineage.origin.country, origin.source?)"),  # noqa: E501
    (swap("id: ORG-001", "id: 'ORG 001'"), "p.yaml:3: rule ORG 001: invalid rule id (letters, digits, '-', '_' and '.', starting with a letter)"),
    (swap("title: Chinese model", "title: ''"), "p.yaml:4: rule ORG-001: 'title' must be a non-empty string"),
    (RULE + "    contexts: [code, prod]\n", "p.yaml:9: rule ORG-001: unknown context 'prod' (allowed: code, config, infra, notebook, test, docs, catalog)"),
    (RULE + "    paths: {include: [app/**], exclde: [x]}\n", "p.yaml:9: rule ORG-001: unknown key 'paths.exclde' (allowed: include, exclude)"),
    (RULE + "    paths: {include: app}\n", None),  # a single string is accepted as a one-item list
    (RULE + "    paths: {exclude: [1]}\n", "p.yaml:9: rule ORG-001: 'paths.exclude' must be a list of strings"),
    (RULE + "    enabled: maybe\n", "p.yaml:9: rule ORG-001: 'enabled' must be true or false"),
    (RULE + "  - id: ORG-001\n    title: t\n    subject: model\n    severity: low\n    when: {field: id, op: eq, value: a}\n    message: m\n",
     "p.yaml:9: rule ORG-001: duplicate rule id (first defined at line 3)"),
    (RULE + "  - just a string\n", "p.yaml:9: rules[1]: a rule must be a mapping"),
    (RULE + "extends: [nosuch]\n", "p.yaml:9: extends: no such built-in pack 'nosuch' (built-in packs: default, security, strict)"),
    (RULE + "extends: [./missing.yaml]\n", "p.yaml:9: extends: no such policy file './missing.yaml' (built-in packs: default, security, strict)"),
    (RULE + "overrides:\n  - {id: NOPE-1, severity: low}\n", "p.yaml:10: override NOPE-1: unknown rule id"),
    (RULE + "overrides:\n  - {id: ORG-001, severity: urgent}\n", "p.yaml:10: override ORG-001: unknown severity 'urgent' (expected one of: info, low, medium, high, critical)"),  # noqa: E501
    (RULE + "overrides:\n  - {id: ORG-001, enabled: no-way}\n", "p.yaml:10: override ORG-001: 'enabled' must be true or false"),
    (RULE + "overrides:\n  - {id: ORG-001, level: low}\n", "p.yaml:10: override ORG-001: unknown key 'level' (allowed: id, severity, enabled)"),
    (RULE + "overrides:\n  - {id: ORG-001}\n", "p.yaml:10: override ORG-001: an override changes 'severity' or 'enabled'"),
    (RULE + "overrides:\n  - {severity: low}\n", "p.yaml:10: overrides: each override needs an 'id'"),
    (RULE + "overrides: {id: ORG-001}\n", "p.yaml:9: overrides: must be a list"),
    (RULE + "ignore:\n  - {id: ORG-001, model: a/b}\n", "p.yaml:10: ignore ORG-001: missing 'reason': say why this is accepted"),
    (RULE + "ignore:\n  - {id: ORG-001, reason: ok, expires: 2027-13-01}\n", "p.yaml:10: ignore ORG-001: invalid date '2027-13-01' for 'expires' (use YYYY-MM-DD)"),  # noqa: E501
    (RULE + "ignore:\n  - {id: ORG-001, reason: ok, modle: a/b}\n", "p.yaml:10: ignore ORG-001: unknown key 'modle' (allowed: id, model, package, file, path, reason, expires)"),  # noqa: E501
    (RULE + "ignore:\n  - {reason: ok}\n", "p.yaml:10: ignore[0]: missing 'id' (a rule id; globs such as AIS-LICENSE-* allowed)"),
    (RULE + "ignore:\n  - {id: ORG-001, reason: ok, model: ''}\n", "p.yaml:10: ignore ORG-001: 'model' must be a non-empty string (a glob)"),
    ("version: 1\nrules: [\n", "p.yaml:3: invalid YAML: expected the node content, but found '<stream end>'"),
    ("- a\n- b\n", "p.yaml:1: a policy must be a mapping with 'version' and 'rules'"),
])
def test_error_message(tmp_path: Path, text: str, expected: str | None) -> None:
    if expected is None:
        path = tmp_path / "p.yaml"
        path.write_text(text, encoding="utf-8")
        load_policy((str(path),), variables())
        return
    assert problems(tmp_path, text) == [expected]


def test_every_problem_is_collected_in_line_order(tmp_path: Path) -> None:
    text = swap("severity: high", "severity: severe").replace("op: in", "op: equals") + "    colour: red\n"
    text += "overrides:\n  - {id: NOPE-1, severity: low}\n"
    assert problems(tmp_path, text) == [
        "p.yaml:6: rule ORG-001: unknown severity 'severe' (expected one of: info, low, medium, high, critical)",
        f"p.yaml:7: rule ORG-001, when: unknown operator 'equals' {LOOKUP}",
        f"p.yaml:9: rule ORG-001: unknown key 'colour' {RULE_KEYS}",
        "p.yaml:11: override NOPE-1: unknown rule id",
    ]


def test_problems_in_an_extended_file_name_that_file(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(swap("severity: high", "severity: severe"), encoding="utf-8")
    text = "version: 1\nextends: [base.yaml]\noverrides:\n  - {id: ORG-001, enabled: false}\n"
    assert problems(tmp_path, text) == [
        "base.yaml:6: rule ORG-001: unknown severity 'severe' (expected one of: info, low, medium, high, critical)",
        "p.yaml:4: override ORG-001: unknown rule id",
    ]


def test_config_ignore_and_override_entries_are_validated(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(RULE, encoding="utf-8")
    with pytest.raises(PolicyError) as exc:
        load_policy((str(path),), variables(), overrides=({"id": "X-9", "severity": "low"},), ignores=({"id": "ORG-001"},), config_source=".aiscan.yaml")
    assert [str(p) for p in exc.value.problems] == [
        ".aiscan.yaml: override X-9: unknown rule id",
        ".aiscan.yaml: ignore ORG-001: missing 'reason': say why this is accepted",
    ]


def test_unknown_pack_on_the_command_line() -> None:
    with pytest.raises(PolicyError) as exc:
        load_policy(("nosuch",), variables())
    assert str(exc.value) == "nosuch: no such policy file or built-in pack (built-in packs: default, security, strict)"


def test_rules_check_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(RULE + "extends: [strict]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "--check", str(good)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{good}: valid (26 rule(s))\n"  # strict adds AIS-CATALOG-001; default AIS-COVERAGE-001 and -002, AIS-CODE-003, AIS-REV-002
    bad = tmp_path / "bad.yaml"
    bad.write_text(swap("severity: high", "severity: severe").replace("op: in", "op: equals"), encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "--check", str(bad)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{bad}:6: rule ORG-001: unknown severity 'severe' (expected one of: info, low, medium, high, critical)",
        f"{bad}:7: rule ORG-001, when: unknown operator 'equals' {LOOKUP}",
        f"aiscan: error: 2 problem(s) in {bad}",
    ]


def test_builtin_packs_are_valid() -> None:
    for pack in ("default", "strict", "security"):
        result = CliRunner().invoke(main, ["rules", "--check", pack])
        assert result.exit_code == 0, result.stderr
