"""Suppressions: inline comments (every comment syntax), config ignore entries with expiry, and the meta findings."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from scanner.models import Context, Location, RefKind
from scanner.policy.inline import SourceLines, parse_line
from scanner.policy.suppress import apply_suppressions

from .helpers import CN, TODAY, ids, model, model_file, package, policy_from, ref, run

RULES = """\
version: 1
rules:
  - id: ORG-001
    title: Chinese model
    subject: model
    severity: high
    when: {field: origin.country, op: eq, value: CN}
    message: "{id}"
  - id: ORG-002
    title: Any model
    subject: model
    severity: low
    when: {field: id, op: exists}
    message: "{id}"
"""


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "proj"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def qwen_at(path: str, line: int, kind: RefKind = RefKind.HF_MODEL) -> object:
    return model("Qwen/Qwen2.5-7B", origin=CN, refs=(ref("Qwen/Qwen2.5-7B", path=path, line=line, kind=kind),))


@pytest.mark.parametrize(("line", "expected"), [
    ("x = load('Qwen/Qwen2.5-7B')  # aiscan: ignore[ORG-001] approved by legal", (("ORG-001",), "approved by legal")),
    ("# aiscan: ignore[ORG-001, ORG-002]: pilot only", (("ORG-001", "ORG-002"), "pilot only")),
    ("const m = 'qwen'; // aiscan: ignore[ORG-001] js reason", (("ORG-001",), "js reason")),
    ("SELECT 1 -- aiscan: ignore[ORG-001] sql reason", (("ORG-001",), "sql reason")),
    ("<!-- aiscan: ignore[ORG-001] docs reason -->", (("ORG-001",), "docs reason")),
    ("/* aiscan: ignore[ORG-001] c reason */", (("ORG-001",), "c reason")),
    ("key = value ; aiscan: ignore[ORG-001] ini reason", (("ORG-001",), "ini reason")),
    ("# AIScan: Ignore[ORG-001]", (("ORG-001",), "")),
    ("# aiscan: ignore", ((), "")),
    ("# aiscan: ignore because I said so", ((), "because I said so")),
    ("model = 'aiscan: ignore[ORG-001]'", None),  # not in a comment
    ("# aiscan: ignored[ORG-001]", None),
    ("plain line", None),
])
def test_parse_line(line: str, expected: tuple[tuple[str, ...], str] | None) -> None:
    assert parse_line(line) == expected


@pytest.mark.parametrize(("name", "text", "line"), [
    ("app/main.py", "import x\nm = load('Qwen/Qwen2.5-7B')  # aiscan: ignore[ORG-001] approved\n", 2),
    ("app/main.py", "import x\n# aiscan: ignore[ORG-001] approved\nm = load('Qwen/Qwen2.5-7B')\n", 3),  # line above
    ("config.yaml", "model:\n  name: Qwen/Qwen2.5-7B  # aiscan: ignore[ORG-001] approved\n", 2),
    ("Dockerfile", "FROM python\n# aiscan: ignore[ORG-001] approved\nRUN huggingface-cli download Qwen/Qwen2.5-7B\n", 3),
    ("run.sh", "#!/bin/sh\nvllm serve Qwen/Qwen2.5-7B # aiscan: ignore[ORG-001] approved\n", 2),
    ("web/app.ts", "// aiscan: ignore[ORG-001] approved\nconst m = 'Qwen/Qwen2.5-7B';\n", 2),
    ("db/seed.sql", "INSERT INTO m VALUES ('Qwen/Qwen2.5-7B'); -- aiscan: ignore[ORG-001] approved\n", 1),
    ("docs/page.html", "<!-- aiscan: ignore[ORG-001] approved -->\n<code>Qwen/Qwen2.5-7B</code>\n", 2),
])
def test_inline_ignore_in_any_text_file(tmp_path: Path, name: str, text: str, line: int) -> None:
    root = project(tmp_path, {name: text})
    policy = policy_from(tmp_path, RULES)
    found = run(policy, models=(qwen_at(name, line),), root=root)
    by_rule = {f.rule_id: f for f in found}
    assert by_rule["ORG-001"].suppressed_by == "inline: approved"
    assert by_rule["ORG-002"].suppressed_by is None  # names only ORG-001


def test_inline_ignore_two_lines_above_does_not_count(tmp_path: Path) -> None:
    root = project(tmp_path, {"a.py": "# aiscan: ignore[ORG-001] approved\n\nm = 'Qwen/Qwen2.5-7B'\n"})
    found = run(policy_from(tmp_path, RULES), models=(qwen_at("a.py", 3),), root=root)
    assert all(f.suppressed_by is None for f in found)


def test_a_finding_at_several_places_needs_every_place_ignored(tmp_path: Path) -> None:
    root = project(tmp_path, {"a.py": "m = 'Qwen/Qwen2.5-7B'  # aiscan: ignore[ORG-001] ok here\n", "b.py": "m = 'Qwen/Qwen2.5-7B'\n"})
    policy = policy_from(tmp_path, RULES)
    refs = (ref("Qwen/Qwen2.5-7B", path="a.py", line=1), ref("Qwen/Qwen2.5-7B", path="b.py", line=1))
    found = run(policy, models=(model("Qwen/Qwen2.5-7B", origin=CN, refs=refs),), root=root)
    assert [f.suppressed_by for f in found if f.rule_id == "ORG-001"] == [None]
    (root / "b.py").write_text("m = 'Qwen/Qwen2.5-7B'  # aiscan: ignore[ORG-001] and here\n", encoding="utf-8")
    found = run(policy, models=(model("Qwen/Qwen2.5-7B", origin=CN, refs=refs),), root=root)
    assert [f.suppressed_by for f in found if f.rule_id == "ORG-001"] == ["inline: ok here; and here"]


def test_bare_ignore_is_a_finding_and_suppresses_nothing(tmp_path: Path) -> None:
    root = project(tmp_path, {"a.py": "import x\nm = 'Qwen/Qwen2.5-7B'  # aiscan: ignore\n"})
    found = run(policy_from(tmp_path, RULES), models=(qwen_at("a.py", 2),), root=root)
    assert all(f.suppressed_by is None for f in found)
    (meta,) = [f for f in found if f.rule_id == "AIS-META-001"]
    assert meta.message == "a.py:2: 'aiscan: ignore' names no rule and suppresses nothing"
    assert meta.subject == "a.py:2" and meta.subject_kind == "policy" and meta.severity.label == "low"
    assert [str(loc) for loc in meta.locations] == ["a.py:2"]


def test_notebook_cells(tmp_path: Path) -> None:
    import json

    cells = [{"cell_type": "markdown", "source": ["# title"]},
             {"cell_type": "code", "source": ["import x\n", "m = 'Qwen/Qwen2.5-7B'  # aiscan: ignore[ORG-001] demo only\n"]}]
    root = project(tmp_path, {"nb.ipynb": json.dumps({"cells": cells})})
    location = Location(path="nb.ipynb", line=2, cell=2)  # cells count from 1, lines within the cell
    qwen = model("Qwen/Qwen2.5-7B", origin=CN, refs=(dataclasses.replace(ref("Qwen/Qwen2.5-7B", context=Context.NOTEBOOK), location=location),))
    found = run(policy_from(tmp_path, RULES), models=(qwen,), root=root)
    assert [f.suppressed_by for f in found if f.rule_id == "ORG-001"] == ["inline: demo only"]


def test_files_are_read_once_and_only_when_they_have_findings(tmp_path: Path) -> None:
    root = project(tmp_path, {"a.py": "m = 1\n" * 5, "untouched.py": "x\n"})
    source = SourceLines(root)
    for line in (1, 2, 3, 5):
        source.ignores_at(ref(path="a.py", line=line).location)
    assert source.reads == 1


def test_config_ignore_entries_match_subjects(tmp_path: Path) -> None:
    text = RULES + """\
  - id: ORG-003
    title: file
    subject: file
    severity: high
    when: {field: verdict, op: eq, value: unsafe}
    message: "{path}"
  - id: ORG-004
    title: pkg
    subject: package
    severity: high
    when: {field: country, op: eq, value: CN}
    message: "{name}"
ignore:
  - {id: ORG-001, model: "qwen/*", reason: approved by legal}
  - {id: ORG-003, file: "fixtures/**", reason: test fixture}
  - {id: ORG-004, package: "DashScope", reason: vendor contract}
  - {id: "ORG-00?", path: "legacy/**", reason: frozen code}
"""
    policy = policy_from(tmp_path, text)
    models = (qwen_at("app.py", 1), model("acme/x", refs=(ref("acme/x", path="legacy/old.py"),)))
    files = (model_file("fixtures/evil.pkl", verdict="unsafe"), model_file("models/evil.pkl", verdict="unsafe"))
    found = run(policy, models=models, files=files, packages=(package("dashscope"),))  # type: ignore[arg-type]
    got = {(f.rule_id, f.subject): f.suppressed_by for f in found}
    assert got == {
        ("ORG-001", "Qwen/Qwen2.5-7B"): "config: approved by legal",
        ("ORG-002", "Qwen/Qwen2.5-7B"): None,
        ("ORG-002", "acme/x"): "config: frozen code",
        ("ORG-003", "fixtures/evil.pkl"): "config: test fixture",
        ("ORG-003", "models/evil.pkl"): None,
        ("ORG-004", "dashscope"): "config: vendor contract",
    }


def test_expired_entry_stops_suppressing_and_says_so(tmp_path: Path) -> None:
    text = RULES + "ignore:\n  - {id: ORG-001, model: Qwen/Qwen2.5-7B, reason: pilot, expires: 2026-05-31}\n"
    policy = policy_from(tmp_path, text)
    models = (qwen_at("app.py", 1),)
    before = run(policy, models=models, today=dt.date(2026, 5, 31))  # the expiry day itself still counts
    assert [f.suppressed_by for f in before if f.rule_id == "ORG-001"] == ["config: pilot"]
    assert "AIS-META-002" not in {f.rule_id for f in before}
    after = run(policy, models=models, today=dt.date(2026, 6, 1))
    assert [f.suppressed_by for f in after if f.rule_id == "ORG-001"] == [None]
    (meta,) = [f for f in after if f.rule_id == "AIS-META-002"]
    where = f"{tmp_path}/p.yaml:16"
    assert meta.message == f"{where}: ignore entry for ORG-001 expired on 2026-05-31 and no longer suppresses (pilot)"
    assert meta.severity.label == "low" and meta.suppressed_by is None


def test_expired_entry_location_is_relative_to_the_root(tmp_path: Path) -> None:
    root = project(tmp_path, {"policy.yaml": RULES + "ignore:\n  - {id: ORG-002, reason: old, expires: 2020-01-01}\n"})
    policy = policy_from(root, (root / "policy.yaml").read_text(), name="policy.yaml")
    (meta,) = [f for f in run(policy, root=root) if f.rule_id == "AIS-META-002"]
    assert [str(loc) for loc in meta.locations] == ["policy.yaml:16"]


def test_meta_rules_can_be_overridden(tmp_path: Path) -> None:
    text = RULES + "overrides:\n  - {id: AIS-META-001, severity: high}\n  - {id: AIS-META-002, enabled: false}\n"
    text += "ignore:\n  - {id: ORG-002, reason: old, expires: 2020-01-01}\n"
    root = project(tmp_path, {"a.py": "m = 'Qwen/Qwen2.5-7B'  # aiscan: ignore\n"})
    found = run(policy_from(tmp_path, text), models=(qwen_at("a.py", 1),), root=root)
    assert {f.rule_id: f.severity.label for f in found if f.rule_id.startswith("AIS-META")} == {"AIS-META-001": "high"}


def test_precedence_inline_then_config_then_baseline(tmp_path: Path) -> None:
    root = project(tmp_path, {"a.py": "m = 'Qwen/Qwen2.5-7B'  # aiscan: ignore[ORG-001] inline reason\n"})
    policy = policy_from(tmp_path, RULES + "ignore:\n  - {id: ORG-00*, reason: config reason}\n")
    findings = run(policy, models=(qwen_at("a.py", 1),), root=root)
    assert {f.rule_id: f.suppressed_by for f in findings} == {"ORG-001": "inline: inline reason", "ORG-002": "config: config reason"}
    policy = policy_from(tmp_path, RULES)
    prints = frozenset(f.fingerprint for f in run(policy, models=(qwen_at("a.py", 1),)))
    findings = run(policy, models=(qwen_at("a.py", 1),), root=root, baseline=prints)
    assert {f.rule_id: f.suppressed_by for f in findings} == {"ORG-001": "inline: inline reason", "ORG-002": "baseline"}


def test_suppressed_findings_stay_in_the_report(tmp_path: Path) -> None:
    policy = policy_from(tmp_path, RULES + "ignore:\n  - {id: ORG-001, reason: ok}\n")
    found = apply_suppressions(run(policy, models=(qwen_at("a.py", 1),)), policy, root=tmp_path, today=TODAY)
    assert ids(found) == [("ORG-001", "Qwen/Qwen2.5-7B"), ("ORG-002", "Qwen/Qwen2.5-7B")]
    assert ids(found, active=True) == [("ORG-002", "Qwen/Qwen2.5-7B")]


def test_only_files_with_findings_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import scanner.policy.suppress as suppress

    opened: list[str] = []

    class Counting(SourceLines):
        def _load(self, path: str) -> None:
            opened.append(path)
            super()._load(path)

    monkeypatch.setattr(suppress, "SourceLines", Counting)
    root = project(tmp_path, {"a.py": "m = 'Qwen/Qwen2.5-7B'\n", "b.py": "# aiscan: ignore\n", "c.py": "x\n"})
    refs = (ref("Qwen/Qwen2.5-7B", path="a.py", line=1), ref("Qwen/Qwen2.5-7B", path="a.py", line=1))
    run(policy_from(tmp_path, RULES), models=(model("Qwen/Qwen2.5-7B", origin=CN, refs=refs),), root=root)
    assert opened == ["a.py"]  # once, although two rules and two references point at it


def test_source_reader_never_blocks_on_a_fifo_or_follows_a_link(tmp_path: Path) -> None:
    import os

    root = project(tmp_path, {"real.py": "m = 'Qwen/Qwen2.5-7B'  # aiscan: ignore[ORG-001] ok\n"})
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "pipe.py")
        assert SourceLines(root).lines("pipe.py") == []
    (root / "link.py").symlink_to(root / "real.py")
    assert SourceLines(root).lines("link.py") == []
    assert SourceLines(root).lines("missing.py") == []
    assert SourceLines(root).lines("real.py") == ["m = 'Qwen/Qwen2.5-7B'  # aiscan: ignore[ORG-001] ok"]
